// meshgen's public API, by layer (see docs/development.md "Layout"): re-exports only.
// The package root (`import ... from 'meshgen'`, docs/library.md); the command line is the
// separate subpath `meshgen/cli` (lib/cli/index.ts), so these types need no yargs types.
// Ground floor: errors and names.
export * from './errors';
export * from './names/objects';
export * from './names/bundle-layout';
export * from './names/defaults';
export * from './names/dns';
export * from './names/helm';
export * from './names/sail';
export * from './names/ambient';
export * from './names/gitops';
// The spec and the plan.
export * from './mesh-spec/types';
export * from './mesh-spec/parse';
export { checkIstioValues, mergeValues, valuePaths, DERIVED_VALUES, ISTIO_VALUES_KEYS } from './mesh-spec/istio-values';
export { clusterCustomizations } from './plan/customizations';
export * from './plan/planner';
export * from './plan/steps/steps';
export type { Action, Argv, Fact, PlanStep, StepOptions } from './plan/steps/step';
export { checkPlanOrder, orderSteps } from './plan/steps/order';
export { formatPlanScript } from './plan/steps/script';
export * from './plan/mesh-networks';
export * from './plan/verify';
export * from './plan/kiali';
export * from './plan/gitops';
// Constructs, one concept per folder.
export * from './istio/istio-operator';
export * from './istio/control-plane';
export * from './istio/east-west-gateway';
export * from './istio/ambient-east-west-gateway';
export * from './istio/expose-istiod';
export * from './istio/expose-services';
export * from './istio/remote-secret-reader';
export * from './istio/revision-tag';
export * from './k8s/istio-namespace';
export * from './k8s/raw-manifest';
export * from './karmada/propagation-policy';
export * from './karmada/override-policy';
export * from './karmada/cluster-override-policy';
export * from './karmada/namespace-template';
export * from './karmada/istio-crds';
export { karmadaCacertsObjects } from './karmada/cacerts';
export * from './sail/istio';
export * from './sail/east-west-gateway';
export * from './sail/istio-cni';
export * from './sail/ztunnel';
export * from './sail/istio-revision-tag';
export * from './helm/values';
export * from './argocd/chart-application';
export * from './argocd/git-path-application';
export * from './argocd/root-application';
export * from './argocd/health-checks';
export * from './argocd/sync-policy';
export * from './flux/git-repository';
export * from './flux/helm-repository';
export * from './flux/helm-release';
export * from './flux/kustomization';
export * from './metallb/address-pool';
export * from './metallb/service-pin';
export * from './verify/sample-namespace';
export * from './verify/helloworld';
export * from './verify/sample-client';
export * from './verify/verify-job';
export * from './kiali/kiali';
export * from './kiali/remote-access';
export * from './kiali/prometheus-federation';
export * as pki from './pki';
export { CertManagerIstioCa } from './pki/cert-manager';
export type { CertManagerIstioCaProps } from './pki/cert-manager';
// Charts, rendering, writing, composing.
export * from './charts/bundle-chart';
export * from './charts/cluster-chart';
export * from './charts/karmada-chart';
export * from './charts/mesh-app';
export * from './render/render';
export { applyOverlays, opProblem } from './render/overlays';
export { meshFactsOf } from './render/mesh-facts';
export * from './fsx/write';
export * from './fsx/write-secrets';
export * from './synth/render-mesh';
export * from './synth/synth';
export * from './synth/synth-bundles';
// Checking and reviewing the output: the schema validator (`meshgen validate`), diff, graph, README page.
export * from './schema';
export * from './review/diff';
export { diffMarkdown } from './review/diff-markdown';
export * from './review/graph';
export { toDot } from './review/graph-dot';
export { toMermaid } from './review/graph-mermaid';
export { reviewReadme } from './review/readme';
// Clusters.
export * from './cluster-access/remote-secret';
