import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Helloworld } from '../../lib/verify/helloworld';
import { SampleNamespace } from '../../lib/verify/sample-namespace';
import { HelloworldVerifyJob, verifyScript } from '../../lib/verify/verify-job';
import { validateObject } from '../../lib/schema';
import { objectsOf, upstream } from '../helpers';

function synth(make: (c: Chart) => Construct): any[] {
  const c = new Chart(new App(), 'test', { disableResourceNameHashes: true });
  return objectsOf(make(c));
}

describe('the verification in ambient mode', () => {
  test('GIVEN dataplane ambient THEN the sample namespace is labelled istio.io/dataplane-mode=ambient and not for injection', () => {
    const [ns] = synth((c) => new SampleNamespace(c, 'ns', { dataplane: 'ambient' }));
    expect(ns.metadata).toEqual({ name: 'sample', labels: { 'istio.io/dataplane-mode': 'ambient' } });
    expect(validateObject(ns)).toEqual([]);
    expect(synth((c) => new SampleNamespace(c, 'ns'))[0].metadata.labels).toEqual({ 'istio-injection': 'enabled' });
  });

  test('GIVEN global THEN helloworld is the sample with istio.io/global: "true" on its Service only (the guide\'s kubectl label svc)', () => {
    const ours = synth((c) => new Helloworld(c, 'hw', { versions: ['v1', 'v2'], global: true }));
    const theirs = upstream('istio/helloworld.yaml');
    const [svc, ...deployments] = ours.map(({ metadata: { namespace: _ns, ...metadata }, ...o }) => ({ ...o, metadata }));
    expect(svc).toEqual({ ...theirs[0], metadata: { ...theirs[0].metadata, labels: { ...theirs[0].metadata.labels, 'istio.io/global': 'true' } } });
    expect(deployments).toEqual(theirs.slice(1));
  });

  test('GIVEN ambient THEN the Job\'s pod has no injection label, no proxy config, and its script no quitquitquit', () => {
    const [job] = synth((c) => new HelloworldVerifyJob(c, 'j', { cluster: 'cluster1', expected: ['v1', 'v2'], requests: 5, ambient: true }));
    expect(job.spec.template.metadata).toEqual({ labels: { app: 'verify-helloworld' } });
    expect(job.spec.template.spec.containers[0].command[2]).toBe(verifyScript('cluster1', 'helloworld.sample:5000', ['v1', 'v2'], 5, true));
    expect(job.spec.template.spec.containers[0].command[2]).not.toContain('15020');
    expect(job.spec.template.spec.containers[0].command[2]).toContain('finish() { exit "$1"; }');
    expect(validateObject(job)).toEqual([]);
  });
});
