import { ApiObject } from 'cdk8s';
import { HelmChartApplication } from '../../argocd/chart-application';
import { GitPathApplication } from '../../argocd/git-path-application';
import { ArgoCdHealthChecks } from '../../argocd/health-checks';
import { RootApplication } from '../../argocd/root-application';
import { FluxGitRepository } from '../../flux/git-repository';
import { FluxHelmRelease } from '../../flux/helm-release';
import { FluxHelmRepository } from '../../flux/helm-repository';
import { FluxHealthCheck, FluxKustomization } from '../../flux/kustomization';
import { CLUSTER_FILES } from '../../names/bundle-layout';
import {
  ARGOCD_FILES, argocdRootName, FLUX_FILES, fluxGitRepositoryName, fluxHelmRepositoryName, fluxRootName,
} from '../../names/gitops';
import { CACERTS_SECRET_NAME } from '../../names/objects';
import { GitOpsClusterPlan, SyncUnit, unitKey } from '../../plan/gitops';
import { ClusterPlan, MeshPlan } from '../../plan/planner';
import { BundleChart } from '../bundle-chart';
import { helmReleasesOf } from './helm';

/**
 * Flux: the Sail operator's `Istio` is healthy once its Ready condition is True (kstatus
 * alone would call it Current as soon as the operator has seen it, before istiod runs).
 */
export const SAIL_ISTIO_HEALTH_EXPR = {
  apiVersion: 'sailoperator.io/v1',
  kind: 'Istio',
  current: "has(status.conditions) && status.conditions.exists(e, e.type == 'Ready' && e.status == 'True')",
} as const;

/** The annotation on the Application that starts istiod, naming what must exist first. */
export const PRECONDITION_ANNOTATION = 'meshgen/precondition';

/**
 * The GitOps objects of one cluster (spec.gitops): with Argo CD a root Application (app of
 * apps) over one child Application per sync unit, in sync waves, and the argocd-cm health
 * checks the waves need; with Flux a GitRepository, a HelmRepository and one Kustomization
 * per sync unit chained by dependsOn (a chart's Kustomization applies its HelmRelease).
 * The order is the plan's (lib/plan/gitops.ts), so `meshgen plan` waits for the same units.
 */
export function addGitOps(chart: BundleChart, mesh: MeshPlan, cluster: ClusterPlan, trustRoots?: readonly string[]): void {
  const gitops = mesh.gitops!;
  const plan = gitops.clusters.find((c) => c.cluster === cluster.name)!;
  const releases = helmReleasesOf(mesh, cluster, trustRoots);
  const values = (u: SyncUnit) => (u.chart?.istioChart ? releases.find((r) => r.chart === u.chart!.istioChart && r.releaseName === u.chart!.releaseName)?.values : undefined);
  if (gitops.settings.tool === 'argocd') addArgoCd(chart, mesh, plan, values);
  else addFlux(chart, mesh, plan, values);
}

type ValuesOf = (u: SyncUnit) => Record<string, unknown> | undefined;

/** Whether istiod reads a cacerts Secret that someone must create (generated/provided) or cert-manager issues. */
function cacertsOf(mesh: MeshPlan): 'manual' | 'cert-manager' | undefined {
  if (mesh.ca.mode === 'none') return undefined;
  return mesh.ca.mode === 'cert-manager' ? 'cert-manager' : 'manual';
}

function addArgoCd(chart: BundleChart, mesh: MeshPlan, plan: GitOpsClusterPlan, values: ValuesOf): void {
  const s = mesh.gitops!.settings;
  const ns = mesh.istio.namespace;
  chart.addFile(ARGOCD_FILES.config, 'argocd', new ArgoCdHealthChecks(chart, 'ArgoCdHealthChecks', {
    argoNamespace: s.namespace,
    sailIstio: mesh.istio.installer === 'sail',
  }));
  chart.addFile(ARGOCD_FILES.root, 'argocd', new RootApplication(chart, 'ArgoRoot', {
    name: argocdRootName(plan.cluster),
    argoNamespace: s.namespace,
    project: s.project,
    repoURL: s.repoURL,
    targetRevision: s.targetRevision,
    path: `${s.path}/${plan.cluster}/${ARGOCD_FILES.appsDir}`,
  }));
  // The namespace's labels (network) and annotations (a remote's control plane) as the
  // bundle writes them; the first Application into the namespace creates it with them.
  const nsMeta = namespaceMetadata(chart);
  let namespaceCreated = false;
  const cacerts = cacertsOf(mesh);
  plan.units.forEach((u, wave) => {
    const createsNamespace = !namespaceCreated && u.namespace === ns && nsMeta !== undefined;
    if (u.namespace === ns) namespaceCreated = true;
    const startsIstiod = u.kind === 'istiod';
    const common = {
      name: u.name,
      argoNamespace: s.namespace,
      project: s.project,
      destination: plan.destination,
      destinationNamespace: u.namespace,
      syncWave: wave,
      serverSideApply: u.crds,
      istioWebhooks: u.istioWebhooks,
      ...(createsNamespace ? { namespaceMetadata: nsMeta } : {}),
      ...(startsIstiod && cacerts ? { annotations: { [PRECONDITION_ANNOTATION]: preconditionText(mesh, plan) } } : {}),
    };
    const file = `${ARGOCD_FILES.appsDir}/${unitKey(u)}.yaml`;
    if (u.chart) {
      chart.addFile(file, 'argocd', new HelmChartApplication(chart, `Argo-${unitKey(u)}`, {
        ...common,
        repoURL: u.chart.repoURL,
        chart: u.chart.chart,
        version: u.chart.version,
        releaseName: u.chart.releaseName,
        ...(values(u) ? { values: values(u) } : {}),
      }));
    } else {
      chart.addFile(file, 'argocd', new GitPathApplication(chart, `Argo-${unitKey(u)}`, {
        ...common,
        repoURL: s.repoURL,
        targetRevision: s.targetRevision,
        path: u.path!,
      }));
    }
  });
}

function addFlux(chart: BundleChart, mesh: MeshPlan, plan: GitOpsClusterPlan, values: ValuesOf): void {
  const s = mesh.gitops!.settings;
  const c = plan.cluster;
  const kubeConfigSecret = plan.destination.kubeConfigSecret;
  const git = fluxGitRepositoryName(c);
  const root = chart.addFile(FLUX_FILES.root, 'gitops', new FluxGitRepository(chart, 'FluxGitRepository', {
    name: git, namespace: s.namespace, url: s.repoURL, revision: s.targetRevision, ...(s.secretName ? { secretName: s.secretName } : {}),
  }));
  // The root Kustomization syncs flux/ itself (as flux bootstrap's flux-system does).
  new FluxKustomization(root, 'Root', { name: fluxRootName(c), namespace: s.namespace, gitRepository: git, path: `${s.path}/${c}/${FLUX_FILES.dir}`, wait: false });

  // One chart repository per installer: Istio's (helm) or the Sail operator's (sail).
  const charts = plan.units.filter((u) => u.chart);
  const repository = fluxHelmRepositoryName(c, mesh.istio.installer === 'sail' ? 'sail-operator' : 'istio');
  chart.addFile(FLUX_FILES.sources, 'gitops', new FluxHelmRepository(chart, 'FluxHelmRepository', {
    name: repository, namespace: s.namespace, url: charts[0].chart!.repoURL,
  }));

  const sync = chart.addFile(FLUX_FILES.sync, 'gitops', new FluxKustomization(chart, 'FluxSync0', fluxUnit(mesh, plan, 0, kubeConfigSecret)));
  plan.units.slice(1).forEach((_, i) => new FluxKustomization(sync, `Unit${i + 1}`, fluxUnit(mesh, plan, i + 1, kubeConfigSecret)));

  for (const u of charts) {
    const dir = `${FLUX_FILES.dir}/${unitKey(u)}`;
    chart.addDataFile(`${dir}/kustomization.yaml`, { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['helmrelease.yaml'] });
    const v = values(u);
    chart.addFile(`${dir}/helmrelease.yaml`, 'gitops', new FluxHelmRelease(chart, `Flux-${unitKey(u)}`, {
      name: u.name,
      namespace: s.namespace,
      releaseName: u.chart!.releaseName,
      targetNamespace: u.namespace,
      chart: u.chart!.chart,
      version: u.chart!.version,
      repository,
      ...(v ? { values: v } : {}),
      ...(kubeConfigSecret ? { kubeConfigSecret } : {}),
    }));
  }
  chart.addDataFile(FLUX_FILES.kustomization, {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: [FLUX_FILES.root, FLUX_FILES.sources, FLUX_FILES.sync].map((f) => f.slice(FLUX_FILES.dir.length + 1)),
  });
}

/**
 * The Kustomization of the i-th sync unit: a chart's applies its HelmRelease (in Flux's
 * cluster) and waits for it; a directory's applies to the target cluster. The bundle's
 * waits for the cacerts Secret, so that istiod (the next unit) never starts without it.
 */
function fluxUnit(mesh: MeshPlan, plan: GitOpsClusterPlan, i: number, kubeConfigSecret: string | undefined) {
  const s = mesh.gitops!.settings;
  const u = plan.units[i];
  const healthChecks: FluxHealthCheck[] = u.kind === 'mesh-bundle' && cacertsOf(mesh)
    ? [{ apiVersion: 'v1', kind: 'Secret', name: CACERTS_SECRET_NAME, namespace: mesh.istio.namespace }]
    : [];
  return {
    name: u.name,
    namespace: s.namespace,
    gitRepository: fluxGitRepositoryName(plan.cluster),
    path: u.chart ? `${s.path}/${plan.cluster}/${FLUX_FILES.dir}/${unitKey(u)}` : u.path!,
    ...(i > 0 ? { dependsOn: [plan.units[i - 1].name] } : {}),
    ...(healthChecks.length ? { healthChecks } : {}),
    ...(u.kind === 'istiod' && !u.chart ? { healthCheckExprs: [SAIL_ISTIO_HEALTH_EXPR] } : {}),
    ...(kubeConfigSecret && !u.chart ? { kubeConfigSecret } : {}),
  };
}

function preconditionText(mesh: MeshPlan, plan: GitOpsClusterPlan): string {
  const secret = `Secret ${mesh.istio.namespace}/${CACERTS_SECRET_NAME}`;
  if (mesh.ca.mode === 'cert-manager') {
    const bundle = plan.units.find((u) => u.kind === 'mesh-bundle')!;
    return `${secret}, issued by cert-manager from ${bundle.name} (an earlier wave); the root CA Secret ${mesh.ca.rootSecretName} is created by hand`;
  }
  return `${secret} must exist before this syncs: it holds a private key and is not in Git; create it as meshgen plan says`;
}

function namespaceMetadata(chart: BundleChart): { labels?: Record<string, string>; annotations?: Record<string, string> } | undefined {
  const entry = chart.files.find((f) => f.path === CLUSTER_FILES.namespace);
  const object = entry?.construct.node.findAll().find((c): c is ApiObject => c instanceof ApiObject);
  const meta = object?.toJson().metadata;
  if (!meta) return undefined;
  return { ...(meta.labels ? { labels: meta.labels } : {}), ...(meta.annotations ? { annotations: meta.annotations } : {}) };
}
