import * as os from 'os';
import { Argv } from 'yargs';
import { CliIO } from './io';
import { DEFAULT_SECRETS_DIR } from '../names/defaults';
import { work } from './work';

/** The words that differ between `meshgen remote-secret` and `meshgen kiali-secret`. */
export interface SecretCommandTexts {
  /** --cluster: which cluster the secret lets something read. */
  readonly cluster: string;
  /** --server: who reaches the API server at another address. */
  readonly server: string;
  /** --namespace: what lives there. */
  readonly namespace: string;
  /** --all: what is written. */
  readonly all: string;
  /** --secrets-out: the file layout written. */
  readonly secretsOut: string;
  /** Why --all needs --spec. */
  readonly allNeedsSpec: string;
  /** How to name the cluster when --all is not given. */
  readonly nameTheCluster: string;
  /** Options that only make sense for one cluster (refused with --all). */
  readonly singleOnly: readonly string[];
}

/**
 * The options both secret commands share (one cluster through a kubeconfig context, or
 * `--all --spec` into the secrets output), with the check that keeps the two modes apart.
 */
export function secretCommandOptions<T>(y: Argv<T>, t: SecretCommandTexts) {
  return y
    .option('cluster', { type: 'string', describe: t.cluster, requiresArg: true })
    .option('kubeconfig', { type: 'string', describe: 'kubeconfig file [default: $KUBECONFIG, else ~/.kube/config]', requiresArg: true })
    .option('context', { type: 'string', describe: "kubeconfig context of that cluster [default: the kubeconfig's current context]", requiresArg: true })
    .option('server', { type: 'string', describe: t.server, requiresArg: true })
    .option('namespace', { type: 'string', default: 'istio-system', describe: t.namespace, requiresArg: true })
    .option('all', { type: 'boolean', default: false, describe: t.all })
    .option('insecure', { type: 'boolean', default: false, describe: 'Accept an http:// API server or insecure-skip-tls-verify: true in the kubeconfig (test clusters only; warns)' })
    .option('spec', { type: 'string', describe: 'Mesh spec file (YAML; - reads it from stdin), with --all', requiresArg: true })
    .option('secrets-out', { type: 'string', default: DEFAULT_SECRETS_DIR, describe: t.secretsOut, requiresArg: true })
    .check((a) => {
      if (typeof a.namespace === 'string' && !(a.namespace.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(a.namespace))) {
        return `--namespace ${JSON.stringify(a.namespace).slice(0, 80)} is not a namespace name (a DNS-1123 label, e.g. istio-system)`;
      }
      if (a.all) {
        if (!a.spec) return `--all needs --spec: ${t.allNeedsSpec}`;
        const given = t.singleOnly.filter((k) => a[k] !== undefined);
        if (given.length) return `--all takes each cluster and context from the spec; drop --${given.join(', --')}`;
      } else {
        if (!a.cluster) return t.nameTheCluster;
        if (a.spec) return '--spec is only used with --all';
      }
      return true;
    });
}

/** The kubeconfig named by --kubeconfig, else $KUBECONFIG, else ~/.kube/config (loaded lazily). */
export async function loadCliKubeconfig(kubeconfigArg: string | undefined, io: CliIO) {
  const { kubeconfigPaths, loadKubeconfig } = await work.kubeconfig();
  const env = io.env ?? process.env;
  return loadKubeconfig(kubeconfigPaths(kubeconfigArg, env, env.HOME ?? os.homedir()), io.cwd);
}
