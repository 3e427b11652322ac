import { App, Chart } from 'cdk8s';
import { ExposeServices } from '../../lib/istio/expose-services';
import { upstream } from '../helpers';

function synth(build: (chart: Chart) => void): any[] {
  const chart = new Chart(new App(), 'test');
  build(chart);
  return chart.toJson();
}

/** Our object without the namespace we add (the upstream samples rely on `-n istio-system`). */
function withoutNamespace(o: any): any {
  const { namespace: _ns, ...metadata } = o.metadata;
  return { ...o, metadata };
}

describe('ExposeServices', () => {
  test('THEN it equals samples/multicluster/expose-services.yaml, plus the namespace', () => {
    const ours = synth((c) => new ExposeServices(c, 'x'));
    expect(ours.map(withoutNamespace)).toEqual(upstream('istio/expose-services.yaml'));
    const [gw] = ours;
    expect(gw.metadata).toEqual({ name: 'cross-network-gateway', namespace: 'istio-system' });
    expect(gw.spec.servers[0]).toEqual({ port: { number: 15443, name: 'tls', protocol: 'TLS' }, tls: { mode: 'AUTO_PASSTHROUGH' }, hosts: ['*.local'] });
  });
});
