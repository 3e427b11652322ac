import { validateObject } from '../../../lib/schema';
import { docs, SEED_CLUSTERS } from '../../helpers';
import { renderWith } from '../helpers';

describe('renderMesh with MetalLB', () => {
  test('THEN metallb.yaml is in the main kustomization, IPAddressPool or legacy ConfigMap as asked, and valid', () => {
    const f = renderWith({}, SEED_CLUSTERS, {
      0: { loadBalancer: { metallb: { addresses: ['172.18.255.200-172.18.255.225'] } } },
      1: { loadBalancer: { metallb: { addresses: ['172.18.255.226-172.18.255.250'], legacyConfigMap: true } } },
    });
    expect(docs(f.get('cluster1/metallb.yaml')!).map((o) => o.kind)).toEqual(['IPAddressPool', 'L2Advertisement']);
    expect(docs(f.get('cluster2/metallb.yaml')!).map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['ConfigMap/metallb-system/config']);
    for (const c of ['cluster1', 'cluster2']) {
      expect(docs(f.get(`${c}/kustomization.yaml`)!)[0].resources).toContain('metallb.yaml');
      for (const o of docs(f.get(`${c}/metallb.yaml`)!)) expect(validateObject(o)).toEqual([]);
    }
  });
});
