import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { runCliCaptured } from '../run-cli';
import { docs, listFiles, meshInput, tempDir } from '../../helpers';
import { FakeApiServer, filledTokenSecret, testPki, writeKubeconfig } from '../../cluster-access/fake-api-server';

const KIALI_TOKEN_SECRET = 'istio-system/kiali-remote-access';

const run = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) => runCliCaptured(args, cwd, { env });

describe('meshgen kiali-secret', () => {
  const servers = [new FakeApiServer(), new FakeApiServer(), new FakeApiServer()];
  beforeAll(async () => {
    for (const [i, s] of servers.entries()) {
      await s.start();
      s.secrets.set(KIALI_TOKEN_SECRET, filledTokenSecret(`kiali-token-of-cluster${i + 1}`, testPki().caPem, 'istio-system', 'kiali-remote-access', 'kiali-remote-access'));
    }
  });
  afterAll(() => Promise.all(servers.map((s) => s.stop())));

  test('GIVEN --cluster and --context THEN stdout is kiali-remote-cluster-secret-<cluster> with the cluster\'s kiali-remote-access token', async () => {
    const dir = tempDir();
    const kc = writeKubeconfig(dir, [{ name: 'east', server: servers[0].url, auth: 'token' }, { name: 'west', server: servers[1].url, auth: 'cert' }]);
    const r = await run(['kiali-secret', '--cluster', 'west', '--kubeconfig', kc, '--context', 'west', '--server', 'https://192.168.49.3:8443'], dir);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const [secret] = docs(r.out);
    expect(secret.metadata).toEqual({
      name: 'kiali-remote-cluster-secret-west', namespace: 'istio-system',
      labels: { 'kiali.io/multiCluster': 'true' }, annotations: { 'kiali.io/cluster': 'west' },
    });
    const kubeconfig = YAML.parse(secret.stringData.west);
    expect(kubeconfig.users[0].user.token).toBe('kiali-token-of-cluster2');
    expect(kubeconfig.clusters[0].cluster.server).toBe('https://192.168.49.3:8443');
  });

  test('fails with exit 2 on bad usage: no --cluster, --all without --spec, --all with --cluster', async () => {
    const dir = tempDir();
    const none = await run(['kiali-secret'], dir);
    expect(none.code).toBe(2);
    expect(none.err).toContain('name the cluster Kiali reads with --cluster NAME');
    expect((await run(['kiali-secret', '--all'], dir)).err).toContain('--all needs --spec');
    const mixed = await run(['kiali-secret', '--all', '--spec', 'm.yaml', '--cluster', 'x'], dir);
    expect(mixed.code).toBe(2);
    expect(mixed.err).toContain('--all takes each cluster and context from the spec; drop --cluster');
  });

  describe('--all', () => {
    function setup(kiali: object | undefined): { dir: string; kc: string; spec: string } {
      const dir = tempDir();
      const input = meshInput([
        { name: 'cluster1', network: 'network1', role: 'primary', address: '10.0.0.1' },
        { name: 'cluster2', network: 'network2', role: 'remote', primary: 'cluster1' },
        { name: 'cluster3', network: 'network1', role: 'primary', address: '10.0.0.3' },
      ]);
      input.spec.clusters.forEach((c: any, i: number) => { c.context = `kind-c${i + 1}`; });
      if (kiali) input.spec.kiali = kiali;
      const spec = path.join(dir, 'mesh.yaml');
      fs.writeFileSync(spec, YAML.stringify(input));
      const kc = writeKubeconfig(dir, servers.map((s, i) => ({ name: `kind-c${i + 1}`, server: s.url, auth: 'token' as const })));
      return { dir, kc, spec };
    }

    test('GIVEN spec.kiali on cluster3 THEN one secret per other cluster is written under cluster3/, mode 0600, each token read once, never the Kiali cluster\'s', async () => {
      const { dir, kc, spec } = setup({ cluster: 'cluster3' });
      const before = servers.map((s) => s.requests.length);
      const r = await run(['kiali-secret', '--all', '--spec', spec, '--kubeconfig', kc], dir);
      expect(r.code).toBe(0);
      expect(r.out).toBe('');
      const out = path.join(dir, '.meshgen', 'secrets');
      expect(listFiles(out)).toEqual(['.gitignore', 'cluster3/kiali-remote-cluster-secret-cluster1.yaml', 'cluster3/kiali-remote-cluster-secret-cluster2.yaml']);
      for (const f of listFiles(out)) expect({ f, mode: fs.statSync(path.join(out, f)).mode & 0o777 }).toEqual({ f, mode: 0o600 });
      const [s] = docs(fs.readFileSync(path.join(out, 'cluster3/kiali-remote-cluster-secret-cluster2.yaml'), 'utf8'));
      expect(s.metadata.annotations).toEqual({ 'kiali.io/cluster': 'cluster2' });
      expect(YAML.parse(s.stringData.cluster2).users[0].user.token).toBe('kiali-token-of-cluster2');
      expect(servers.map((x, i) => x.requests.length - before[i])).toEqual([1, 1, 0]);
      expect(r.err).toContain('meshgen: wrote 2 Kiali secret(s) to .meshgen/secrets/ (mode 0600; keep them out of git)');
      expect(r.err).toContain('apply with: kubectl --context=kind-c3 apply -f .meshgen/secrets/cluster3/');
    });

    test('fails with one line when the spec has no spec.kiali', async () => {
      const { dir, kc, spec } = setup(undefined);
      const r = await run(['kiali-secret', '--all', '--spec', spec, '--kubeconfig', kc], dir);
      expect(r.code).toBe(1);
      expect(r.err).toBe('spec.kiali: not set, so no cluster runs Kiali and no Kiali secret is needed; add spec.kiali (see docs/bundles.md "Kiali") or drop --all\n');
      expect(fs.existsSync(path.join(dir, '.meshgen'))).toBe(false);
    });

    test('fails to write secrets inside the bundle output', async () => {
      const { dir, kc, spec } = setup({ cluster: 'cluster1' });
      const r = await run(['kiali-secret', '--all', '--spec', spec, '--kubeconfig', kc, '--secrets-out', 'dist/secrets'], dir);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^--secrets-out dist\/secrets: is inside the bundle output dist;/);
      expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
    });

    test('fails naming the spec cluster when its context is missing, writing nothing', async () => {
      const { dir, spec } = setup({ cluster: 'cluster1' });
      const kc = writeKubeconfig(dir, [{ name: 'kind-c1', server: servers[0].url, auth: 'token' }]);
      const r = await run(['kiali-secret', '--all', '--quiet', '--spec', spec, '--kubeconfig', kc], dir);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^spec\.clusters\[1\] \(cluster2, context kind-c2\): kubeconfig .*: context "kind-c2" not found/);
      expect(fs.existsSync(path.join(dir, '.meshgen'))).toBe(false);
    });
  });
});
