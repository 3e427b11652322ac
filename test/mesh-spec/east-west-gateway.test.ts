import { SpecError } from '../../lib/errors';
import { validateMeshSpec } from '../../lib/mesh-spec/parse';
import { meshInput, SEED_CLUSTERS } from '../helpers';

function withGateway(gw: any): any {
  const input = meshInput(SEED_CLUSTERS);
  input.spec.clusters[0].eastWestGateway = { address: '34.75.71.237', ...gw };
  return input;
}

function issues(input: any): string[] {
  try {
    validateMeshSpec(input);
  } catch (e) {
    if (e instanceof SpecError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  return [];
}

describe('spec.clusters[].eastWestGateway settings', () => {
  test('GIVEN every setting THEN the spec carries them', () => {
    const gw = {
      service: {
        type: 'LoadBalancer',
        annotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' },
        labels: { team: 'platform' },
        loadBalancerSourceRanges: ['10.0.0.0/8'],
        externalTrafficPolicy: 'Local',
      },
      replicas: 2,
      resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { memory: 1 } },
      nodeSelector: { 'node.kubernetes.io/role': 'ingress' },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'ingress', effect: 'NoSchedule' }],
    };
    const spec = validateMeshSpec(withGateway(gw));
    expect(spec.clusters[0].eastWestGatewayAddress).toBe('34.75.71.237');
    expect(spec.clusters[0].eastWestGatewaySettings).toEqual(gw);
  });

  test('GIVEN only an address THEN there are no settings', () => {
    expect(validateMeshSpec(withGateway({})).clusters[0].eastWestGatewaySettings).toBeUndefined();
  });

  test('fails on ClusterIP: other networks could not reach the gateway', () => {
    expect(issues(withGateway({ service: { type: 'ClusterIP' } }))).toEqual([expect.stringMatching(/^spec\.clusters\[0\]\.eastWestGateway\.service\.type: "ClusterIP" would make istio-eastwestgateway unreachable from other networks/)]);
  });

  test('fails on labels that the selector and the network use', () => {
    expect(issues(withGateway({ service: { labels: { 'topology.istio.io/network': 'x', istio: 'y' } } }))).toEqual([
      expect.stringMatching(/^spec\.clusters\[0\]\.eastWestGateway\.service\.labels\["topology\.istio\.io\/network"\]: is set by meshgen/),
      expect.stringMatching(/^spec\.clusters\[0\]\.eastWestGateway\.service\.labels\.istio: is set by meshgen/),
    ]);
  });

  test('fails on bad values, each at its path', () => {
    expect(issues(withGateway({
      service: { typ: 'LoadBalancer', loadBalancerSourceRanges: ['10.0.0.1'], externalTrafficPolicy: 'local', annotations: { a: 1 } },
      replicas: 0,
      resources: { requests: { cpu: 'lots' } },
      tolerations: {},
    }))).toEqual([
      'spec.clusters[0].eastWestGateway.service.typ: unknown field "typ"; did you mean "type"?',
      expect.stringMatching(/^spec\.clusters\[0\]\.eastWestGateway\.service\.annotations\.a: must be a string, got number 1/),
      'spec.clusters[0].eastWestGateway.service.loadBalancerSourceRanges[0]: "10.0.0.1" is not a CIDR; write e.g. "10.0.0.0/8"',
      'spec.clusters[0].eastWestGateway.service.externalTrafficPolicy: "local" is not one of Cluster | Local',
      expect.stringMatching(/^spec\.clusters\[0\]\.eastWestGateway\.replicas: number 0 is not a whole number from 1 to 100/),
      expect.stringMatching(/^spec\.clusters\[0\]\.eastWestGateway\.resources\.requests\.cpu: string "lots" is not a Kubernetes quantity/),
      expect.stringMatching(/^spec\.clusters\[0\]\.eastWestGateway\.tolerations: must be a list of tolerations/),
    ]);
  });

  test('fails on source ranges with NodePort', () => {
    expect(issues(withGateway({ service: { type: 'NodePort', loadBalancerSourceRanges: ['10.0.0.0/8'] } }))).toEqual([
      'spec.clusters[0].eastWestGateway.service.loadBalancerSourceRanges: only applies to type LoadBalancer; remove it or drop type: NodePort',
    ]);
  });
});
