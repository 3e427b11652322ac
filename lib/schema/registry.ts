import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { SchemaError } from '../errors';
import { CrdSchemas, precompiledCrdVersions } from './precompiled';

/** Where the Kubernetes 1.27 OpenAPI definitions live, relative to the project root. */
export const KUBERNETES_DEFINITIONS_FILE = 'schemas/k8s/v1.27.0-definitions.json';

/** Where the vendored CRD files live, relative to the project root. */
export const CRD_DIR = 'crds';

/** The schema that describes one apiVersion + kind. */
export interface KindSchema {
  /** The apiVersion asked for, e.g. `networking.istio.io/v1`. */
  readonly apiVersion: string;
  /** The kind asked for, e.g. `Gateway`. */
  readonly kind: string;
  /** `crd` for a vendored CRD, `kubernetes` for a Kubernetes 1.27 built-in kind. */
  readonly source: 'crd' | 'kubernetes';
  /** The file the schema comes from, relative to the project root (e.g. `crds/istio/crd-all.gen.yaml`). */
  readonly file: string;
  /**
   * For `crd`: the served version's `openAPIV3Schema`, as written in the file (do not mutate).
   * For `kubernetes`: the name of the definition, e.g. `io.k8s.api.core.v1.Namespace`.
   */
  readonly schema: Record<string, unknown> | string;
}

/** One YAML document of a CRD file, indexed by group and kind, parsed only when first needed. */
interface CrdChunk {
  readonly file: string;
  readonly text: string;
  /** `group/kind`, when its file defines it once (so the build's crd-schemas.json can stand for it). */
  readonly key?: string;
  /** served version name -> openAPIV3Schema; filled on first use. */
  versions?: Map<string, Record<string, unknown>>;
}

/**
 * Walks up from `start` to the directory whose package.json is named "meshgen".
 * Works both from the sources (lib/schema/) and from the compiled output (build/lib/schema/).
 */
export function findProjectRoot(start: string = __dirname): string {
  let dir = path.resolve(start);
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        if (JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'meshgen') return dir;
      } catch {
        // not a JSON package.json; keep walking up
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new SchemaError(`meshgen project root not found above ${start}: no package.json named "meshgen"; run meshgen from its installed package`);
    }
    dir = parent;
  }
}

/** Splits `apiVersion` into group and version: `v1` -> ['', 'v1'], `apps/v1` -> ['apps', 'v1']. */
export function splitApiVersion(apiVersion: string): [group: string, version: string] {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
}

/**
 * Finds schemas by apiVersion + kind among the vendored CRDs (crds/**\/*.yaml, every served version)
 * and the Kubernetes 1.27 definitions (kinds with `x-kubernetes-group-version-kind`).
 *
 * Everything is lazy: the CRD files are read and indexed once, on the first lookup, by a line scan
 * that finds each document's `spec.group` and `spec.names.kind`; a document is parsed only when its
 * kind is first asked for. The Kubernetes definitions are read on first use.
 */
export class SchemaRegistry {
  private crdIndex?: Map<string, CrdChunk[]>;
  private k8sDefinitions?: Record<string, Record<string, unknown>>;
  private k8sIndex?: Map<string, string>;

  /** @param root the meshgen project root; @default the directory found by `findProjectRoot()` */
  constructor(public readonly root: string = findProjectRoot()) {}

  /** The schema for `apiVersion` + `kind`, or undefined when meshgen has none. */
  public lookup(apiVersion: string, kind: string): KindSchema | undefined {
    const [group, version] = splitApiVersion(apiVersion);
    for (const chunk of this.crds().get(`${group}/${kind}`) ?? []) {
      const schema = this.crdVersions(chunk).get(version);
      if (schema) return { apiVersion, kind, source: 'crd', file: chunk.file, schema };
    }
    const definition = this.kubernetesIndex().get(`${apiVersion}/${kind}`);
    if (definition) return { apiVersion, kind, source: 'kubernetes', file: KUBERNETES_DEFINITIONS_FILE, schema: definition };
    return undefined;
  }

  /** The versions meshgen has a schema for, for `group` + `kind` (sorted), to suggest in errors. */
  public knownVersions(group: string, kind: string): string[] {
    const versions = new Set<string>();
    for (const chunk of this.crds().get(`${group}/${kind}`) ?? []) {
      for (const v of this.crdVersions(chunk).keys()) versions.add(v);
    }
    for (const key of this.kubernetesIndex().keys()) {
      const [apiVersion, k] = [key.slice(0, key.lastIndexOf('/')), key.slice(key.lastIndexOf('/') + 1)];
      const [g, v] = splitApiVersion(apiVersion);
      if (g === group && k === kind) versions.add(v);
    }
    return [...versions].sort();
  }

  /** The Kubernetes definitions (`definitions` of the OpenAPI file), read once. Do not mutate. */
  public kubernetesDefinitions(): Record<string, Record<string, unknown>> {
    if (!this.k8sDefinitions) {
      const file = path.join(this.root, KUBERNETES_DEFINITIONS_FILE);
      if (!fs.existsSync(file)) {
        throw new SchemaError(`${file}: Kubernetes definitions not found; meshgen needs ${KUBERNETES_DEFINITIONS_FILE} from its package (reinstall meshgen)`);
      }
      this.k8sDefinitions = JSON.parse(fs.readFileSync(file, 'utf8')).definitions;
    }
    return this.k8sDefinitions!;
  }

  /** Every `group/kind` that a vendored CRD defines, sorted (indexes the CRD files on first use). */
  public crdKinds(): string[] {
    return [...this.crds().keys()].sort();
  }

  private kubernetesIndex(): Map<string, string> {
    if (!this.k8sIndex) {
      const index = new Map<string, string>();
      for (const [name, def] of Object.entries(this.kubernetesDefinitions())) {
        const gvks = (def['x-kubernetes-group-version-kind'] ?? []) as Array<{ group: string; version: string; kind: string }>;
        for (const gvk of gvks) {
          const key = `${gvk.group ? `${gvk.group}/` : ''}${gvk.version}/${gvk.kind}`;
          if (!index.has(key)) index.set(key, name);
        }
      }
      this.k8sIndex = index;
    }
    return this.k8sIndex;
  }

  private crds(): Map<string, CrdChunk[]> {
    if (!this.crdIndex) {
      const index = new Map<string, CrdChunk[]>();
      for (const file of listYamlFiles(path.join(this.root, CRD_DIR))) {
        const rel = path.relative(this.root, file).split(path.sep).join('/');
        for (const text of splitYamlDocuments(fs.readFileSync(file, 'utf8'))) {
          const id = scanCrdIdentity(text);
          if (!id) continue;
          const key = `${id.group}/${id.kind}`;
          index.set(key, [...(index.get(key) ?? []), { file: rel, text, key }]);
        }
      }
      this.crdIndex = index;
    }
    return this.crdIndex;
  }

  /**
   * Every vendored CRD's served versions, parsed (all of them: for the build, which writes them
   * to build/schemas/crd-schemas.json). A group/kind defined twice in one file is left out.
   */
  public crdSchemas(): CrdSchemas {
    const out: CrdSchemas = {};
    for (const [key, chunks] of [...this.crds()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      for (const chunk of chunks) {
        if (chunks.filter((c) => c.file === chunk.file).length > 1) continue;
        (out[chunk.file] ??= {})[key] = Object.fromEntries(this.crdVersions(chunk));
      }
    }
    return out;
  }

  private crdVersions(chunk: CrdChunk): Map<string, Record<string, unknown>> {
    if (!chunk.versions && chunk.key) {
      const built = precompiledCrdVersions(this, chunk.file, chunk.key);
      if (built) chunk.versions = new Map(Object.entries(built));
    }
    if (!chunk.versions) {
      const crd = YAML.parse(chunk.text) as { spec?: { versions?: Array<{ name: string; served?: boolean; schema?: { openAPIV3Schema?: Record<string, unknown> } }> } };
      chunk.versions = new Map();
      for (const v of crd?.spec?.versions ?? []) {
        const schema = v.schema?.openAPIV3Schema;
        if (v.served !== false && schema) chunk.versions.set(v.name, schema);
      }
    }
    return chunk.versions;
  }
}

/** Every *.yaml / *.yml file under `dir`, recursive (not in .meshgen-* staging), sorted by path. Missing dir: none. */
export function listYamlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) { if (!entry.name.startsWith('.meshgen-')) walk(full); } // not meshgen's staging
      else if (entry.isFile() && /\.ya?ml$/.test(entry.name)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

/** Splits a multi-document YAML text at `---` lines (cheap; no parsing). */
export function splitYamlDocuments(text: string): string[] {
  return text.split(/^---[ \t]*(?:#.*)?$/m).filter((doc) => /\S/.test(doc.replace(/^\s*#.*$/gm, '')));
}

/**
 * Finds `spec.group` and `spec.names.kind` of a CustomResourceDefinition document by scanning its
 * lines, without parsing it (parsing every vendored CRD costs most of a second).
 * A test checks that this agrees with a full parse for every file under crds/.
 */
export function scanCrdIdentity(text: string): { group: string; kind: string } | undefined {
  if (!/^kind:\s*["']?CustomResourceDefinition["']?\s*$/m.test(text)) return undefined;
  let inSpec = false;
  let specIndent = -1;
  let inNames = false;
  let namesIndent = -1;
  let group: string | undefined;
  let kind: string | undefined;
  for (const line of text.split('\n')) {
    if (/^\s*(#|$)/.test(line)) continue;
    if (/^\S/.test(line)) {
      inSpec = /^spec:\s*$/.test(line);
      continue;
    }
    if (!inSpec) continue;
    const m = /^( +)([A-Za-z]+):\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    const indent = m[1].length;
    if (specIndent < 0) specIndent = indent;
    if (indent === specIndent) {
      inNames = m[2] === 'names';
      namesIndent = -1;
      if (m[2] === 'group') group = unquote(m[3]);
    } else if (inNames && indent > specIndent) {
      if (namesIndent < 0) namesIndent = indent;
      if (indent === namesIndent && m[2] === 'kind') kind = unquote(m[3]);
    }
    if (group && kind) return { group, kind };
  }
  return undefined;
}

function unquote(value: string): string {
  return value.replace(/\s+#.*$/, '').replace(/^(["'])(.*)\1$/, '$2');
}

let defaultInstance: SchemaRegistry | undefined;

/** The registry of the meshgen installation this code runs from (one per process). */
export function defaultRegistry(): SchemaRegistry {
  defaultInstance ??= new SchemaRegistry();
  return defaultInstance;
}
