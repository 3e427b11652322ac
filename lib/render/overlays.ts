import { ApiObject, JsonPatch } from 'cdk8s';
import { SpecIssue } from '../errors';
import { BundleChart } from '../charts/bundle-chart';
import { JsonPatchOp, OverlaySpec } from '../mesh-spec/types';
import { meshFactsOf } from './mesh-facts';

/** Splits an RFC 6901 JSON pointer into its unescaped tokens. */
export function pointerTokens(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Why `op` cannot apply to `doc` under RFC 6902, or undefined when it can. */
export function opProblem(doc: unknown, op: JsonPatchOp): string | undefined {
  const exists = (pointer: string): string | undefined => {
    let cur: unknown = doc;
    for (const t of pointerTokens(pointer)) {
      if (Array.isArray(cur) && /^(0|[1-9]\d*)$/.test(t) && Number(t) < cur.length) cur = cur[Number(t)];
      else if (cur !== null && typeof cur === 'object' && !Array.isArray(cur) && Object.prototype.hasOwnProperty.call(cur, t)) cur = (cur as Record<string, unknown>)[t];
      else return `${pointer} does not exist (no ${JSON.stringify(t)} there)`;
    }
    return undefined;
  };
  const parentOk = (pointer: string): string | undefined => {
    const tokens = pointerTokens(pointer);
    if (tokens.length === 0) return 'the whole object cannot be replaced; patch its fields';
    const parent = '/' + tokens.slice(0, -1).map((t) => t.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
    const missing = tokens.length > 1 ? exists(parent) : undefined;
    if (missing) return `the parent of ${pointer} is missing: ${missing}; add the parent first`;
    return undefined;
  };
  switch (op.op) {
    case 'add': return parentOk(op.path);
    case 'remove': case 'replace': return exists(op.path);
    case 'move': case 'copy': return exists(op.from!) ?? parentOk(op.path);
    case 'test': {
      const missing = exists(op.path);
      if (missing) return missing;
      const actual = JsonPatch.apply(JSON.parse(JSON.stringify(doc)), JsonPatch.copy(op.path, '/__meshgen_test')).__meshgen_test;
      return JSON.stringify(actual) === JSON.stringify(op.value) ? undefined : `test failed: ${op.path} is ${JSON.stringify(actual)}, not ${JSON.stringify(op.value)}`;
    }
    default: return `unknown op ${JSON.stringify(op.op)}`;
  }
}

function toCdk8s(op: JsonPatchOp): JsonPatch {
  switch (op.op) {
    case 'add': return JsonPatch.add(op.path, op.value);
    case 'remove': return JsonPatch.remove(op.path);
    case 'replace': return JsonPatch.replace(op.path, op.value);
    case 'move': return JsonPatch.move(op.from!, op.path);
    case 'copy': return JsonPatch.copy(op.from!, op.path);
    case 'test': return JsonPatch.test(op.path, op.value);
  }
}

/**
 * Patches what `obj.toJson()` returns, like ApiObject.addJsonPatch but after the
 * object's own conversion: the generated k8s classes (KubeDeployment, ...) convert
 * their JSON again after addJsonPatch's patches, and drop what their types do not
 * hold (an int-or-string written as 0 or "0"), so the patch is applied last here.
 */
function patchObject(obj: ApiObject, ops: readonly JsonPatch[]): void {
  const render = obj.toJson.bind(obj);
  obj.toJson = () => JsonPatch.apply(render(), ...ops);
}

/** The objects of a chart, with their current JSON. */
function objectsIn(chart: BundleChart): ApiObject[] {
  return chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
}

export interface OverlayContext {
  /** The clusters' bundle charts (not Karmada's). */
  readonly charts: readonly BundleChart[];
  /** Checks a patched object against its schema; returns the first problem, if any. */
  readonly validate?: (obj: unknown) => string | undefined;
}

/**
 * Applies spec.overlays to the rendered objects (as ApiObject.addJsonPatch does), in order.
 * Every problem is an issue at `spec.overlays[i]` naming the target and why: no such
 * object, an op that does not apply, a patch that takes away what the mesh needs across
 * networks (lib/render/mesh-facts.ts), or an object that no longer fits its schema.
 * Returns the cluster -> overlay indexes that patched something there.
 */
export function applyOverlays(overlays: readonly OverlaySpec[], ctx: OverlayContext): { issues: SpecIssue[]; applied: Map<string, number[]> } {
  const issues: SpecIssue[] = [];
  const applied = new Map<string, number[]>();
  for (const o of overlays) {
    const p = `spec.overlays[${o.index}]`;
    const target = `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
    const charts = ctx.charts.filter((ch) => o.cluster === undefined || ch.target === o.cluster);
    let matched = 0;
    // One issue per overlay: the first failure, naming the other clusters that fail too.
    const failures: Array<SpecIssue & { cluster: string }> = [];
    const fail = (path: string, cluster: string, message: string) => failures.push({ path, cluster, message });
    for (const chart of charts) {
      const found = objectsIn(chart).filter((obj) => obj.kind === o.kind && obj.name === o.name && (o.namespace === undefined || obj.metadata.namespace === o.namespace));
      if (found.length === 0) continue;
      if (found.length > 1) {
        fail(p, chart.target, `${target} matches ${found.length} objects in cluster ${chart.target}'s bundle (namespaces ${found.map((f) => f.metadata.namespace ?? '(none)').join(', ')}); set namespace`);
        matched++;
        continue;
      }
      matched++;
      const obj = found[0];
      const before = obj.toJson();
      let doc = JSON.parse(JSON.stringify(before));
      let failed = false;
      for (const [i, op] of o.patch.entries()) {
        const problem = opProblem(doc, op);
        if (problem) {
          fail(`${p}.patch[${i}]`, chart.target, `${op.op} ${op.path} on ${target} in cluster ${chart.target}: ${problem}`);
          failed = true;
          break;
        }
        doc = JsonPatch.apply(doc, toCdk8s(op));
      }
      if (failed) continue;
      const lost = meshFactsLost(before, doc);
      if (lost) {
        fail(p, chart.target, `changes ${lost} of ${target} in cluster ${chart.target}, which the mesh needs across networks; set it through the spec field that controls it, not an overlay`);
        continue;
      }
      const invalid = ctx.validate?.(doc);
      if (invalid) {
        fail(p, chart.target, `leaves ${target} in cluster ${chart.target} invalid against its schema: ${invalid}; fix the patch`);
        continue;
      }
      patchObject(obj, o.patch.map(toCdk8s));
      applied.set(chart.target, [...(applied.get(chart.target) ?? []), o.index]);
    }
    if (failures.length > 0) {
      const others = [...new Set(failures.slice(1).map((f) => f.cluster))].filter((cl) => cl !== failures[0].cluster);
      issues.push({ path: failures[0].path, message: failures[0].message + (others.length ? ` (and in cluster${others.length === 1 ? '' : 's'} ${others.join(', ')})` : '') });
    }
    if (matched === 0) {
      const where = o.cluster ? `cluster ${o.cluster}'s bundle` : 'any cluster\'s bundle';
      const sameKind = [...new Set(charts.flatMap((ch) => objectsIn(ch).filter((obj) => obj.kind === o.kind).map((obj) => obj.name)))].sort();
      issues.push({ path: p, message: `no ${target} in ${where}; ${sameKind.length ? `${o.kind} objects there: ${sameKind.join(', ')}` : `there is no ${o.kind} there (kinds are case-sensitive, e.g. Service, Deployment, IstioOperator)`}` });
    }
  }
  return { issues, applied };
}

/** The first mesh fact (lib/render/mesh-facts.ts) that differs between two versions of an object. */
export function meshFactsLost(before: unknown, after: unknown): string | undefined {
  const a = meshFactsOf(before);
  const b = meshFactsOf(after);
  for (const [fact, value] of Object.entries(a)) {
    if (JSON.stringify(value) !== JSON.stringify(b[fact])) return fact;
  }
  return undefined;
}
