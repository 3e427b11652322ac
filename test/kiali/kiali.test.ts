import { App, Chart } from 'cdk8s';
import { KialiInstance } from '../../lib/kiali/kiali';
import { validateObject } from '../../lib/schema';

function synth(build: (chart: Chart) => void): any[] {
  const chart = new Chart(new App(), 'test');
  build(chart);
  return chart.toJson();
}

describe('KialiInstance', () => {
  test('GIVEN defaults THEN a Kiali kiali.io/v1alpha1 in istio-system with token auth, its cluster name and the addon Prometheus', () => {
    const [k] = synth((c) => new KialiInstance(c, 'k', { clusterName: 'east' }));
    expect([k.apiVersion, k.kind, k.metadata]).toEqual(['kiali.io/v1alpha1', 'Kiali', { name: 'kiali', namespace: 'istio-system' }]);
    expect(k.spec).toEqual({
      auth: { strategy: 'token' },
      deployment: { cluster_wide_access: true },
      external_services: { prometheus: { url: 'http://prometheus.istio-system:9090' } },
      istio_namespace: 'istio-system',
      kubernetes_config: { cluster_name: 'east' },
    });
  });

  test.each(['token', 'anonymous', 'openid', 'header'] as const)('GIVEN auth %s THEN it validates against the vendored Kiali CRD', (auth) => {
    const [k] = synth((c) => new KialiInstance(c, 'k', { clusterName: 'east', auth, namespace: 'mesh-system' }));
    expect(k.spec.auth.strategy).toBe(auth);
    expect(k.spec.istio_namespace).toBe('mesh-system');
    expect(validateObject(k)).toEqual([]);
  });

  test('fails validation when the strategy is not one the CRD allows (the check is real)', () => {
    const [k] = synth((c) => new KialiInstance(c, 'k', { clusterName: 'east' }));
    expect(validateObject({ ...k, spec: { ...k.spec, auth: { strategy: 'password' } } })).not.toEqual([]);
  });
});
