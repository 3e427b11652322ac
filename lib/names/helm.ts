/**
 * The Istio Helm charts a cluster installs, by name: what the helm installer's values
 * files (lib/helm/values.ts) and the plan's `helm install` steps share.
 */
import { EAST_WEST_GATEWAY_NAME } from './objects';

/** Istio's Helm chart repository (`helm repo add istio <this>`). */
export const ISTIO_HELM_REPO = 'https://istio-release.storage.googleapis.com/charts';

/** An Istio chart in ISTIO_HELM_REPO (`cni`: spec.istio.cni or ambient mode; `ztunnel`: ambient mode). */
export type IstioChart = 'base' | 'istiod' | 'cni' | 'ztunnel' | 'gateway';

/** Each chart's Helm release name (as Istio's install docs name it) and its values file under `<cluster>/helm/`. */
export const ISTIO_CHART_RELEASES: Readonly<Record<IstioChart, { readonly releaseName: string; readonly valuesFile: string }>> = {
  base: { releaseName: 'istio-base', valuesFile: 'base.values.yaml' },
  istiod: { releaseName: 'istiod', valuesFile: 'istiod.values.yaml' },
  cni: { releaseName: 'istio-cni', valuesFile: 'istio-cni.values.yaml' },
  ztunnel: { releaseName: 'ztunnel', valuesFile: 'ztunnel.values.yaml' },
  gateway: { releaseName: EAST_WEST_GATEWAY_NAME, valuesFile: 'eastwest-gateway.values.yaml' },
};

/**
 * The charts one cluster installs, in install order: istio/base; istio/istiod on a
 * primary, and on a remote once its primary's east-west gateway address is known
 * (nothing is guessed); in ambient mode istio/cni and istio/ztunnel after istiod (Istio's
 * ambient multi-network guide's order); otherwise, with `cni` (spec.istio.cni), istio/cni
 * between base and istiod, as Istio's Helm guide orders them; istio/gateway as the
 * east-west gateway when it has one, except in ambient mode (the bundle's Gateway API
 * Gateway is the east-west gateway). One istio/cni release either way.
 */
export function istioChartsOf(cluster: { readonly role: 'primary' | 'remote'; readonly remotePilotAddress?: string; readonly eastWestGateway: boolean; readonly ambient?: boolean }, cni = false): IstioChart[] {
  const ambient = cluster.ambient === true && cluster.role === 'primary';
  return [
    'base' as const,
    ...(cni && !ambient ? ['cni' as const] : []),
    ...(cluster.role === 'primary' || cluster.remotePilotAddress ? ['istiod' as const] : []),
    ...(ambient ? ['cni' as const, 'ztunnel' as const] : []),
    ...(cluster.eastWestGateway && !cluster.ambient ? ['gateway' as const] : []),
  ];
}

/**
 * The istio/istiod release of a revision: `istiod-<rev>` with `istiod-<rev>.values.yaml`
 * (Istio's Helm canary guide installs `istiod-<rev>` with `--set revision=<rev>`), or
 * `istiod` without a revision.
 */
export function istiodRelease(revision?: string): { readonly releaseName: string; readonly valuesFile: string } {
  return revision ? { releaseName: `istiod-${revision}`, valuesFile: `istiod-${revision}.values.yaml` } : ISTIO_CHART_RELEASES.istiod;
}
