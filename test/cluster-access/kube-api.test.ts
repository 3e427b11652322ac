import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as YAML from 'yaml';
import { runCli } from '../../lib/cli';
import { CliIO } from '../../lib/cli/io';
import { loadKubeconfig, resolveContext } from '../../lib/cluster-access/kubeconfig';
import { getSecret, sanitizeServerText } from '../../lib/cluster-access/kube-api';
import { tempDir } from '../helpers';
import { ADMIN_TOKEN, failure, FakeApiServer, filledTokenSecret, testPki, writeKubeconfig } from './fake-api-server';

const NS = 'istio-system';
const NAME = 'istio-reader-service-account-istio-remote-secret-token';

async function run(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => { out += t; }, err: (t) => { err += t; }, cwd, env: {} };
  const code = await runCli(args, io);
  return { code, out, err };
}

/** A kubeconfig for `server`, with the cluster entry changed by `edit`. */
function kubeconfig(dir: string, server: string, edit: (cluster: any) => void = () => undefined): string {
  const file = writeKubeconfig(dir, [{ name: 'ctx', server, auth: 'token' }]);
  const doc = YAML.parse(fs.readFileSync(file, 'utf8'));
  edit(doc.clusters[0].cluster);
  fs.writeFileSync(file, YAML.stringify(doc));
  return file;
}

describe('getSecret against hostile or broken servers', () => {
  const server = new FakeApiServer();
  let dir: string;
  beforeAll(async () => {
    await server.start();
    dir = tempDir();
  });
  afterAll(() => server.stop());
  afterEach(() => { server.handler = undefined; });
  const conn = () => resolveContext(loadKubeconfig([kubeconfig(dir, server.url)], '/'));

  test('fails on an answer over the size cap, announced by Content-Length, before reading it', async () => {
    server.handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(700 * 1024 * 1024) });
      res.write('{"data":{');
    };
    const e = await failure(getSecret(conn(), NS, NAME, { deadlineMs: 10_000 }));
    expect(e.message).toMatch(/answered GET secret istio-system\/\S+ with more than 1048576 bytes; a token Secret is a few KiB/);
  });

  test('fails on a chunked answer that grows over the cap, without holding it', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    server.handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const more = () => {
        while (sent < 8 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end();
      };
      res.on('error', () => undefined);
      more();
    };
    const e = await failure(getSecret(conn(), NS, NAME, { deadlineMs: 10_000, maxBytes: 256 * 1024 }));
    expect(e.message).toContain('with more than 262144 bytes');
    expect(sent).toBeLessThan(8 * 1024 * 1024);
  });

  test('fails at the deadline on a server that trickles a byte at a time (the idle timeout never fires)', async () => {
    let timer: NodeJS.Timeout | undefined;
    server.handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      timer = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(timer));
    };
    const e = await failure(getSecret(conn(), NS, NAME, { timeoutMs: 10_000, deadlineMs: 600 }));
    clearInterval(timer);
    expect(e.message).toMatch(/^the API server https:\/\/127\.0\.0\.1:\d+ \(context "ctx"\) did not answer GET secret istio-system\/\S+ within 1 s; check the server with: kubectl --context=ctx get --raw \/readyz$/);
  });

  test('fails with one sanitised line when the server echoes the request, bearer token included, with newlines and escapes', async () => {
    server.handler = (req, res) => {
      const echo = `\u001b[31mforbidden\u001b[0m\nrequest headers:\n${Object.entries(req.headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\n\u001b]0;title\u0007${'x'.repeat(5 * 1024 * 1024)}`;
      res.writeHead(403, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', message: echo }));
    };
    const e = await failure(getSecret(conn(), NS, NAME, { maxBytes: 8 * 1024 * 1024 }));
    expect(e.message).not.toContain(ADMIN_TOKEN);
    expect(e.message).not.toMatch(/[\u0000-\u001f\u007f]/);
    expect(e.message.split('\n')).toHaveLength(1);
    expect(e.message.length).toBeLessThan(500);
    expect(e.message).toContain('403 Forbidden: forbidden request headers: ');
    expect(e.message).toMatch(/authorization: Bearer \[redacted\]/);
  });

  test('fails with one line on a multi-line, non-JSON error body', async () => {
    server.handler = (_req, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html' });
      res.end('<html>\n<body>\n\u001b[2JBad gateway\n</body>\n</html>\n');
    };
    const e = await failure(getSecret(conn(), NS, NAME));
    expect(e.message).toMatch(/answered 502 to GET secret istio-system\/\S+ \(<html> <body> Bad gateway <\/body> <\/html>\); check the server/);
  });

  test('THEN a token echoed inside other text, or split by an escape sequence, is redacted too', () => {
    const c = conn();
    expect(sanitizeServerText(`token=${ADMIN_TOKEN};`, c)).toBe('token=[redacted];');
    expect(sanitizeServerText(`${ADMIN_TOKEN.slice(0, 5)}\u001b[0m${ADMIN_TOKEN.slice(5)}`, c)).toBe('[redacted]');
    expect(sanitizeServerText('Authorization: Basic dXNlcjpwYXNz', c)).toBe('Authorization: Basic [redacted]');
  });
});

describe('remote-secret and kiali-secret refuse an unverified or cleartext API server', () => {
  const server = new FakeApiServer();
  let plain: http.Server;
  let plainHits = 0;
  let dir: string;
  beforeAll(async () => {
    await server.start();
    server.secrets.set(`${NS}/${NAME}`, filledTokenSecret('reader-token', testPki().caPem));
    server.secrets.set(`${NS}/kiali-remote-access`, filledTokenSecret('kiali-token', testPki().caPem, NS, 'kiali-remote-access', 'kiali-remote-access'));
    plain = http.createServer((_req, res) => {
      plainHits++;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(filledTokenSecret('reader-token', testPki().caPem)));
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    dir = tempDir();
  });
  afterAll(async () => {
    await server.stop();
    await new Promise<void>((resolve) => plain.close(() => resolve()));
  });

  const plainUrl = () => `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;

  test.each(['remote-secret', 'kiali-secret'])('fails on an http:// server with one line, sending nothing (%s)', async (command) => {
    const kc = kubeconfig(dir, plainUrl());
    const r = await run([command, '--cluster', 'cluster2', '--kubeconfig', kc], dir);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^the server of context "ctx" is http:\/\/127\.0\.0\.1:\d+, plain http: .*; give the cluster an https:\/\/ server .* or pass --insecure to accept this \(test clusters only\)\n$/);
    expect(plainHits).toBe(0);
  });

  test.each(['remote-secret', 'kiali-secret'])('fails on insecure-skip-tls-verify with one line (%s)', async (command) => {
    const kc = kubeconfig(dir, server.url, (c) => { delete c['certificate-authority-data']; c['insecure-skip-tls-verify'] = true; });
    const before = server.requests.length;
    const r = await run([command, '--cluster', 'cluster2', '--kubeconfig', kc], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^cluster "ctx-cluster" of context "ctx" sets insecure-skip-tls-verify: true: .*pass --insecure/);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expect(server.requests.length).toBe(before);
  });

  test('GIVEN --insecure THEN it reads the secret and warns on stderr, even with --quiet', async () => {
    const kc = kubeconfig(dir, server.url, (c) => { delete c['certificate-authority-data']; c['insecure-skip-tls-verify'] = true; });
    const r = await run(['remote-secret', '--cluster', 'cluster2', '--kubeconfig', kc, '--insecure', '--quiet'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain('name: istio-remote-secret-cluster2');
    expect(r.err).toBe('warning: --insecure: cluster "ctx-cluster" of context "ctx" sets insecure-skip-tls-verify: true: the API server is not verified, and the CA read from it would be trusted by istiod unchecked\n');
  });

  test('fails without printing a terminal escape held by a kubeconfig name', async () => {
    const kc = writeKubeconfig(dir, [{ name: 'ctx\u001b]0;owned\u0007\u001b[2J', server: server.url, auth: 'token' }]);
    const r = await run(['remote-secret', '--cluster', 'cluster2', '--kubeconfig', kc, '--context', 'other'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('context "other" not found; use one of: ctx');
    expect(r.err).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });

  test('GIVEN --insecure and an http:// server THEN it warns that the token crosses in clear text', async () => {
    const kc = kubeconfig(dir, plainUrl());
    const r = await run(['remote-secret', '--cluster', 'cluster2', '--kubeconfig', kc, '--insecure'], dir);
    expect(r.code).toBe(0);
    expect(r.err).toContain('warning: --insecure: the server of context "ctx" is http://127.0.0.1:');
    expect(plainHits).toBe(1);
  });
});
