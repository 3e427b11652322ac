import * as http from 'http';
import * as https from 'https';
import * as net from 'net';
import * as tls from 'tls';
import { MeshgenError } from '../errors';
import { printableLine } from '../names/text';
import { KubeConnection } from './kubeconfig';
import { shellQuote } from '../names/shell';
import { runExecPlugin } from './exec-credential';
import { ProxyChoice, connectTunnel, displayProxy, proxyAuthorization, proxyFor } from './proxy';

/** A Secret as the API returns it: `data` values are base64. */
export interface ApiSecret {
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly annotations?: Record<string, string> };
  readonly type?: string;
  readonly data?: Record<string, string>;
}

export interface GetOptions {
  /** Give up on a silent server after this long. @default 10000 */
  readonly timeoutMs?: number;
  /** Give up on the whole request (connect, TLS, headers, body) after this long, however the server trickles. @default 30000 */
  readonly deadlineMs?: number;
  /** The largest answer read, in bytes. @default MAX_RESPONSE_BYTES */
  readonly maxBytes?: number;
  /** Allow an http:// server or insecure-skip-tls-verify (`--insecure`). @default false */
  readonly insecure?: boolean;
  /** The environment: HTTPS_PROXY / NO_PROXY, and what an exec plugin inherits. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Kill an exec credential plugin that has not finished after this long. @default 60000 */
  readonly execTimeoutMs?: number;
}

/** The largest API answer meshgen reads: a token Secret is a few KiB. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * Refuses a connection that would send the kubeconfig's credentials in clear text
 * (an http:// server) or to a server whose certificate is not verified
 * (insecure-skip-tls-verify: the ca.crt read back would then be trusted by istiod
 * unchecked), unless `insecure` (`--insecure`); then returns the warnings to print.
 */
export function checkTransport(conn: KubeConnection, insecure: boolean | undefined): string[] {
  const problems: string[] = [];
  if (/^http:\/\//i.test(conn.server)) {
    problems.push(`the server of context "${conn.context}" is ${displayServer(conn.server)}, plain http: its credentials and the reader's token would cross the network unencrypted`);
  }
  if (conn.insecureSkipTlsVerify) {
    problems.push(`cluster "${conn.clusterName}" of context "${conn.context}" sets insecure-skip-tls-verify: true: the API server is not verified, and the CA read from it would be trusted by istiod unchecked`);
  }
  if (problems.length === 0) return [];
  if (!insecure) {
    throw new MeshgenError(`${problems[0]}; give the cluster an https:// server and its certificate-authority-data (kubectl config view --minify --raw --context=${shellQuote(conn.context)}), or pass --insecure to accept this (test clusters only)`);
  }
  return problems.map((p) => `--insecure: ${p}`);
}

/** A server URL without any user:password@ part, for messages. */
export function displayServer(server: string): string {
  return server.replace(/^([a-z]+:\/\/)[^/@]*@/i, '$1');
}

/**
 * The server's text (an error message) as one short printable line with no credential
 * of `conn` in it, even when a proxy echoes the request's headers back.
 */
export function sanitizeServerText(text: string, conn: KubeConnection, max = 200): string {
  let flat = printableLine(text, 256 * 1024);
  const secrets = [conn.token, conn.password, conn.username !== undefined ? Buffer.from(`${conn.username}:${conn.password ?? ''}`).toString('base64') : undefined]
    .filter((x): x is string => typeof x === 'string' && x.length >= 4);
  for (const secret of secrets) flat = flat.split(secret).join('[redacted]');
  flat = flat.replace(/\b(Bearer|Basic)\s+[^\s"',;]+/gi, '$1 [redacted]');
  return printableLine(flat, max) || 'no message';
}

/**
 * GET /api/v1/namespaces/<ns>/secrets/<name> with the connection's credentials (bearer
 * token, client certificate or basic auth; CA data or file; insecure-skip-tls-verify).
 * Returns undefined on 404. Any other failure throws a one-line MeshgenError naming
 * the server, the context and the fix.
 */
export function getSecret(conn: KubeConnection, namespace: string, name: string, opts: GetOptions = {}): Promise<ApiSecret | undefined> {
  if (conn.problem) return Promise.reject(new MeshgenError(conn.problem));
  if (conn.unsupportedAuth && !conn.token && !conn.clientCertificate) {
    return Promise.reject(new MeshgenError(
      `context "${conn.context}": its user authenticates with an ${conn.unsupportedAuth}, which meshgen does not run (kubectl 1.26 dropped the gcp and azure ones); ` +
      'switch the user to its exec plugin (GKE: gke-gcloud-auth-plugin and gcloud container clusters get-credentials; AKS: kubelogin convert-kubeconfig; OIDC: kubelogin/oidc-login) ' +
      `or pass the reader's token with --token-file (kubectl --context=${shellQuote(conn.context)} -n ${shellQuote(namespace)} get secret ${name} -o jsonpath='{.data.token}' | base64 -d > token)`,
    ));
  }
  try {
    checkTransport(conn, opts.insecure);
  } catch (e) {
    return Promise.reject(e);
  }
  const env = opts.env ?? process.env;
  if (!conn.exec) return requestSecret(conn, namespace, name, opts, env);
  return runExecPlugin(conn.exec, { env, context: conn.context, cluster: conn.execCluster, timeoutMs: opts.execTimeoutMs })
    .then((creds) => requestSecret({
      ...conn,
      ...(creds.token ? { token: creds.token } : {}),
      ...(creds.clientCertificate ? { clientCertificate: creds.clientCertificate, clientKey: creds.clientKey } : {}),
    }, namespace, name, opts, env));
}

/** The GET itself, with `conn`'s credentials (the exec plugin's, once run), directly or through a proxy. */
function requestSecret(conn: KubeConnection, namespace: string, name: string, opts: GetOptions, env: NodeJS.ProcessEnv): Promise<ApiSecret | undefined> {
  let proxy: ProxyChoice | undefined;
  try {
    proxy = proxyFor(conn.server, conn.proxyUrl, conn.clusterName, env);
  } catch (e) {
    return Promise.reject(e);
  }
  const url = new URL(`${conn.server}/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets/${encodeURIComponent(name)}`);
  const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': 'meshgen' };
  if (conn.token) headers.Authorization = `Bearer ${conn.token}`;
  else if (conn.username !== undefined) headers.Authorization = `Basic ${Buffer.from(`${conn.username}:${conn.password ?? ''}`).toString('base64')}`;
  const isHttps = url.protocol === 'https:';
  const tlsOptions: tls.ConnectionOptions = {
    ...(conn.ca ? { ca: conn.ca } : {}),
    ...(conn.clientCertificate ? { cert: conn.clientCertificate, key: conn.clientKey } : {}),
    rejectUnauthorized: !conn.insecureSkipTlsVerify,
    ...(conn.tlsServerName ? { servername: conn.tlsServerName } : {}),
  };
  const timeoutMs = opts.timeoutMs ?? 10000;
  const aborter = new AbortController();
  let options: https.RequestOptions;
  if (proxy && isHttps) {
    // An HTTP CONNECT tunnel to host:port, then TLS to the API server inside it.
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const tunnel = proxy;
    options = {
      method: 'GET', headers, timeout: timeoutMs,
      createConnection: ((_o: unknown, done: (err: Error | null, socket?: net.Socket) => void) => {
        connectTunnel(tunnel, host, url.port || '443', timeoutMs, aborter.signal).then(
          (socket) => done(null, tls.connect({
            ...tlsOptions,
            socket,
            host,
            ...(conn.tlsServerName || net.isIP(host) ? {} : { servername: host }),
          })),
          (e) => done(e),
        );
        return undefined;
      }) as any,
    };
  } else if (proxy) {
    // A plain http:// server (--insecure): the request goes to the proxy with the absolute URL.
    const proxyHost = proxy.url.hostname.replace(/^\[(.*)\]$/, '$1');
    options = {
      method: 'GET', timeout: timeoutMs, agent: false,
      host: proxyHost,
      ...(proxy.url.protocol === 'https:' && !net.isIP(proxyHost) ? { servername: proxyHost } : {}),
      port: proxy.url.port || (proxy.url.protocol === 'https:' ? 443 : 80),
      path: url.href,
      headers: { ...headers, Host: url.host, ...proxyAuthorization(proxy.url) },
    };
  } else {
    options = { method: 'GET', headers, timeout: timeoutMs, agent: false, ...(isHttps ? tlsOptions : {}) };
  }
  const who = `the API server ${displayServer(conn.server)} (context "${conn.context}")${proxy ? ` through the proxy ${displayProxy(proxy.url)} (${proxy.source})` : ''}`;
  const maxBytes = opts.maxBytes ?? MAX_RESPONSE_BYTES;
  const deadlineMs = opts.deadlineMs ?? 30000;
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (e: Error) => { if (!settled) { settled = true; clearTimeout(deadline); reject(e); } };
    const done = (v: ApiSecret | undefined) => { if (!settled) { settled = true; clearTimeout(deadline); resolve(v); } };
    const tooBig = () => new MeshgenError(`${who} answered GET secret ${namespace}/${name} with more than ${maxBytes} bytes; a token Secret is a few KiB: check that the kubeconfig's server is a Kubernetes API server and not a proxy or another service`);
    const deadline = setTimeout(() => {
      fail(new MeshgenError(`${who} did not answer GET secret ${namespace}/${name} within ${Math.round(deadlineMs / 1000)} s; check the server with: kubectl --context=${shellQuote(conn.context)} get --raw /readyz`));
      req.destroy();
      aborter.abort();
    }, deadlineMs);
    const viaHttpProxy = proxy && !isHttps;
    const req = viaHttpProxy
      ? (proxy!.url.protocol === 'https:' ? https : http).request(options, onResponse)
      : (isHttps ? https : http).request(url, options, onResponse);
    function onResponse(res: http.IncomingMessage) {
      const chunks: Buffer[] = [];
      let size = Number(res.headers['content-length'] ?? 0);
      if (size > maxBytes) {
        fail(tooBig());
        req.destroy();
        return;
      }
      size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) {
          fail(tooBig());
          req.destroy();
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => {
        if (settled) return;
        const body = Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        if (status === 404) return done(undefined);
        if (status === 401) {
          return fail(new MeshgenError(`${who} rejected the kubeconfig's credentials (401 Unauthorized); refresh them (e.g. your cloud's get-credentials command) and check with: kubectl --context=${shellQuote(conn.context)} -n ${shellQuote(namespace)} get secret ${name}`));
        }
        if (status === 403) {
          return fail(new MeshgenError(`${who} denied reading secret ${namespace}/${name} (403 Forbidden: ${apiMessage(body, conn)}); use a context whose user may get secrets in ${namespace}, or pass --token-file`));
        }
        if (status < 200 || status >= 300) {
          return fail(new MeshgenError(`${who} answered ${status} to GET secret ${namespace}/${name} (${apiMessage(body, conn)}); check the server with: kubectl --context=${shellQuote(conn.context)} get --raw /readyz`));
        }
        try {
          done(JSON.parse(body) as ApiSecret);
        } catch {
          fail(new MeshgenError(`${who} answered GET secret ${namespace}/${name} with something that is not JSON; check that the kubeconfig's server is a Kubernetes API server`));
        }
      });
      res.on('error', (e) => fail(unreachable(who, conn, e)));
    }
    req.on('timeout', () => req.destroy(Object.assign(new Error('no answer'), { code: 'ETIMEDOUT' })));
    // A proxy's own failure (connectTunnel) is already one line naming the proxy.
    req.on('error', (e) => fail(e instanceof MeshgenError ? e : unreachable(who, conn, e)));
    req.end();
  });
}

/** The message of the server's Status object (else its text), as one sanitised line. */
function apiMessage(body: string, conn: KubeConnection): string {
  try {
    const status = JSON.parse(body);
    if (typeof status?.message === 'string') return sanitizeServerText(status.message, conn);
  } catch {
    // not a Status object
  }
  return sanitizeServerText(body, conn);
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_SIGNATURE_FAILURE', 'ERR_SSL_WRONG_VERSION_NUMBER',
]);

function unreachable(who: string, conn: KubeConnection, e: Error): MeshgenError {
  const code = printableLine((e as NodeJS.ErrnoException).code ?? '', 60);
  e = new Error(sanitizeServerText(e.message, conn));
  if (TLS_CODES.has(code) || /certificate|SSL|TLS/i.test(e.message)) {
    return new MeshgenError(`cannot verify ${who} (${code || e.message}); the kubeconfig's certificate-authority(-data) for cluster "${conn.clusterName}" must sign the server's certificate: refresh the kubeconfig (kubectl config view --minify --raw --context=${shellQuote(conn.context)})`);
  }
  return new MeshgenError(`cannot reach ${who} (${code || e.message}); check that the server address is right and reachable from here (VPN, firewall, private endpoint), e.g. kubectl --context=${shellQuote(conn.context)} get --raw /readyz`);
}
