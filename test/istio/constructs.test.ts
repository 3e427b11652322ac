import { App, Chart } from 'cdk8s';
import { PrimaryControlPlane, RemoteControlPlane } from '../../lib/istio/control-plane';
import { EastWestGateway } from '../../lib/istio/east-west-gateway';
import { EAST_WEST_GATEWAY_PORTS } from '../../lib/names/objects';
import { ExposeIstiod } from '../../lib/istio/expose-istiod';
import { ExposeServices } from '../../lib/istio/expose-services';
import { IstioNamespace } from '../../lib/k8s/istio-namespace';
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

describe('ExposeServices', () => {
  test('THEN it equals samples/multicluster/expose-services.yaml, plus the namespace', () => {
    const ours = synth((c) => new ExposeServices(c, 'x'));
    expect(ours.map(withoutNamespace)).toEqual(upstream('istio/expose-services.yaml'));
    const [gw] = ours;
    expect(gw.metadata).toEqual({ name: 'cross-network-gateway', namespace: 'istio-system' });
    expect(gw.spec.servers[0]).toEqual({ port: { number: 15443, name: 'tls', protocol: 'TLS' }, tls: { mode: 'AUTO_PASSTHROUGH' }, hosts: ['*.local'] });
  });
});

describe('PrimaryControlPlane', () => {
  test('GIVEN remotes THEN meshID, clusterName, network and EXTERNAL_ISTIOD are set as in the runbook', () => {
    const [o] = synth((c) => new PrimaryControlPlane(c, 'cp', { meshId: 'mesh1', clusterName: 'cluster1', network: 'network1', externalIstiod: true }));
    expect(o.apiVersion).toBe('install.istio.io/v1alpha1');
    expect(o.kind).toBe('IstioOperator');
    expect(o.spec).toEqual({
      values: {
        global: { meshID: 'mesh1', multiCluster: { clusterName: 'cluster1' }, network: 'network1' },
        pilot: { env: { EXTERNAL_ISTIOD: true } },
      },
    });
  });

  test('GIVEN no remotes THEN EXTERNAL_ISTIOD is not set', () => {
    const [o] = synth((c) => new PrimaryControlPlane(c, 'cp', { meshId: 'm', clusterName: 'c', network: 'n' }));
    expect(o.spec.values.pilot).toBeUndefined();
    expect(o.spec.profile).toBeUndefined();
  });
});

describe('RemoteControlPlane', () => {
  test('THEN profile remote, the injection path and remotePilotAddress are set as in the runbook', () => {
    const [o] = synth((c) => new RemoteControlPlane(c, 'cp', { clusterName: 'cluster2', network: 'network2', remotePilotAddress: '34.75.71.237' }));
    expect(o.spec).toEqual({
      profile: 'remote',
      values: {
        istiodRemote: { injectionPath: '/inject/cluster/cluster2/net/network2' },
        global: { remotePilotAddress: '34.75.71.237' },
      },
    });
  });

  test('fails without a remotePilotAddress rather than writing a placeholder', () => {
    expect(() => synth((c) => new RemoteControlPlane(c, 'cp', { clusterName: 'c', network: 'n', remotePilotAddress: '' }))).toThrow(/remotePilotAddress is required/);
  });
});

describe('IstioNamespace', () => {
  test('GIVEN a primary THEN only the network label is set', () => {
    const [o] = synth((c) => new IstioNamespace(c, 'ns', { network: 'network1' }));
    expect(o).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-system', labels: { 'topology.istio.io/network': 'network1' } } });
  });

  test('GIVEN a remote THEN controlPlaneClusters names its primary', () => {
    const [o] = synth((c) => new IstioNamespace(c, 'ns', { network: 'network2', controlPlaneClusters: ['cluster1'] }));
    expect(o.metadata.annotations).toEqual({ 'topology.istio.io/controlPlaneClusters': 'cluster1' });
    expect(o.metadata.labels).toEqual({ 'topology.istio.io/network': 'network2' });
  });
});
