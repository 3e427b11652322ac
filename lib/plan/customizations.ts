import { valuePaths } from '../mesh-spec/istio-values';
import type { ClusterPlan, MeshPlan } from './planner';

/** What the spec sets on one cluster besides the topology: for `meshgen plan` and dist/README.md. */
export interface ClusterCustomization {
  readonly cluster: string;
  /** Dotted paths of the istio values the cluster gets, `(cluster)` after those its own values set or change. */
  readonly values: readonly string[];
  /** The east-west gateway settings given, e.g. `service.annotations (2)`, `replicas 2`. */
  readonly eastWestGateway: readonly string[];
  /** `[i] Kind namespace/name` of each overlay. */
  readonly overlays: readonly string[];
}

function get(obj: unknown, path: string): unknown {
  let cur: any = obj;
  for (const k of path.split('.')) cur = cur === null || typeof cur !== 'object' ? undefined : cur[k];
  return cur;
}

function gatewayLines(c: ClusterPlan): string[] {
  const g = c.eastWestGatewaySettings;
  if (!g || !c.eastWestGateway) return [];
  const s = g.service;
  return [
    ...(s?.type ? [`service.type ${s.type}`] : []),
    ...(s?.annotations ? [`service.annotations (${Object.keys(s.annotations).length})`] : []),
    ...(s?.labels ? [`service.labels (${Object.keys(s.labels).length})`] : []),
    ...(s?.loadBalancerSourceRanges ? [`service.loadBalancerSourceRanges ${s.loadBalancerSourceRanges.join(',')}`] : []),
    ...(s?.externalTrafficPolicy ? [`service.externalTrafficPolicy ${s.externalTrafficPolicy}`] : []),
    ...(g.replicas !== undefined ? [`replicas ${g.replicas}`] : []),
    ...(g.resources ? ['resources'] : []),
    ...(g.nodeSelector ? ['nodeSelector'] : []),
    ...(g.tolerations ? [`tolerations (${g.tolerations.length})`] : []),
  ];
}

/**
 * Per cluster, the values, east-west gateway settings and overlays from the spec; only
 * clusters that have any. `applied`, when the bundles were rendered, narrows each
 * cluster's overlays to those that patched an object there.
 */
export function clusterCustomizations(mesh: MeshPlan, applied?: ReadonlyMap<string, readonly number[]>): ClusterCustomization[] {
  const meshValues = mesh.istio.values;
  const out: ClusterCustomization[] = [];
  for (const c of mesh.clusters) {
    const values = valuePaths(c.istioValues).map((p) => (JSON.stringify(get(c.istioValues, p)) === JSON.stringify(get(meshValues, p)) ? p : `${p} (cluster)`));
    const indexes = applied ? (applied.get(c.name) ?? []) : c.overlays;
    const overlays = indexes.map((i) => {
      const o = mesh.overlays!.find((x) => x.index === i)!;
      return `[${i}] ${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
    });
    const eastWestGateway = gatewayLines(c);
    if (values.length || overlays.length || eastWestGateway.length) out.push({ cluster: c.name, values, eastWestGateway, overlays });
  }
  return out;
}

/** The install-wide settings line: CNI and platform. */
export function installSettings(mesh: MeshPlan): string | undefined {
  const parts = [
    ...(mesh.istio.platform ? [`platform ${mesh.istio.platform}`] : []),
    ...(mesh.istio.cni ? ['Istio CNI node agent'] : []),
  ];
  return parts.length ? parts.join(', ') : undefined;
}

/** The lines `meshgen plan` prints under its header. */
export function customizationText(mesh: MeshPlan): string[] {
  const lines: string[] = [];
  const install = installSettings(mesh);
  if (install) lines.push(`Settings: ${install}`);
  for (const c of clusterCustomizations(mesh)) {
    lines.push(`Settings of ${c.cluster}:`);
    if (c.values.length) lines.push(`  values: ${c.values.join(', ')}`);
    if (c.eastWestGateway.length) lines.push(`  east-west gateway: ${c.eastWestGateway.join(', ')}`);
    if (c.overlays.length) lines.push(`  overlays: ${c.overlays.join(', ')}`);
  }
  return lines.length ? [...lines, ''] : [];
}
