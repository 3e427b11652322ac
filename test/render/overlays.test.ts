import { renderMesh } from '../../lib/synth/render-mesh';
import { validateMeshSpec } from '../../lib/mesh-spec/parse';
import { validateYamlText } from '../../lib/schema';
import { SpecError } from '../../lib/errors';
import { diffTrees } from '../../lib/review/diff';
import { opProblem, pointerTokens } from '../../lib/render/overlays';
import { docs, meshInput, SEED_CLUSTERS } from '../helpers';

function spec(overlays: any[], installer = 'sail', values?: any) {
  const input = meshInput(SEED_CLUSTERS);
  input.spec.istio = { installer, ...(values ? { values } : {}) };
  input.spec.overlays = overlays;
  return validateMeshSpec(input);
}

function renderIssues(overlays: any[], installer = 'sail'): string[] {
  try {
    renderMesh(spec(overlays, installer));
  } catch (e) {
    if (e instanceof SpecError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  return [];
}

const LABEL = { op: 'add', path: '/metadata/labels/team', value: 'mesh' };

describe('spec.overlays on the rendered objects', () => {
  test('GIVEN overlays THEN the objects are patched, still pass their schema, and README lists them per cluster', () => {
    const { files } = renderMesh(spec([
      { kind: 'Service', name: 'istio-eastwestgateway', patch: [LABEL, { op: 'add', path: '/metadata/annotations', value: { 'a.example.com/b': 'c' } }] },
      { cluster: 'cluster2', kind: 'Deployment', name: 'istio-eastwestgateway', patch: [{ op: 'replace', path: '/spec/strategy/rollingUpdate/maxUnavailable', value: 0 }] },
      { kind: 'Gateway', name: 'istiod-gateway', patch: [{ op: 'add', path: '/metadata/labels', value: { team: 'mesh' } }] },
    ]));
    for (const c of ['cluster1', 'cluster2']) {
      const svc = docs(files.get(`${c}/eastwest-gateway.yaml`)!).find((o) => o.kind === 'Service');
      expect(svc.metadata.labels.team).toBe('mesh');
      expect(svc.metadata.annotations).toEqual({ 'a.example.com/b': 'c' });
    }
    const dep = docs(files.get('cluster2/eastwest-gateway.yaml')!).find((o) => o.kind === 'Deployment');
    expect(dep.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
    for (const [f, text] of files) if (f.endsWith('.yaml') && !f.includes('kustomization')) expect(validateYamlText(text, f)).toEqual([]);
    const readme = files.get('README.md')!;
    expect(readme).toContain('| cluster1 | - | - | `[0] Service istio-eastwestgateway`, `[2] Gateway istiod-gateway` |');
    expect(readme).toContain('| cluster2 | - | - | `[0] Service istio-eastwestgateway`, `[1] Deployment istio-eastwestgateway` |');
  });

  test('fails once for an overlay that matches nothing, listing the objects of that kind', () => {
    expect(renderIssues([{ kind: 'Service', name: 'istio-eastwestgw', patch: [LABEL] }])).toEqual([
      "spec.overlays[0]: no Service istio-eastwestgw in any cluster's bundle; Service objects there: istio-eastwestgateway",
    ]);
    expect(renderIssues([{ cluster: 'cluster2', kind: 'Gateway', name: 'istiod-gateway', patch: [LABEL] }])).toEqual([
      "spec.overlays[0]: no Gateway istiod-gateway in cluster cluster2's bundle; Gateway objects there: cross-network-gateway",
    ]);
  });

  test('fails once for an op that does not apply, naming the op, the target, the cluster and the others', () => {
    expect(renderIssues([{ kind: 'Service', name: 'istio-eastwestgateway', patch: [LABEL, { op: 'replace', path: '/spec/loadBalancerIP', value: '1.2.3.4' }] }])).toEqual([
      'spec.overlays[0].patch[1]: replace /spec/loadBalancerIP on Service istio-eastwestgateway in cluster cluster1: /spec/loadBalancerIP does not exist (no "loadBalancerIP" there) (and in cluster cluster2)',
    ]);
    expect(renderIssues([{ kind: 'Namespace', name: 'istio-system', patch: [{ op: 'test', path: '/metadata/name', value: 'x' }] }])[0])
      .toMatch(/^spec\.overlays\[0\]\.patch\[0\]: test \/metadata\/name on Namespace istio-system in cluster cluster1: test failed: \/metadata\/name is "istio-system", not "x"/);
  });

  test.each([
    ['removing port 15443 of the gateway Service', 'sail', { kind: 'Service', name: 'istio-eastwestgateway', patch: [{ op: 'remove', path: '/spec/ports/1' }] }, 'the ports'],
    ['changing ISTIO_META_REQUESTED_NETWORK_VIEW', 'sail', { kind: 'Deployment', name: 'istio-eastwestgateway', patch: [{ op: 'replace', path: '/spec/template/spec/containers/0/env/0/value', value: 'other' }] }, 'ISTIO_META_REQUESTED_NETWORK_VIEW'],
    ['removing the network label', 'sail', { kind: 'Namespace', name: 'istio-system', patch: [{ op: 'remove', path: '/metadata/labels/topology.istio.io~1network' }] }, 'topology.istio.io/network label'],
    ['making the Service ClusterIP', 'sail', { kind: 'Service', name: 'istio-eastwestgateway', patch: [{ op: 'replace', path: '/spec/type', value: 'ClusterIP' }] }, 'Service type'],
    ['changing the network value of Istio', 'sail', { kind: 'Istio', name: 'default', patch: [{ op: 'replace', path: '/spec/values/global/network', value: 'x' }] }, 'values.global.network'],
    ['removing 15443 from the istioctl gateway', 'istioctl', { kind: 'IstioOperator', name: 'eastwest', patch: [{ op: 'remove', path: '/spec/components/ingressGateways/0/k8s/service/ports/1' }] }, 'gateway Service ports'],
    ['the cross-network Gateway', 'istioctl', { kind: 'Gateway', name: 'cross-network-gateway', patch: [{ op: 'replace', path: '/spec/servers/0/port/number', value: 443 }] }, 'spec (selector and servers)'],
  ])('fails on %s: the mesh needs it across networks', (_what, installer, overlay, fact) => {
    const found = renderIssues([overlay], installer);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^spec\.overlays\[0\]: changes /);
    expect(found[0]).toContain(fact);
    expect(found[0]).toContain('which the mesh needs across networks');
  });

  test('fails when the patched object no longer matches its schema', () => {
    expect(renderIssues([{ kind: 'Service', name: 'istio-eastwestgateway', patch: [{ op: 'add', path: '/spec/sessionAffinity', value: 5 }] }])[0])
      .toMatch(/^spec\.overlays\[0\]: leaves Service istio-eastwestgateway in cluster cluster1 invalid against its schema: spec\.sessionAffinity: .*\(and in cluster cluster2\)$/);
  });

  test('JSON pointers unescape ~1 and ~0; add needs the parent', () => {
    expect(pointerTokens('/metadata/labels/a~1b~0c')).toEqual(['metadata', 'labels', 'a/b~c']);
    expect(opProblem({ a: {} }, { op: 'add', path: '/a/b', value: 1 })).toBeUndefined();
    expect(opProblem({ a: [1] }, { op: 'add', path: '/a/-', value: 1 })).toBeUndefined();
    expect(opProblem({ a: {} }, { op: 'add', path: '/x/b', value: 1 })).toMatch(/the parent of \/x\/b is missing/);
    expect(opProblem({ a: [1] }, { op: 'remove', path: '/a/1' })).toMatch(/does not exist/);
  });
});

describe('meshgen diff of a values change', () => {
  test('GIVEN istioctl THEN the IstioOperator of the file that carries it changes, field by field', () => {
    const before = renderMesh(spec([], 'istioctl', { pilot: { autoscaleMin: 1 } })).files;
    const after = renderMesh(spec([], 'istioctl', { pilot: { autoscaleMin: 2 } })).files;
    const d = diffTrees(before, after);
    const c1 = d.groups.find((g) => g.group === 'cluster1')!;
    expect(c1.objects).toEqual([{ change: 'changed', kind: 'IstioOperator', namespace: '', name: 'control-plane', file: 'istioctl/control-plane.yaml', fields: [{ path: 'spec.values.pilot.autoscaleMin', before: 1, after: 2 }] }]);
  });

  test('GIVEN helm THEN the values file that carries it shows as changed', () => {
    const before = renderMesh(spec([], 'helm', { pilot: { autoscaleMin: 1 } })).files;
    const after = renderMesh(spec([], 'helm', { pilot: { autoscaleMin: 2 } })).files;
    const d = diffTrees(before, after);
    expect(d.groups.find((g) => g.group === 'cluster1')!.files).toEqual([{ change: 'changed', file: 'helm/istiod.values.yaml' }]);
    expect(d.groups.find((g) => g.group === 'cluster2')!.files).toEqual([{ change: 'changed', file: 'helm/istiod.values.yaml' }]);
  });
});
