import { istioChartReleases } from '../../lib/helm/values';

describe('istioChartReleases', () => {
  test('GIVEN a primary with remotes THEN base, istiod with meshID/clusterName/network and EXTERNAL_ISTIOD, gateway with networkGateway', () => {
    const r = istioChartReleases({ role: 'primary', meshId: 'mesh1', clusterName: 'cluster1', network: 'network1', externalIstiod: true, eastWestGateway: true });
    expect(r.map((x) => [x.chart, x.releaseName, x.valuesFile])).toEqual([
      ['base', 'istio-base', 'base.values.yaml'],
      ['istiod', 'istiod', 'istiod.values.yaml'],
      ['gateway', 'istio-eastwestgateway', 'eastwest-gateway.values.yaml'],
    ]);
    expect(r[0].values).toEqual({});
    expect(r[1].values).toEqual({
      global: { meshID: 'mesh1', multiCluster: { clusterName: 'cluster1' }, network: 'network1' },
      pilot: { env: { EXTERNAL_ISTIOD: 'true' } },
    });
    const gw = r[2].values as any;
    expect(gw.name).toBe('istio-eastwestgateway');
    expect(gw.networkGateway).toBe('network1');
    expect(gw.labels).toEqual({ istio: 'eastwestgateway', 'topology.istio.io/network': 'network1' });
    expect(gw.service.ports.map((p: any) => p.port)).toEqual([15021, 15443, 15012, 15017]);
  });

  test('GIVEN a remote THEN profile remote in base and istiod, with injectionPath and remotePilotAddress', () => {
    const r = istioChartReleases({ role: 'remote', meshId: 'mesh1', clusterName: 'cluster3', network: 'network2', remotePilotAddress: '34.75.71.237', eastWestGateway: false, namespace: 'istio-mesh' });
    expect(r.map((x) => x.chart)).toEqual(['base', 'istiod']);
    expect(r[0].values).toEqual({ profile: 'remote', global: { istioNamespace: 'istio-mesh' } });
    expect(r[1].values).toEqual({
      profile: 'remote',
      global: { multiCluster: { clusterName: 'cluster3' }, network: 'network2', remotePilotAddress: '34.75.71.237', istioNamespace: 'istio-mesh' },
      istiodRemote: { injectionPath: '/inject/cluster/cluster3/net/network2' },
    });
  });

  test('GIVEN a remote without its primary\'s address THEN no istiod release (nothing guessed)', () => {
    const r = istioChartReleases({ role: 'remote', meshId: 'mesh1', clusterName: 'c2', network: 'n1', eastWestGateway: false });
    expect(r.map((x) => x.chart)).toEqual(['base']);
  });
});
