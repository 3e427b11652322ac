/**
 * The parts a bundle may hold beyond the core of every cluster (namespace, istioctl
 * control plane, gateways' Istio objects), each loaded on first use: they pull in
 * the generated k8s module (imports/k8s.ts) or large CRD imports (milliseconds each),
 * which an istioctl mesh without MetalLB, Kiali, verification, Karmada or GitOps never needs.
 * This and the CLI's command registry are meshgen's only lazy loads.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
export const chartParts = {
  /** installer: sail: the `Istio` resource and the gateway's plain objects. */
  sail: () => require('./sail') as typeof import('./sail'),
  /** installer: helm: chart values. */
  helm: () => require('./helm') as typeof import('./helm'),
  /** spec.gitops: argocd/ or flux/ (the Argo CD and Flux CRD imports). */
  gitops: () => require('./gitops') as typeof import('./gitops'),
  /** `loadBalancer.metallb`: metallb.yaml. */
  metallb: () => require('./metallb') as typeof import('./metallb'),
  /** spec.kiali: kiali/. */
  kiali: () => require('./kiali') as typeof import('./kiali'),
  /** spec.verify: verify/. */
  verify: () => require('./verify') as typeof import('./verify'),
  /** spec.istio.dataplane: ambient: the east-west gateway as a Gateway API Gateway. */
  ambient: () => require('./ambient') as typeof import('./ambient'),
  /** spec.federation.karmada: the `<out>/karmada/` bundle. */
  karmada: () => require('../karmada-chart') as typeof import('../karmada-chart'),
  /** spec.overlays, and spec.istio.values with sail: the schema validator (ajv, the CRDs) that checks the objects they change. */
  validator: () => require('../../schema/validator') as typeof import('../../schema/validator'),
};
/* eslint-enable @typescript-eslint/no-require-imports */
