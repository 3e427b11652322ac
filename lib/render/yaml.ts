import * as YAML from 'yaml';

/** How meshgen writes YAML: no line folding, 2-space indent, sequences indented under their key. */
export const YAML_OPTIONS = { lineWidth: 0, indent: 2, indentSeq: true, aliasDuplicateObjects: false } as const;

/** Serializes Kubernetes objects as one multi-document YAML file, deterministically. */
export function toYamlDocuments(objects: readonly unknown[]): string {
  return objects.map(toYamlDocument).join('---\n');
}

/**
 * One object as a YAML document: the bytes `YAML.stringify(object, YAML_OPTIONS)` gives.
 *
 * Plain JSON data (what `Chart.toJson()` returns: mappings, lists, strings, finite numbers,
 * booleans, null) is written directly, which is several times cheaper than building the
 * yaml package's Document nodes for it. Each string is written as yaml would write it: as
 * is where yaml would leave it plain (the same tests as yaml's plainString: no indicator
 * at its start, no `: ` or ` #`, nothing a YAML 1.2 core schema reads as null, a boolean
 * or a number), otherwise as yaml renders that one string (asked once, then remembered).
 * Whatever this does not know how to write exactly (a string over several lines, one that
 * looks like a document marker, a non-finite number, undefined, a class instance...)
 * sends the whole object to `YAML.stringify`. test/render/yaml.test.ts compares both
 * writers on every example's objects and on generated ones.
 */
export function toYamlDocument(object: unknown): string {
  if (object !== null && typeof object === 'object') {
    const out: string[] = [];
    if (Array.isArray(object) ? object.length > 0 && writeSeq(object, '', out) : writeRootMap(object, out)) return out.join('');
  }
  return YAML.stringify(object, YAML_OPTIONS);
}

function writeRootMap(object: object, out: string[]): boolean {
  if (!isPlainObject(object)) return false;
  if (Object.keys(object).length === 0) return false;
  return writeMap(object, '', out);
}

function isPlainObject(x: object): x is Record<string, unknown> {
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** A non-empty mapping at `indent`: one `key: value` line each (nested collections below). */
function writeMap(map: Record<string, unknown>, indent: string, out: string[]): boolean {
  for (const key of Object.keys(map)) {
    const k = keyText(key);
    if (k === undefined) return false;
    out.push(indent, k, ':');
    if (!writeValue(map[key], indent, out, false)) return false;
  }
  return true;
}

/** A non-empty sequence at `indent`: `- item` lines (indentSeq: the caller indents it under its key). */
function writeSeq(seq: readonly unknown[], indent: string, out: string[]): boolean {
  for (const item of seq) {
    out.push(indent, '-');
    if (!writeValue(item, indent, out, true)) return false;
  }
  return true;
}

/**
 * Writes `value` after a `key:` or `-` already written at `indent`: a scalar or an empty
 * collection on the same line, a mapping or sequence below it, indented one step (a
 * collection in a sequence starts on the dash's line, as yaml writes `- name: x`).
 */
function writeValue(value: unknown, indent: string, out: string[], afterDash: boolean): boolean {
  if (value !== null && typeof value === 'object') {
    const inner = `${indent}  `;
    const start = out.length;
    let ok: boolean;
    if (Array.isArray(value)) {
      if (value.length === 0) { out.push(' []\n'); return true; }
      if (!afterDash) out.push('\n');
      ok = writeSeq(value, inner, out);
    } else {
      if (!isPlainObject(value)) return false;
      if (Object.keys(value).length === 0) { out.push(' {}\n'); return true; }
      if (!afterDash) out.push('\n');
      ok = writeMap(value, inner, out);
    }
    // after a dash the collection's first line follows it: `- key: value`, `- - item`
    if (ok && afterDash) out[start] = ' ';
    return ok;
  }
  const s = scalarText(value);
  if (s === undefined) return false;
  out.push(' ', s, '\n');
  return true;
}

function scalarText(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string': return stringText(value, false);
    case 'number': return Number.isFinite(value) ? (Object.is(value, -0) ? '-0' : String(value)) : undefined;
    case 'boolean': return value ? 'true' : 'false';
    default: return value === null ? 'null' : undefined;
  }
}

function keyText(key: string): string | undefined {
  return stringText(key, true);
}

/** Strings already written, as a value and as a key (bounded: a library caller may run long). */
const valueCache = new Map<string, string | null>();
const keyCache = new Map<string, string | null>();
const CACHE_LIMIT = 100_000;

/** How yaml writes the one-line string `s` as a value or as a mapping key; undefined: not one line. */
function stringText(s: string, isKey: boolean): string | undefined {
  const cache = isKey ? keyCache : valueCache;
  let text = cache.get(s);
  if (text === undefined) {
    text = isPlain(s) ? s : askYaml(s, isKey);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(s, text);
  }
  return text ?? undefined;
}

/** yaml's plainString tests (lib/yaml/dist/stringify/stringifyString.js), for a one-line string. */
const INDICATOR = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u; // yaml double-quotes these
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
/** What the YAML 1.2 core schema reads as something other than a string (null, booleans, numbers). */
const NOT_A_STRING: readonly RegExp[] = new YAML.Document().schema.tags
  .filter((t) => t.default && t.tag !== 'tag:yaml.org,2002:str' && t.test instanceof RegExp)
  .map((t) => t.test as RegExp);

function isPlain(s: string): boolean {
  return s.length > 0 && s.length <= 1000 && !s.includes('\n') && !CONTROL.test(s) && !INDICATOR.test(s)
    && !DOCUMENT_MARKER.test(s) && !NOT_A_STRING.some((re) => re.test(s));
}

/**
 * How yaml writes `s` (quoted, escaped) as a value or key, from a one-pair mapping; null when
 * that is not one line (a multi-line string, an explicit `? key`) or depends on where it
 * stands (a document marker is quoted as a top-level key only).
 */
function askYaml(s: string, isKey: boolean): string | null {
  if (s.includes('\n') || DOCUMENT_MARKER.test(s) || s.length > 1000) return null;
  const doc = YAML.stringify(isKey ? { [s]: 1 } : { a: s }, YAML_OPTIONS);
  const text = isKey ? doc.slice(0, -': 1\n'.length) : doc.slice('a: '.length, -1);
  const expected = isKey ? `${text}: 1\n` : `a: ${text}\n`;
  return doc === expected && !text.includes('\n') && !text.startsWith('? ') ? text : null;
}
