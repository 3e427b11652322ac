import { ApiObject, App } from 'cdk8s';
import { Construct } from 'constructs';
import { BundleChart } from '../../lib/charts/bundle-chart';
import { GENERATED_HEADER, renderApp } from '../../lib/render/render';

/** A construct holding one ConfigMap, with a validation that fails when `invalid`. */
class Part extends Construct {
  constructor(scope: Construct, id: string, name: string, invalid = false) {
    super(scope, id);
    new ApiObject(this, 'Resource', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns1' } });
    if (invalid) this.node.addValidation({ validate: () => [`${name} is invalid`] });
  }
}

describe('renderApp', () => {
  test('GIVEN a bundle chart THEN each file holds its construct\'s objects and the kustomization lists them, namespace first', () => {
    const app = new App();
    const chart = new BundleChart(app, 'c1', 'cluster1');
    chart.addFile('b.yaml', 'kustomize', new Part(chart, 'B', 'b'));
    chart.addFile('namespace.yaml', 'kustomize', new Part(chart, 'Ns', 'ns'));
    chart.addFile('verify/x.yaml', 'verify', new Part(chart, 'X', 'x'));
    chart.addDataFile('helm/v.values.yaml', { a: 1 });
    const { files, secrets } = renderApp(app, { secretObjects: () => [{ kind: 'Secret' }] });
    expect([...files.keys()]).toEqual([
      'cluster1/b.yaml', 'cluster1/helm/v.values.yaml', 'cluster1/kustomization.yaml', 'cluster1/namespace.yaml',
      'cluster1/verify/kustomization.yaml', 'cluster1/verify/x.yaml',
    ]);
    expect(files.get('cluster1/b.yaml')).toBe(`${GENERATED_HEADER}apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  namespace: ns1\n`);
    expect(files.get('cluster1/kustomization.yaml')).toContain('resources:\n  - namespace.yaml\n  - b.yaml\n');
    expect(files.get('cluster1/verify/kustomization.yaml')).toContain('resources:\n  - x.yaml\n');
    expect([...secrets.keys()]).toEqual(['cluster1/cacerts.yaml']);
  });

  test('GIVEN includeSecrets THEN cacerts.yaml is in the bundle right after the namespace', () => {
    const app = new App();
    const chart = new BundleChart(app, 'c1', 'cluster1');
    chart.addFile('b.yaml', 'kustomize', new Part(chart, 'B', 'b'));
    chart.addFile('namespace.yaml', 'kustomize', new Part(chart, 'Ns', 'ns'));
    const { files, secrets } = renderApp(app, { secretObjects: () => [{ kind: 'Secret' }], includeSecrets: true });
    expect(secrets.size).toBe(0);
    expect(files.get('cluster1/kustomization.yaml')).toContain('resources:\n  - namespace.yaml\n  - cacerts.yaml\n  - b.yaml\n');
  });

  test('fails when a construct\'s node.addValidation reports an error (Chart.toJson runs validations)', () => {
    const app = new App();
    const chart = new BundleChart(app, 'c1', 'cluster1');
    chart.addFile('a.yaml', 'kustomize', new Part(chart, 'A', 'a', true));
    expect(() => renderApp(app)).toThrow(/a is invalid/);
  });

  test('fails when an object is in two files of one bundle', () => {
    const app = new App();
    const chart = new BundleChart(app, 'c1', 'cluster1');
    chart.addFile('a.yaml', 'kustomize', new Part(chart, 'A', 'same'));
    chart.addFile('b.yaml', 'kustomize', new Part(chart, 'B', 'same'));
    expect(() => renderApp(app)).toThrow(/bundle cluster1: v1\/ConfigMap\/ns1\/same is defined twice/);
  });

  test('fails when an object of the chart is in no file (BundleChart\'s own validation)', () => {
    const app = new App();
    const chart = new BundleChart(app, 'c1', 'cluster1');
    chart.addFile('a.yaml', 'kustomize', new Part(chart, 'A', 'a'));
    new Part(chart, 'Stray', 'stray');
    expect(() => renderApp(app)).toThrow(/Validation failed with the following errors:\n {2}\[c1\] bundle cluster1: ConfigMap ns1\/stray is in no file; add its construct with addFile$/);
  });

  test('GIVEN apps from a generator THEN each is rendered before the next is built (one bundle\'s constructs at a time)', () => {
    const rendered: string[] = [];
    const renderedWhenBuilt: number[] = [];
    function* apps(): Generator<App> {
      for (const target of ['cluster1', 'cluster2', 'cluster3']) {
        renderedWhenBuilt.push(rendered.length);
        const app = new App();
        const chart = new BundleChart(app, 'c', target);
        chart.addFile('a.yaml', 'kustomize', new Part(chart, 'A', `a-${target}`));
        chart.node.addValidation({ validate: () => { rendered.push(target); return []; } }); // runs in Chart.toJson()
        yield app;
      }
    }
    const { files } = renderApp(apps());
    expect(renderedWhenBuilt).toEqual([0, 1, 2]);
    expect(rendered).toEqual(['cluster1', 'cluster2', 'cluster3']);
    expect([...files.keys()]).toEqual([
      'cluster1/a.yaml', 'cluster1/kustomization.yaml', 'cluster2/a.yaml', 'cluster2/kustomization.yaml', 'cluster3/a.yaml', 'cluster3/kustomization.yaml',
    ]);
  });
});
