import { App, Chart } from 'cdk8s';
import { KialiRemoteAccess } from '../../lib/kiali/remote-access';
import { validateObject } from '../../lib/schema';

function synth(build: (chart: Chart) => void): any[] {
  const chart = new Chart(new App(), 'test');
  build(chart);
  return chart.toJson();
}

describe('KialiRemoteAccess', () => {
  const objects = () => synth((c) => new KialiRemoteAccess(c, 'r'));

  test('THEN ServiceAccount, ClusterRole, ClusterRoleBinding and token Secret, all named kiali-remote-access*', () => {
    expect(objects().map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ServiceAccount/kiali-remote-access',
      'ClusterRole/kiali-remote-access-viewer',
      'ClusterRoleBinding/kiali-remote-access-viewer',
      'Secret/kiali-remote-access',
    ]);
  });

  test('THEN the role only reads (no write verb on any resource but tokenreviews and port-forward)', () => {
    const role = objects()[1];
    const writes = role.rules.filter((r: any) => r.verbs.some((v: string) => !['get', 'list', 'watch'].includes(v)));
    expect(writes.map((r: any) => r.resources)).toEqual([['pods/portforward'], ['tokenreviews']]);
    expect(role.rules.some((r: any) => r.apiGroups.includes('networking.istio.io') && r.resources[0] === '*')).toBe(true);
  });

  test('THEN the binding gives the role to the ServiceAccount and the Secret is its long-lived token', () => {
    const [, , binding, secret] = objects();
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'kiali-remote-access-viewer' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'kiali-remote-access', namespace: 'istio-system' }]);
    expect(secret.type).toBe('kubernetes.io/service-account-token');
    expect(secret.metadata.annotations).toEqual({ 'kubernetes.io/service-account.name': 'kiali-remote-access' });
  });

  test('THEN every object is valid against Kubernetes 1.27', () => {
    for (const o of objects()) expect(validateObject(o)).toEqual([]);
  });
});
