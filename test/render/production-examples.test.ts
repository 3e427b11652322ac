import * as path from 'path';
import { validateDir } from '../../lib/schema';
import { docs, ROOT } from '../helpers';
import * as fs from 'fs';

/** The production-shaped examples of issue #12: their committed output passes `meshgen validate --dist`. */
describe.each(['eks-production', 'openshift-sail'])('examples/%s', (name) => {
  const expected = path.join(ROOT, 'examples', name, 'expected');

  test('every object of the expected output validates against its schema (CRDs and Kubernetes 1.27)', () => {
    expect(validateDir(expected)).toEqual([]);
  });

  test('the README lists the settings from the spec per cluster', () => {
    const readme = fs.readFileSync(path.join(expected, 'README.md'), 'utf8');
    expect(readme).toContain('## Settings from the spec');
    expect(readme).toMatch(/\| cluster \| values \| east-west gateway \| overlays \|/);
  });
});

describe('examples/eks-production', () => {
  const file = (f: string) => docs(fs.readFileSync(path.join(ROOT, 'examples/eks-production/expected', f), 'utf8'));

  test('the overlays reached their objects: the Pod Security label on every namespace, the priority class on east-1\'s gateway only', () => {
    for (const c of ['east-1', 'west-1', 'west-2']) {
      expect(file(`${c}/namespace.yaml`)[0].metadata.labels).toEqual({ 'topology.istio.io/network': c === 'east-1' ? 'vpc-east' : 'vpc-west', 'pod-security.kubernetes.io/enforce': 'privileged' });
    }
    expect(file('east-1/istioctl/eastwest-gateway.yaml')[0].spec.components.ingressGateways[0].k8s.priorityClassName).toBe('system-cluster-critical');
    expect(file('west-1/istioctl/eastwest-gateway.yaml')[0].spec.components.ingressGateways[0].k8s.priorityClassName).toBeUndefined();
  });

  test('west-1\'s own istiod cpu request wins over the mesh\'s; the access log reaches every primary\'s meshConfig', () => {
    expect(file('west-1/istioctl/control-plane.yaml')[0].spec.values.pilot.resources).toEqual({ requests: { cpu: '2', memory: '2Gi' }, limits: { memory: '4Gi' } });
    expect(file('east-1/istioctl/control-plane.yaml')[0].spec.values.pilot.resources.requests.cpu).toBe('1');
    for (const c of ['east-1', 'west-1']) expect(file(`${c}/istioctl/control-plane.yaml`)[0].spec.meshConfig.accessLogFile).toBe('/dev/stdout');
  });
});

describe('determinism with production settings', () => {
  test('GIVEN the eks-production spec with its clusters and map keys in another order THEN the same bytes', () => {
    const { parseMeshSpecYaml } = require('../../lib/mesh-spec/parse') as typeof import('../../lib/mesh-spec/parse');
    const { renderMesh } = require('../../lib/synth/render-mesh') as typeof import('../../lib/synth/render-mesh');
    const YAML = require('yaml') as typeof import('yaml');
    const text = fs.readFileSync(path.join(ROOT, 'examples/eks-production/mesh.yaml'), 'utf8');
    const input = YAML.parse(text);
    input.spec.clusters.reverse();
    const reverseKeys = (v: any): any => (Array.isArray(v) ? v.map(reverseKeys) : v && typeof v === 'object'
      ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverseKeys(x)])) : v);
    input.spec.istio.values = reverseKeys(input.spec.istio.values);
    for (const c of input.spec.clusters) if (c.eastWestGateway) c.eastWestGateway = reverseKeys(c.eastWestGateway);
    const a = renderMesh(parseMeshSpecYaml(text)).files;
    const b = renderMesh(parseMeshSpecYaml(YAML.stringify(input))).files;
    expect([...b.entries()]).toEqual([...a.entries()]);
  });
});

describe('every emitted object validates with every production setting', () => {
  test.each(['istioctl', 'sail', 'helm'])('%s: values, CNI on OpenShift, gateway settings and an overlay', (installer) => {
    const { validateMeshSpec } = require('../../lib/mesh-spec/parse') as typeof import('../../lib/mesh-spec/parse');
    const { renderMesh } = require('../../lib/synth/render-mesh') as typeof import('../../lib/synth/render-mesh');
    const { validateObject } = require('../../lib/schema') as typeof import('../../lib/schema');
    const { meshInput, THREE_CLUSTERS } = require('../helpers') as typeof import('../helpers');
    const input = meshInput(THREE_CLUSTERS);
    input.spec.istio = { installer, platform: 'openshift', values: { pilot: { autoscaleMin: 2 }, meshConfig: { accessLogFile: '/dev/stdout' }, cni: { logging: { level: 'debug' } } } };
    input.spec.argocd = installer === 'helm' ? { repoURL: 'https://github.com/example/mesh.git' } : undefined;
    if (!input.spec.argocd) delete input.spec.argocd;
    input.spec.clusters[0].eastWestGateway = {
      address: '34.75.71.237',
      service: { annotations: { a: 'b' }, labels: { team: 'mesh' }, loadBalancerSourceRanges: ['10.0.0.0/8'], externalTrafficPolicy: 'Local' },
      replicas: 2, resources: { requests: { cpu: '1' } }, nodeSelector: { pool: 'gw' }, tolerations: [{ key: 'k', operator: 'Exists' }],
    };
    input.spec.overlays = [{ kind: 'Namespace', name: 'istio-system', patch: [{ op: 'add', path: '/metadata/labels/team', value: 'mesh' }] }];
    const { files } = renderMesh(validateMeshSpec(input));
    let objects = 0;
    for (const [file, text] of files) {
      if (!file.endsWith('.yaml') || file.endsWith('kustomization.yaml') || file.includes('/helm/')) continue;
      for (const o of docs(text)) {
        objects++;
        expect({ file, kind: o.kind, errors: validateObject(o) }).toEqual({ file, kind: o.kind, errors: [] });
      }
    }
    expect(objects).toBeGreaterThan(10);
  });
});
