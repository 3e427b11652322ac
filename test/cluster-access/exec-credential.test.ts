import * as fs from 'fs';
import * as path from 'path';
import { execInfo, parseExecCredential, parseExecPlugin, runExecPlugin } from '../../lib/cluster-access/exec-credential';
import { getSecret } from '../../lib/cluster-access/kube-api';
import { loadKubeconfig, resolveContext } from '../../lib/cluster-access/kubeconfig';
import { MeshgenError } from '../../lib/errors';
import { ROOT, tempDir } from '../helpers';
import { ADMIN_TOKEN, failure, FakeApiServer, filledTokenSecret, testPki, writeKubeconfig } from './fake-api-server';

/** The fake plugin (test/fixtures/exec-plugin/fake-plugin.js), executable, run through `#!/usr/bin/env node`. */
const PLUGIN = path.join(ROOT, 'test', 'fixtures', 'exec-plugin', 'fake-plugin.js');
const V1 = 'client.authentication.k8s.io/v1';
const V1BETA1 = 'client.authentication.k8s.io/v1beta1';
const NS = 'istio-system';
const NAME = 'istio-reader-service-account-istio-remote-secret-token';
/** What meshgen's environment holds: PATH, so that `env node` finds node. */
const ENV = { PATH: process.env.PATH, FAKE_INHERITED: 'from-meshgen' };

function exec(args: string[], extra: object = {}): object {
  return { exec: { apiVersion: V1, command: PLUGIN, args, interactiveMode: 'Never', ...extra } };
}

describe('parseExecPlugin: the exec of a kubeconfig user, checked as kubectl checks it', () => {
  const where = 'kubeconfig kc';
  test('GIVEN a command with a slash THEN it is relative to the kubeconfig directory; a bare name is left for PATH', () => {
    expect(parseExecPlugin({ apiVersion: V1, command: './bin/plugin', interactiveMode: 'Never' }, 'u', '/home/jane/.kube', where).resolvedCommand).toBe('/home/jane/.kube/bin/plugin');
    expect(parseExecPlugin({ apiVersion: V1, command: '/usr/bin/aws', interactiveMode: 'Never' }, 'u', '/x', where).resolvedCommand).toBe('/usr/bin/aws');
    expect(parseExecPlugin({ apiVersion: V1, command: 'gke-gcloud-auth-plugin', interactiveMode: 'Never' }, 'u', '/x', where).resolvedCommand).toBe('gke-gcloud-auth-plugin');
  });

  test('GIVEN v1beta1 without interactiveMode THEN it defaults to IfAvailable; v1 requires it, as kubectl', () => {
    expect(parseExecPlugin({ apiVersion: V1BETA1, command: 'aws' }, 'u', '/', where).interactiveMode).toBe('IfAvailable');
    expect(() => parseExecPlugin({ apiVersion: V1, command: 'aws' }, 'u', '/', where))
      .toThrow('kubeconfig kc: user "u" exec.interactiveMode: must be specified for client.authentication.k8s.io/v1 plugins (as kubectl requires); add interactiveMode: Never to the user\'s exec');
  });

  test.each([
    [{ apiVersion: V1, command: 'kubelogin', interactiveMode: 'Always' }, /^kubeconfig kc: user "u" exec: plugin kubelogin has interactiveMode: Always \(it prompts on a terminal\) and meshgen never prompts; /],
    [{ apiVersion: V1, command: 'x', interactiveMode: 'Sometimes' }, /exec\.interactiveMode: "Sometimes" is not one of Never, IfAvailable, Always/],
    [{ apiVersion: 'client.authentication.k8s.io/v1alpha1', command: 'x' }, /exec\.apiVersion: "client\.authentication\.k8s\.io\/v1alpha1"; kubectl runs client\.authentication\.k8s\.io\/v1 and client\.authentication\.k8s\.io\/v1beta1 plugins/],
    [{ command: 'x' }, /exec\.apiVersion: missing; /],
    [{ apiVersion: V1, interactiveMode: 'Never' }, /exec\.command: missing; /],
    [{ apiVersion: V1, command: 'x', interactiveMode: 'Never', args: 'get-token' }, /exec\.args: must be a list of strings/],
    [{ apiVersion: V1, command: 'x', interactiveMode: 'Never', env: [{ value: 'v' }] }, /exec\.env: must be a list of \{name, value\}/],
  ])('fails with one line on %j', (execConfig, message) => {
    let e: unknown;
    try { parseExecPlugin(execConfig, 'u', '/', where); } catch (x) { e = x; }
    expect(e).toBeInstanceOf(MeshgenError);
    expect((e as Error).message).toMatch(message);
    expect((e as Error).message.split('\n')).toHaveLength(1);
  });

  test('GIVEN provideClusterInfo THEN KUBERNETES_EXEC_INFO carries the cluster (CA as base64 bytes, the exec extension as config); else only spec.interactive false', () => {
    const plugin = parseExecPlugin({ apiVersion: V1, command: 'x', interactiveMode: 'IfAvailable', provideClusterInfo: true }, 'u', '/', where);
    const cluster = { server: 'https://k', 'tls-server-name': 'k.internal', 'certificate-authority-data': Buffer.from('PEM'), 'proxy-url': 'http://p:3128', config: { audience: 'a' } };
    expect(JSON.parse(execInfo(plugin, cluster))).toEqual({
      kind: 'ExecCredential', apiVersion: V1,
      spec: { interactive: false, cluster: { server: 'https://k', 'tls-server-name': 'k.internal', 'certificate-authority-data': 'UEVN', 'proxy-url': 'http://p:3128', config: { audience: 'a' } } },
    });
    expect(JSON.parse(execInfo({ ...plugin, provideClusterInfo: false }, cluster))).toEqual({ kind: 'ExecCredential', apiVersion: V1, spec: { interactive: false } });
  });
});

describe('parseExecCredential: what client-go accepts from a plugin', () => {
  const cred = (status: unknown, apiVersion = V1) => JSON.stringify({ kind: 'ExecCredential', apiVersion, status });
  test('GIVEN a token or a certificate and key THEN they are returned; expirationTimestamp is ignored', () => {
    expect(parseExecCredential(cred({ token: 't', expirationTimestamp: '2000-01-01T00:00:00Z' }), V1)).toEqual({ token: 't' });
    expect(parseExecCredential(cred({ clientCertificateData: 'C', clientKeyData: 'K' }), V1)).toEqual({ clientCertificate: Buffer.from('C'), clientKey: Buffer.from('K') });
  });

  test.each([
    ['token: abc', /its output is not JSON/],
    [JSON.stringify({ kind: 'Secret' }), /printed "Secret" instead of an ExecCredential/],
    [cred({ token: 't' }, V1BETA1), /is configured to use API version client\.authentication\.k8s\.io\/v1, plugin returned version "client\.authentication\.k8s\.io\/v1beta1"/],
    [JSON.stringify({ kind: 'ExecCredential', apiVersion: V1 }), /didn't return a status field/],
    [cred({}), /didn't return a token or cert\/key pair/],
    [cred({ clientKeyData: 'secret-key' }), /returned only certificate or key, not both/],
  ])('fails on %s without quoting the output', (stdout, message) => {
    let e: unknown;
    try { parseExecCredential(stdout, V1); } catch (x) { e = x; }
    expect((e as Error).message).toMatch(message);
    expect((e as Error).message).not.toContain('abc');
    expect((e as Error).message).not.toContain('secret-key');
  });
});

describe('runExecPlugin: the fake plugin script', () => {
  let dir: string;
  beforeAll(() => { dir = tempDir(); });
  const plugin = (args: string[], extra: object = {}) => parseExecPlugin((exec(args, extra) as any).exec, 'gke-user', dir, 'kubeconfig kc');

  test('GIVEN args and env THEN it runs with meshgen\'s environment plus the kubeconfig\'s env and KUBERNETES_EXEC_INFO', async () => {
    const record = path.join(dir, 'record.jsonl');
    const p = plugin(['token', 'tok-123'], { env: [{ name: 'FAKE_TOKEN', value: 'tok-123' }, { name: 'FAKE_FROM_KUBECONFIG', value: 'yes' }, { name: 'FAKE_PLUGIN_RECORD', value: record }, { name: 'FAKE_INHERITED', value: 'overridden' }] });
    expect(await runExecPlugin(p, { env: ENV, context: 'gke' })).toEqual({ token: 'tok-123' });
    const [run] = fs.readFileSync(record, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(run).toEqual({ args: ['token', 'tok-123'], info: { kind: 'ExecCredential', apiVersion: V1, spec: { interactive: false } }, fromKubeconfig: 'yes', inherited: 'overridden' });
  });

  test('GIVEN a plugin that fails THEN one line: the command, its exit code, a short escaped stderr line with the token redacted, and the installHint', async () => {
    const p = plugin(['fail'], { installHint: 'Install gke-gcloud-auth-plugin:\n  gcloud components install gke-gcloud-auth-plugin\n' });
    const e = await failure(runExecPlugin(p, { env: ENV, context: 'gke' }));
    expect(e.message).toBe(
      `context "gke": exec plugin ${PLUGIN} (user "gke-user") failed with exit code 3 (stderr: error: token expired: Bearer [redacted] please run: gcloud auth login); ` +
      'run it yourself to see why (often: log in again with your cloud\'s CLI); Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin',
    );
    expect(e.message).not.toContain('eyJ');
  });

  test('GIVEN a command that is not on PATH or not at its path THEN one line saying where it was looked for, with the installHint', async () => {
    const bare = parseExecPlugin({ apiVersion: V1, command: 'meshgen-test-no-such-plugin', interactiveMode: 'Never', installHint: 'brew install it' }, 'u', dir, 'kc');
    expect((await failure(runExecPlugin(bare, { env: ENV, context: 'eks' }))).message)
      .toBe('context "eks": exec plugin meshgen-test-no-such-plugin (user "u") not found on PATH; install it or fix the user\'s exec command in the kubeconfig; brew install it');
    const relative = parseExecPlugin({ apiVersion: V1, command: './bin/missing', interactiveMode: 'Never' }, 'u', dir, 'kc');
    expect((await failure(runExecPlugin(relative, { env: ENV, context: 'eks' }))).message).toContain(`not found at ${path.join(dir, 'bin', 'missing')};`);
  });

  test('GIVEN a plugin that does not finish THEN it is killed at the timeout, with one line', async () => {
    const e = await failure(runExecPlugin(plugin(['hang']), { env: ENV, context: 'aks', timeoutMs: 1500 }));
    expect(e.message).toMatch(/^context "aks": exec plugin \S+ \(user "gke-user"\) did not finish within 2 s; run it yourself/);
  });

  test('GIVEN a plugin answering with another apiVersion, or not JSON THEN one line, no output quoted', async () => {
    expect((await failure(runExecPlugin(plugin(['wrong-version']), { env: ENV, context: 'c' }))).message).toContain('plugin returned version "client.authentication.k8s.io/v1alpha1"');
    const notJson = await failure(runExecPlugin(plugin(['not-json']), { env: ENV, context: 'c' }));
    expect(notJson.message).toContain('did not print an ExecCredential (its output is not JSON)');
    expect(notJson.message).not.toContain(ADMIN_TOKEN);
  });
});

describe('getSecret with an exec-plugin user against the fake API server', () => {
  const server = new FakeApiServer();
  let dir: string;
  beforeAll(async () => {
    await server.start();
    server.secrets.set(`${NS}/${NAME}`, filledTokenSecret('reader-token', testPki().caPem));
    dir = tempDir();
  });
  afterAll(() => server.stop());
  beforeEach(() => { server.requests.length = 0; });

  test('GIVEN a plugin returning a token (v1) THEN the GET carries it as a bearer token', async () => {
    const kc = writeKubeconfig(dir, [{ name: 'gke', server: server.url, auth: 'exec', user: exec(['token']) }]);
    const secret = await getSecret(resolveContext(loadKubeconfig([kc], dir)), NS, NAME, { env: ENV });
    expect(secret?.metadata?.name).toBe(NAME);
    expect(server.requests.map((r) => r.auth)).toEqual(['bearer']);
  });

  test('GIVEN a plugin returning a client certificate (v1beta1, relative command, provideClusterInfo) THEN the GET authenticates with it', async () => {
    fs.copyFileSync(PLUGIN, path.join(dir, 'plugin.js'));
    fs.chmodSync(path.join(dir, 'plugin.js'), 0o755);
    const record = path.join(dir, 'cert-record.jsonl');
    const user = { exec: { apiVersion: V1BETA1, command: './plugin.js', args: ['cert'], provideClusterInfo: true, env: [
      { name: 'FAKE_CERT', value: path.join(ROOT, 'test/fixtures/kube-api/client-cert.pem') },
      { name: 'FAKE_KEY', value: path.join(ROOT, 'test/fixtures/kube-api/client-key.pem') },
      { name: 'FAKE_PLUGIN_RECORD', value: record },
    ] } };
    const kc = writeKubeconfig(dir, [{ name: 'eks', server: server.url, auth: 'exec', user, cluster: { extensions: [{ name: 'client.authentication.k8s.io/exec', extension: { audience: 'meshgen' } }] } }]);
    const secret = await getSecret(resolveContext(loadKubeconfig([kc], dir)), NS, NAME, { env: ENV });
    expect(secret?.metadata?.name).toBe(NAME);
    expect(server.requests.map((r) => r.auth)).toEqual(['client-cert']);
    const [run] = fs.readFileSync(record, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(run.info).toEqual({
      kind: 'ExecCredential', apiVersion: V1BETA1,
      spec: { interactive: false, cluster: { server: server.url, 'certificate-authority-data': Buffer.from(testPki().caPem).toString('base64'), config: { audience: 'meshgen' } } },
    });
  });

  test('GIVEN a plugin whose token the server rejects THEN the 401 line names the context, and never the token', async () => {
    const kc = writeKubeconfig(dir, [{ name: 'aks', server: server.url, auth: 'exec', user: exec(['token'], { env: [{ name: 'FAKE_TOKEN', value: 'expired-token-from-plugin' }] }) }]);
    const e = await failure(getSecret(resolveContext(loadKubeconfig([kc], dir)), NS, NAME, { env: ENV }));
    expect(e.message).toMatch(/^the API server https:\/\/127\.0\.0\.1:\d+ \(context "aks"\) rejected the kubeconfig's credentials \(401 Unauthorized\)/);
    expect(e.message).not.toContain('expired-token-from-plugin');
  });

  test('GIVEN a server that echoes the request THEN the plugin\'s token is redacted from the 403 line', async () => {
    server.handler = (req, res) => res.writeHead(403, { 'Content-Type': 'application/json' }).end(JSON.stringify({ kind: 'Status', message: `denied ${req.headers.authorization} token=plugin-token-42` }));
    try {
      const kc = writeKubeconfig(dir, [{ name: 'gke', server: server.url, auth: 'exec', user: exec(['token'], { env: [{ name: 'FAKE_TOKEN', value: 'plugin-token-42' }] }) }]);
      const e = await failure(getSecret(resolveContext(loadKubeconfig([kc], dir)), NS, NAME, { env: ENV }));
      expect(e.message).toContain('403 Forbidden: denied Bearer [redacted] token=[redacted]');
      expect(e.message).not.toContain('plugin-token-42');
    } finally {
      server.handler = undefined;
    }
  });

  test('GIVEN a static token beside the exec THEN the token is used and the plugin never runs', async () => {
    const kc = writeKubeconfig(dir, [{ name: 'both', server: server.url, auth: 'exec', user: { token: ADMIN_TOKEN, ...exec(['fail']) } }]);
    const conn = resolveContext(loadKubeconfig([kc], dir));
    expect(conn.exec).toBeUndefined();
    expect((await getSecret(conn, NS, NAME, { env: ENV }))?.metadata?.name).toBe(NAME);
  });

  test('GIVEN a plugin that fails THEN nothing is sent to the server', async () => {
    const kc = writeKubeconfig(dir, [{ name: 'gke', server: server.url, auth: 'exec', user: exec(['fail']) }]);
    const e = await failure(getSecret(resolveContext(loadKubeconfig([kc], dir)), NS, NAME, { env: ENV }));
    expect(e.message).toMatch(/^context "gke": exec plugin .* failed with exit code 3/);
    expect(server.requests).toEqual([]);
  });
});
