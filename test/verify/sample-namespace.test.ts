import { App, Chart } from 'cdk8s';
import { validateObject } from '../../lib/schema';
import { SampleNamespace } from '../../lib/verify/sample-namespace';

function synth(build: (chart: Chart) => void): any[] {
  const chart = new Chart(new App(), 'test');
  build(chart);
  return chart.toJson();
}

describe('SampleNamespace', () => {
  test('THEN it is `sample`, labelled istio-injection=enabled, and valid', () => {
    const [ns] = synth((c) => new SampleNamespace(c, 'ns'));
    expect(ns.kind).toBe('Namespace');
    expect(ns.metadata).toEqual({ name: 'sample', labels: { 'istio-injection': 'enabled' } });
    expect(validateObject(ns)).toEqual([]);
  });
});
