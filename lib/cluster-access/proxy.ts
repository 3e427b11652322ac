import * as http from 'http';
import * as https from 'https';
import * as net from 'net';
import { MeshgenError } from '../errors';
import { echoValue, printableLine } from '../names/text';

/*
 * Which proxy a request to the API server goes through, decided as kubectl decides it:
 * the cluster's `proxy-url` in the kubeconfig for every request (client-go's
 * http.ProxyURL), else Go's http.ProxyFromEnvironment (golang.org/x/net/http/httpproxy):
 * HTTPS_PROXY (else https_proxy) for an https:// server, HTTP_PROXY (else http_proxy) for
 * an http:// one, a value without a scheme taken as http://; never for `localhost` or a
 * loopback address; NO_PROXY (else no_proxy): a comma-separated list of `*`, IP
 * addresses, CIDR ranges, domain names (`example.com` matches it and its subdomains,
 * `.example.com` and `*.example.com` only subdomains), each optionally with `:port`.
 * An https:// server is reached through an HTTP CONNECT tunnel, as Go does.
 */

/** The proxy a request goes through, and where that was configured (for messages). */
export interface ProxyChoice {
  readonly url: URL;
  /** `proxy-url of cluster "x"`, `HTTPS_PROXY`, `https_proxy`, `HTTP_PROXY` ... */
  readonly source: string;
}

/** The environment variables read, in Go's order of preference. */
const HTTPS_PROXY_VARS = ['HTTPS_PROXY', 'https_proxy'];
const HTTP_PROXY_VARS = ['HTTP_PROXY', 'http_proxy'];
const NO_PROXY_VARS = ['NO_PROXY', 'no_proxy'];

/**
 * Parses a kubeconfig `proxy-url`: http:// and https:// proxies are used (HTTP
 * CONNECT); socks5:// is refused with one line, as meshgen does not speak SOCKS.
 */
export function parseProxyUrl(value: unknown, where: string): URL {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || !url.hostname) {
    throw new MeshgenError(`${where}: proxy-url ${echoValue(value)} is not a URL; set it to the proxy's address, e.g. http://proxy.example.com:3128`);
  }
  checkScheme(url, `${where}: proxy-url ${displayProxy(url)}`);
  return url;
}

/** A proxy variable's value as Go reads it: a URL, or `host[:port]` taken as http://. */
function parseEnvProxy(name: string, value: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(value);
    if (!url.hostname || !/^[a-z][a-z0-9+.-]*:$/i.test(url.protocol) || !value.includes('://')) url = undefined;
  } catch {
    url = undefined;
  }
  if (!url) {
    try {
      url = new URL(`http://${value}`);
    } catch {
      throw new MeshgenError(`${name} ${echoValue(value)} is not a proxy address; set it to http://HOST:PORT or unset it`);
    }
  }
  checkScheme(url, `${name} ${displayProxy(url)}`);
  return url;
}

function checkScheme(url: URL, what: string): void {
  if (url.protocol === 'http:' || url.protocol === 'https:') return;
  if (/^socks5h?:$/.test(url.protocol)) {
    throw new MeshgenError(`${what}: meshgen reaches API servers through HTTP CONNECT proxies only, not SOCKS; use an http:// proxy, or open a tunnel yourself and point the kubeconfig's server at it`);
  }
  throw new MeshgenError(`${what}: unsupported proxy scheme ${echoValue(url.protocol.replace(/:$/, ''))}; use an http:// or https:// proxy`);
}

/** A proxy URL without its user:password, for messages. */
export function displayProxy(url: URL): string {
  return printableLine(`${url.protocol}//${url.host}`, 120);
}

/**
 * The proxy for a request to `server`: the kubeconfig cluster's `proxyUrl` when set,
 * else the environment's (undefined when none applies, or NO_PROXY exempts the server).
 */
export function proxyFor(server: string, proxyUrl: URL | undefined, clusterName: string, env: NodeJS.ProcessEnv): ProxyChoice | undefined {
  if (proxyUrl) return { url: proxyUrl, source: `proxy-url of cluster "${printableLine(clusterName, 80)}"` };
  const target = new URL(server);
  const names = target.protocol === 'https:' ? HTTPS_PROXY_VARS : HTTP_PROXY_VARS;
  const name = names.find((n) => env[n]);
  if (!name) return undefined;
  const url = parseEnvProxy(name, env[name]!);
  const noProxy = NO_PROXY_VARS.map((n) => env[n]).find((v) => v) ?? '';
  return useProxy(target, noProxy) ? { url, source: name } : undefined;
}

/**
 * Go's httpproxy useProxy: false for `localhost`, a loopback address, or a host that a
 * NO_PROXY entry matches.
 */
export function useProxy(target: URL, noProxy: string): boolean {
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  if (host === 'localhost') return false;
  const family = net.isIP(host);
  if (family && isLoopback(host, family)) return false;
  for (const raw of noProxy.split(',')) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return false;
    const cidr = /^(.+)\/(\d{1,3})$/.exec(entry);
    if (cidr && net.isIP(cidr[1])) {
      if (family && inSubnet(host, family, cidr[1], Number(cidr[2]))) return false;
      continue;
    }
    const hp = /^\[(.+)\]:(\d+)$/.exec(entry) ?? /^([^:]*):(\d+)$/.exec(entry);
    const entryHost = (hp ? hp[1] : entry).replace(/^\[(.*)\]$/, '$1');
    const entryPort = hp ? hp[2] : '';
    if (!entryHost) continue;
    if (net.isIP(entryHost)) {
      if (family && sameIp(host, family, entryHost) && (!entryPort || entryPort === port)) return false;
      continue;
    }
    if (family) continue;
    let suffix = entryHost.startsWith('*.') ? entryHost.slice(1) : entryHost;
    const matchHost = !suffix.startsWith('.');
    if (matchHost) suffix = `.${suffix}`;
    if ((host.endsWith(suffix) || (matchHost && host === suffix.slice(1))) && (!entryPort || entryPort === port)) return false;
  }
  return true;
}

function isLoopback(ip: string, family: number): boolean {
  if (family === 4) return ip.startsWith('127.');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  return mapped ? mapped[1].startsWith('127.') : inSubnet(ip, 6, '::1', 128);
}

function inSubnet(ip: string, family: number, base: string, prefix: number): boolean {
  const baseFamily = net.isIP(base);
  const list = new net.BlockList();
  try {
    list.addSubnet(base, prefix, baseFamily === 4 ? 'ipv4' : 'ipv6');
    return list.check(ip, family === 4 ? 'ipv4' : 'ipv6');
  } catch {
    return false;
  }
}

function sameIp(a: string, family: number, b: string): boolean {
  const list = new net.BlockList();
  list.addAddress(b, net.isIP(b) === 4 ? 'ipv4' : 'ipv6');
  return list.check(a, family === 4 ? 'ipv4' : 'ipv6');
}

/** `Proxy-Authorization` for a proxy URL with user:password, as Go sends it. */
export function proxyAuthorization(url: URL): Record<string, string> {
  if (!url.username && !url.password) return {};
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  return { 'Proxy-Authorization': `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` };
}

/**
 * Opens an HTTP CONNECT tunnel through `proxy` to host:port and returns its socket
 * (raw TCP to the API server, for TLS on top). Fails with a one-line MeshgenError
 * naming the proxy, where it was configured and the fix; aborts with `signal`.
 */
export function connectTunnel(proxy: ProxyChoice, host: string, port: string, timeoutMs: number, signal: AbortSignal): Promise<net.Socket> {
  const authority = net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
  const who = `the proxy ${displayProxy(proxy.url)} (${proxy.source})`;
  const proxyHost = proxy.url.hostname.replace(/^\[(.*)\]$/, '$1');
  return new Promise((resolve, reject) => {
    const req = (proxy.url.protocol === 'https:' ? https : http).request({
      method: 'CONNECT',
      host: proxyHost,
      // An https:// proxy is verified as itself, not as the Host header's API server.
      ...(proxy.url.protocol === 'https:' && !net.isIP(proxyHost) ? { servername: proxyHost } : {}),
      port: proxy.url.port || (proxy.url.protocol === 'https:' ? 443 : 80),
      path: authority,
      headers: { Host: authority, 'User-Agent': 'meshgen', ...proxyAuthorization(proxy.url) },
      agent: false,
      timeout: timeoutMs,
      signal,
    });
    req.on('connect', (res, socket, head) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        const status = `${res.statusCode} ${printableLine(res.statusMessage ?? '', 60)}`.trim();
        const fix = res.statusCode === 407
          ? 'give the proxy\'s credentials in its URL (http://user:password@host:port)'
          : `check that the proxy may reach ${authority}, or exempt the server with NO_PROXY`;
        reject(new MeshgenError(`${who} answered ${status} to CONNECT ${authority}; ${fix}`));
        return;
      }
      if (head.length) socket.unshift(head);
      resolve(socket);
    });
    req.on('response', (res) => {
      res.resume();
      reject(new MeshgenError(`${who} answered ${res.statusCode} to CONNECT ${authority} without opening a tunnel; check that it is an HTTP proxy`));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('no answer'), { code: 'ETIMEDOUT' })));
    req.on('error', (e: NodeJS.ErrnoException) => {
      const code = printableLine(e.code ?? e.message, 60);
      reject(new MeshgenError(`cannot reach ${who} (${code}); check the proxy address, or unset it for this server (NO_PROXY)`));
    });
    req.end();
  });
}
