import { App, Chart } from 'cdk8s';
import { ExposeIstiod } from '../../lib/istio/expose-istiod';
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

describe('ExposeIstiod', () => {
  test('THEN it equals samples/multicluster/expose-istiod.yaml, plus the namespace', () => {
    const ours = synth((c) => new ExposeIstiod(c, 'x'));
    const theirs = upstream('istio/expose-istiod.yaml');
    expect(ours.map(withoutNamespace)).toEqual(theirs);
    expect(ours.map((o) => o.metadata.namespace)).toEqual(['istio-system', 'istio-system']);
  });

  test('THEN the gateway passes 15012 and 15017 through to istiod 15012 and 443', () => {
    const [gw, vs] = synth((c) => new ExposeIstiod(c, 'x'));
    expect(gw.metadata.name).toBe('istiod-gateway');
    expect(gw.spec.selector).toEqual({ istio: 'eastwestgateway' });
    expect(gw.spec.servers.map((s: any) => [s.port.number, s.tls.mode])).toEqual([[15012, 'PASSTHROUGH'], [15017, 'PASSTHROUGH']]);
    expect(vs.metadata.name).toBe('istiod-vs');
    expect(vs.spec.gateways).toEqual(['istiod-gateway']);
    expect(vs.spec.tls.map((t: any) => [t.match[0].port, t.route[0].destination.host, t.route[0].destination.port.number])).toEqual([
      [15012, 'istiod.istio-system.svc.cluster.local', 15012],
      [15017, 'istiod.istio-system.svc.cluster.local', 443],
    ]);
  });

  test('GIVEN a custom namespace THEN istiod is addressed there', () => {
    const [, vs] = synth((c) => new ExposeIstiod(c, 'x', { namespace: 'mesh-system' }));
    expect(vs.metadata.namespace).toBe('mesh-system');
    expect(vs.spec.tls[0].route[0].destination.host).toBe('istiod.mesh-system.svc.cluster.local');
  });
});
