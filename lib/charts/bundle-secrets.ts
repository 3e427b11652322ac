import { karmadaCacertsObjects } from '../karmada/cacerts';
import { cacertsSecret } from '../pki/cacerts-secret';
import type { ClusterCaFiles } from '../pki/pki-store';
import { MeshPlan } from '../plan/planner';
import { KARMADA_BUNDLE } from '../mesh-spec/karmada';

/**
 * The objects holding private keys that belong to one bundle (`cacerts.yaml`): a
 * cluster's `cacerts` Secret, or, when Karmada propagates the CA, nothing on the
 * members and on `karmada/` the `cacerts` template with one OverridePolicy per member.
 * Plain objects, not constructs: they never enter a chart, so a key cannot end up in
 * a bundle by accident.
 *
 * @param ca each cluster's plug-in CA files; undefined when the CA is not in files
 */
export function bundleSecretObjects(plan: MeshPlan, target: string, ca: ReadonlyMap<string, ClusterCaFiles> | undefined): Record<string, any>[] | undefined {
  if (!ca) return undefined;
  const namespace = plan.istio.namespace;
  if (plan.karmada?.cacerts) {
    return target === KARMADA_BUNDLE ? karmadaCacertsObjects(ca, plan.clusters.map((c) => c.name), namespace) : undefined;
  }
  const files = ca.get(target);
  return files ? [cacertsSecret(files, { namespace })] : undefined;
}
