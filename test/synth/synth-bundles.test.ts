import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { BundleChart } from '../../lib/charts/bundle-chart';
import { EastWestGateway } from '../../lib/istio/east-west-gateway';
import { ExposeServices } from '../../lib/istio/expose-services';
import { IstioNamespace } from '../../lib/k8s/istio-namespace';
import { renderApp } from '../../lib/render/render';
import { synthBundles } from '../../lib/synth/synth-bundles';
import { docs, listFiles, tempDir } from '../helpers';

/** A cdk8s app as a library user writes it: a bundle for cluster3 and a chart of their own. */
function userApp(network = 'network2'): App {
  const app = new App({ outdir: tempDir('meshgen-cdk8s-out-') });
  const cluster3 = new BundleChart(app, 'cluster3', 'cluster3');
  cluster3.addFile('namespace.yaml', 'kustomize', new IstioNamespace(cluster3, 'Namespace', { network }));
  cluster3.addFile('expose-services.yaml', 'kustomize', new ExposeServices(cluster3, 'ExposeServices'));
  cluster3.addFile('istioctl/eastwest-gateway.yaml', 'istioctl', new EastWestGateway(cluster3, 'Gateway', { network }));
  const own = new Chart(app, 'team');
  new ApiObject(own, 'settings', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'team-settings' }, data: { owner: 'platform' } });
  return app;
}

describe('GIVEN a cdk8s app with a BundleChart per cluster (the library route to the CLI layout)', () => {
  test('WHEN synthBundles writes it THEN dist/<cluster>/ holds the files and kustomization.yaml, as meshgen synth lays them out', () => {
    const cwd = tempDir('meshgen-bundles-');
    const result = synthBundles(userApp(), { cwd, outDir: 'dist' });
    expect(listFiles(path.join(cwd, 'dist')).sort()).toEqual([
      '.meshgen-output', 'cluster3/expose-services.yaml', 'cluster3/istioctl/eastwest-gateway.yaml', 'cluster3/kustomization.yaml', 'cluster3/namespace.yaml',
    ]);
    expect([...result.files.keys()]).toEqual(['cluster3/expose-services.yaml', 'cluster3/istioctl/eastwest-gateway.yaml', 'cluster3/kustomization.yaml', 'cluster3/namespace.yaml']);
    const kustomization = docs(fs.readFileSync(path.join(cwd, 'dist/cluster3/kustomization.yaml'), 'utf8'))[0];
    expect(kustomization.resources).toEqual(['namespace.yaml', 'expose-services.yaml']);
    const [ns] = docs(fs.readFileSync(path.join(cwd, 'dist/cluster3/namespace.yaml'), 'utf8'));
    expect(ns.metadata.labels['topology.istio.io/network']).toBe('network2');
    const [gateway] = docs(fs.readFileSync(path.join(cwd, 'dist/cluster3/expose-services.yaml'), 'utf8'));
    expect(gateway.metadata.name).toBe('cross-network-gateway');
    // the user's own chart is left to app.synth()
    expect(fs.readFileSync(path.join(cwd, 'dist/.meshgen-output'), 'utf8')).not.toMatch(/team/);
  });

  test('WHEN it is written again THEN the same bytes, and a file of the user\'s in dist/ is left alone', () => {
    const cwd = tempDir('meshgen-bundles-');
    synthBundles(userApp(), { cwd });
    const first = fs.readFileSync(path.join(cwd, 'dist/cluster3/istioctl/eastwest-gateway.yaml'), 'utf8');
    fs.writeFileSync(path.join(cwd, 'dist/NOTES.md'), 'mine\n');
    synthBundles(userApp(), { cwd });
    expect(fs.readFileSync(path.join(cwd, 'dist/cluster3/istioctl/eastwest-gateway.yaml'), 'utf8')).toBe(first);
    expect(fs.readFileSync(path.join(cwd, 'dist/NOTES.md'), 'utf8')).toBe('mine\n');
  });

  test('fails when a construct\'s props are invalid (network "Not A Valid Label!!"): synth runs the validations, nothing is written', () => {
    const cwd = tempDir('meshgen-bundles-');
    expect(() => synthBundles(userApp('Not A Valid Label!!'), { cwd })).toThrow(
      /\[cluster3\/Gateway\] network: "Not A Valid Label!!" is not a valid network name; use letters, digits/);
    expect(fs.existsSync(path.join(cwd, 'dist'))).toBe(false);
  });

  test('fails the same way through renderApp (Chart.toJson) and through cdk8s\' own App.synth()', () => {
    expect(() => renderApp(userApp('Not A Valid Label!!'))).toThrow(/\[cluster3\/Namespace\] network: "Not A Valid Label!!"/);
    expect(() => userApp('Not A Valid Label!!').synth()).toThrow(/\[cluster3\/Gateway\] network: "Not A Valid Label!!"/);
  });

  test('fails, writing nothing, for an app without a BundleChart (its charts are app.synth()\'s)', () => {
    const cwd = tempDir('meshgen-bundles-');
    const app = new App({ outdir: tempDir('meshgen-cdk8s-out-') });
    new ExposeServices(new Chart(app, 'plain'), 'ExposeServices');
    expect(() => synthBundles(app, { cwd })).toThrow(/^synthBundles: the app has no BundleChart, so there is no bundle to write; make one per cluster with new BundleChart/);
    expect(fs.existsSync(path.join(cwd, 'dist'))).toBe(false);
  });
});
