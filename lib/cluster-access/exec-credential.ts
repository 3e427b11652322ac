import { spawn } from 'child_process';
import * as path from 'path';
import { MeshgenError } from '../errors';
import { echoValue, printableLine } from '../names/text';

/*
 * client-go credential plugins (k8s.io/client-go/plugin/pkg/client/auth/exec), as
 * kubectl runs them: the user's `exec` names a command (a path with a slash is relative
 * to the kubeconfig's directory, a bare name is looked up on PATH), its `args` and `env`
 * (added to meshgen's environment), and the `apiVersion` of the ExecCredential it
 * speaks (client.authentication.k8s.io/v1 or v1beta1). The plugin gets
 * KUBERNETES_EXEC_INFO (an ExecCredential with spec.interactive false, and
 * spec.cluster when provideClusterInfo is true) and prints an ExecCredential whose
 * status has a `token` or `clientCertificateData` and `clientKeyData`. meshgen never
 * prompts: stdin is closed, interactiveMode Always is refused, IfAvailable runs as
 * Never. It caches nothing (expirationTimestamp is ignored): the plugin runs for each
 * request (gke-gcloud-auth-plugin, aws eks get-token, kubelogin keep their own caches).
 */

export const EXEC_API_VERSIONS = ['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'] as const;

/** The largest ExecCredential read (a token or a certificate and key: a few KiB). */
const MAX_STDOUT_BYTES = 1024 * 1024;
/** The plugin's stderr kept for the error message (only a short line is shown). */
const MAX_STDERR_BYTES = 16 * 1024;
/** The extension of a kubeconfig cluster passed to the plugin as spec.cluster.config. */
const EXEC_CLUSTER_EXTENSION = 'client.authentication.k8s.io/exec';

/** A user's exec credential plugin, checked and with its command resolved. */
export interface ExecPlugin {
  /** The command as the kubeconfig writes it (for messages). */
  readonly command: string;
  /** What is run: an absolute path (the command had a slash) or a name looked up on PATH. */
  readonly resolvedCommand: string;
  readonly args: readonly string[];
  readonly env: ReadonlyArray<{ readonly name: string; readonly value: string }>;
  readonly apiVersion: (typeof EXEC_API_VERSIONS)[number];
  readonly interactiveMode: 'Never' | 'IfAvailable';
  readonly provideClusterInfo: boolean;
  readonly installHint?: string;
  /** The kubeconfig user's name. */
  readonly user: string;
}

/** What the plugin answered. */
export interface ExecCredentials {
  readonly token?: string;
  readonly clientCertificate?: Buffer;
  readonly clientKey?: Buffer;
}

/** The cluster as KUBERNETES_EXEC_INFO's spec.cluster gives it (client.authentication.k8s.io Cluster). */
export interface ExecClusterInfo {
  readonly server: string;
  readonly 'tls-server-name'?: string;
  readonly 'insecure-skip-tls-verify'?: boolean;
  /** PEM bytes, written base64 as Go encodes []byte. */
  readonly 'certificate-authority-data'?: Buffer;
  readonly 'proxy-url'?: string;
  readonly 'disable-compression'?: boolean;
  readonly config?: unknown;
}

/**
 * Checks a kubeconfig user's `exec` as kubectl's kubeconfig validation does and
 * resolves its command against `dir` (the kubeconfig's directory). `where` starts
 * every error. Throws a one-line MeshgenError naming the field and the fix.
 */
export function parseExecPlugin(exec: any, user: string, dir: string, where: string): ExecPlugin {
  const at = `${where}: user "${printableLine(user, 80)}" exec`;
  if (!exec || typeof exec !== 'object' || Array.isArray(exec)) {
    throw new MeshgenError(`${at}: is not a mapping; fix the user (kubectl config set-credentials --exec-command=...)`);
  }
  const command: unknown = exec.command;
  if (typeof command !== 'string' || !command) {
    throw new MeshgenError(`${at}.command: missing; name the plugin (e.g. gke-gcloud-auth-plugin) or refresh the kubeconfig with your cloud's get-credentials command`);
  }
  const apiVersion: unknown = exec.apiVersion;
  if (!EXEC_API_VERSIONS.includes(apiVersion as any)) {
    throw new MeshgenError(`${at}.apiVersion: ${apiVersion === undefined ? 'missing' : echoValue(apiVersion)}; kubectl runs ${EXEC_API_VERSIONS.join(' and ')} plugins (v1alpha1 was removed in Kubernetes 1.24): refresh the kubeconfig with your cloud's get-credentials command`);
  }
  const args: unknown = exec.args ?? [];
  if (!Array.isArray(args) || args.some((a) => typeof a !== 'string')) {
    throw new MeshgenError(`${at}.args: must be a list of strings; fix the kubeconfig`);
  }
  const env: unknown = exec.env ?? [];
  if (!Array.isArray(env) || env.some((e) => !e || typeof e.name !== 'string' || !e.name || typeof (e.value ?? '') !== 'string')) {
    throw new MeshgenError(`${at}.env: must be a list of {name, value}; fix the kubeconfig`);
  }
  const mode: unknown = exec.interactiveMode ?? (apiVersion === 'client.authentication.k8s.io/v1beta1' ? 'IfAvailable' : undefined);
  if (mode === undefined) {
    throw new MeshgenError(`${at}.interactiveMode: must be specified for ${apiVersion} plugins (as kubectl requires); add interactiveMode: Never to the user's exec`);
  }
  if (mode === 'Always') {
    throw new MeshgenError(`${at}: plugin ${printableLine(command, 80)} has interactiveMode: Always (it prompts on a terminal) and meshgen never prompts; log in with the plugin first, use a non-interactive mode (Never), or pass the token with --token-file`);
  }
  if (mode !== 'Never' && mode !== 'IfAvailable') {
    throw new MeshgenError(`${at}.interactiveMode: ${echoValue(mode)} is not one of Never, IfAvailable, Always; fix the kubeconfig`);
  }
  const hint: unknown = exec.installHint;
  return {
    command,
    resolvedCommand: command.includes('/') || command.includes(path.sep) ? path.resolve(dir, command) : command,
    args: args as string[],
    env: (env as any[]).map((e) => ({ name: e.name, value: String(e.value ?? '') })),
    apiVersion: apiVersion as ExecPlugin['apiVersion'],
    interactiveMode: mode,
    provideClusterInfo: exec.provideClusterInfo === true,
    ...(typeof hint === 'string' && hint.trim() ? { installHint: hint } : {}),
    user,
  };
}

/** spec.cluster.config: the cluster's `client.authentication.k8s.io/exec` extension, if any. */
export function execClusterConfig(cluster: any): unknown {
  const list = Array.isArray(cluster?.extensions) ? cluster.extensions : [];
  return list.find((e: any) => e?.name === EXEC_CLUSTER_EXTENSION)?.extension;
}

/** The KUBERNETES_EXEC_INFO value: an ExecCredential with the request's spec. */
export function execInfo(plugin: ExecPlugin, cluster: ExecClusterInfo | undefined): string {
  const spec: Record<string, unknown> = { interactive: false };
  if (plugin.provideClusterInfo && cluster) {
    const c: Record<string, unknown> = { server: cluster.server };
    if (cluster['tls-server-name']) c['tls-server-name'] = cluster['tls-server-name'];
    if (cluster['insecure-skip-tls-verify']) c['insecure-skip-tls-verify'] = true;
    if (cluster['certificate-authority-data']) c['certificate-authority-data'] = cluster['certificate-authority-data'].toString('base64');
    if (cluster['proxy-url']) c['proxy-url'] = cluster['proxy-url'];
    if (cluster['disable-compression']) c['disable-compression'] = true;
    if (cluster.config !== undefined) c.config = cluster.config;
    spec.cluster = c;
  }
  return JSON.stringify({ kind: 'ExecCredential', apiVersion: plugin.apiVersion, spec });
}

export interface RunExecOptions {
  /** The environment the plugin inherits (meshgen's). */
  readonly env: NodeJS.ProcessEnv;
  /** Given when the plugin asks for it (provideClusterInfo). */
  readonly cluster?: ExecClusterInfo;
  /** Kill a plugin that has not finished after this long. @default 60000 */
  readonly timeoutMs?: number;
  /** The context, for messages. */
  readonly context: string;
}

/**
 * Runs the plugin once and returns its credentials. Any failure (not found, not
 * executable, a non-zero exit, a timeout, an answer that is not a valid ExecCredential)
 * is one MeshgenError line with the command, the exit status, a short escaped line of
 * its stderr and its installHint; never a token.
 */
export function runExecPlugin(plugin: ExecPlugin, opts: RunExecOptions): Promise<ExecCredentials> {
  const name = printableLine(plugin.command, 120);
  const who = `context "${printableLine(opts.context, 80)}": exec plugin ${name} (user "${printableLine(plugin.user, 80)}")`;
  const hint = plugin.installHint ? `; ${printableLine(plugin.installHint, 300)}` : '';
  const timeoutMs = opts.timeoutMs ?? 60000;
  const env: NodeJS.ProcessEnv = { ...opts.env };
  for (const e of plugin.env) env[e.name] = e.value;
  env.KUBERNETES_EXEC_INFO = execInfo(plugin, opts.cluster);
  return new Promise((resolve, reject) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const fail = (message: string) => { if (!settled) { settled = true; clearTimeout(timer); reject(new MeshgenError(message)); } };
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(plugin.resolvedCommand, [...plugin.args], { env, stdio: ['ignore', 'pipe', 'pipe'], shell: false, windowsHide: true });
    } catch (e) {
      return fail(`${who} could not be started (${printableLine((e as NodeJS.ErrnoException).code ?? (e as Error).message, 60)})${hint}`);
    }
    timer = setTimeout(() => {
      fail(`${who} did not finish within ${Math.round(timeoutMs / 1000)} s; run it yourself to see what it waits for (it must not prompt)${hint}`);
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout!.on('data', (c: Buffer) => {
      outBytes += c.length;
      if (outBytes > MAX_STDOUT_BYTES) {
        fail(`${who} printed more than ${MAX_STDOUT_BYTES} bytes; an ExecCredential is a few KiB: check the kubeconfig's exec command`);
        child.kill('SIGKILL');
        return;
      }
      stdout.push(c);
    });
    child.stderr!.on('data', (c: Buffer) => {
      if (errBytes < MAX_STDERR_BYTES) stderr.push(c);
      errBytes += c.length;
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') {
        const where = plugin.resolvedCommand.includes('/') ? `at ${printableLine(plugin.resolvedCommand, 160)}` : 'on PATH';
        return fail(`${who} not found ${where}; install it or fix the user's exec command in the kubeconfig${hint}`);
      }
      if (e.code === 'EACCES') return fail(`${who} is not executable (EACCES); chmod +x it or fix the user's exec command${hint}`);
      fail(`${who} could not be started (${printableLine(e.code ?? e.message, 60)})${hint}`);
    });
    child.on('close', (code, signal) => {
      if (settled) return;
      const said = stderrLine(Buffer.concat(stderr).toString('utf8'));
      if (code !== 0) {
        const status = signal ? `was killed by ${signal}` : `failed with exit code ${code}`;
        return fail(`${who} ${status}${said ? ` (stderr: ${said})` : ''}; run it yourself to see why (often: log in again with your cloud's CLI)${hint}`);
      }
      try {
        const creds = parseExecCredential(Buffer.concat(stdout).toString('utf8'), plugin.apiVersion);
        settled = true;
        clearTimeout(timer);
        resolve(creds);
      } catch (e) {
        fail(`${who} ${(e as Error).message}`);
      }
    });
  });
}

/** A short, escaped line of the plugin's stderr with anything token-like redacted. */
function stderrLine(text: string): string {
  const redacted = text
    .replace(/\b(Bearer|Basic)\s+[^\s"',;]+/gi, '$1 [redacted]')
    .replace(/\beyJ[A-Za-z0-9_-]{8,}(\.[A-Za-z0-9_-]*){0,2}/g, '[redacted]')
    .replace(/k8s-aws-v1\.[A-Za-z0-9_-]+/g, '[redacted]')
    .replace(/("?(token|access_token|id_token|clientKeyData|password)"?\s*[:=]\s*)("[^"]*"|\S+)/gi, '$1[redacted]');
  return printableLine(redacted, 160);
}

/**
 * Reads the plugin's stdout as client-go does: an ExecCredential of the configured
 * apiVersion with a status holding a token, or a client certificate and key (both).
 * Errors never quote the output (it holds credentials).
 */
export function parseExecCredential(stdout: string, apiVersion: string): ExecCredentials {
  let cred: any;
  try {
    cred = JSON.parse(stdout);
  } catch {
    throw new Error('did not print an ExecCredential (its output is not JSON); check the plugin and its arguments');
  }
  if (!cred || typeof cred !== 'object' || cred.kind !== 'ExecCredential') {
    throw new Error(`printed ${echoValue(typeof cred?.kind === 'string' ? cred.kind : typeof cred)} instead of an ExecCredential; check the plugin and its arguments`);
  }
  if (cred.apiVersion !== apiVersion) {
    throw new Error(`is configured to use API version ${apiVersion}, plugin returned version ${echoValue(String(cred.apiVersion ?? 'none'), 60)}; set the user's exec apiVersion to what the plugin speaks`);
  }
  const status = cred.status;
  if (!status || typeof status !== 'object') throw new Error("didn't return a status field; check the plugin and its arguments");
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const token = str(status.token);
  const cert = str(status.clientCertificateData);
  const key = str(status.clientKeyData);
  if (!token && !cert && !key) throw new Error("didn't return a token or cert/key pair; check the plugin and its arguments");
  if (!cert !== !key) throw new Error('returned only certificate or key, not both; check the plugin');
  return {
    ...(token ? { token } : {}),
    ...(cert && key ? { clientCertificate: Buffer.from(cert), clientKey: Buffer.from(key) } : {}),
  };
}
