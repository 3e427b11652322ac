import { App, Chart } from 'cdk8s';
import { SailEastWestGateway } from '../../lib/sail/east-west-gateway';
import { validateObject } from '../../lib/schema';
import { objectsOf, upstream } from '../helpers';

function chart(): Chart {
  return new Chart(new App(), 'test', { disableResourceNameHashes: true });
}

/** Drops nulls and the empty mappings they leave, as Kubernetes reads them. */
function normalize(v: any): any {
  if (Array.isArray(v)) return v.map(normalize);
  if (v && typeof v === 'object') {
    const out: any = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === null) continue;
      const n = normalize(x);
      if (n && typeof n === 'object' && !Array.isArray(n) && Object.keys(n).length === 0) continue;
      out[k] = n;
    }
    return out;
  }
  return v;
}

describe('SailEastWestGateway', () => {
  test.each(['network1', 'network2'])('GIVEN %s THEN the objects equal Sail\'s east-west-gateway-net sample object by object, and are valid', (network) => {
    const objects = objectsOf(new SailEastWestGateway(chart(), 'G', { network }));
    const sample = upstream(`sail/east-west-gateway-net${network.slice(-1)}.yaml`);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(sample.map((o) => `${o.kind}/${o.metadata.name}`));
    objects.forEach((o, i) => {
      expect(normalize(o)).toEqual(normalize(sample[i]));
      expect(validateObject(o)).toEqual([]);
    });
  });

  test('GIVEN network1 THEN the facts that matter: injection template, network labels, REQUESTED_NETWORK_VIEW, four LoadBalancer ports', () => {
    const g = new SailEastWestGateway(chart(), 'G', { network: 'network1', namespace: 'istio-mesh' });
    const dep = g.deployment.toJson();
    expect(dep.metadata.namespace).toBe('istio-mesh');
    expect(dep.spec.template.metadata.annotations['inject.istio.io/templates']).toBe('gateway');
    expect(dep.spec.template.metadata.labels['topology.istio.io/network']).toBe('network1');
    expect(dep.spec.template.spec.containers[0].env).toContainEqual({ name: 'ISTIO_META_REQUESTED_NETWORK_VIEW', value: 'network1' });
    const svc = g.service.toJson();
    expect(svc.spec.type).toBe('LoadBalancer');
    expect(svc.spec.ports.map((p: any) => [p.name, p.port])).toEqual([['status-port', 15021], ['tls', 15443], ['tls-istiod', 15012], ['tls-webhook', 15017]]);
    expect(svc.spec.selector).toEqual({ app: 'istio-eastwestgateway', istio: 'eastwestgateway', 'topology.istio.io/network': 'network1' });
  });
});

describe('GIVEN a SailEastWestGateway with zero replicas and a bad namespace', () => {
  test('fails at synth with one line per prop', () => {
    const chart = new Chart(new App(), 'cluster1');
    new SailEastWestGateway(chart, 'Gateway', { network: 'network1', namespace: 'Istio-System', settings: { replicas: 0 } });
    expect(() => chart.toJson()).toThrow(/\[cluster1\/Gateway\] namespace: "Istio-System" is not a DNS-1123 label[^\n]*\n\s*\[cluster1\/Gateway\] settings.replicas: 0 is not a whole number of at least 1/);
  });
});
