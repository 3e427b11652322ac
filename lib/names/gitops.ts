/**
 * Names and paths of the GitOps objects (spec.gitops): the files under each cluster's
 * bundle and the names of the Argo CD Applications and Flux objects. Users grep for them.
 */

/** Argo CD's files, relative to `<out>/<cluster>/`. */
export const ARGOCD_FILES = {
  /** The root Application (app of apps), applied by hand to the cluster Argo CD runs in. */
  root: 'argocd/root.yaml',
  /** The argocd-cm keys the sync waves need (Application and Sail Istio health checks). */
  config: 'argocd/argocd-cm.yaml',
  /** The child Applications, one file each; the root Application syncs this directory. */
  appsDir: 'argocd/apps',
} as const;

/** Flux's files, relative to `<out>/<cluster>/`. */
export const FLUX_FILES = {
  /** The GitRepository and the root Kustomization (which syncs flux/ itself). */
  root: 'flux/root.yaml',
  /** The HelmRepository the HelmReleases install from. */
  sources: 'flux/sources.yaml',
  /** The ordered Kustomizations (dependsOn). */
  sync: 'flux/sync.yaml',
  /** flux/kustomization.yaml: lists root, sources and sync only (not the HelmRelease directories). */
  kustomization: 'flux/kustomization.yaml',
  /** `flux/<unit>/`: one HelmRelease and its kustomization.yaml per chart. */
  dir: 'flux',
} as const;

/**
 * With the sail installer and spec.gitops, the Istio resource and the east-west gateway
 * move out of the bundle's kustomization into directories of their own (each with a
 * kustomization.yaml), so that they sync after the bundle (namespace, cacerts) and the
 * gateway after istiod is Ready: its pod needs istiod's injection (`image: auto`).
 */
export const SAIL_GITOPS_DIRS = {
  istio: 'istio',
  gateway: 'gateway',
} as const;

/**
 * Helm with spec.gitops and spec.istio.tags: the revision tags in a directory of their own
 * (with a kustomization.yaml), synced after every istiod release so that a tag never
 * points at a revision that is not there yet.
 */
export const REVISION_TAGS_GITOPS_DIR = 'revision-tags';

/** The annotation Argo CD orders the resources of one sync by (here: the child Applications). */
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/** The API server of the cluster Argo CD runs in (where the Applications themselves live). */
export const ARGOCD_IN_CLUSTER = 'https://kubernetes.default.svc';

/** The Sail operator's Helm chart, as its docs install it. */
export const SAIL_OPERATOR_CHART = {
  repo: 'https://istio-ecosystem.github.io/sail-operator',
  chart: 'sail-operator',
  releaseName: 'sail-operator',
  namespace: 'sail-operator',
} as const;

/** The root Application of a cluster. */
export function argocdRootName(cluster: string): string {
  return `${cluster}-root`;
}

/** The root Kustomization of a cluster (it syncs `<path>/<cluster>/flux`). */
export function fluxRootName(cluster: string): string {
  return `${cluster}-root`;
}

/**
 * The GitRepository a cluster's Kustomizations read. Per cluster, like every Flux object
 * meshgen writes, so that one Flux can serve several clusters (destinations.kubeConfigSecret).
 */
export function fluxGitRepositoryName(cluster: string): string {
  return `${cluster}-mesh-config`;
}

/** A cluster's HelmRepository of Istio's charts (`istio`) or of the Sail operator's (`sail-operator`). */
export function fluxHelmRepositoryName(cluster: string, repo: 'istio' | 'sail-operator'): string {
  return `${cluster}-${repo}-charts`;
}

/** One sync unit of a cluster: the Application, Kustomization and HelmRelease name `<cluster>-<unit>`. */
export function syncUnitName(cluster: string, unit: string): string {
  return `${cluster}-${unit}`;
}

/** The longest unit name suffix (`-istio-eastwestgateway`), for the length check on cluster names. */
export const LONGEST_SYNC_UNIT_SUFFIX = '-istio-eastwestgateway';
