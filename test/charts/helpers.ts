import { validateMeshSpec } from '../../lib/mesh-spec/parse';
import { renderMesh } from '../../lib/synth/render-mesh';
import { meshInput, SEED_CLUSTERS } from '../helpers';

/** The files of a mesh of `clusters` with `patch` merged into its spec and `clusterPatch[i]` into its i-th cluster. */
export function renderWith(patch: Record<string, unknown>, clusters = SEED_CLUSTERS, clusterPatch: Record<number, object> = {}) {
  const input = meshInput(clusters);
  Object.assign(input.spec, patch);
  for (const [i, p] of Object.entries(clusterPatch)) Object.assign(input.spec.clusters[Number(i)], p);
  return renderMesh(validateMeshSpec(input)).files;
}
