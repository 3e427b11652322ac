import { didYouMean } from './did-you-mean';
import { IssueSink } from './sink';
import { ClusterSpec, DATAPLANES, Dataplane } from './types';

/**
 * The first Istio minor release with ambient multi-network: the `istio-east-west` gateway
 * class appears in 1.27.0 (AMBIENT_ENABLE_MULTI_NETWORK existed since 1.25, without it);
 * the Sail docs: "Istio v1.27 is the minimum supported version for this deployment model".
 */
export const AMBIENT_MIN_MINOR = 27;

/**
 * Checks `spec.istio.dataplane` (sidecar | ambient) and what ambient mode allows.
 *
 * Istio 1.30's ambient multicluster supports only primaries ("Primary remote
 * configuration is not currently supported ... configurations with one or more remote
 * clusters will not work correctly": istio.io docs/ambient/install/multicluster), so a
 * remote in an ambient mesh is an error. Clusters that share a network are "untested,
 * and may be broken" there: the planner warns (lib/plan/planner.ts). `spec.meshNetworks:
 * explicit` describes sidecar east-west gateways (15443) and is refused with ambient.
 * @returns the dataplane, or undefined for sidecar (the default, not written into the spec)
 */
export function checkDataplane(c: IssueSink, value: unknown, clusters: readonly ClusterSpec[], version: string, meshNetworks?: unknown): Dataplane | undefined {
  const raw = c.string('spec.istio.dataplane', value, false, 'ambient');
  if (raw === undefined) return undefined;
  if (!(DATAPLANES as readonly string[]).includes(raw)) {
    const guess = didYouMean(raw, DATAPLANES);
    c.add('spec.istio.dataplane', `${JSON.stringify(raw)} is not one of ${DATAPLANES.join(' | ')}${guess ? `; did you mean "${guess}"?` : ''}`);
    return undefined;
  }
  if (raw === 'sidecar') return undefined;
  const [major, minor] = version.split('.').map(Number);
  if (major === 1 && minor < AMBIENT_MIN_MINOR) {
    c.add('spec.istio.version', `"${version}" has no ambient multi-network support (the istio-east-west gateway class came in Istio 1.${AMBIENT_MIN_MINOR}); use "1.${AMBIENT_MIN_MINOR}.0" or later, or dataplane: sidecar`);
  }
  if (meshNetworks === 'explicit') {
    c.add('spec.meshNetworks', '"explicit" writes values.global.meshNetworks with the sidecar east-west gateways\' port 15443, which ambient mode does not use (istiod finds each network\'s gateway from its istio-east-west Gateway, HBONE on 15008); remove spec.meshNetworks, or use dataplane: sidecar');
  }
  for (const cl of clusters) {
    if (cl.role !== 'remote') continue;
    c.add(`spec.clusters[${cl.index}].role`, `"remote" is not supported with spec.istio.dataplane: ambient (Istio 1.30's ambient multicluster runs a control plane on every cluster); set role: primary on ${cl.name} and remove its primary field, or use dataplane: sidecar`);
  }
  return 'ambient';
}
