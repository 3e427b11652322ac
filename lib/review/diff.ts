import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { MeshgenError, fileReadReason } from '../errors';
import { readRegularFile } from '../mesh-spec/read-file';
import { OUTPUT_MARKER } from '../fsx/write';

/** A file tree in memory: path relative to the output directory -> content. */
export type FileTree = ReadonlyMap<string, string>;

export type ChangeKind = 'added' | 'removed' | 'changed';

/** One changed field of an object; `before`/`after` undefined when the field is absent. */
export interface FieldChange {
  /** e.g. `spec.values.global.remotePilotAddress`, `metadata.labels["topology.istio.io/network"]`. */
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface ObjectChange {
  readonly change: ChangeKind;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** The file (relative to the group) the object is in after synth; before, for a removed one. */
  readonly file: string;
  /** Set when the object moves to another file. */
  readonly fromFile?: string;
  /** For `changed`: the fields that differ, in path order. */
  readonly fields: readonly FieldChange[];
}

export interface FileChange {
  readonly change: ChangeKind;
  /** Relative to the group (the cluster directory), or to the output for top-level files. */
  readonly file: string;
}

/** The changes to one cluster bundle (`group` = the cluster) or to the top-level files (`group` = ''). */
export interface GroupDiff {
  readonly group: string;
  /** `added`/`removed`: the whole bundle is new or gone. */
  readonly change: ChangeKind;
  /**
   * Files added or removed, and files whose bytes change without any object
   * changing (formatting, comments, non-YAML files).
   */
  readonly files: readonly FileChange[];
  readonly objects: readonly ObjectChange[];
}

export interface OutputDiff {
  /** Sorted: top-level files first, then clusters by name. Empty when nothing changes. */
  readonly groups: readonly GroupDiff[];
}

/** The largest file of an output directory diff reads (a bundle file is a few KiB; Istio's CRDs about 1 MiB). */
const MAX_TREE_FILE_BYTES = 16 * 1024 * 1024;

/**
 * Every file under `dir` except meshgen's output marker, as a tree. Throws if `dir` is
 * not a directory; throws a one-line MeshgenError on anything synth never writes there
 * (a symbolic link, a FIFO, a device) rather than follow or read it, and on a file
 * over MAX_TREE_FILE_BYTES.
 */
export function readTree(dir: string): Map<string, string> {
  const tree = new Map<string, string>();
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      const shown = JSON.stringify(path.join(dir, r));
      if (e.isSymbolicLink()) {
        throw new MeshgenError(`${shown} is a symbolic link; meshgen synth writes only regular files and directories, so this is not its output as written: remove the link (synth would replace it) and diff again`);
      }
      if (e.isDirectory()) walk(r);
      else if (r !== OUTPUT_MARKER) {
        try {
          tree.set(r, readRegularFile(path.join(dir, r), MAX_TREE_FILE_BYTES).toString('utf8'));
        } catch (err) {
          throw new MeshgenError(`${shown}: cannot read it (${fileReadReason(err)}); meshgen synth writes only regular files there: remove it and diff again`);
        }
      }
    }
  };
  walk('');
  return tree;
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const groupOf = (file: string) => (file.includes('/') ? file.slice(0, file.indexOf('/')) : '');
const inGroup = (group: string, file: string) => (group ? file.slice(group.length + 1) : file);

/**
 * What replacing `before` (a directory as it is) with `after` (what synth would
 * write) changes: per cluster, files added or removed, and objects (by
 * kind/namespace/name) added, removed or changed with the changed fields. Pure.
 */
export function diffTrees(before: FileTree, after: FileTree): OutputDiff {
  const groups = new Set<string>();
  for (const f of [...before.keys(), ...after.keys()]) groups.add(groupOf(f));
  const out: GroupDiff[] = [];
  for (const group of [...groups].sort(byString)) {
    const files = (t: FileTree) => [...t.keys()].filter((f) => groupOf(f) === group);
    const b = files(before);
    const a = files(after);
    const fileChanges: FileChange[] = [];
    const changedYaml: string[] = [];
    for (const f of [...new Set([...a, ...b])].sort(byString)) {
      const x = before.get(f);
      const y = after.get(f);
      if (x === y) continue;
      const rel = inGroup(group, f);
      if (x === undefined) fileChanges.push({ change: 'added', file: rel });
      else if (y === undefined) fileChanges.push({ change: 'removed', file: rel });
      if (/\.ya?ml$/.test(f)) changedYaml.push(f);
      else if (x !== undefined && y !== undefined) fileChanges.push({ change: 'changed', file: rel });
    }
    if (fileChanges.length === 0 && changedYaml.length === 0) continue;

    // Objects of the whole group, so that an object moving between files is one change.
    const objectsOf = (t: FileTree, list: string[]) => {
      const m = new Map<string, { file: string; obj: any }>();
      for (const f of list) {
        for (const obj of parseObjects(t.get(f)!) ?? []) m.set(objectKey(obj), { file: inGroup(group, f), obj });
      }
      return m;
    };
    const unparsable = changedYaml.filter((f) => [before.get(f), after.get(f)].some((t) => t !== undefined && parseObjects(t) === undefined));
    const yamlB = b.filter((f) => /\.ya?ml$/.test(f) && !unparsable.includes(f));
    const yamlA = a.filter((f) => /\.ya?ml$/.test(f) && !unparsable.includes(f));
    const ob = objectsOf(before, yamlB);
    const oa = objectsOf(after, yamlA);
    const objects: ObjectChange[] = [];
    for (const key of [...new Set([...ob.keys(), ...oa.keys()])].sort(byString)) {
      const x = ob.get(key);
      const y = oa.get(key);
      const id = splitKey(key);
      if (!x) objects.push({ change: 'added', ...id, file: y!.file, fields: [] });
      else if (!y) objects.push({ change: 'removed', ...id, file: x.file, fields: [] });
      else {
        const fields = diffValues(x.obj, y.obj);
        if (fields.length > 0 || x.file !== y.file) {
          objects.push({ change: 'changed', ...id, file: y.file, ...(x.file !== y.file ? { fromFile: x.file } : {}), fields });
        }
      }
    }
    // A YAML file that changes with no object changing (a comment, formatting, or unparsable).
    const touched = new Set(objects.flatMap((o) => [o.file, o.fromFile ?? o.file]));
    for (const f of changedYaml) {
      const rel = inGroup(group, f);
      if (before.has(f) && after.has(f) && (unparsable.includes(f) || !touched.has(rel))) fileChanges.push({ change: 'changed', file: rel });
    }
    fileChanges.sort((p, q) => byString(p.file, q.file));
    const change: ChangeKind = group && b.length === 0 ? 'added' : group && a.length === 0 ? 'removed' : 'changed';
    out.push({ group, change, files: fileChanges, objects });
  }
  return { groups: out };
}

/** The objects of a YAML file, or undefined if it does not parse. */
function parseObjects(text: string): any[] | undefined {
  const docs = YAML.parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.some((d) => d.errors.length > 0)) return undefined;
  return docs.map((d) => d.toJS()).filter((o) => o !== null && typeof o === 'object');
}

const SEP = '\u0000';
function objectKey(o: any): string {
  return [String(o.kind ?? ''), String(o.metadata?.namespace ?? ''), String(o.metadata?.name ?? '')].join(SEP);
}
function splitKey(key: string) {
  const [kind, namespace, name] = key.split(SEP);
  return { kind, namespace, name };
}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The fields that differ between two JSON values, as paths from the root. */
export function diffValues(before: unknown, after: unknown, at = ''): FieldChange[] {
  if (isPlain(before) && isPlain(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort(byString);
    return keys.flatMap((k) => diffValues(before[k], after[k], joinPath(at, k)));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((v, i) => diffValues(v, after[i], `${at}[${i}]`));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path: at || '(root)', ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) }];
}

function joinPath(at: string, key: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) return at ? `${at}.${key}` : key;
  return `${at}[${JSON.stringify(key)}]`;
}

/** `Kind namespace/name`, `Kind name` or `Kind`. */
export function objectLabel(o: Pick<ObjectChange, 'kind' | 'namespace' | 'name'>): string {
  const name = o.namespace ? `${o.namespace}/${o.name}` : o.name;
  return name ? `${o.kind} ${name}` : o.kind;
}

const MAX_VALUE = 120;
function show(v: unknown): string {
  if (v === undefined) return '(absent)';
  const s = JSON.stringify(v);
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 3)}...` : s;
}

const SIGN: Record<ChangeKind, string> = { added: '+', removed: '-', changed: '~' };

/** The diff as text: one block per cluster (or top-level file), `+` added, `-` removed, `~` changed. */
export function formatDiff(d: OutputDiff): string {
  const lines: string[] = [];
  for (const g of d.groups) {
    const indent = g.group ? '    ' : '';
    if (g.group) {
      const count = (k: ChangeKind) => g.objects.filter((o) => o.change === k).length;
      const parts = (['added', 'removed', 'changed'] as const).filter((k) => count(k) > 0).map((k) => `${count(k)} object(s) ${k}`);
      lines.push(`${SIGN[g.change]} cluster ${g.group}${g.change !== 'changed' ? ` (${g.change})` : ''}${parts.length ? `: ${parts.join(', ')}` : ''}`);
    }
    for (const f of g.files) lines.push(`${indent}${SIGN[f.change]} file ${f.file}`);
    for (const o of g.objects) {
      const where = o.fromFile ? `${o.fromFile} -> ${o.file}` : o.file;
      lines.push(`${indent}${SIGN[o.change]} ${objectLabel(o)} [${where}]`);
      for (const f of o.fields) lines.push(`${indent}    ${f.path}: ${show(f.before)} -> ${show(f.after)}`);
    }
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

/** Counts for the one-line summary. */
export function diffSummary(d: OutputDiff): string {
  const clusters = d.groups.filter((g) => g.group);
  const objects = clusters.reduce((n, g) => n + g.objects.length, 0);
  const files = d.groups.reduce((n, g) => n + g.files.length, 0);
  const top = d.groups.filter((g) => !g.group).flatMap((g) => g.files.map((f) => f.file));
  return [
    clusters.length ? `${clusters.length} cluster(s) (${objects} object(s) and ${files - top.length} file(s) added, removed or changed)` : '',
    top.length ? top.join(', ') : '',
  ].filter(Boolean).join(' and ');
}
