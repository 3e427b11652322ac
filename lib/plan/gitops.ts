import { ISTIO_CHART_RELEASES, ISTIO_HELM_REPO, IstioChart, istioChartsOf, istiodRelease } from '../names/helm';
import { GitOpsDestination, GitOpsSettings, MeshSpec } from '../mesh-spec/types';
import { cniNamespace } from '../mesh-spec/istio-values';
import { REVISION_TAGS_GITOPS_DIR, SAIL_GITOPS_DIRS, SAIL_OPERATOR_CHART, syncUnitName } from '../names/gitops';
import { revisionsOf } from './revisions';

/** What a sync unit installs; also the suffix of its name (`<cluster>-<kind>`). */
export type SyncUnitKind = 'sail-operator' | 'istio-base' | 'mesh-bundle' | 'istio-cni' | 'istiod' | 'ztunnel' | 'istio-eastwestgateway' | 'revision-tags';

/** A Helm chart a sync unit installs. */
export interface ChartSource {
  readonly repoURL: string;
  readonly chart: string;
  readonly version: string;
  readonly releaseName: string;
  /** Istio's charts: which of the cluster's releases (lib/helm/values.ts) gives the values. */
  readonly istioChart?: IstioChart;
}

/**
 * One thing the GitOps controller syncs for a cluster, in order: an Argo CD Application
 * (sync wave = its index) or a Flux Kustomization (dependsOn the one before).
 */
export interface SyncUnit {
  readonly kind: SyncUnitKind;
  /** An istiod release's revision (spec.istio.revision, spec.istio.canary.revision): part of the unit's name and files. @default - none */
  readonly revision?: string;
  /** Application / Kustomization / HelmRelease name: `<cluster>-<kind>`. */
  readonly name: string;
  /** A Helm chart, or else `path`. */
  readonly chart?: ChartSource;
  /** A directory of the Git repository holding a kustomization.yaml. */
  readonly path?: string;
  /** The namespace its objects go to. */
  readonly namespace: string;
  /** It installs CustomResourceDefinitions (too large for client-side apply: server-side apply). */
  readonly crds: boolean;
  /** It installs Istio's webhook configurations, whose caBundle and failurePolicy istiod patches at run time. */
  readonly istioWebhooks: boolean;
  /** What it brings, for the plan. */
  readonly description: string;
}

export interface GitOpsClusterPlan {
  readonly cluster: string;
  /** Where the cluster's objects go (spec.gitops.destinations, or the defaults). */
  readonly destination: GitOpsDestination;
  /** In sync order. */
  readonly units: readonly SyncUnit[];
}

/** A unit's name suffix, file and directory name: its kind, and `-<revision>` for a revisioned istiod release. */
export function unitKey(u: Pick<SyncUnit, 'kind' | 'revision'>): string {
  return u.revision ? `${u.kind}-${u.revision}` : u.kind;
}

/** Sail: what the istio/ directory holds: the Istio resource, or one per revision and the IstioRevisionTags. */
function sailIstioUnitText(spec: MeshSpec): string {
  if (!spec.istio.revision) return 'the Istio resource';
  const names = revisionsOf(spec.istio).map((r) => r.name!).join(' and ');
  return `the Istio resources ${names}${spec.istio.tags ? ' and the IstioRevisionTags' : ''}`;
}

/** What planGitOps reads of each cluster's plan (lib/plan/planner.ts's ClusterPlan has it all). */
export interface GitOpsClusterInput {
  readonly name: string;
  readonly network: string;
  readonly role: 'primary' | 'remote';
  readonly context: string;
  readonly primary?: string;
  readonly remotePilotAddress?: string;
  readonly eastWestGateway: boolean;
}

export interface GitOpsPlan {
  readonly settings: GitOpsSettings;
  /** Sorted by cluster name. */
  readonly clusters: readonly GitOpsClusterPlan[];
  /** The kubectl context of the cluster the controller runs in (Argo CD; Flux with kubeConfigSecret destinations). */
  readonly controllerContext: string;
}

/**
 * The sync order of every cluster, the same for Argo CD and Flux:
 * - helm: istio/base (CRDs; the namespace) -> the bundle (the namespace's network label,
 *   cert-manager's cacerts, expose-istiod/services) -> istio/cni (spec.istio.cni) -> istio/istiod -> istio/gateway;
 * - sail: the Sail operator (with Istio's CRDs) -> the bundle -> the Istio resource
 *   (`istio/`) -> the east-west gateway (`gateway/`, injected by the now Ready istiod).
 * The bundle goes before istiod so that the network label and cert-manager's cacerts are
 * there when istiod starts; nothing in it needs istiod.
 */
export function planGitOps(spec: MeshSpec, clusters: readonly GitOpsClusterInput[]): GitOpsPlan | undefined {
  const settings = spec.gitops;
  if (!settings) return undefined;
  const version = spec.istio.version;
  const ns = spec.istio.namespace;
  const plans = clusters.map((c): GitOpsClusterPlan => {
    const unit = (kind: SyncUnitKind, rest: Omit<SyncUnit, 'kind' | 'name'>): SyncUnit => ({ kind, name: syncUnitName(c.name, kind), ...rest });
    const bundlePath = `${settings.path}/${c.name}`;
    const units: SyncUnit[] = [];
    if (spec.istio.installer === 'sail') {
      units.push(unit('sail-operator', {
        chart: { repoURL: SAIL_OPERATOR_CHART.repo, chart: SAIL_OPERATOR_CHART.chart, version, releaseName: SAIL_OPERATOR_CHART.releaseName },
        namespace: SAIL_OPERATOR_CHART.namespace, crds: true, istioWebhooks: false,
        description: `the Sail operator (chart ${SAIL_OPERATOR_CHART.chart} ${version}, with Istio's CRDs)`,
      }));
      units.push(unit('mesh-bundle', {
        path: bundlePath, namespace: ns, crds: false, istioWebhooks: false,
        description: `the bundle ${bundlePath}: namespace ${ns} labelled topology.istio.io/network=${c.network}`,
      }));
      if (c.role === 'primary' || c.remotePilotAddress !== undefined) {
        units.push(unit('istiod', {
          path: `${bundlePath}/${SAIL_GITOPS_DIRS.istio}`, namespace: ns, crds: false, istioWebhooks: false,
          description: `${sailIstioUnitText(spec)} (${bundlePath}/${SAIL_GITOPS_DIRS.istio}; ${c.role === 'primary' ? 'the control plane' : `the remote profile, served by ${c.primary}`}), Healthy once Ready`,
        }));
      }
      if (c.eastWestGateway) {
        units.push(unit('istio-eastwestgateway', {
          path: `${bundlePath}/${SAIL_GITOPS_DIRS.gateway}`, namespace: ns, crds: false, istioWebhooks: false,
          description: `the east-west gateway (${bundlePath}/${SAIL_GITOPS_DIRS.gateway}), injected by istiod`,
        }));
      }
    } else {
      const charts = istioChartsOf({ ...c, ambient: spec.istio.dataplane === 'ambient' }, spec.istio.cni === true);
      const chart = (chartName: IstioChart): ChartSource | undefined => (charts.includes(chartName)
        ? { repoURL: ISTIO_HELM_REPO, chart: chartName, version, releaseName: ISTIO_CHART_RELEASES[chartName].releaseName, istioChart: chartName }
        : undefined);
      units.push(unit('istio-base', {
        chart: chart('base')!, namespace: ns, crds: true, istioWebhooks: true,
        description: `istio/base ${version} (Istio's CRDs) into namespace ${ns}`,
      }));
      units.push(unit('mesh-bundle', {
        path: bundlePath, namespace: ns, crds: false, istioWebhooks: false,
        description: `the bundle ${bundlePath}: namespace ${ns} labelled topology.istio.io/network=${c.network}`,
      }));
      // istio/cni (spec.istio.cni: before istiod; ambient: after it) and istio/ztunnel
      // (ambient) in the order istioChartsOf gives them.
      for (const name of charts) {
        const src = chart(name);
        if (!src) continue;
        if (name === 'cni') {
          const cniNs = spec.istio.cni ? cniNamespace(spec.istio.platform, ns) : ns;
          units.push(unit('istio-cni', {
            chart: src, namespace: cniNs, crds: false, istioWebhooks: false,
            description: `istio/cni ${version} (the Istio CNI node agent${spec.istio.dataplane === 'ambient' ? ', profile ambient' : ''}) into namespace ${cniNs}`,
          }));
        } else if (name === 'ztunnel') {
          units.push(unit('ztunnel', {
            chart: src, namespace: ns, crds: false, istioWebhooks: false,
            description: `istio/ztunnel ${version} (ambient mode's node proxy)`,
          }));
        } else if (name === 'istiod') {
          // one release per revision (spec.istio.canary: at its own chart version), then the revision tags
          for (const r of revisionsOf(spec.istio)) {
            units.push({
              kind: 'istiod', ...(r.name ? { revision: r.name } : {}), name: syncUnitName(c.name, unitKey({ kind: 'istiod', revision: r.name })),
              chart: { ...src, version: r.version, releaseName: istiodRelease(r.name).releaseName }, namespace: ns, crds: false, istioWebhooks: true,
              description: `istio/istiod ${r.version}${r.name ? ` revision ${r.name}` : ''} (${c.role === 'primary' ? 'the control plane' : `the remote profile, served by ${c.primary}`})`,
            });
          }
          if (spec.istio.tags) {
            units.push(unit('revision-tags', {
              path: `${bundlePath}/${REVISION_TAGS_GITOPS_DIR}`, namespace: ns, crds: false, istioWebhooks: true,
              description: `the revision tags ${Object.entries(spec.istio.tags).map(([t, r]) => `${t} -> ${r}`).join(', ')} (${bundlePath}/${REVISION_TAGS_GITOPS_DIR})`,
            }));
          }
        }
      }
      const gateway = chart('gateway');
      if (gateway) {
        units.push(unit('istio-eastwestgateway', {
          chart: gateway, namespace: ns, crds: false, istioWebhooks: false,
          description: `istio/gateway ${version} (the east-west gateway)`,
        }));
      }
    }
    return { cluster: c.name, destination: settings.destinations[c.name] ?? (settings.tool === 'argocd' ? { name: c.name } : {}), units };
  });
  const firstPrimary = clusters.find((c) => c.role === 'primary');
  return {
    settings,
    clusters: plans,
    controllerContext: settings.context ?? firstPrimary?.context ?? clusters[0]?.context ?? 'default',
  };
}

/** Warnings the GitOps settings give (the deprecated spelling). */
export function gitopsWarnings(spec: MeshSpec): string[] {
  if (!spec.gitops?.fromDeprecatedArgocd) return [];
  return ['spec.argocd is deprecated and will be removed: rename it to spec.gitops and add tool: argocd (its fields keep their meaning)'];
}
