import { App, Chart } from 'cdk8s';
import { validateObject } from '../../lib/schema';
import { Helloworld } from '../../lib/verify/helloworld';
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

describe('Helloworld', () => {
  test('GIVEN v1 and v2 THEN it equals samples/helloworld/helloworld.yaml object by object, plus the namespace', () => {
    const ours = synth((c) => new Helloworld(c, 'hw', { versions: ['v2', 'v1'] }));
    expect(ours.map(withoutNamespace)).toEqual(upstream('istio/helloworld.yaml'));
    expect(ours.map((o) => o.metadata.namespace)).toEqual(['sample', 'sample', 'sample']);
  });

  test('GIVEN only v2 THEN the Service and helloworld-v2 only (the seed\'s -l app=helloworld, -l version=v2)', () => {
    const ours = synth((c) => new Helloworld(c, 'hw', { versions: ['v2'] }));
    expect(ours.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Service/helloworld', 'Deployment/helloworld-v2']);
    const theirs = upstream('istio/helloworld.yaml').filter((o) => o.metadata.labels.app === 'helloworld' && (o.kind === 'Service' || o.metadata.labels.version === 'v2'));
    expect(ours.map(withoutNamespace)).toEqual(theirs);
  });

  test('GIVEN no version THEN the Service alone, on port 5000, selecting app=helloworld', () => {
    const [svc, ...rest] = synth((c) => new Helloworld(c, 'hw'));
    expect(rest).toEqual([]);
    expect(svc.spec.ports).toEqual([{ port: 5000, name: 'http' }]);
    expect(svc.spec.selector).toEqual({ app: 'helloworld' });
  });

  test('THEN every object is valid against Kubernetes 1.27', () => {
    for (const o of synth((c) => new Helloworld(c, 'hw', { versions: ['v1', 'v2'] }))) expect(validateObject(o)).toEqual([]);
  });
});
