import * as YAML from 'yaml';
import { MeshgenError } from '../../lib/errors';
import { loadKubeconfig, resolveContext } from '../../lib/cluster-access/kubeconfig';
import { createKialiSecret, kialiSecretObject } from '../../lib/cluster-access/kiali-secret';
import { validateObject } from '../../lib/schema';
import { docs, tempDir } from '../helpers';
import { FakeApiServer, filledTokenSecret, testPki, writeKubeconfig } from './fake-api-server';

const KIALI_TOKEN_SECRET = 'istio-system/kiali-remote-access';

function connection(kubeconfig: string, context?: string) {
  return resolveContext(loadKubeconfig([kubeconfig], '/'), context);
}

describe('kialiSecretObject: the secret of kiali-prepare-remote-cluster.sh', () => {
  test('GIVEN a remote cluster THEN name, namespace, label, annotation and data key follow Kiali, and the Secret passes the Kubernetes schema', () => {
    const obj = kialiSecretObject({ clusterName: 'west', namespace: 'istio-system', server: 'https://192.168.49.3:8443', ca: Buffer.from('PEM'), token: 't0k' });
    expect(obj.metadata).toEqual({
      name: 'kiali-remote-cluster-secret-west',
      namespace: 'istio-system',
      labels: { 'kiali.io/multiCluster': 'true' },
      annotations: { 'kiali.io/cluster': 'west' },
    });
    expect(Object.keys(obj.stringData)).toEqual(['west']);
    expect(YAML.parse(obj.stringData.west)).toEqual({
      apiVersion: 'v1',
      kind: 'Config',
      preferences: {},
      'current-context': 'west',
      contexts: [{ name: 'west', context: { cluster: 'west', user: 'west' } }],
      users: [{ name: 'west', user: { token: 't0k' } }],
      clusters: [{ name: 'west', cluster: { server: 'https://192.168.49.3:8443', 'certificate-authority-data': Buffer.from('PEM').toString('base64') } }],
    });
    expect(validateObject(obj)).toEqual([]);
  });
});

describe('createKialiSecret: reads kiali-remote-access through the API', () => {
  const server = new FakeApiServer();
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  test('GIVEN the filled kiali-remote-access token Secret THEN the kubeconfig holds its token and CA and the kubeconfig\'s server, read with one GET', async () => {
    server.secrets.set(KIALI_TOKEN_SECRET, filledTokenSecret('kiali-token-of-west', testPki().caPem, 'istio-system', 'kiali-remote-access', 'kiali-remote-access'));
    const dir = tempDir();
    const kc = writeKubeconfig(dir, [{ name: 'west', server: server.url, auth: 'token' }]);
    const before = server.requests.length;
    const created = await createKialiSecret({ clusterName: 'west', connection: connection(kc) });
    expect(server.requests.slice(before).map((r) => r.path)).toEqual(['/api/v1/namespaces/istio-system/secrets/kiali-remote-access']);
    const [secret] = docs(created.text);
    expect(secret.metadata.name).toBe('kiali-remote-cluster-secret-west');
    const kubeconfig = YAML.parse(secret.stringData.west);
    expect(kubeconfig.users[0].user.token).toBe('kiali-token-of-west');
    expect(Buffer.from(kubeconfig.clusters[0].cluster['certificate-authority-data'], 'base64').toString()).toBe(testPki().caPem);
    expect(kubeconfig.clusters[0].cluster.server).toBe(server.url);
    expect(created.warnings).toEqual([expect.stringContaining(`server in Kubeconfig is ${server.url}`)]);
  });

  test('GIVEN --server THEN it is written instead of the kubeconfig\'s, without the localhost warning', async () => {
    server.secrets.set(KIALI_TOKEN_SECRET, filledTokenSecret('kiali-token-of-west', testPki().caPem, 'istio-system', 'kiali-remote-access', 'kiali-remote-access'));
    const kc = writeKubeconfig(tempDir(), [{ name: 'west', server: server.url, auth: 'token' }]);
    const created = await createKialiSecret({ clusterName: 'west', connection: connection(kc), serverOverride: 'https://172.18.0.3:6443' });
    expect(YAML.parse(docs(created.text)[0].stringData.west).clusters[0].cluster.server).toBe('https://172.18.0.3:6443');
    expect(created.warnings).toEqual([]);
  });

  test('fails with one line naming the Secret and the bundle directory to apply when kiali-remote-access does not exist', async () => {
    const other = new FakeApiServer();
    await other.start();
    try {
      const kc = writeKubeconfig(tempDir(), [{ name: 'west', server: other.url, auth: 'token' }]);
      const err = await createKialiSecret({ clusterName: 'west', connection: connection(kc) }).catch((e) => e);
      expect(err).toBeInstanceOf(MeshgenError);
      expect(err.message).toBe(
        `secret istio-system/kiali-remote-access on ${other.url} (context "west") not found; it is Kiali's remote-access token: ` +
        'apply the bundle\'s kiali/ directory on this cluster first (kubectl --context=west apply -k dist/<cluster>/kiali)',
      );
    } finally {
      await other.stop();
    }
  });

  test('fails when the token Secret belongs to another ServiceAccount', async () => {
    server.secrets.set(KIALI_TOKEN_SECRET, filledTokenSecret('x', testPki().caPem, 'istio-system', 'kiali-remote-access', 'default'));
    const kc = writeKubeconfig(tempDir(), [{ name: 'west', server: server.url, auth: 'token' }]);
    await expect(createKialiSecret({ clusterName: 'west', connection: connection(kc) }))
      .rejects.toThrow(/is not a kubernetes.io\/service-account-token Secret of ServiceAccount kiali-remote-access \(type kubernetes.io\/service-account-token, service account default\)/);
  });

  test('fails when the token is never filled, after the retries', async () => {
    server.secrets.set(KIALI_TOKEN_SECRET, { type: 'kubernetes.io/service-account-token', metadata: { annotations: { 'kubernetes.io/service-account.name': 'kiali-remote-access' } }, data: {} });
    const kc = writeKubeconfig(tempDir(), [{ name: 'west', server: server.url, auth: 'token' }]);
    await expect(createKialiSecret({ clusterName: 'west', connection: connection(kc), retries: 2, retryDelayMs: 1 }))
      .rejects.toThrow(/has no token yet; .*kiali\/remote-access.yaml of the bundle creates it/);
  });

  test('fails on a cluster name that cannot be a Secret name', async () => {
    const kc = writeKubeconfig(tempDir(), [{ name: 'west', server: server.url, auth: 'token' }]);
    await expect(createKialiSecret({ clusterName: 'West_1', connection: connection(kc) })).rejects.toThrow(/^--cluster "West_1": not a DNS-1123 label/);
  });
});
