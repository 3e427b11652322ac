import * as fs from 'fs';
import * as https from 'https';
import { AddressInfo } from 'net';
import * as path from 'path';
import * as YAML from 'yaml';
import { MeshgenError } from '../../lib/errors';

/**
 * A test CA, a server certificate for 127.0.0.1 / localhost, and a client certificate:
 * committed test-only material in test/fixtures/kube-api (made by test/fixtures/make-fixtures.js).
 */
export interface TestPki {
  readonly caPem: string;
  readonly serverCertPem: string;
  readonly serverKeyPem: string;
  readonly clientCertPem: string;
  readonly clientKeyPem: string;
}

const KUBE_API_FIXTURES = path.join(__dirname, '..', 'fixtures', 'kube-api');

let cached: TestPki | undefined;

/** Read once per test file; no key is generated. */
export function testPki(): TestPki {
  if (cached) return cached;
  const read = (f: string): string => fs.readFileSync(path.join(KUBE_API_FIXTURES, f), 'utf8');
  cached = {
    caPem: read('ca.pem'),
    serverCertPem: read('server-cert.pem'),
    serverKeyPem: read('server-key.pem'),
    clientCertPem: read('client-cert.pem'),
    clientKeyPem: read('client-key.pem'),
  };
  return cached;
}

/** The bearer token the fake server accepts (the kubeconfig user's, not the reader's). */
export const ADMIN_TOKEN = 'admin-token-for-tests';

export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  /** 'bearer', 'client-cert' or 'none'. */
  readonly auth: string;
}

/**
 * A Kubernetes API server stand-in on 127.0.0.1 with TLS: GET
 * /api/v1/namespaces/<ns>/secrets/<name> answers from `secrets` (JSON, data base64)
 * to a request with the admin bearer token or the test client certificate, 401
 * otherwise, 404 for an unknown secret.
 */
export class FakeApiServer {
  public readonly requests: FakeRequest[] = [];
  /** `<ns>/<name>` -> Secret object; a function is called on every GET (to change over time). */
  public readonly secrets = new Map<string, object | (() => object)>();
  /** Answers a request itself when set (a hostile or broken server); the request is still recorded. */
  public handler?: (req: import('http').IncomingMessage, res: import('http').ServerResponse) => void;
  private server?: https.Server;

  public get url(): string {
    return `https://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    const pki = testPki();
    this.server = https.createServer({
      key: pki.serverKeyPem,
      cert: pki.serverCertPem,
      ca: [pki.caPem],
      requestCert: true,
      rejectUnauthorized: false,
    }, (req, res) => {
      const socket = req.socket as import('tls').TLSSocket;
      const auth = req.headers.authorization === `Bearer ${ADMIN_TOKEN}` ? 'bearer' : socket.authorized ? 'client-cert' : 'none';
      this.requests.push({ method: req.method ?? '', path: req.url ?? '', auth });
      if (this.handler) return this.handler(req, res);
      const send = (status: number, body: object) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (auth === 'none') return send(401, { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
      const m = /^\/api\/v1\/namespaces\/([^/]+)\/secrets\/([^/?]+)$/.exec(req.url ?? '');
      if (req.method !== 'GET' || !m) return send(404, { kind: 'Status', message: 'the server could not find the requested resource', code: 404 });
      const found = this.secrets.get(`${m[1]}/${m[2]}`);
      if (!found) return send(404, { kind: 'Status', message: `secrets "${m[2]}" not found`, reason: 'NotFound', code: 404 });
      return send(200, typeof found === 'function' ? found() : found);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections?.();
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}

/**
 * A service-account token Secret as Kubernetes returns it once filled: by default the
 * Istio reader's; `name` and `serviceAccount` for another (e.g. kiali-remote-access).
 */
export function filledTokenSecret(
  token: string, caPem: string, namespace = 'istio-system',
  name = 'istio-reader-service-account-istio-remote-secret-token', serviceAccount = 'istio-reader-service-account',
): object {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name,
      namespace,
      annotations: { 'kubernetes.io/service-account.name': serviceAccount },
    },
    type: 'kubernetes.io/service-account-token',
    data: {
      'ca.crt': Buffer.from(caPem).toString('base64'),
      namespace: Buffer.from(namespace).toString('base64'),
      token: Buffer.from(token).toString('base64'),
    },
  };
}

export interface KubeconfigContext {
  readonly name: string;
  readonly server: string;
  /** 'token' (admin bearer), 'cert' (client certificate data), 'cert-files', 'exec', 'wrong-token'. */
  readonly auth: 'token' | 'cert' | 'cert-files' | 'exec' | 'wrong-token';
  /** @default true: certificate-authority-data of the test CA */
  readonly ca?: boolean;
  /** The user entry, replacing what `auth` gives (e.g. an exec plugin of the test). */
  readonly user?: object;
  /** Fields added to the cluster entry (proxy-url, tls-server-name, extensions). */
  readonly cluster?: object;
}

/** Writes a kubeconfig with one cluster, user and context per entry; returns its path. */
export function writeKubeconfig(dir: string, contexts: readonly KubeconfigContext[], current?: string): string {
  const pki = testPki();
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  fs.writeFileSync(path.join(dir, 'client.crt'), pki.clientCertPem);
  fs.writeFileSync(path.join(dir, 'client.key'), pki.clientKeyPem);
  const user = (c: KubeconfigContext): object => {
    if (c.user) return c.user;
    switch (c.auth) {
      case 'token': return { token: ADMIN_TOKEN };
      case 'wrong-token': return { token: 'expired' };
      case 'cert': return { 'client-certificate-data': b64(pki.clientCertPem), 'client-key-data': b64(pki.clientKeyPem) };
      case 'cert-files': return { 'client-certificate': 'client.crt', 'client-key': 'client.key' };
      case 'exec': return { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'gke-gcloud-auth-plugin' } };
    }
  };
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: contexts.map((c) => ({ name: `${c.name}-cluster`, cluster: { server: c.server, ...(c.ca === false ? {} : { 'certificate-authority-data': b64(pki.caPem) }), ...c.cluster } })),
    users: contexts.map((c) => ({ name: `${c.name}-user`, user: user(c) })),
    contexts: contexts.map((c) => ({ name: c.name, context: { cluster: `${c.name}-cluster`, user: `${c.name}-user` } })),
    'current-context': current ?? contexts[0]?.name ?? '',
  };
  const file = path.join(dir, 'kubeconfig');
  fs.writeFileSync(file, YAML.stringify(config));
  return file;
}

/** The MeshgenError `p` fails with (it must fail with one). */
export async function failure(p: Promise<unknown>): Promise<MeshgenError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(MeshgenError);
    return e as MeshgenError;
  }
  throw new Error('expected a failure');
}
