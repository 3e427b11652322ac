import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { ValidateFunction } from 'ajv';

/**
 * Validators compiled at build time (`npm run build` runs scripts/precompile-schemas.js): ajv
 * standalone code, one module per apiVersion/kind, under `build/schemas/` of the meshgen
 * installation, with an index that records the SHA-256 of every schema file each module was
 * compiled from. A module is used only while those files are unchanged; otherwise (or with no
 * build/schemas, e.g. when running from the TypeScript sources) the validator compiles the schema
 * at run time, which gives the same result, slower.
 */
export const PRECOMPILED_DIR = path.join('build', 'schemas');
export const PRECOMPILED_INDEX = 'index.json';
/**
 * The served versions' schemas of every vendored CRD, as the build parsed them from YAML:
 * file -> `group/kind` -> version -> openAPIV3Schema. Read (JSON, fast) instead of parsing the
 * YAML again while the file's SHA-256 matches the index.
 */
export const PRECOMPILED_CRDS = 'crd-schemas.json';

/** file -> `group/kind` -> served version -> openAPIV3Schema. */
export type CrdSchemas = Record<string, Record<string, Record<string, Record<string, unknown>>>>;

export interface PrecompiledIndex {
  /** Schema file (relative to the project root) -> SHA-256 hex of its bytes when compiled. */
  readonly files: Record<string, string>;
  /** `<apiVersion>/<kind>` -> its module (relative to the index) and the schema files it was compiled from. */
  readonly kinds: Record<string, { readonly module: string; readonly files: readonly string[]; readonly key: string }>;
}

/** A schema registry (lib/schema/registry.ts; named by shape, as that file imports this one). */
interface SchemaRegistry {
  /** The meshgen project root. */
  readonly root: string;
}

interface State {
  readonly dir: string;
  readonly index: PrecompiledIndex | undefined;
  /** file -> whether its bytes still match the index */
  readonly fresh: Map<string, boolean>;
  /** crd-schemas.json, read on first use (null: none) */
  crds?: CrdSchemas | null;
}

const states = new WeakMap<SchemaRegistry, State>();

/** SHA-256 hex of a file's bytes. */
export function fileDigest(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function readIndex(file: string): PrecompiledIndex | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as PrecompiledIndex;
  } catch {
    return undefined; // not built: compile at run time
  }
}

function state(registry: SchemaRegistry): State {
  let s = states.get(registry);
  if (!s) {
    const dir = path.join(registry.root, PRECOMPILED_DIR);
    // Only the compiled meshgen (build/lib/schema/) uses them: run from the TypeScript sources
    // (tests), this code may be newer than the build that made them.
    const fromBuild = path.basename(path.resolve(__dirname, '..', '..')) === 'build';
    const index = fromBuild ? readIndex(path.join(dir, PRECOMPILED_INDEX)) : undefined;
    s = { dir, index, fresh: new Map() };
    states.set(registry, s);
  }
  return s;
}

/** Whether `file` (relative to the root) still has the bytes the build compiled from. */
function isFresh(registry: SchemaRegistry, s: State, file: string): boolean {
  let ok = s.fresh.get(file);
  if (ok === undefined) {
    try {
      ok = s.index?.files[file] !== undefined && fileDigest(path.join(registry.root, file)) === s.index.files[file];
    } catch {
      ok = false;
    }
    s.fresh.set(file, ok);
  }
  return ok;
}

/** The precompiled validator of `apiVersion`/`kind`, or undefined when there is none or its schema files changed since. */
export function loadPrecompiled(registry: SchemaRegistry, apiVersion: string, kind: string): { readonly key: string; readonly validate: ValidateFunction } | undefined {
  const s = state(registry);
  const entry = s.index?.kinds[`${apiVersion}/${kind}`];
  if (!s.index || !entry) return undefined;
  for (const file of entry.files) if (!isFresh(registry, s, file)) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return { key: entry.key, validate: require(path.join(s.dir, entry.module)) as ValidateFunction };
}

/**
 * The served versions (version -> openAPIV3Schema) of the CRD `groupKind` in `file` as the build
 * parsed them, or undefined when there is no build or the file changed since (then parse the YAML).
 */
export function precompiledCrdVersions(registry: SchemaRegistry, file: string, groupKind: string): Record<string, Record<string, unknown>> | undefined {
  const s = state(registry);
  if (!s.index || !isFresh(registry, s, file)) return undefined;
  if (s.crds === undefined) {
    try {
      s.crds = JSON.parse(fs.readFileSync(path.join(s.dir, PRECOMPILED_CRDS), 'utf8')) as CrdSchemas;
    } catch {
      s.crds = null; // built before crd-schemas.json existed
    }
  }
  return s.crds?.[file]?.[groupKind];
}
