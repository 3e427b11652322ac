import { App, Chart } from 'cdk8s';
import { EastWestGateway } from '../../lib/istio/east-west-gateway';
import { EAST_WEST_GATEWAY_PORTS } from '../../lib/names/objects';
import { upstream } from '../helpers';

function synth(build: (chart: Chart) => void): any[] {
  const chart = new Chart(new App(), 'test');
  build(chart);
  return chart.toJson();
}

describe('EastWestGateway', () => {
  test.each([['network1', 'eastwest-cluster1.yaml'], ['network2', 'eastwest-cluster2.yaml']])(
    'GIVEN %s THEN it equals what gen-eastwest-gateway.sh prints (%s)', (network, file) => {
      const [ours] = synth((c) => new EastWestGateway(c, 'ew', { network }));
      expect(ours).toEqual(upstream(`istio/${file}`)[0]);
    });

  test('GIVEN network2 THEN name, labels, REQUESTED_NETWORK_VIEW and the four ports are right', () => {
    const [o] = synth((c) => new EastWestGateway(c, 'ew', { network: 'network2' }));
    const gw = o.spec.components.ingressGateways[0];
    expect(o.metadata.name).toBe('eastwest');
    expect(o.spec.profile).toBe('empty');
    expect(gw.name).toBe('istio-eastwestgateway');
    expect(gw.enabled).toBe(true);
    expect(gw.label).toEqual({ istio: 'eastwestgateway', app: 'istio-eastwestgateway', 'topology.istio.io/network': 'network2' });
    expect(gw.k8s.env).toEqual([{ name: 'ISTIO_META_REQUESTED_NETWORK_VIEW', value: 'network2' }]);
    expect(gw.k8s.service.ports.map((p: any) => [p.name, p.port, p.targetPort])).toEqual([
      ['status-port', 15021, 15021], ['tls', 15443, 15443], ['tls-istiod', 15012, 15012], ['tls-webhook', 15017, 15017],
    ]);
    expect(o.spec.values.global.network).toBe('network2');
    expect(o.spec.values.gateways['istio-ingressgateway'].injectionTemplate).toBe('gateway');
    expect(EAST_WEST_GATEWAY_PORTS).toHaveLength(4);
  });

  test('GIVEN a custom namespace THEN the gateway is installed there', () => {
    const [o] = synth((c) => new EastWestGateway(c, 'ew', { network: 'n', namespace: 'mesh-system' }));
    expect(o.spec.namespace).toBe('mesh-system');
    expect(o.spec.components.ingressGateways[0].namespace).toBe('mesh-system');
  });
});
