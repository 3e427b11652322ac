import * as path from 'path';
import * as YAML from 'yaml';
import { MeshgenError, fileReadReason } from '../errors';
import { didYouMean } from '../mesh-spec/did-you-mean';
import { shellQuote } from '../names/shell';
import { readRegularFile } from '../mesh-spec/read-file';
import { ExecClusterInfo, ExecPlugin, execClusterConfig, parseExecPlugin } from './exec-credential';
import { parseProxyUrl } from './proxy';

/** The largest kubeconfig (or file it names) meshgen reads. */
const MAX_KUBECONFIG_BYTES = 16 * 1024 * 1024;

/** One named entry of a kubeconfig list, with the directory of the file it came from. */
interface Named<T> {
  readonly name: string;
  readonly value: T;
  /** Directory of the kubeconfig file: relative file paths are resolved from it. */
  readonly dir: string;
}

/** A kubeconfig after merging its files the way kubectl does (the first file to define a name wins). */
export interface Kubeconfig {
  /** The files read, as given, for error messages. */
  readonly sources: readonly string[];
  readonly currentContext?: string;
  readonly contexts: ReadonlyMap<string, Named<any>>;
  readonly clusters: ReadonlyMap<string, Named<any>>;
  readonly users: ReadonlyMap<string, Named<any>>;
}

/** How to reach and authenticate to one API server: what a context resolves to. */
export interface KubeConnection {
  /** The context used. */
  readonly context: string;
  /** The kubeconfig's name of the context's cluster. */
  readonly clusterName: string;
  readonly server: string;
  /** PEM bytes of certificate-authority-data or the certificate-authority file. */
  readonly ca?: Buffer;
  readonly insecureSkipTlsVerify: boolean;
  readonly tlsServerName?: string;
  /** Bearer token (user.token or user.tokenFile). */
  readonly token?: string;
  /** Client certificate and key, PEM. */
  readonly clientCertificate?: Buffer;
  readonly clientKey?: Buffer;
  readonly username?: string;
  readonly password?: string;
  /** The user's exec credential plugin (GKE, EKS, AKS), run for each request when no token is set. */
  readonly exec?: ExecPlugin;
  /** What the plugin is told about the cluster (KUBERNETES_EXEC_INFO spec.cluster, when provideClusterInfo). */
  readonly execCluster?: ExecClusterInfo;
  /** The cluster's `proxy-url`: every request goes through it (else HTTPS_PROXY / NO_PROXY apply). */
  readonly proxyUrl?: URL;
  /**
   * Set when the user authenticates with something meshgen does not run (a legacy
   * auth-provider), e.g. `auth-provider gcp`.
   */
  readonly unsupportedAuth?: string;
  /**
   * Why the API cannot be reached with this context (an exec plugin or proxy-url meshgen
   * cannot use), as a one-line error that getSecret throws; nothing else is blocked by
   * it (e.g. `--token-file`, which only needs the server and CA).
   */
  readonly problem?: string;
}

/**
 * The kubeconfig files to read: `--kubeconfig` when given, else every path of
 * `$KUBECONFIG`, else `~/.kube/config` (kubectl's order).
 */
export function kubeconfigPaths(flag: string | undefined, env: NodeJS.ProcessEnv, home: string): string[] {
  if (flag) return [flag];
  const list = (env.KUBECONFIG ?? '').split(path.delimiter).filter(Boolean);
  return list.length ? list : [path.join(home, '.kube', 'config')];
}

/** Reads and merges kubeconfig files. Throws a one-line MeshgenError on a file that cannot be read or parsed. */
export function loadKubeconfig(files: readonly string[], cwd: string): Kubeconfig {
  const contexts = new Map<string, Named<any>>();
  const clusters = new Map<string, Named<any>>();
  const users = new Map<string, Named<any>>();
  let currentContext: string | undefined;
  for (const file of files) {
    const abs = path.resolve(cwd, file);
    let text: string;
    try {
      text = readRegularFile(abs, MAX_KUBECONFIG_BYTES).toString('utf8');
    } catch (e) {
      throw new MeshgenError(`kubeconfig ${file}: cannot read it (${fileReadReason(e)}); pass --kubeconfig with the file kubectl uses for these clusters (see: kubectl config view)`);
    }
    let doc: any;
    try {
      doc = YAML.parse(text, { prettyErrors: false, logLevel: 'error' });
    } catch (e) {
      throw new MeshgenError(`kubeconfig ${file}: not valid YAML (${String((e as Error).message).split('\n')[0]}); pass a kubeconfig file (kind: Config)`);
    }
    if (doc === null || doc === undefined) continue;
    if (typeof doc !== 'object' || Array.isArray(doc) || (doc.kind !== undefined && doc.kind !== 'Config')) {
      throw new MeshgenError(`kubeconfig ${file}: not a kubeconfig (expected a mapping with kind: Config, clusters, contexts, users); pass the file kubectl uses`);
    }
    const dir = path.dirname(abs);
    const add = (into: Map<string, Named<any>>, list: unknown, key: string) => {
      if (list === undefined || list === null) return;
      if (!Array.isArray(list)) throw new MeshgenError(`kubeconfig ${file}: ${key}: is not a list; fix the file (see: kubectl config view)`);
      for (const entry of list) {
        if (!entry || typeof entry.name !== 'string') throw new MeshgenError(`kubeconfig ${file}: ${key}: an entry has no name; fix the file (see: kubectl config view)`);
        const inner = key === 'clusters' ? entry.cluster : key === 'contexts' ? entry.context : entry.user;
        if (!into.has(entry.name)) into.set(entry.name, { name: entry.name, value: inner ?? {}, dir });
      }
    };
    add(clusters, doc.clusters, 'clusters');
    add(contexts, doc.contexts, 'contexts');
    add(users, doc.users, 'users');
    if (currentContext === undefined && typeof doc['current-context'] === 'string' && doc['current-context']) {
      currentContext = doc['current-context'];
    }
  }
  return { sources: files, currentContext, contexts, clusters, users };
}

/**
 * Resolves a context (default: the current context) to its server, CA and
 * credentials. Throws a one-line MeshgenError naming the context and the fix.
 */
export function resolveContext(config: Kubeconfig, context?: string): KubeConnection {
  const where = `kubeconfig ${config.sources.join(path.delimiter)}`;
  const name = context ?? config.currentContext;
  if (!name) {
    throw new MeshgenError(`${where}: no current-context and no --context given; pass --context with one of: ${[...config.contexts.keys()].sort().join(', ') || '(no contexts)'}`);
  }
  const ctx = config.contexts.get(name);
  if (!ctx) {
    const names = [...config.contexts.keys()].sort();
    const hint = didYouMean(name, names);
    throw new MeshgenError(`${where}: context "${name}" not found; use one of: ${names.join(', ') || '(no contexts)'}${hint ? `, did you mean "${hint}"?` : ''}`);
  }
  const clusterName: unknown = ctx.value.cluster;
  const cluster = typeof clusterName === 'string' ? config.clusters.get(clusterName) : undefined;
  if (!cluster) {
    throw new MeshgenError(`${where}: context "${name}" names cluster "${String(clusterName)}", which is not in the kubeconfig; fix the context (kubectl config set-context ${shellQuote(name)} --cluster=...)`);
  }
  const server: unknown = cluster.value.server;
  if (typeof server !== 'string' || !/^https?:\/\//.test(server)) {
    throw new MeshgenError(`${where}: cluster "${cluster.name}" has no https:// server (got ${JSON.stringify(server ?? null)}); set it with kubectl config set-cluster ${shellQuote(cluster.name)} --server=https://...`);
  }
  const readFile = (owner: Named<any>, field: string): Buffer => {
    const file = path.resolve(owner.dir, String(owner.value[field]));
    try {
      return readRegularFile(file, MAX_KUBECONFIG_BYTES);
    } catch (e) {
      throw new MeshgenError(`${where}: ${owner.name}.${field}: cannot read ${file} (${fileReadReason(e)}); fix the path or embed the data (kubectl config view --flatten)`);
    }
  };
  const pem = (owner: Named<any>, dataField: string, fileField: string): Buffer | undefined => {
    if (typeof owner.value[dataField] === 'string' && owner.value[dataField]) return Buffer.from(owner.value[dataField], 'base64');
    if (typeof owner.value[fileField] === 'string' && owner.value[fileField]) return readFile(owner, fileField);
    return undefined;
  };

  const userName: unknown = ctx.value.user;
  const user = typeof userName === 'string' ? config.users.get(userName) : undefined;
  const u = user?.value ?? {};
  let token: string | undefined;
  if (typeof u.token === 'string' && u.token) token = u.token;
  else if (user && typeof u.tokenFile === 'string' && u.tokenFile) token = readFile(user, 'tokenFile').toString('utf8').trim();
  let problem: string | undefined;
  const later = <T>(check: () => T): T | undefined => {
    try {
      return check();
    } catch (e) {
      if (!(e instanceof MeshgenError)) throw e;
      problem ??= e.message;
      return undefined;
    }
  };
  const exec = user && u.exec && !token ? later(() => parseExecPlugin(u.exec, user.name, user.dir, where)) : undefined;
  const unsupportedAuth = !u.exec && u['auth-provider'] ? `auth-provider ${u['auth-provider'].name ?? ''}`.trim() : undefined;
  const ca = pem(cluster, 'certificate-authority-data', 'certificate-authority');
  const proxyUrl = cluster.value['proxy-url'] !== undefined && cluster.value['proxy-url'] !== '' ? later(() => parseProxyUrl(cluster.value['proxy-url'], `${where}: cluster "${cluster.name}"`)) : undefined;
  const tlsServerName = typeof cluster.value['tls-server-name'] === 'string' && cluster.value['tls-server-name'] ? cluster.value['tls-server-name'] : undefined;

  return {
    context: name,
    clusterName: cluster.name,
    server: server.replace(/\/+$/, ''),
    ...(pemOrUndefined(ca)),
    insecureSkipTlsVerify: cluster.value['insecure-skip-tls-verify'] === true,
    ...(tlsServerName ? { tlsServerName } : {}),
    ...(token ? { token } : {}),
    ...(user ? clientCert(pem(user, 'client-certificate-data', 'client-certificate'), pem(user, 'client-key-data', 'client-key')) : {}),
    ...(typeof u.username === 'string' ? { username: u.username, password: String(u.password ?? '') } : {}),
    ...(exec ? {
      exec,
      ...(exec.provideClusterInfo ? {
        execCluster: {
          server: server.replace(/\/+$/, ''),
          ...(tlsServerName ? { 'tls-server-name': tlsServerName } : {}),
          ...(cluster.value['insecure-skip-tls-verify'] === true ? { 'insecure-skip-tls-verify': true } : {}),
          ...(ca ? { 'certificate-authority-data': ca } : {}),
          ...(proxyUrl ? { 'proxy-url': String(cluster.value['proxy-url']) } : {}),
          ...(cluster.value['disable-compression'] === true ? { 'disable-compression': true } : {}),
          ...(execClusterConfig(cluster.value) !== undefined ? { config: execClusterConfig(cluster.value) } : {}),
        },
      } : {}),
    } : {}),
    ...(proxyUrl ? { proxyUrl } : {}),
    ...(unsupportedAuth && !token ? { unsupportedAuth } : {}),
    ...(problem ? { problem } : {}),
  };
}

function pemOrUndefined(ca: Buffer | undefined): { ca?: Buffer } {
  return ca ? { ca } : {};
}

function clientCert(cert: Buffer | undefined, key: Buffer | undefined): { clientCertificate?: Buffer; clientKey?: Buffer } {
  return cert && key ? { clientCertificate: cert, clientKey: key } : {};
}
