import { validateObject } from '../../../lib/schema';
import { docs, THREE_CLUSTERS } from '../../helpers';
import { renderWith } from '../helpers';

describe('renderMesh with spec.kiali', () => {
  test('THEN the Kiali cluster gets kiali/kiali.yaml, every other cluster kiali/remote-access.yaml, each with its own kustomization', () => {
    const f = renderWith({ kiali: { auth: 'anonymous' } }, THREE_CLUSTERS);
    expect([...f.keys()].filter((k) => k.includes('/kiali/'))).toEqual([
      'cluster1/kiali/kiali.yaml', 'cluster1/kiali/kustomization.yaml',
      'cluster2/kiali/kustomization.yaml', 'cluster2/kiali/remote-access.yaml',
      'cluster3/kiali/kustomization.yaml', 'cluster3/kiali/remote-access.yaml',
    ]);
    expect(docs(f.get('cluster1/kiali/kustomization.yaml')!)[0].resources).toEqual(['kiali.yaml']);
    const [kiali] = docs(f.get('cluster1/kiali/kiali.yaml')!);
    expect(kiali.spec.auth.strategy).toBe('anonymous');
    expect(validateObject(kiali)).toEqual([]);
    expect(docs(f.get('cluster1/kustomization.yaml')!)[0].resources.some((r: string) => r.startsWith('kiali'))).toBe(false);
  });
});

describe('renderMesh with spec.kiali.federation', () => {
  test('THEN the Kiali cluster gets prometheus-config.yaml with federate jobs for the listed clusters, every other cluster a pinned prometheus-federation', () => {
    const f = renderWith({ kiali: { federation: { cluster3: '172.18.255.240' } } }, THREE_CLUSTERS, {
      2: { loadBalancer: { metallb: { addresses: ['172.18.255.230-172.18.255.250'] } } },
    });
    expect(docs(f.get('cluster1/kiali/kustomization.yaml')!)[0].resources).toEqual(['kiali.yaml', 'prometheus-config.yaml']);
    const [cm] = docs(f.get('cluster1/kiali/prometheus-config.yaml')!);
    expect(cm.data['prometheus.yml']).toContain('job_name: federate-cluster3');
    expect(cm.data['prometheus.yml']).not.toContain('federate-cluster2');
    const [svc2] = docs(f.get('cluster2/kiali/prometheus-federation.yaml')!);
    expect(svc2.metadata.annotations).toBeUndefined();
    const [svc3] = docs(f.get('cluster3/kiali/prometheus-federation.yaml')!);
    expect(svc3.metadata.annotations).toEqual({ 'metallb.universe.tf/loadBalancerIPs': '172.18.255.240' });
  });
});
