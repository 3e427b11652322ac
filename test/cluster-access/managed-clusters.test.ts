import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { runCli } from '../../lib/cli';
import { CliIO } from '../../lib/cli/io';
import { docs, listFiles, meshInput, ROOT, tempDir } from '../helpers';
import { ADMIN_TOKEN, FakeApiServer, filledTokenSecret, testPki, writeKubeconfig } from './fake-api-server';
import { FakeProxy } from './fake-proxy';

/*
 * `remote-secret --all` and `kiali-secret --all` against managed clusters: users that log
 * in through exec credential plugins (GKE, EKS, AKS), API servers behind a proxy, and
 * reader tokens from one file per cluster. Three fake API servers on 127.0.0.1, the fake
 * plugin script of test/fixtures/exec-plugin, a fake CONNECT proxy; no network.
 */

const PLUGIN = path.join(ROOT, 'test', 'fixtures', 'exec-plugin', 'fake-plugin.js');
const TOKEN_SECRET = 'istio-system/istio-reader-service-account-istio-remote-secret-token';
const KIALI_SECRET = 'istio-system/kiali-remote-access';

async function run(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => { out += t; }, err: (t) => { err += t; }, cwd, env };
  const code = await runCli(args, io);
  return { code, out, err };
}

/** The users of three managed clusters, each through the fake plugin, shaped like the clouds' own kubeconfigs. */
const USERS = [
  // gcloud container clusters get-credentials
  { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: PLUGIN, args: ['token'], provideClusterInfo: true, installHint: 'Install gke-gcloud-auth-plugin for use with kubectl by following https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin' } },
  // aws eks update-kubeconfig
  { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: PLUGIN, args: ['token', '--region', 'eu-west-1', 'eks', 'get-token', '--cluster-name', 'c2'], env: [{ name: 'AWS_PROFILE', value: 'prod' }], interactiveMode: 'IfAvailable' } },
  // kubelogin convert-kubeconfig -l azurecli
  { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: PLUGIN, args: ['token', 'get-token', '--login', 'azurecli', '--server-id', '6dae42f8'], interactiveMode: 'Never' } },
];

describe('managed clusters: --all with exec plugins, proxies and --token-file patterns', () => {
  const servers = [new FakeApiServer(), new FakeApiServer(), new FakeApiServer()];
  const env = { PATH: process.env.PATH };
  beforeAll(async () => {
    for (const [i, s] of servers.entries()) {
      await s.start();
      s.secrets.set(TOKEN_SECRET, filledTokenSecret(`reader-token-of-cluster${i + 1}`, testPki().caPem));
      s.secrets.set(KIALI_SECRET, filledTokenSecret(`kiali-token-of-cluster${i + 1}`, testPki().caPem, 'istio-system', 'kiali-remote-access', 'kiali-remote-access'));
    }
  });
  afterAll(() => Promise.all(servers.map((s) => s.stop())));
  beforeEach(() => servers.forEach((s) => { s.requests.length = 0; }));

  /** Multi-primary on three clusters, contexts gke/eks/aks, Kiali on cluster1. */
  function setup(users: readonly object[] = USERS, cluster: (i: number) => object = () => ({})): { dir: string; kc: string; spec: string } {
    const dir = tempDir();
    const input = meshInput([
      { name: 'cluster1', network: 'network1', role: 'primary', address: '10.0.0.1' },
      { name: 'cluster2', network: 'network1', role: 'primary', address: '10.0.0.2' },
      { name: 'cluster3', network: 'network2', role: 'primary', address: '10.0.0.3' },
    ]);
    const contexts = ['gke', 'eks', 'aks'];
    input.spec.clusters.forEach((c: any, i: number) => { c.context = contexts[i]; });
    input.spec.kiali = { cluster: 'cluster1' };
    const spec = path.join(dir, 'mesh.yaml');
    fs.writeFileSync(spec, YAML.stringify(input));
    const kc = writeKubeconfig(dir, servers.map((s, i) => ({ name: contexts[i], server: s.url, auth: 'exec' as const, user: users[i], cluster: cluster(i) })));
    return { dir, kc, spec };
  }

  test('GIVEN GKE, EKS and AKS style exec users THEN remote-secret --all runs each plugin and writes the 6 secrets; no plugin token is printed', async () => {
    const { dir, kc, spec } = setup();
    const r = await run(['remote-secret', '--all', '--spec', spec, '--kubeconfig', kc], dir, env);
    expect(r.code).toBe(0);
    expect(listFiles(path.join(dir, '.meshgen', 'secrets'))).toHaveLength(7);
    expect(servers.map((s) => s.requests.map((q) => q.auth))).toEqual([['bearer'], ['bearer'], ['bearer']]);
    const [secret] = docs(fs.readFileSync(path.join(dir, '.meshgen/secrets/cluster1/istio-remote-secret-cluster3.yaml'), 'utf8'));
    expect(YAML.parse(secret.stringData.cluster3).users[0].user).toEqual({ token: 'reader-token-of-cluster3' });
    expect(r.out + r.err).not.toContain(ADMIN_TOKEN);
  });

  test('GIVEN the same users behind HTTPS_PROXY THEN kiali-secret --all tunnels every read through it', async () => {
    const proxy = await new FakeProxy().start();
    try {
      // Each context's made-up name reaches its own fake server through the proxy.
      const ports = servers.map((s) => Number(new URL(s.url).port));
      proxy.route = (_host, port) => ({ host: '127.0.0.1', port });
      const { dir, kc, spec } = setup(USERS, () => ({ 'tls-server-name': 'localhost' }));
      const doc = YAML.parse(fs.readFileSync(kc, 'utf8'));
      doc.clusters.forEach((c: any, i: number) => { c.cluster.server = `https://c${i + 1}.gke.example.test:${ports[i]}`; });
      fs.writeFileSync(kc, YAML.stringify(doc));
      const r = await run(['kiali-secret', '--all', '--spec', spec, '--kubeconfig', kc], dir, { ...env, HTTPS_PROXY: proxy.url, NO_PROXY: 'internal.example.test' });
      expect(r.code).toBe(0);
      expect(proxy.requests).toEqual([`CONNECT c2.gke.example.test:${ports[1]}`, `CONNECT c3.gke.example.test:${ports[2]}`]);
      expect(listFiles(path.join(dir, '.meshgen', 'secrets'))).toEqual(['.gitignore', 'cluster1/kiali-remote-cluster-secret-cluster2.yaml', 'cluster1/kiali-remote-cluster-secret-cluster3.yaml']);
    } finally {
      await proxy.stop();
    }
  });

  test('GIVEN --token-file with {cluster} THEN --all reads each cluster\'s token from its file and nothing from the clusters', async () => {
    const { dir, kc, spec } = setup();
    fs.mkdirSync(path.join(dir, 'tokens'));
    for (const c of ['cluster1', 'cluster2', 'cluster3']) fs.writeFileSync(path.join(dir, 'tokens', `${c}.token`), `file-token-of-${c}\n`);
    const r = await run(['remote-secret', '--all', '--spec', spec, '--kubeconfig', kc, '--token-file', 'tokens/{cluster}.token'], dir, env);
    expect(r.code).toBe(0);
    expect(servers.map((s) => s.requests.length)).toEqual([0, 0, 0]);
    const [secret] = docs(fs.readFileSync(path.join(dir, '.meshgen/secrets/cluster3/istio-remote-secret-cluster2.yaml'), 'utf8'));
    const kubeconfig = YAML.parse(secret.stringData.cluster2);
    expect(kubeconfig.users[0].user).toEqual({ token: 'file-token-of-cluster2' });
    expect(kubeconfig.clusters[0].cluster['certificate-authority-data']).toBe(Buffer.from(testPki().caPem).toString('base64'));
  });

  test('fails with exit 2 on --all --token-file without {cluster}, and exit 1 naming the spec cluster and file when one is missing', async () => {
    const { dir, kc, spec } = setup();
    const usage = await run(['remote-secret', '--all', '--spec', spec, '--kubeconfig', kc, '--token-file', 'token'], dir, env);
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('--token-file "token": with --all it names one file per cluster; put {cluster} in it, e.g. --token-file \'tokens/{cluster}.token\'');
    fs.mkdirSync(path.join(dir, 'tokens'));
    fs.writeFileSync(path.join(dir, 'tokens', 'cluster1.token'), 't1');
    const missing = await run(['remote-secret', '--all', '--quiet', '--spec', spec, '--kubeconfig', kc, '--token-file', 'tokens/{cluster}.token'], dir, env);
    expect(missing.code).toBe(1);
    expect(missing.err).toBe(
      'spec.clusters[1] (cluster2, context eks): --token-file tokens/cluster2.token: cannot read it (no such file); write the token of cluster2 into it first ' +
      "(kubectl --context=eks -n istio-system get secret istio-reader-service-account-istio-remote-secret-token -o jsonpath='{.data.token}' | base64 -d > tokens/cluster2.token)\n",
    );
  });

  test('GIVEN kiali-secret --all --token-file with {cluster} THEN each kiali-remote-access token comes from its file, nothing from the clusters', async () => {
    const { dir, kc, spec } = setup();
    fs.mkdirSync(path.join(dir, 'kiali-tokens'));
    for (const c of ['cluster2', 'cluster3']) fs.writeFileSync(path.join(dir, 'kiali-tokens', c), `kiali-file-token-of-${c}`);
    const r = await run(['kiali-secret', '--all', '--spec', spec, '--kubeconfig', kc, '--token-file', 'kiali-tokens/{cluster}'], dir, env);
    expect(r.code).toBe(0);
    expect(servers.map((s) => s.requests.length)).toEqual([0, 0, 0]);
    const [secret] = docs(fs.readFileSync(path.join(dir, '.meshgen/secrets/cluster1/kiali-remote-cluster-secret-cluster3.yaml'), 'utf8'));
    expect(YAML.parse(secret.stringData.cluster3).users[0].user).toEqual({ token: 'kiali-file-token-of-cluster3' });
    const usage = await run(['kiali-secret', '--all', '--spec', spec, '--kubeconfig', kc, '--token-file', 'kiali-tokens/one'], dir, env);
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('with --all it names one file per cluster; put {cluster} in it');
  });

  test('GIVEN a single cluster THEN --token-file may use {cluster} too', async () => {
    const { dir, kc } = setup();
    fs.writeFileSync(path.join(dir, 'cluster2.token'), 'single-token');
    const r = await run(['remote-secret', '--cluster', 'cluster2', '--context', 'eks', '--kubeconfig', kc, '--token-file', '{cluster}.token'], dir, env);
    expect(r.code).toBe(0);
    expect(YAML.parse(docs(r.out)[0].stringData.cluster2).users[0].user).toEqual({ token: 'single-token' });
  });

  test('fails with exit 1 and one line when a plugin fails: the spec cluster, the command, its exit code, its installHint; nothing written', async () => {
    const failing = [{ exec: { ...(USERS[0] as any).exec, args: ['fail'] } }, USERS[1], USERS[2]];
    const { dir, kc, spec } = setup(failing);
    const r = await run(['remote-secret', '--all', '--quiet', '--spec', spec, '--kubeconfig', kc], dir, env);
    expect(r.code).toBe(1);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(new RegExp(`^spec\\.clusters\\[0\\] \\(cluster1, context gke\\): context "gke": exec plugin ${PLUGIN.replace(/[.\\/]/g, '\\$&')} \\(user "gke-user"\\) failed with exit code 3 \\(stderr: error: token expired: Bearer \\[redacted\\] please run: gcloud auth login\\); .*; Install gke-gcloud-auth-plugin for use with kubectl`));
    expect(r.err).not.toMatch(/eyJ|\u001b/);
    expect(fs.existsSync(path.join(dir, '.meshgen'))).toBe(false);
  });

  test('fails with one line on an interactiveMode: Always plugin, before reading that cluster; --token-file needs no plugin', async () => {
    const always = [USERS[0], { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'kubelogin', args: ['get-token'], interactiveMode: 'Always' } }, USERS[2]];
    const { dir, kc, spec } = setup(always);
    const r = await run(['remote-secret', '--all', '--quiet', '--spec', spec, '--kubeconfig', kc], dir, env);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^spec\.clusters\[1\] \(cluster2, context eks\): kubeconfig \S+: user "eks-user" exec: plugin kubelogin has interactiveMode: Always \(it prompts on a terminal\) and meshgen never prompts; .*--token-file\n$/);
    expect(servers.map((s) => s.requests.length)).toEqual([1, 0, 0]);
    // With token files no plugin is needed, so the same kubeconfig works.
    for (const c of ['cluster1', 'cluster2', 'cluster3']) fs.writeFileSync(path.join(dir, `${c}.token`), `t-${c}`);
    const withFiles = await run(['remote-secret', '--all', '--quiet', '--spec', spec, '--kubeconfig', kc, '--token-file', '{cluster}.token'], dir, env);
    expect(withFiles.code).toBe(0);
  });
});
