import { renderMesh } from '../../lib/synth/render-mesh';
import { validateMeshSpec } from '../../lib/mesh-spec/parse';
import { validateObject } from '../../lib/schema';
import { planMesh } from '../../lib/plan/planner';
import { planSteps } from '../../lib/plan/steps/steps';
import { SpecError } from '../../lib/errors';
import { docs, meshInput, SEED_CLUSTERS, upstream } from '../helpers';

const GATEWAY = {
  address: '34.75.71.237',
  service: {
    type: 'NodePort',
    annotations: { 'example.com/a': 'b' },
    labels: { team: 'mesh' },
    externalTrafficPolicy: 'Local',
  },
  replicas: 7,
  resources: { requests: { cpu: '1' } },
  nodeSelector: { pool: 'gateways' },
  tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }],
};

function spec(istio: any, cluster1: any = {}) {
  const input = meshInput(SEED_CLUSTERS);
  input.spec.istio = { installer: 'sail', ...istio };
  input.spec.clusters[0].eastWestGateway = GATEWAY;
  Object.assign(input.spec.clusters[0], cluster1);
  return validateMeshSpec(input);
}

describe('sail: spec.istio.values, cni, platform and the east-west gateway settings', () => {
  test('GIVEN values THEN the Istio resource has them under spec.values, valid against the Sail CRD', () => {
    const s = spec({ values: { pilot: { resources: { requests: { cpu: '1' } } }, meshConfig: { accessLogFile: '/dev/stdout' }, global: { proxy_init: { image: 'proxyv2' } } } });
    const files = renderMesh(s).files;
    for (const c of ['cluster1', 'cluster2']) {
      const [istio] = docs(files.get(`${c}/istio.yaml`)!);
      expect(istio.spec.values.meshConfig).toEqual({ accessLogFile: '/dev/stdout' });
      expect(istio.spec.values.pilot.resources).toEqual({ requests: { cpu: '1' } });
      expect(istio.spec.values.global.proxy_init).toEqual({ image: 'proxyv2' });
      expect(validateObject(istio)).toEqual([]);
    }
  });

  test('fails on a value the Sail Istio CRD does not define, at the spec path that set it', () => {
    const s = spec({}, { istio: { values: { pilot: { pdb: { minAvailable: 2 } } } } });
    expect(() => renderMesh(s)).toThrow(SpecError);
    try {
      renderMesh(s);
    } catch (e) {
      expect((e as SpecError).issues).toEqual([{ path: expect.stringMatching(/^spec\.clusters\[0\]\.istio\.values\.pilot/), message: expect.stringContaining("Sail operator's Istio CRD") }]);
    }
  });

  test('GIVEN platform openshift THEN an IstioCNI resource like Sail\'s sample, its namespace, and pilot.cni in Istio; the plan applies it first', () => {
    const s = spec({ platform: 'openshift', values: { cni: { logging: { level: 'debug' } } } });
    const files = renderMesh(s).files;
    const [ns, cni] = docs(files.get('cluster1/istio-cni.yaml')!);
    const [sample] = upstream('sail/istiocni-sample.yaml');
    expect(ns).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-cni' } });
    expect(cni).toEqual({ ...sample, spec: { ...sample.spec, values: { cni: { logging: { level: 'debug' } }, global: { platform: 'openshift' } } } });
    expect(validateObject(cni)).toEqual([]);
    expect(docs(files.get('cluster1/kustomization.yaml')!)[0].resources).toContain('istio-cni.yaml');
    const [istio] = docs(files.get('cluster1/istio.yaml')!);
    expect(istio.spec.values.pilot.cni).toEqual({ enabled: true });
    expect(istio.spec.values.global.platform).toBe('openshift');
    expect(validateObject(istio)).toEqual([]);
    const titles = planSteps(planMesh(s)).filter((st) => st.cluster === 'cluster1').map((st) => st.title);
    const cniStep = titles.findIndex((t) => t.includes('IstioCNI'));
    expect(cniStep).toBeGreaterThan(-1);
    expect(cniStep).toBeLessThan(titles.findIndex((t) => t.includes('Sail Istio resource')));
  });

  test('GIVEN east-west gateway settings THEN the plain Service, Deployment and HPA carry them and stay valid', () => {
    const objects = docs(renderMesh(spec({})).files.get('cluster1/eastwest-gateway.yaml')!);
    const svc = objects.find((o) => o.kind === 'Service');
    expect(svc.metadata.annotations).toEqual(GATEWAY.service.annotations);
    expect(svc.metadata.labels).toMatchObject({ team: 'mesh', 'topology.istio.io/network': 'network1' });
    expect(svc.spec).toMatchObject({ type: 'NodePort', externalTrafficPolicy: 'Local' });
    expect(svc.spec.selector).toEqual({ app: 'istio-eastwestgateway', istio: 'eastwestgateway', 'topology.istio.io/network': 'network1' });
    const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler');
    expect(hpa.spec).toMatchObject({ minReplicas: 7, maxReplicas: 7 });
    const pod = objects.find((o) => o.kind === 'Deployment').spec.template.spec;
    expect(pod.containers[0].resources).toEqual({ requests: { cpu: '1' } });
    expect(pod.nodeSelector).toEqual(GATEWAY.nodeSelector);
    expect(pod.tolerations).toEqual(GATEWAY.tolerations);
    for (const o of objects) expect(validateObject(o)).toEqual([]);
  });
});
