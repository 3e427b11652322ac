import * as fs from 'fs';
import { checkKeyDir, writeSecretFiles as writeSecretOutput } from '../fsx/write-secrets';
import * as path from 'path';
import { MeshgenError } from '../errors';
import { DEFAULT_SECRETS_DIR } from '../names/defaults';
import { MeshPlan } from '../plan/planner';
import { OUTPUT_MARKER } from '../fsx/write';
import { Kubeconfig, resolveContext } from './kubeconfig';
import { createRemoteSecret, remoteSecretName } from './remote-secret';


export interface MeshSecretsOptions {
  /** Retries and timeouts, passed to createRemoteSecret (tests shorten them). */
  readonly retries?: number;
  readonly retryDelayMs?: number;
  readonly timeoutMs?: number;
  readonly deadlineMs?: number;
  /** Accept an http:// server or insecure-skip-tls-verify, with a warning (`--insecure`). @default false */
  readonly insecure?: boolean;
  /** The environment: HTTPS_PROXY / NO_PROXY, and what an exec credential plugin inherits. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * The reader's token of a cluster (`--token-file` with a `{cluster}` pattern): then
   * nothing is read from that cluster and the CA comes from the kubeconfig.
   * @default - read each reader token Secret through the Kubernetes API
   */
  readonly tokenFor?: (cluster: string) => string;
  /** Called before each cluster's token is read, for progress. */
  readonly onCluster?: (cluster: string, context: string) => void;
}

export interface MeshSecrets {
  /** `<reader>/istio-remote-secret-<target>.yaml` -> istioctl-format text, sorted. */
  readonly files: ReadonlyMap<string, string>;
  /** Warnings, each prefixed with the cluster it is about. */
  readonly warnings: readonly string[];
}

/**
 * Every remote secret every primary needs (plan.remoteSecrets), each target's
 * token read once through its spec `context`.
 */
export async function createMeshRemoteSecrets(plan: MeshPlan, kubeconfig: Kubeconfig, opts: MeshSecretsOptions = {}): Promise<MeshSecrets> {
  const byName = new Map(plan.clusters.map((c) => [c.name, c]));
  const targets = [...new Set(plan.remoteSecrets.map((s) => s.target))].sort();
  const texts = new Map<string, string>();
  const warnings: string[] = [];
  for (const target of targets) {
    const cluster = byName.get(target)!;
    opts.onCluster?.(target, cluster.context);
    try {
      const connection = resolveContext(kubeconfig, cluster.context);
      const created = await createRemoteSecret({
        clusterName: target,
        namespace: plan.istio.namespace,
        connection,
        retries: opts.retries,
        retryDelayMs: opts.retryDelayMs,
        timeoutMs: opts.timeoutMs,
        deadlineMs: opts.deadlineMs,
        insecure: opts.insecure,
        env: opts.env,
        ...(opts.tokenFor ? { token: opts.tokenFor(target) } : {}),
      });
      texts.set(target, created.text);
      warnings.push(...created.warnings.map((w) => `${target}: ${w}`));
    } catch (e) {
      if (e instanceof MeshgenError) {
        throw new MeshgenError(`spec.clusters[${cluster.specIndex}] (${target}, context ${cluster.context}): ${e.message}`, e.exitCode);
      }
      throw e;
    }
  }
  const files = new Map<string, string>();
  for (const s of [...plan.remoteSecrets].sort((a, b) => (a.reader + '/' + a.target < b.reader + '/' + b.target ? -1 : 1))) {
    files.set(`${s.reader}/${remoteSecretName(s.target)}.yaml`, texts.get(s.target)!);
  }
  return { files, warnings };
}

/**
 * Refuses a secrets directory inside meshgen's bundle output (a directory holding
 * .meshgen-output, or `<cwd>/dist`): the bundles are committed, the secrets hold
 * credentials.
 */
export function checkSecretsDir(dir: string, cwd: string): string {
  checkKeyDir('--secrets-out', dir, cwd);
  const abs = path.resolve(cwd, dir);
  const dist = path.resolve(cwd, 'dist');
  const inside = (parent: string) => abs === parent || abs.startsWith(parent + path.sep);
  let bundle: string | undefined = inside(dist) ? dist : undefined;
  for (let d = abs; !bundle; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, OUTPUT_MARKER))) bundle = d;
    if (path.dirname(d) === d) break;
  }
  if (bundle) {
    throw new MeshgenError(
      `--secrets-out ${dir}: is inside the bundle output ${path.relative(cwd, bundle) || bundle}; remote secrets hold API credentials and must not be committed with the bundles: ` +
      `choose a directory outside it, e.g. --secrets-out ${DEFAULT_SECRETS_DIR}`,
    );
  }
  return abs;
}

/**
 * Writes the secrets under `dir` (created 0700), each file mode 0600 through a
 * temporary file and a rename, and a `.gitignore` of `*` so that git never picks
 * them up. Returns the absolute paths written, sorted.
 */
export function writeSecretFiles(dir: string, files: ReadonlyMap<string, string>, cwd: string): string[] {
  return writeSecretOutput(checkSecretsDir(dir, cwd), files).sort();
}
