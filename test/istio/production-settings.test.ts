import * as fs from 'fs';
import * as path from 'path';
import { renderMesh } from '../../lib/synth/render-mesh';
import { validateMeshSpec } from '../../lib/mesh-spec/parse';
import { validateObject } from '../../lib/schema';
import { docs, meshInput, ROOT, SEED_CLUSTERS, upstream } from '../helpers';

/** The json tags of a Go struct in the vendored operator/pkg/apis/types.go. */
function goJsonFields(struct: string): string[] {
  const src = fs.readFileSync(path.join(ROOT, 'test/fixtures/upstream/istio/operator-apis-types.go'), 'utf8');
  const body = src.slice(src.indexOf(`type ${struct} struct {`));
  return [...body.slice(0, body.indexOf('\n}')).matchAll(/json:"([A-Za-z0-9]+)[,"]/g)].map((m) => m[1]);
}

const GATEWAY = {
  address: '34.75.71.237',
  service: {
    type: 'LoadBalancer',
    annotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal' },
    labels: { 'app.kubernetes.io/part-of': 'mesh' },
    loadBalancerSourceRanges: ['10.0.0.0/8'],
    externalTrafficPolicy: 'Local',
  },
  replicas: 3,
  resources: { requests: { cpu: '500m' } },
  nodeSelector: { pool: 'gateways' },
  tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }],
};

function render(istio: any, clusters: (c: any[]) => void = () => {}) {
  const input = meshInput(SEED_CLUSTERS);
  input.spec.istio = istio;
  input.spec.clusters[0].eastWestGateway = GATEWAY;
  clusters(input.spec.clusters);
  return renderMesh(validateMeshSpec(input)).files;
}

describe('istioctl: spec.istio.values, cni, platform and the east-west gateway settings', () => {
  const values = {
    pilot: { resources: { requests: { cpu: '1' } }, env: { PILOT_ENABLE_X: 'true' } },
    meshConfig: { accessLogFile: '/dev/stdout', defaultConfig: { holdApplicationUntilProxyStarts: true } },
    global: { logAsJson: true },
  };

  test('GIVEN values THEN the control plane IOP has them under spec.values, meshConfig under spec.meshConfig, and meshgen\'s own values win', () => {
    const files = render({ values }, (cl) => { cl[0].istio = { values: { pilot: { resources: { requests: { memory: '2Gi' } } } } }; });
    const [primary] = docs(files.get('cluster1/istioctl/control-plane.yaml')!);
    expect(primary.spec.values.pilot).toEqual({ env: { PILOT_ENABLE_X: 'true', EXTERNAL_ISTIOD: true }, resources: { requests: { cpu: '1', memory: '2Gi' } } });
    expect(primary.spec.values.global).toEqual({ logAsJson: true, meshID: 'mesh1', multiCluster: { clusterName: 'cluster1' }, network: 'network1' });
    expect(primary.spec.values.meshConfig).toBeUndefined();
    expect(primary.spec.meshConfig).toEqual(values.meshConfig);
    const [remote] = docs(files.get('cluster2/istioctl/control-plane.yaml')!);
    expect(remote.spec.profile).toBe('remote');
    expect(remote.spec.values.istiodRemote).toEqual({ injectionPath: '/inject/cluster/cluster2/net/network2' });
    expect(remote.spec.values.pilot.resources).toEqual({ requests: { cpu: '1' } });
    expect(Object.keys(primary.spec)).toEqual(expect.arrayContaining(['values', 'meshConfig']));
    for (const k of Object.keys(primary.spec)) expect(['profile', 'namespace', 'components', 'values', 'meshConfig']).toContain(k);
  });

  test('GIVEN platform openshift THEN components.cni and global.platform match Istio\'s openshift profile', () => {
    const files = render({ platform: 'openshift' });
    const [profile] = upstream('istio/profile-openshift.yaml');
    for (const c of ['cluster1', 'cluster2']) {
      const [iop] = docs(files.get(`${c}/istioctl/control-plane.yaml`)!);
      expect(iop.spec.components.cni).toEqual(profile.spec.components.cni);
      expect(iop.spec.values.global.platform).toBe(profile.spec.values.global.platform);
      expect(iop.spec.values.pilot.cni).toEqual({ enabled: true });
    }
  });

  test('GIVEN cni on gke THEN the CNI runs in the control plane namespace and global.platform is gke; eks writes no platform', () => {
    const [gke] = docs(render({ platform: 'gke', cni: true, values: { cni: { cniBinDir: '/home/kubernetes/bin' } } }).get('cluster1/istioctl/control-plane.yaml')!);
    expect(gke.spec.components.cni).toEqual({ enabled: true });
    expect(gke.spec.values.global.platform).toBe('gke');
    expect(gke.spec.values.cni).toEqual({ cniBinDir: '/home/kubernetes/bin' });
    const [eks] = docs(render({ platform: 'eks' }).get('cluster1/istioctl/control-plane.yaml')!);
    expect(eks.spec.values.global.platform).toBeUndefined();
    expect(eks.spec.components).toBeUndefined();
  });

  test('GIVEN east-west gateway settings THEN each reaches its IstioOperator KubernetesResources field', () => {
    const [iop] = docs(render({}).get('cluster1/istioctl/eastwest-gateway.yaml')!);
    const gw = iop.spec.components.ingressGateways[0];
    expect(gw.k8s.serviceAnnotations).toEqual(GATEWAY.service.annotations);
    expect(gw.k8s.service).toMatchObject({ type: 'LoadBalancer', loadBalancerSourceRanges: ['10.0.0.0/8'], externalTrafficPolicy: 'Local' });
    expect(gw.k8s.service.ports.map((p: any) => p.port)).toEqual([15021, 15443, 15012, 15017]);
    expect(gw.k8s.replicaCount).toBe(3);
    expect(gw.k8s.hpaSpec).toEqual({ minReplicas: 3, maxReplicas: 5 });
    expect(gw.k8s.resources).toEqual(GATEWAY.resources);
    expect(gw.k8s.nodeSelector).toEqual(GATEWAY.nodeSelector);
    expect(gw.k8s.tolerations).toEqual(GATEWAY.tolerations);
    // Service labels through an istioctl overlay (dots escaped), not `label`, which is also the selector
    expect(gw.k8s.overlays).toEqual([{ kind: 'Service', name: 'istio-eastwestgateway', patches: [{ path: 'metadata.labels.app\\.kubernetes\\.io/part-of', value: 'mesh' }] }]);
    expect(gw.label).toEqual({ app: 'istio-eastwestgateway', istio: 'eastwestgateway', 'topology.istio.io/network': 'network1' });
    // every field name is one of IstioOperator's KubernetesResources / KubernetesOverlay
    for (const k of Object.keys(gw.k8s)) expect(goJsonFields('KubernetesResources')).toContain(k);
    for (const k of Object.keys(gw.k8s.overlays[0])) expect(goJsonFields('KubernetesOverlay')).toContain(k);
    for (const k of Object.keys(gw)) expect([...goJsonFields('ComponentSpec'), ...goJsonFields('GatewayComponentSpec')]).toContain(k);
    expect(validateObject(iop)).toEqual([]);
  });

  test('GIVEN the control plane IOP THEN its spec fields are IstioOperatorSpec\'s and its component names IstioComponentSpec\'s', () => {
    const [iop] = docs(render({ platform: 'openshift', values })!.get('cluster1/istioctl/control-plane.yaml')!);
    for (const k of Object.keys(iop.spec)) expect(goJsonFields('IstioOperatorSpec')).toContain(k);
    for (const k of Object.keys(iop.spec.components)) expect(goJsonFields('IstioComponentSpec')).toContain(k);
  });
});
