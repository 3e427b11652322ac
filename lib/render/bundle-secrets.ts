import { karmadaCacertsObjects } from '../karmada/cacerts';
import { cacertsSecret } from '../pki/cacerts-secret';
import { MeshPlan } from '../plan/planner';
import { KARMADA_BUNDLE } from '../mesh-spec/karmada';
import type { RenderOptions } from './render';

/**
 * The objects holding private keys that belong to one bundle (`cacerts.yaml`): a
 * cluster's `cacerts` Secret, or, when Karmada propagates the CA, nothing on the
 * members and on `karmada/` the `cacerts` template with one OverridePolicy per member.
 */
export function bundleSecretObjects(plan: MeshPlan, target: string, opts: RenderOptions): Record<string, any>[] | undefined {
  if (!opts.ca) return undefined;
  const namespace = plan.istio.namespace;
  if (plan.karmada?.cacerts) {
    return target === KARMADA_BUNDLE ? karmadaCacertsObjects(opts.ca, plan.clusters.map((c) => c.name), namespace) : undefined;
  }
  const files = opts.ca.get(target);
  return files ? [cacertsSecret(files, { namespace })] : undefined;
}
