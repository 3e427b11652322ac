import * as YAML from 'yaml';
import { MeshgenError } from '../errors';
import { isDnsLabel } from '../names/dns';
import { KIALI_REMOTE_ACCESS, kialiSecretName } from '../names/objects';

import { MeshPlan } from '../plan/planner';
import { Kubeconfig, KubeConnection, resolveContext } from './kubeconfig';
import { checkTransport } from './kube-api';
import { readServiceAccountToken, serverFor, TokenReadOptions } from './remote-secret';
import { shellQuote } from '../names/shell';

/*
 * The Kiali remote cluster secret in the format of Kiali's
 * hack/istio/multicluster/kiali-prepare-remote-cluster.sh
 * (create_kiali_remote_cluster_secret): a Secret `kiali-remote-cluster-secret-<cluster>`
 * in the namespace Kiali runs in, labelled `kiali.io/multiCluster: "true"` (the label
 * Kiali's `clustering.autodetect_secrets` looks for), annotated
 * `kiali.io/cluster: <cluster>`, whose `stringData` has one key, the cluster name,
 * holding a kubeconfig (apiVersion, kind, preferences, current-context, contexts,
 * users, clusters, in the script's order) with the remote's server, its
 * certificate-authority-data and the token of the `kiali-remote-access`
 * ServiceAccount. The script takes the CA from the local kubeconfig; meshgen takes it,
 * like the token, from the token Secret's ca.crt (as `meshgen remote-secret` does),
 * so that the CA always matches the cluster the token belongs to.
 */

/** The label Kiali's secret autodetection selects on. */
export const KIALI_MULTICLUSTER_LABEL = 'kiali.io/multiCluster';
/** The annotation naming the cluster the secret gives access to. */
export const KIALI_CLUSTER_ANNOTATION = 'kiali.io/cluster';

export interface KialiSecretData {
  /** The remote cluster's name (the secret's name, key and kubeconfig names). */
  readonly clusterName: string;
  /** The namespace Kiali runs in, on the Kiali cluster. */
  readonly namespace: string;
  readonly server: string;
  /** PEM bytes of the remote API server's CA. */
  readonly ca: Buffer;
  /** The `kiali-remote-access` ServiceAccount's token. */
  readonly token: string;
}

/** The kubeconfig Kiali uses to read the remote cluster. */
export function kialiKubeconfig(d: KialiSecretData): string {
  const n = d.clusterName;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    'current-context': n,
    contexts: [{ name: n, context: { cluster: n, user: n } }],
    users: [{ name: n, user: { token: d.token } }],
    clusters: [{ name: n, cluster: { server: d.server, 'certificate-authority-data': d.ca.toString('base64') } }],
  });
}

/** The Secret object applied on the Kiali cluster. */
export function kialiSecretObject(d: KialiSecretData): Record<string, any> {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: kialiSecretName(d.clusterName),
      namespace: d.namespace,
      labels: { [KIALI_MULTICLUSTER_LABEL]: 'true' },
      annotations: { [KIALI_CLUSTER_ANNOTATION]: d.clusterName },
    },
    stringData: { [d.clusterName]: kialiKubeconfig(d) },
  };
}

/** The text `meshgen kiali-secret` prints: the Secret as one YAML document. */
export function formatKialiSecret(d: KialiSecretData): string {
  return '---\n' + stringify(kialiSecretObject(d));
}

function stringify(value: unknown): string {
  return YAML.stringify(value, { indent: 2, indentSeq: false, lineWidth: 0, blockQuote: 'literal', aliasDuplicateObjects: false });
}

export interface CreateKialiSecretOptions extends TokenReadOptions {
  /** The remote cluster's name in the mesh spec. */
  readonly clusterName: string;
  /** The namespace of Kiali (on the Kiali cluster) and of `kiali-remote-access` (on the remote). @default 'istio-system' */
  readonly namespace?: string;
  /** The remote cluster's connection, from its kubeconfig context. */
  readonly connection: KubeConnection;
  /** Written as the server instead of the kubeconfig's; the API is still reached at the kubeconfig's. */
  readonly serverOverride?: string;
  /**
   * The `kiali-remote-access` token (`--token-file`): then nothing is read from the
   * cluster and the CA comes from the kubeconfig.
   * @default - read the kiali-remote-access token Secret through the Kubernetes API
   */
  readonly token?: string;
}

export interface CreatedKialiSecret {
  readonly text: string;
  readonly data: KialiSecretData;
  readonly warnings: readonly string[];
}

/**
 * Builds `kiali-remote-cluster-secret-<cluster>`: reads the `kiali-remote-access` token
 * Secret (kiali/remote-access.yaml of the remote's bundle) through the remote's
 * context, with the same kubeconfig handling and API GET as `meshgen remote-secret`.
 */
export async function createKialiSecret(opts: CreateKialiSecretOptions): Promise<CreatedKialiSecret> {
  const { clusterName, connection: conn } = opts;
  if (!isDnsLabel(clusterName)) {
    throw new MeshgenError(`--cluster "${clusterName}": not a DNS-1123 label (it names the Secret kiali-remote-cluster-secret-<cluster> and its data key); use the cluster's name from the mesh spec, e.g. cluster2`);
  }
  const namespace = opts.namespace ?? 'istio-system';
  const transport = checkTransport(conn, opts.insecure);
  const { server, warnings } = serverFor(conn, opts.serverOverride);
  warnings.unshift(...transport);
  const { ca, token } = opts.token !== undefined ? tokenFromFile(opts.token, conn) : await readServiceAccountToken(conn, namespace, KIALI_REMOTE_ACCESS, KIALI_REMOTE_ACCESS, opts,
    `it is Kiali's remote-access token: apply the bundle's kiali/ directory on this cluster first (kubectl --context=${shellQuote(conn.context)} apply -k dist/<cluster>/kiali)`,
    'kiali/remote-access.yaml of the bundle creates it');
  const data: KialiSecretData = { clusterName, namespace, server, ca, token };
  return { text: formatKialiSecret(data), data, warnings };
}

/** A `--token-file` token with the CA of the kubeconfig (as remote-secret --token-file). */
function tokenFromFile(text: string, conn: KubeConnection): { ca: Buffer; token: string } {
  const token = text.trim();
  if (!token) throw new MeshgenError('--token-file: the file is empty; write the kiali-remote-access token into it (see meshgen kiali-secret --help)');
  if (!conn.ca) {
    throw new MeshgenError(
      `kubeconfig cluster "${conn.clusterName}" (context "${conn.context}") has no certificate-authority-data, and with --token-file the CA comes from the kubeconfig; ` +
      'add it (kubectl config view --minify --raw) or drop --token-file so that meshgen reads ca.crt from the kiali-remote-access token Secret',
    );
  }
  return { ca: conn.ca, token };
}

export interface MeshKialiSecretsOptions extends TokenReadOptions {
  /** Each cluster's kiali-remote-access token (`--token-file` with `{cluster}`); then the CA comes from the kubeconfig. */
  readonly tokenFor?: (cluster: string) => string;
  /** Called before each cluster's token is read, for progress. */
  readonly onCluster?: (cluster: string, context: string) => void;
}

/**
 * Every Kiali secret of `spec.kiali`: one per cluster other than the Kiali cluster,
 * each read through that cluster's spec `context`. Files are
 * `<kiali cluster>/kiali-remote-cluster-secret-<cluster>.yaml`, sorted.
 */
export async function createMeshKialiSecrets(
  plan: MeshPlan, kubeconfig: Kubeconfig, opts: MeshKialiSecretsOptions = {},
): Promise<{ files: ReadonlyMap<string, string>; warnings: readonly string[] }> {
  const kp = plan.kiali;
  if (!kp) throw new MeshgenError('spec.kiali: not set, so no cluster runs Kiali and no Kiali secret is needed; add spec.kiali (see docs/bundles.md "Kiali") or drop --all');
  const byName = new Map(plan.clusters.map((c) => [c.name, c]));
  const files = new Map<string, string>();
  const warnings: string[] = [];
  for (const name of kp.remotes) {
    const cluster = byName.get(name)!;
    opts.onCluster?.(name, cluster.context);
    try {
      const created = await createKialiSecret({
        clusterName: name,
        namespace: plan.istio.namespace,
        connection: resolveContext(kubeconfig, cluster.context),
        retries: opts.retries,
        retryDelayMs: opts.retryDelayMs,
        timeoutMs: opts.timeoutMs,
        deadlineMs: opts.deadlineMs,
        insecure: opts.insecure,
        env: opts.env,
        ...(opts.tokenFor ? { token: opts.tokenFor(name) } : {}),
      });
      files.set(`${kp.cluster}/${kialiSecretName(name)}.yaml`, created.text);
      warnings.push(...created.warnings.map((w) => `${name}: ${w}`));
    } catch (e) {
      if (e instanceof MeshgenError) {
        throw new MeshgenError(`spec.clusters[${cluster.specIndex}] (${name}, context ${cluster.context}): ${e.message}`, e.exitCode);
      }
      throw e;
    }
  }
  return { files, warnings };
}
