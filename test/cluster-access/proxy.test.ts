import * as http from 'http';
import { AddressInfo } from 'net';
import { getSecret } from '../../lib/cluster-access/kube-api';
import { loadKubeconfig, resolveContext } from '../../lib/cluster-access/kubeconfig';
import { proxyFor, useProxy } from '../../lib/cluster-access/proxy';
import { tempDir } from '../helpers';
import { ADMIN_TOKEN, failure, FakeApiServer, filledTokenSecret, testPki, writeKubeconfig } from './fake-api-server';
import { FakeProxy } from './fake-proxy';

const NS = 'istio-system';
const NAME = 'istio-reader-service-account-istio-remote-secret-token';

describe('useProxy: NO_PROXY as Go\'s net/http reads it', () => {
  const bypassed = (server: string, noProxy: string) => !useProxy(new URL(server), noProxy);

  test.each([
    ['https://api.example.com', 'example.com', true],
    ['https://example.com', 'example.com', true],
    ['https://notexample.com', 'example.com', false],
    ['https://api.example.com', '.example.com', true],
    ['https://example.com', '.example.com', false],
    ['https://api.example.com', '*.example.com', true],
    ['https://a.b.example.com:6443', 'example.com:6443', true],
    ['https://a.example.com:6443', 'example.com:443', false],
    ['https://API.Example.COM', 'example.com', true],
    ['https://10.1.2.3:6443', '10.0.0.0/8', true],
    ['https://11.1.2.3:6443', '10.0.0.0/8', false],
    ['https://10.1.2.3:6443', '10.1.2.3', true],
    ['https://10.1.2.3:6443', '10.1.2.3:6443', true],
    ['https://10.1.2.3:6443', '10.1.2.3:443', false],
    ['https://10.1.2.3', '10.1.2.3:443', true],
    ['https://[fd00::1]:6443', 'fd00::/8', true],
    ['https://[fd00::1]:6443', '[fd00::1]:6443', true],
    ['https://10.1.2.3', 'example.com, 10.1.2.3 ,other', true],
    ['https://10.1.2.3', '3', false],
    ['https://anything.example.org', '*', true],
    ['https://localhost:6443', '', true],
    ['https://127.0.0.5:6443', '', true],
    ['https://[::1]:6443', '', true],
    ['https://api.example.com', '', false],
  ])('%s with NO_PROXY=%j: bypassed %s', (server, noProxy, expected) => {
    expect(bypassed(server, noProxy)).toBe(expected);
  });
});

describe('proxyFor: proxy-url, else the environment', () => {
  test('GIVEN proxy-url THEN it is used whatever NO_PROXY says (client-go\'s http.ProxyURL)', () => {
    const p = proxyFor('https://127.0.0.1:6443', new URL('http://proxy:3128'), 'c1', { NO_PROXY: '*' });
    expect(p).toEqual({ url: new URL('http://proxy:3128'), source: 'proxy-url of cluster "c1"' });
  });

  test('GIVEN HTTPS_PROXY and https_proxy THEN the upper-case one wins; a value without a scheme is http://; HTTP_PROXY is only for http:// servers', () => {
    expect(proxyFor('https://k.example.com', undefined, 'c', { HTTPS_PROXY: 'proxy:3128', https_proxy: 'http://other:1' })).toEqual({ url: new URL('http://proxy:3128'), source: 'HTTPS_PROXY' });
    expect(proxyFor('https://k.example.com', undefined, 'c', { https_proxy: 'http://other:1' })?.source).toBe('https_proxy');
    expect(proxyFor('https://k.example.com', undefined, 'c', { HTTP_PROXY: 'http://p:1' })).toBeUndefined();
    expect(proxyFor('http://k.example.com', undefined, 'c', { HTTP_PROXY: 'http://p:1' })?.source).toBe('HTTP_PROXY');
    expect(proxyFor('https://k.example.com', undefined, 'c', { HTTPS_PROXY: 'http://p:1', no_proxy: '.example.com' })).toBeUndefined();
  });

  test('fails with one line on a SOCKS proxy (proxy-url or environment) and on a proxy-url that is not a URL', async () => {
    expect(() => proxyFor('https://k', undefined, 'c', { HTTPS_PROXY: 'socks5://127.0.0.1:1080' }))
      .toThrow('HTTPS_PROXY socks5://127.0.0.1:1080: meshgen reaches API servers through HTTP CONNECT proxies only, not SOCKS; use an http:// proxy, or open a tunnel yourself and point the kubeconfig\'s server at it');
    const dir = tempDir();
    // A kubeconfig proxy-url meshgen cannot use only fails the API request (--token-file needs none).
    const socks = writeKubeconfig(dir, [{ name: 'c', server: 'https://k', auth: 'token', cluster: { 'proxy-url': 'socks5://user:pw@bastion:1080' } }]);
    expect(resolveContext(loadKubeconfig([socks], dir)).problem).toMatch(/^kubeconfig \S+: cluster "c-cluster": proxy-url socks5:\/\/bastion:1080: meshgen reaches API servers through HTTP CONNECT proxies only, not SOCKS; /);
    await expect(getSecret(resolveContext(loadKubeconfig([socks], dir)), NS, NAME, { env: {} })).rejects.toThrow(/proxy-url socks5:\/\/bastion:1080: meshgen reaches API servers through HTTP CONNECT proxies only/);
    const bad = writeKubeconfig(dir, [{ name: 'c', server: 'https://k', auth: 'token', cluster: { 'proxy-url': 'not a url' } }]);
    expect(resolveContext(loadKubeconfig([bad], dir)).problem).toMatch(/cluster "c-cluster": proxy-url "not a url" is not a URL; set it to the proxy's address/);
  });
});

describe('getSecret through an HTTP CONNECT proxy (fake proxy and fake API server on 127.0.0.1)', () => {
  const server = new FakeApiServer();
  const proxy = new FakeProxy();
  let dir: string;
  let apiPort: number;
  beforeAll(async () => {
    await server.start();
    await proxy.start();
    server.secrets.set(`${NS}/${NAME}`, filledTokenSecret('reader-token', testPki().caPem));
    apiPort = Number(new URL(server.url).port);
    // Every name the proxy is asked for is the fake API server.
    proxy.route = () => ({ host: '127.0.0.1', port: apiPort });
    dir = tempDir();
  });
  afterAll(async () => {
    await proxy.stop();
    await server.stop();
  });
  beforeEach(() => {
    proxy.requests.length = 0;
    proxy.authorizations.length = 0;
    proxy.requireAuth = undefined;
    server.requests.length = 0;
  });

  /** A cluster at a name only the proxy resolves; the server certificate is checked against localhost. */
  const remote = (extra: object = {}) => resolveContext(loadKubeconfig([writeKubeconfig(dir, [{
    name: 'gke', server: `https://kube.example.test:${apiPort}`, auth: 'token', cluster: { 'tls-server-name': 'localhost', ...extra },
  }])], dir));

  test('GIVEN HTTPS_PROXY THEN the GET goes through a CONNECT tunnel, TLS verified end to end, the token never seen by the proxy', async () => {
    const secret = await getSecret(remote(), NS, NAME, { env: { HTTPS_PROXY: proxy.url } });
    expect(secret?.metadata?.name).toBe(NAME);
    expect(proxy.requests).toEqual([`CONNECT kube.example.test:${apiPort}`]);
    expect(server.requests).toEqual([{ method: 'GET', path: `/api/v1/namespaces/${NS}/secrets/${NAME}`, auth: 'bearer' }]);
  });

  test('GIVEN proxy-url with credentials THEN it is used and sends Proxy-Authorization', async () => {
    proxy.requireAuth = `Basic ${Buffer.from('alice:s3cret').toString('base64')}`;
    const withAuth = proxy.url.replace('http://', 'http://alice:s3cret@');
    expect((await getSecret(remote({ 'proxy-url': withAuth }), NS, NAME, { env: {} }))?.metadata?.name).toBe(NAME);
    expect(proxy.authorizations).toEqual([proxy.requireAuth]);
  });

  test('GIVEN a proxy that answers 407 THEN one line naming the proxy (without its password) and where it was set', async () => {
    proxy.requireAuth = 'Basic other';
    const e = await failure(getSecret(remote(), NS, NAME, { env: { https_proxy: proxy.url.replace('http://', 'http://bob:pw-in-url@') } }));
    expect(e.message).toBe(`the proxy ${proxy.url} (https_proxy) answered 407 Proxy Authentication Required to CONNECT kube.example.test:${apiPort}; give the proxy's credentials in its URL (http://user:password@host:port)`);
    expect(server.requests).toEqual([]);
  });

  test('GIVEN NO_PROXY matching the server THEN the proxy is not used: a CIDR, and loopback always', async () => {
    // 0.0.0.0 reaches the local fake server but is not loopback, so only NO_PROXY exempts it.
    const direct = (server0: string) => resolveContext(loadKubeconfig([writeKubeconfig(dir, [{ name: 'd', server: server0, auth: 'token', cluster: { 'tls-server-name': 'localhost' } }])], dir));
    expect((await getSecret(direct(`https://0.0.0.0:${apiPort}`), NS, NAME, { env: { HTTPS_PROXY: proxy.url, NO_PROXY: 'example.com,0.0.0.0/8' } }))?.metadata?.name).toBe(NAME);
    expect((await getSecret(direct(server.url), NS, NAME, { env: { HTTPS_PROXY: proxy.url } }))?.metadata?.name).toBe(NAME);
    expect(proxy.requests).toEqual([]);
    expect((await getSecret(direct(`https://0.0.0.0:${apiPort}`), NS, NAME, { env: { HTTPS_PROXY: proxy.url, NO_PROXY: 'example.com' } }))?.metadata?.name).toBe(NAME);
    expect(proxy.requests).toEqual([`CONNECT 0.0.0.0:${apiPort}`]);
  });

  test('GIVEN a proxy that is down THEN one line naming it and the variable', async () => {
    const down = http.createServer();
    await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(down.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => down.close(() => resolve()));
    const e = await failure(getSecret(remote(), NS, NAME, { env: { HTTPS_PROXY: url } }));
    expect(e.message).toBe(`cannot reach the proxy ${url} (HTTPS_PROXY) (ECONNREFUSED); check the proxy address, or unset it for this server (NO_PROXY)`);
  });

  test('GIVEN a server certificate that does not match THEN the tunnel does not weaken TLS', async () => {
    const e = await failure(getSecret(remote({ 'tls-server-name': 'other.example' }), NS, NAME, { env: { HTTPS_PROXY: proxy.url } }));
    expect(e.message).toMatch(/^cannot verify the API server https:\/\/kube\.example\.test:\d+ \(context "gke"\) through the proxy http:\/\/127\.0\.0\.1:\d+ \(HTTPS_PROXY\) \(ERR_TLS_CERT_ALTNAME_INVALID\)/);
    expect(e.message).not.toContain(ADMIN_TOKEN);
  });

  test('GIVEN an http:// server with --insecure and HTTP_PROXY THEN the request goes to the proxy with the absolute URL', async () => {
    const plain = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(filledTokenSecret('t', testPki().caPem))));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const port = (plain.address() as AddressInfo).port;
    proxy.route = () => ({ host: '127.0.0.1', port });
    try {
      const conn = resolveContext(loadKubeconfig([writeKubeconfig(dir, [{ name: 'p', server: `http://kube.example.test:${port}`, auth: 'token' }])], dir));
      expect((await getSecret(conn, NS, NAME, { env: { HTTP_PROXY: proxy.url }, insecure: true }))?.metadata?.name).toBe(NAME);
      expect(proxy.requests).toEqual([`GET http://kube.example.test:${port}/api/v1/namespaces/${NS}/secrets/${NAME}`]);
    } finally {
      proxy.route = () => ({ host: '127.0.0.1', port: apiPort });
      await new Promise<void>((resolve) => plain.close(() => resolve()));
    }
  });
});
