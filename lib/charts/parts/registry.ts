/**
 * The parts a bundle may hold beyond the core of every cluster (namespace, istioctl
 * control plane, gateways' Istio objects), each loaded on first use: they pull in
 * cdk8s-plus-27's generated k8s module or large CRD imports (~25 ms of start-up),
 * which an istioctl mesh without MetalLB, Kiali, verification or Karmada never needs.
 * This and the CLI's command registry are meshgen's only lazy loads.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
export const chartParts = {
  /** installer: sail: the `Istio` resource and the gateway's plain objects. */
  sail: () => require('./sail') as typeof import('./sail'),
  /** installer: helm: chart values and Argo CD Applications. */
  helm: () => require('./helm') as typeof import('./helm'),
  /** `loadBalancer.metallb`: metallb.yaml. */
  metallb: () => require('./metallb') as typeof import('./metallb'),
  /** spec.kiali: kiali/. */
  kiali: () => require('./kiali') as typeof import('./kiali'),
  /** spec.verify: verify/. */
  verify: () => require('./verify') as typeof import('./verify'),
  /** spec.federation.karmada: the `<out>/karmada/` bundle. */
  karmada: () => require('../karmada-chart') as typeof import('../karmada-chart'),
};
/* eslint-enable @typescript-eslint/no-require-imports */
