import { App, Chart } from 'cdk8s';
import { validateObject } from '../../lib/schema';
import { SampleClient } from '../../lib/verify/sample-client';
import { upstream } from '../helpers';

function synth(build: (chart: Chart) => void): any[] {
  const chart = new Chart(new App(), 'test');
  build(chart);
  return chart.toJson();
}

/** Our object without the namespace we add (the samples rely on `kubectl apply -n sample`). */
function withoutNamespace(o: any): any {
  const { namespace: _ns, ...metadata } = o.metadata;
  return { ...o, metadata };
}

describe('SampleClient', () => {
  test.each(['curl', 'sleep'] as const)('GIVEN %s THEN it equals the Istio sample of that name object by object, plus the namespace', (name) => {
    const ours = synth((c) => new SampleClient(c, 'client', { name }));
    expect(ours.map(withoutNamespace)).toEqual(upstream(`istio/${name}.yaml`));
    expect(ours.every((o) => o.metadata.namespace === 'sample')).toBe(true);
    for (const o of ours) expect(validateObject(o)).toEqual([]);
  });
});
