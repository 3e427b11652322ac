import { App, Chart } from 'cdk8s';
import { PrimaryControlPlane, RemoteControlPlane } from '../../lib/istio/control-plane';

function synth(build: (chart: Chart) => void): any[] {
  const chart = new Chart(new App(), 'test');
  build(chart);
  return chart.toJson();
}

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

describe('GIVEN a RemoteControlPlane whose remotePilotAddress has a port', () => {
  test('fails at synth, saying to give the address alone', () => {
    const chart = new Chart(new App(), 'cluster2');
    new RemoteControlPlane(chart, 'ControlPlane', { clusterName: 'cluster2', network: 'network1', remotePilotAddress: '192.0.2.10:15012' });
    expect(() => chart.toJson()).toThrow(/\[cluster2\/ControlPlane\] remotePilotAddress: "192.0.2.10:15012" has a port \(:15012\); give the address alone/);
  });
});
