import { App } from 'cdk8s';
import { SpecError } from '../errors';
import { BundleChart } from '../charts/bundle-chart';
import { ClusterChart } from '../charts/cluster-chart';
import { chartParts } from '../charts/parts/registry';
import { MeshSpec } from '../mesh-spec/types';
import { applyOverlays } from '../render/overlays';
import { sailValuesIssues } from '../render/values-check';

/**
 * Whether the spec asks anything of the built constructs before they are rendered (see
 * applySpecToApps); when not, each bundle can be rendered as soon as it is built.
 */
export function specAppliesToApps(spec: MeshSpec): boolean {
  const needsSail = spec.istio.installer === 'sail' && (spec.istio.values !== undefined || spec.clusters.some((c) => c.istioValues));
  return needsSail || spec.overlays !== undefined;
}

/**
 * What the spec asks of the built constructs before they are rendered: with sail,
 * spec.istio.values checked against the Sail CRDs; then spec.overlays patched onto the
 * objects of the cluster bundles. Throws a SpecError with every issue (prefixed with
 * `file`); returns the overlays applied per cluster. The schema validator (ajv and the
 * CRDs) is loaded only when one of the two is in the spec.
 */
export function applySpecToApps(spec: MeshSpec, apps: App | readonly App[], file?: string): ReadonlyMap<string, readonly number[]> | undefined {
  if (!specAppliesToApps(spec)) return undefined;
  const charts = (apps instanceof App ? [apps] : apps).flatMap((a) => a.charts)
    .filter((c): c is BundleChart => c instanceof ClusterChart)
    .sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
  const { validateObject } = chartParts.validator();
  const sailIssues = sailValuesIssues(spec, charts, (o) => validateObject(o));
  if (sailIssues.length > 0) throw new SpecError(sailIssues, file);
  if (!spec.overlays) return undefined;
  const { issues, applied } = applyOverlays(spec.overlays, {
    charts,
    validate: (o) => {
      const e = validateObject(o, { skipUnknownKinds: true })[0];
      return e ? `${e.path ? `${e.path}: ` : ''}${e.message}` : undefined;
    },
  });
  if (issues.length > 0) throw new SpecError(issues, file);
  return applied;
}
