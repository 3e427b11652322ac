import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import Ajv2020 from 'ajv/dist/2020';
import { renderMesh } from '../../lib/synth/render-mesh';
import { validateMeshSpec } from '../../lib/mesh-spec/parse';
import { planMesh } from '../../lib/plan/planner';
import { planSteps } from '../../lib/plan/steps/steps';
import { docs, meshInput, ROOT, SEED_CLUSTERS } from '../helpers';

const GATEWAY = {
  address: '34.75.71.237',
  service: {
    type: 'LoadBalancer',
    annotations: { 'networking.gke.io/load-balancer-type': 'Internal' },
    labels: { team: 'mesh' },
    loadBalancerSourceRanges: ['10.0.0.0/8'],
    externalTrafficPolicy: 'Local',
  },
  replicas: 2,
  resources: { limits: { memory: '1Gi' } },
  nodeSelector: { pool: 'gateways' },
  tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }],
};

function spec(istio: any) {
  const input = meshInput(SEED_CLUSTERS);
  input.spec.istio = { installer: 'helm', ...istio };
  input.spec.clusters[0].eastWestGateway = GATEWAY;
  return validateMeshSpec(input);
}

function gatewaySchema() {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/upstream/istio/gateway-values.schema.json'), 'utf8'));
  delete schema.$schema;
  return new Ajv2020({ strict: false, allErrors: true }).compile(schema);
}

describe('helm: spec.istio.values, cni, platform and the east-west gateway settings', () => {
  test('GIVEN east-west gateway settings THEN the gateway chart values carry them and pass the chart\'s values.schema.json', () => {
    const files = renderMesh(spec({})).files;
    const [values] = docs(files.get('cluster1/helm/eastwest-gateway.values.yaml')!);
    expect(values.service).toEqual({
      annotations: GATEWAY.service.annotations,
      type: 'LoadBalancer',
      ports: expect.any(Array),
      loadBalancerSourceRanges: ['10.0.0.0/8'],
      externalTrafficPolicy: 'Local',
    });
    expect(values.labels).toEqual({ team: 'mesh', istio: 'eastwestgateway', 'topology.istio.io/network': 'network1' });
    expect(values.autoscaling).toEqual({ minReplicas: 2, maxReplicas: 5 });
    expect(values.resources).toEqual(GATEWAY.resources);
    expect(values.nodeSelector).toEqual(GATEWAY.nodeSelector);
    expect(values.tolerations).toEqual(GATEWAY.tolerations);
    expect(values.networkGateway).toBe('network1');
    const validate = gatewaySchema();
    expect(validate(values) ? [] : validate.errors).toEqual([]);
    // the plain cluster (no settings) too
    const [remote] = docs(files.get('cluster2/helm/eastwest-gateway.values.yaml')!);
    expect(validate(remote) ? [] : validate.errors).toEqual([]);
  });

  test('fails the gateway schema on a field the chart does not have (the check is real)', () => {
    const validate = gatewaySchema();
    expect(validate({ replicas: 2 })).toBe(false);
  });

  test('GIVEN values THEN istiod.values.yaml merges them under meshgen\'s, keys from the chart', () => {
    const s = spec({ values: { pilot: { autoscaleMin: 2, env: { A: 'b' } }, meshConfig: { accessLogFile: '/dev/stdout' } } });
    const [istiod] = docs(renderMesh(s).files.get('cluster1/helm/istiod.values.yaml')!);
    // the istiod chart reads istiod's settings at the top level (no `pilot` since 1.24)
    expect(istiod.pilot).toBeUndefined();
    expect(istiod.autoscaleMin).toBe(2);
    expect(istiod.env).toEqual({ A: 'b', EXTERNAL_ISTIOD: 'true' });
    const chart = YAML.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/upstream/istio/charts/istiod/values.yaml'), 'utf8'));
    for (const k of Object.keys(istiod)) expect(Object.keys(chart._internal_defaults_do_not_set)).toContain(k);
    expect(istiod.meshConfig).toEqual({ accessLogFile: '/dev/stdout' });
    expect(istiod.global.meshID).toBe('mesh1');
  });

  test('GIVEN platform openshift THEN istio-cni goes to kube-system with global.platform, before istiod, with the CNI chart\'s own keys', () => {
    const s = spec({ platform: 'openshift', values: { cni: { logging: { level: 'debug' } } } });
    const { files } = renderMesh(s);
    const [cni] = docs(files.get('cluster1/helm/istio-cni.values.yaml')!);
    expect(cni).toEqual({ logging: { level: 'debug' }, global: { platform: 'openshift' } });
    const chart = YAML.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/upstream/istio/charts/istio-cni/values.yaml'), 'utf8'));
    for (const k of Object.keys(cni)) expect(Object.keys(chart._internal_defaults_do_not_set)).toContain(k);
    const [istiod] = docs(files.get('cluster1/helm/istiod.values.yaml')!);
    expect(istiod.global.platform).toBe('openshift');
    expect(istiod.cni).toEqual({ enabled: true });
    const steps = planSteps(planMesh(s));
    const install = steps.find((st) => st.cluster === 'cluster1' && st.title.startsWith('Install the control plane'))!;
    expect(install.commands.map((c) => c.split(' ')[3])).toEqual(['istio-base', 'istio-cni', 'istiod']);
    expect(install.commands[1]).toContain('istio/cni');
    expect(install.commands[1]).toContain('--namespace kube-system');
    expect(install.commands[1]).toContain('helm/istio-cni.values.yaml');
  });
});
