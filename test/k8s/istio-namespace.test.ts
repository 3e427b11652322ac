import { App, Chart } from 'cdk8s';
import { IstioNamespace } from '../../lib/k8s/istio-namespace';

function synth(build: (chart: Chart) => void): any[] {
  const chart = new Chart(new App(), 'test');
  build(chart);
  return chart.toJson();
}

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
