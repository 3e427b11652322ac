import * as fs from 'fs';
import * as path from 'path';
import { renderMesh } from '../../lib/synth/render-mesh';
import { meshApp, meshApps } from '../../lib/charts/mesh-app';
import { planMesh } from '../../lib/plan/planner';
import { renderApp } from '../../lib/render/render';
import { validateObject } from '../../lib/schema';
import { validateMeshSpec } from '../../lib/mesh-spec/parse';
import { docs, meshInput, ROOT, THREE_CLUSTERS } from '../helpers';
import { renderWith } from './helpers';

describe('renderMesh with spec.meshNetworks', () => {
  test('GIVEN explicit THEN the primary\'s IstioOperator carries values.global.meshNetworks and stays valid; the remote\'s does not', () => {
    const f = renderWith({ meshNetworks: 'explicit' });
    const [primary] = docs(f.get('cluster1/istioctl/control-plane.yaml')!);
    expect(primary.spec.values.global.meshNetworks.network2).toEqual({
      endpoints: [{ fromRegistry: 'cluster2' }],
      gateways: [{ registryServiceName: 'istio-eastwestgateway.istio-system.svc.cluster.local', port: 15443 }],
    });
    expect(primary.spec.values.global.meshNetworks.network1.gateways).toEqual([{ address: '34.75.71.237', port: 15443 }]);
    expect(validateObject(primary)).toEqual([]);
    const [remote] = docs(f.get('cluster2/istioctl/control-plane.yaml')!);
    expect(remote.spec.values.global.meshNetworks).toBeUndefined();
  });

  test('GIVEN labels THEN the istioctl files are byte-identical to the committed primary-remote example (after the header line)', () => {
    const f = renderWith({ meshNetworks: 'labels' });
    for (const file of ['cluster1/istioctl/control-plane.yaml', 'cluster2/istioctl/control-plane.yaml']) {
      // After the first line: the provenance header names the example's spec file, this render none.
      const body = (t: string) => t.slice(t.indexOf('\n') + 1);
      expect(body(f.get(file)!)).toBe(body(fs.readFileSync(path.join(ROOT, 'examples', 'primary-remote', 'expected', file), 'utf8')));
    }
  });
});

describe('renderMesh with MetalLB, explicit meshNetworks, verification and Kiali federation together', () => {
  const input = (reverse: boolean) => {
    const i = meshInput(THREE_CLUSTERS);
    Object.assign(i.spec, {
      meshNetworks: 'explicit',
      verify: { helloworld: { v1: ['cluster3', 'cluster1'], v2: ['cluster2'] } },
      kiali: { federation: { cluster3: '172.18.255.240', cluster2: '10.0.0.9' } },
    });
    i.spec.clusters[2].loadBalancer = { metallb: { addresses: ['172.18.255.230-172.18.255.250'] } };
    i.spec.clusters[0].loadBalancer = { metallb: { addresses: ['172.18.255.200-172.18.255.229'] } };
    if (reverse) i.spec.clusters.reverse();
    return i;
  };

  test('THEN the order of clusters in the spec changes no byte, and two syntheses are identical', () => {
    const a = renderMesh(validateMeshSpec(input(false))).files;
    const b = renderMesh(validateMeshSpec(input(true))).files;
    const c = renderMesh(validateMeshSpec(input(false))).files;
    expect([...b.entries()]).toEqual([...a.entries()]);
    expect([...c.entries()]).toEqual([...a.entries()]);
  });

  test('THEN every object of every file validates', () => {
    for (const [file, content] of renderMesh(validateMeshSpec(input(false))).files) {
      if (!file.endsWith('.yaml') || file.endsWith('kustomization.yaml')) continue;
      for (const o of docs(content)) expect({ file, name: o.metadata.name, errors: validateObject(o) }).toEqual({ file, name: o.metadata.name, errors: [] });
    }
  });
});

describe('meshApps (one App per bundle, built when reached)', () => {
  test('GIVEN a mesh THEN its apps render the same files as meshApp\'s, and renderMesh renders them so when nothing applies across bundles', () => {
    const plan = planMesh(validateMeshSpec(meshInput(THREE_CLUSTERS)));
    const oneByOne = renderApp(meshApps(plan));
    const allAtOnce = renderApp(meshApp(plan));
    expect([...oneByOne.files]).toEqual([...allAtOnce.files]);
    const { files } = renderMesh(validateMeshSpec(meshInput(THREE_CLUSTERS)));
    for (const [p, text] of allAtOnce.files) expect(files.get(p)).toBe(text);
  });
});
