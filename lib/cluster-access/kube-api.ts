import * as http from 'http';
import * as https from 'https';
import { MeshgenError } from '../errors';
import { KubeConnection } from './kubeconfig';
import { shellQuote } from '../names/shell';

/** A Secret as the API returns it: `data` values are base64. */
export interface ApiSecret {
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly annotations?: Record<string, string> };
  readonly type?: string;
  readonly data?: Record<string, string>;
}

export interface GetOptions {
  /** Give up on a silent server after this long. @default 10000 */
  readonly timeoutMs?: number;
}

/**
 * GET /api/v1/namespaces/<ns>/secrets/<name> with the connection's credentials (bearer
 * token, client certificate or basic auth; CA data or file; insecure-skip-tls-verify).
 * Returns undefined on 404. Any other failure throws a one-line MeshgenError naming
 * the server, the context and the fix.
 */
export function getSecret(conn: KubeConnection, namespace: string, name: string, opts: GetOptions = {}): Promise<ApiSecret | undefined> {
  if (conn.unsupportedAuth && !conn.token && !conn.clientCertificate) {
    return Promise.reject(new MeshgenError(
      `context "${conn.context}": its user authenticates with an ${conn.unsupportedAuth}, which meshgen does not run; ` +
      `pass the reader's token with --token-file (kubectl --context=${shellQuote(conn.context)} -n ${shellQuote(namespace)} get secret ${name} -o jsonpath='{.data.token}' | base64 -d > token)`,
    ));
  }
  const url = new URL(`${conn.server}/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets/${encodeURIComponent(name)}`);
  const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': 'meshgen' };
  if (conn.token) headers.Authorization = `Bearer ${conn.token}`;
  else if (conn.username !== undefined) headers.Authorization = `Basic ${Buffer.from(`${conn.username}:${conn.password ?? ''}`).toString('base64')}`;
  const isHttps = url.protocol === 'https:';
  const options: https.RequestOptions = {
    method: 'GET',
    headers,
    timeout: opts.timeoutMs ?? 10000,
    ...(isHttps ? {
      ...(conn.ca ? { ca: conn.ca } : {}),
      ...(conn.clientCertificate ? { cert: conn.clientCertificate, key: conn.clientKey } : {}),
      rejectUnauthorized: !conn.insecureSkipTlsVerify,
      ...(conn.tlsServerName ? { servername: conn.tlsServerName } : {}),
      agent: false,
    } : { agent: false }),
  };
  const who = `the API server ${conn.server} (context "${conn.context}")`;
  return new Promise((resolve, reject) => {
    const req = (isHttps ? https : http).request(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        if (status === 404) return resolve(undefined);
        if (status === 401) {
          return reject(new MeshgenError(`${who} rejected the kubeconfig's credentials (401 Unauthorized); refresh them (e.g. your cloud's get-credentials command) and check with: kubectl --context=${shellQuote(conn.context)} -n ${shellQuote(namespace)} get secret ${name}`));
        }
        if (status === 403) {
          return reject(new MeshgenError(`${who} denied reading secret ${namespace}/${name} (403 Forbidden: ${apiMessage(body)}); use a context whose user may get secrets in ${namespace}, or pass --token-file`));
        }
        if (status < 200 || status >= 300) {
          return reject(new MeshgenError(`${who} answered ${status} to GET secret ${namespace}/${name} (${apiMessage(body)}); check the server with: kubectl --context=${shellQuote(conn.context)} get --raw /readyz`));
        }
        try {
          resolve(JSON.parse(body) as ApiSecret);
        } catch {
          reject(new MeshgenError(`${who} answered GET secret ${namespace}/${name} with something that is not JSON; check that the kubeconfig's server is a Kubernetes API server`));
        }
      });
      res.on('error', (e) => reject(unreachable(who, conn, e)));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('no answer'), { code: 'ETIMEDOUT' })));
    req.on('error', (e) => reject(unreachable(who, conn, e)));
    req.end();
  });
}

function apiMessage(body: string): string {
  try {
    const status = JSON.parse(body);
    if (typeof status?.message === 'string') return status.message;
  } catch {
    // not a Status object
  }
  return body.trim().slice(0, 200) || 'no message';
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_SIGNATURE_FAILURE', 'ERR_SSL_WRONG_VERSION_NUMBER',
]);

function unreachable(who: string, conn: KubeConnection, e: Error): MeshgenError {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  if (TLS_CODES.has(code) || /certificate|SSL|TLS/i.test(e.message)) {
    return new MeshgenError(`cannot verify ${who} (${code || e.message}); the kubeconfig's certificate-authority(-data) for cluster "${conn.clusterName}" must sign the server's certificate: refresh the kubeconfig (kubectl config view --minify --raw --context=${shellQuote(conn.context)})`);
  }
  return new MeshgenError(`cannot reach ${who} (${code || e.message}); check that the server address is right and reachable from here (VPN, firewall, private endpoint), e.g. kubectl --context=${shellQuote(conn.context)} get --raw /readyz`);
}
