import { App, Chart } from 'cdk8s';
import { AmbientEastWestGateway } from '../../lib/istio/ambient-east-west-gateway';
import { validateObject } from '../../lib/schema';
import { objectsOf, upstream } from '../helpers';

function gatewayFor(network: string, address?: string): any {
  const c = new Chart(new App(), 'test', { disableResourceNameHashes: true });
  const [obj] = objectsOf(new AmbientEastWestGateway(c, 'G', { network, ...(address ? { address } : {}) }));
  return obj;
}

describe('AmbientEastWestGateway', () => {
  test.each([['network1', 'eastwest-cluster1-ambient.yaml'], ['network2', 'eastwest-cluster2-ambient.yaml']])(
    'GIVEN %s THEN it is what gen-eastwest-gateway.sh --ambient prints, field by field', (network, fixture) => {
      const [want] = upstream(`istio/${fixture}`);
      const got = gatewayFor(network);
      expect(got.apiVersion).toBe(want.apiVersion);
      expect(got.apiVersion).toBe('gateway.networking.k8s.io/v1');
      expect(got.kind).toBe(want.kind);
      expect(got.metadata.name).toBe(want.metadata.name);
      expect(got.metadata.name).toBe('istio-eastwestgateway');
      expect(got.metadata.namespace).toBe(want.metadata.namespace);
      expect(got.metadata.labels).toEqual(want.metadata.labels);
      expect(got.metadata.labels).toEqual({ 'topology.istio.io/network': network });
      expect(got.spec.gatewayClassName).toBe(want.spec.gatewayClassName);
      expect(got.spec.gatewayClassName).toBe('istio-east-west');
      expect(got.spec.listeners).toHaveLength(1);
      const [l, w] = [got.spec.listeners[0], want.spec.listeners[0]];
      expect([l.name, l.port, l.protocol]).toEqual([w.name, w.port, w.protocol]);
      expect([l.name, l.port, l.protocol]).toEqual(['mesh', 15008, 'HBONE']);
      expect(l.tls.mode).toBe(w.tls.mode);
      expect(l.tls.options).toEqual(w.tls.options);
      expect(l.tls.options).toEqual({ 'gateway.istio.io/tls-terminate-mode': 'ISTIO_MUTUAL' });
      // nothing else than the script writes
      expect(got).toEqual(want);
      expect(validateObject(got)).toEqual([]);
    });

  test('GIVEN an IP address THEN it is pinned as spec.addresses type IPAddress, valid against the Gateway API CRD', () => {
    const got = gatewayFor('network1', '34.75.71.237');
    expect(got.spec.addresses).toEqual([{ type: 'IPAddress', value: '34.75.71.237' }]);
    expect(validateObject(got)).toEqual([]);
    expect(gatewayFor('network1', '2001:db8::1').spec.addresses).toEqual([{ type: 'IPAddress', value: '2001:db8::1' }]);
  });

  test('GIVEN a namespace THEN the Gateway is in it', () => {
    const c = new Chart(new App(), 'test', { disableResourceNameHashes: true });
    const [obj] = objectsOf(new AmbientEastWestGateway(c, 'G', { network: 'n', namespace: 'mesh-system' }));
    expect(obj.metadata.namespace).toBe('mesh-system');
  });

  test('fails on a hostname address: istiod would treat a Hostname address as a manually deployed gateway', () => {
    expect(() => gatewayFor('network1', 'gw.example.com')).toThrow(/not an IP address/);
  });
});
