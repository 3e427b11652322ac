import { didYouMean } from './did-you-mean';
import { describeValue } from '../errors';
import { echoValue } from '../names/text';
import { IssueSink } from './sink';
import { JsonPatchOp, OverlaySpec } from './types';

export const OVERLAY_KEYS = ['cluster', 'kind', 'name', 'namespace', 'patch'];
export const OPS: readonly JsonPatchOp['op'][] = ['add', 'remove', 'replace', 'move', 'copy', 'test'];

/**
 * Checks `spec.overlays`: a list of `{cluster?, kind, name, namespace?, patch}` whose
 * patch is a list of RFC 6902 operations. Whether the target exists and the operations
 * apply is known only once the bundles are rendered (lib/render/overlays.ts).
 */
export function checkOverlays(c: IssueSink, value: unknown, clusterNames: readonly string[]): OverlaySpec[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    c.add('spec.overlays', `must be a list of overlays, got ${describeValue(value)}; e.g. [{kind: Service, name: istio-eastwestgateway, patch: [{op: add, path: /metadata/labels/team, value: mesh}]}]`);
    return undefined;
  }
  const out: OverlaySpec[] = [];
  value.forEach((raw, index) => {
    const p = `spec.overlays[${index}]`;
    const obj = c.object(p, raw, true);
    if (!obj) return;
    c.keys(p, obj, OVERLAY_KEYS);
    const cluster = c.string(`${p}.cluster`, obj.cluster, false, clusterNames[0] ?? 'cluster1');
    if (cluster !== undefined && !clusterNames.includes(cluster)) {
      const guess = didYouMean(cluster, clusterNames);
      c.add(`${p}.cluster`, `${echoValue(cluster)} is not a cluster of this mesh${guess ? `; did you mean "${guess}"?` : `; name one of ${clusterNames.join(', ')}, or leave it out to patch every cluster's bundle`}`);
    }
    const kind = c.string(`${p}.kind`, obj.kind, true, 'Service');
    const name = c.string(`${p}.name`, obj.name, true, 'istio-eastwestgateway');
    const namespace = c.string(`${p}.namespace`, obj.namespace, false, 'istio-system');
    const patch = checkPatch(c, `${p}.patch`, obj.patch);
    if (kind === undefined || name === undefined || !patch) return;
    out.push({ index, kind, name, patch, ...(cluster !== undefined ? { cluster } : {}), ...(namespace !== undefined ? { namespace } : {}) });
  });
  return out.length === value.length ? out : undefined;
}

function checkPatch(c: IssueSink, path: string, value: unknown): JsonPatchOp[] | undefined {
  if (!Array.isArray(value) || value.length === 0) {
    c.add(path, `${value === undefined ? 'is required' : `must be a non-empty list, got ${describeValue(value)}`}; list RFC 6902 operations, e.g. [{op: replace, path: /spec/replicas, value: 3}]`);
    return undefined;
  }
  const ops: JsonPatchOp[] = [];
  value.forEach((raw, i) => {
    const p = `${path}[${i}]`;
    const o = c.object(p, raw, true);
    if (!o) return;
    c.keys(p, o, ['op', 'path', 'from', 'value']);
    const op = c.string(`${p}.op`, o.op, true, 'add');
    const ptr = c.string(`${p}.path`, o.path, true, '/metadata/labels/team');
    let ok = op !== undefined && ptr !== undefined;
    if (op !== undefined && !(OPS as readonly string[]).includes(op)) {
      const guess = didYouMean(op, OPS);
      c.add(`${p}.op`, `${echoValue(op)} is not an RFC 6902 operation; use one of ${OPS.join(' | ')}${guess ? ` (did you mean "${guess}"?)` : ''}`);
      ok = false;
    }
    for (const [field, v] of [['path', ptr], ['from', o.from]] as const) {
      if (typeof v === 'string' && v !== '' && !v.startsWith('/')) {
        c.add(`${p}.${field}`, `${echoValue(v)} is not a JSON pointer; start it with '/', e.g. /metadata/annotations/team (escape '/' in a key as ~1)`);
        ok = false;
      }
    }
    if ((op === 'add' || op === 'replace' || op === 'test') && !('value' in o)) {
      c.add(p, `op ${op} needs a value`);
      ok = false;
    }
    if ((op === 'move' || op === 'copy') && typeof o.from !== 'string') {
      c.add(`${p}.from`, `op ${op} needs from: the JSON pointer to take the value from`);
      ok = false;
    }
    if (ok) ops.push({ op: op as JsonPatchOp['op'], path: ptr!, ...(typeof o.from === 'string' ? { from: o.from } : {}), ...('value' in o ? { value: o.value } : {}) });
  });
  return ops.length === value.length ? ops : undefined;
}
