import { ApiObject } from 'cdk8s';
import { SpecIssue } from '../errors';
import { BundleChart } from '../charts/bundle-chart';
import { MeshSpec } from '../mesh-spec/types';
import type { SchemaIssue } from '../schema/validator';

/** The Sail kinds whose spec.values carry spec.istio.values. */
const SAIL_VALUE_KINDS = ['Istio', 'IstioCNI'];

function has(values: unknown, path: readonly string[]): boolean {
  let cur: any = values;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object' || !(k in cur)) return false;
    cur = cur[k];
  }
  return true;
}

/**
 * With the sail installer, spec.istio.values end up in the Istio (and IstioCNI)
 * resource, whose CRD knows fewer keys than the chart: a key the CRD does not define
 * would be pruned by the API server. Each such key is an issue at the spec field
 * that set it (the cluster's values when they hold it, else the mesh's).
 */
export function sailValuesIssues(spec: MeshSpec, charts: readonly BundleChart[], validate: (obj: unknown) => SchemaIssue[]): SpecIssue[] {
  if (spec.istio.installer !== 'sail' || (!spec.istio.values && !spec.clusters.some((c) => c.istioValues))) return [];
  const issues: SpecIssue[] = [];
  const seen = new Set<string>();
  for (const chart of charts) {
    const cluster = spec.clusters.find((c) => c.name === chart.target);
    for (const obj of chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject && SAIL_VALUE_KINDS.includes(c.kind))) {
      for (const e of validate(obj.toJson())) {
        if (!e.path.startsWith('spec.values')) continue;
        const rel = e.path.replace(/^spec\.values\.?/, '');
        // IstioCNI's values.cni is spec.istio.values.cni
        const segs = rel.split('.').filter(Boolean);
        const fromCluster = cluster && has(cluster.istioValues, segs.map((s: string) => s.replace(/\[\d+\]$/, '')));
        const where = fromCluster ? `spec.clusters[${cluster!.index}].istio.values` : 'spec.istio.values';
        const path = rel ? `${where}.${rel}` : where;
        const key = `${path}: ${e.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        issues.push({ path, message: `${e.message}, in the Sail operator's ${obj.kind} CRD (sailoperator.io/v1, Sail 1.30.3), which the API server would prune; use a key that CRD knows or spec.overlays` });
      }
    }
  }
  return issues;
}
