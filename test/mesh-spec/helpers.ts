import { SpecError } from '../../lib/errors';
import { validateMeshSpec } from '../../lib/mesh-spec/parse';
import { meshInput, SEED_CLUSTERS } from '../helpers';

/** The issues a bad spec raises (fails the test when the spec is accepted). */
export function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    validateMeshSpec(input);
  } catch (e) {
    if (e instanceof SpecError) return [...e.issues];
    throw e;
  }
  throw new Error('expected the spec to be rejected');
}

/** A valid mesh with `patch` merged into its spec. */
export function withSpec(patch: Record<string, unknown>, clusters = SEED_CLUSTERS): any {
  const input = meshInput(clusters);
  Object.assign(input.spec, patch);
  return input;
}

/** A valid mesh whose i-th cluster gets `loadBalancer.metallb: metallbs[i]`. */
export function withMetallb(metallbs: (Record<string, unknown> | undefined)[], clusters = SEED_CLUSTERS): any {
  const input = meshInput(clusters);
  metallbs.forEach((m, i) => { if (m) input.spec.clusters[i].loadBalancer = { metallb: m }; });
  return input;
}
