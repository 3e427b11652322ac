import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import * as YAML from 'yaml';
import { FORMATS, KUBERNETES_SCHEMA_ID, kubernetesRef, prepareCrdSchema, prepareSchema } from './prepare';
import { defaultRegistry, KindSchema, listYamlFiles, SchemaRegistry, splitApiVersion } from './registry';
import { SchemaError } from '../errors';

/** One problem in one object: where (`spec.servers[0].port.number`) and what. */
export interface SchemaIssue {
  /** Path of the field in the object, e.g. `spec.servers[0].port.number`; '' for the object itself. */
  readonly path: string;
  /** What is wrong, with the value given and what is expected. */
  readonly message: string;
}

/** A SchemaIssue located in a manifest file. */
export interface ManifestError extends SchemaIssue {
  /** The file, as reached from the directory passed in (e.g. `dist/cluster1/expose-istiod.yaml`). */
  readonly file: string;
  /** `<kind>/<namespace>/<name>`, or `<kind>/<name>` without a namespace; '' when there is no object (YAML syntax). */
  readonly object: string;
  /** 1-based line in the file, when known. */
  readonly line?: number;
}

export interface ValidateOptions {
  /**
   * Accept objects whose apiVersion/kind meshgen has no schema for, instead of reporting them.
   * @default false
   */
  readonly skipUnknownKinds?: boolean;
  /**
   * Where the schemas come from.
   * @default the registry of this meshgen installation (crds/ and schemas/k8s/)
   */
  readonly registry?: SchemaRegistry;
}

type Json = Record<string, unknown>;
type Segment = string | number;
interface LocatedError extends SchemaIssue { readonly segments: Segment[] }

/**
 * Validates one Kubernetes object against its schema: a vendored CRD's `openAPIV3Schema` or the
 * Kubernetes 1.27 definitions. Fields that the schema does not define are errors (like
 * `kubeconform -strict`) except under `x-kubernetes-preserve-unknown-fields` or map-valued schemas.
 * Returns [] when the object is valid.
 */
export function validateObject(obj: unknown, opts: ValidateOptions = {}): SchemaIssue[] {
  return locatedErrors(obj, opts).map(({ path: p, message }) => ({ path: p, message }));
}

/** Validates every YAML document in `text`; `file` is used in the errors as given. */
export function validateYamlText(text: string, file: string, opts: ValidateOptions = {}): ManifestError[] {
  const lineCounter = new YAML.LineCounter();
  const docs = YAML.parseAllDocuments(text, { lineCounter });
  const errors: ManifestError[] = [];
  for (const doc of Array.isArray(docs) ? docs : []) {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        errors.push({ file, object: '', path: '', line: e.linePos?.[0].line, message: `YAML syntax error: ${e.message.split('\n')[0]}` });
      }
      continue;
    }
    const obj = doc.toJS({ maxAliasCount: 100 });
    if (obj === null || obj === undefined) continue; // an empty document, e.g. after a trailing ---
    const line = (segments: Segment[]): number | undefined => {
      for (let n = segments.length; n >= 0; n--) {
        const node = doc.getIn(segments.slice(0, n), true) as { range?: [number, number, number] } | undefined;
        if (node && typeof node === 'object' && node.range) return lineCounter.linePos(node.range[0]).line;
      }
      return undefined;
    };
    for (const e of locatedErrors(obj, opts)) {
      errors.push({ file, object: objectLabel(obj), path: e.path, message: e.message, line: line(e.segments) });
    }
  }
  return errors;
}

/**
 * Validates every *.yaml / *.yml under `dir` (recursive, sorted) for `meshgen validate --dist DIR`.
 * `kustomization.yaml` files are not manifests: they are checked for resources that do not exist.
 * Helm values files (`*.values.yaml`) are not manifests either and are skipped.
 * Throws when `dir` is not a directory.
 */
export function validateDir(dir: string, opts: ValidateOptions = {}): ManifestError[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new SchemaError(`${dir}: directory not found; pass the directory that meshgen synth wrote (e.g. --dist dist)`);
  }
  const files = listYamlFiles(dir).filter((f) => !/\.values\.ya?ml$/.test(f));
  const errors: ManifestError[] = [];
  let manifests = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    if (isKustomization(file)) {
      errors.push(...checkKustomization(text, file));
    } else {
      manifests++;
      errors.push(...validateYamlText(text, file, opts));
    }
  }
  if (manifests === 0) {
    errors.push({ file: dir, object: '', path: '', message: 'no *.yaml or *.yml manifests found; run meshgen synth first or pass the directory it wrote' });
  }
  return errors;
}

/** One line: `dist/cluster1/expose-istiod.yaml: Gateway/istio-system/istiod-gateway: spec.servers[0].port.number: must be integer (got "x")`. */
export function formatSchemaError(e: ManifestError): string {
  const where = e.object ? `${e.file}: ${e.object}` : e.line !== undefined ? `${e.file}:${e.line}` : e.file;
  return `${where}: ${e.path ? `${e.path}: ` : ''}${e.message}`;
}

// ---------------------------------------------------------------------------------------------

function locatedErrors(obj: unknown, opts: ValidateOptions): LocatedError[] {
  if (!isObject(obj)) {
    return [{ path: '', segments: [], message: `expected a Kubernetes object (a mapping with apiVersion, kind, metadata), got ${jsonExcerpt(obj)}` }];
  }
  const errors: LocatedError[] = [];
  const { apiVersion, kind } = obj;
  if (typeof apiVersion !== 'string' || apiVersion === '') {
    errors.push({ path: 'apiVersion', segments: ['apiVersion'], message: `apiVersion is missing or not a string (got ${jsonExcerpt(apiVersion)}); set it, e.g. apiVersion: v1` });
  }
  if (typeof kind !== 'string' || kind === '') {
    errors.push({ path: 'kind', segments: ['kind'], message: `kind is missing or not a string (got ${jsonExcerpt(kind)}); set it, e.g. kind: Namespace` });
  }
  const metadata = obj.metadata;
  if (!isObject(metadata) || typeof metadata.name !== 'string' || metadata.name === '') {
    errors.push({ path: 'metadata.name', segments: ['metadata', 'name'], message: 'required field is missing; every object needs metadata.name' });
  }
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !apiVersion || !kind) return errors;

  const registry = opts.registry ?? defaultRegistry();
  const found = registry.lookup(apiVersion, kind);
  if (!found) {
    if (opts.skipUnknownKinds) return errors;
    const [group] = splitApiVersion(apiVersion);
    const versions = registry.knownVersions(group, kind);
    const hint = versions.length > 0
      ? `known versions of ${kind}: ${versions.map((v) => (group ? `${group}/${v}` : v)).join(', ')}`
      : 'meshgen validates Kubernetes 1.27 kinds and the CRDs under crds/ (Istio, Sail, Karmada, Argo CD, cert-manager, Kiali, MetalLB); fix apiVersion/kind or skip unknown kinds';
    return [...errors, { path: '', segments: [], message: `no schema for ${apiVersion}/${kind}; ${hint}` }];
  }

  const data = pruneNulls(obj) as Json;
  const validate = compiled(registry, found);
  if (validate(data)) return errors;
  const seen = new Set(errors.map((e) => `${e.path}\n${e.message}`));
  for (const e of toSchemaIssues(validate.errors ?? [], data)) {
    const key = `${e.path}\n${e.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      errors.push(e);
    }
  }
  return errors;
}

interface Compiler {
  readonly ajv: Ajv;
  readonly validators: Map<string, ValidateFunction>;
  kubernetesAdded: boolean;
}

const compilers = new WeakMap<SchemaRegistry, Compiler>();

/** The kinds compiled so far (`<source>:<file>:<apiVersion>/<kind>`), in order: validators are compiled on first use. */
export function compiledKinds(registry: SchemaRegistry = defaultRegistry()): string[] {
  return [...(compilers.get(registry)?.validators.keys() ?? [])];
}

/** The validator for one kind, compiled on first use and kept for the process. */
function compiled(registry: SchemaRegistry, found: KindSchema): ValidateFunction {
  let compiler = compilers.get(registry);
  if (!compiler) {
    // optimize: false: the CRD schemas are large and each validator runs a few times, so
    // ajv's code optimisation passes cost more than they save (about a third of compile time)
    const ajv = new Ajv({ strict: false, allErrors: true, verbose: true, validateSchema: false, logger: false, code: { optimize: false } });
    for (const [name, format] of Object.entries(FORMATS)) ajv.addFormat(name, format);
    compiler = { ajv, validators: new Map(), kubernetesAdded: false };
    compilers.set(registry, compiler);
  }
  const key = `${found.source}:${found.file}:${found.apiVersion}/${found.kind}`;
  let validate = compiler.validators.get(key);
  if (!validate) {
    // CRD schemas refer to the Kubernetes ObjectMeta for `metadata`, so both need the definitions
    if (!compiler.kubernetesAdded) {
      const definitions = prepareSchema({ definitions: registry.kubernetesDefinitions() }, { emptyObjectsAreClosed: false });
      compiler.ajv.addSchema({ $id: KUBERNETES_SCHEMA_ID, ...definitions });
      compiler.kubernetesAdded = true;
    }
    const schema = typeof found.schema === 'string' ? { $ref: kubernetesRef(found.schema) } : prepareCrdSchema(found.schema);
    validate = compiler.ajv.compile(schema);
    compiler.validators.set(key, validate);
  }
  return validate;
}

/** ajv errors -> one error per problem, with a readable path and a message that says what to do. */
function toSchemaIssues(raw: ErrorObject[], data: Json): LocatedError[] {
  const out: LocatedError[] = [];
  for (const e of raw) {
    // errors inside the branches of oneOf/anyOf/not only explain why a branch did not match;
    // the oneOf/anyOf error itself says what is wrong
    if (/\/(oneOf|anyOf)\/\d+\/|\/not\//.test(e.schemaPath)) continue;
    const segments = pointerSegments(e.instancePath);
    const got = e.data === undefined ? '' : ` (got ${jsonExcerpt(e.data)})`;
    switch (e.keyword) {
      case 'additionalProperties': {
        const field = String(e.params.additionalProperty);
        const allowed = Object.keys((e.parentSchema?.properties ?? {}) as Json).sort();
        out.push({ path: formatPath([...segments, field], data), segments: [...segments, field], message: unknownFieldMessage(field, allowed) });
        break;
      }
      case 'required': {
        const field = String(e.params.missingProperty);
        out.push({ path: formatPath([...segments, field], data), segments, message: 'required field is missing' });
        break;
      }
      case 'type': {
        const types = String(e.params.type).split(',').join(' or ');
        out.push({ path: formatPath(segments, data), segments, message: `must be ${types}${got}` });
        break;
      }
      case 'enum': {
        const values = (e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v));
        const allowed = values.length <= 8 ? values.join(', ') : `${values.slice(0, 8).join(', ')}, ... (${values.length} values)`;
        out.push({ path: formatPath(segments, data), segments, message: `must be one of ${allowed}${got}` });
        break;
      }
      case 'oneOf':
      case 'anyOf':
        out.push({ path: formatPath(segments, data), segments, message: alternativesMessage(e, got) });
        break;
      case 'not':
        out.push({ path: formatPath(segments, data), segments, message: `is not allowed here${got}` });
        break;
      default:
        out.push({ path: formatPath(segments, data), segments, message: `${e.message ?? 'is invalid'}${got}` });
    }
  }
  return out;
}

function unknownFieldMessage(field: string, allowed: string[]): string {
  const near = allowed.filter((a) => editDistance(a.toLowerCase(), field.toLowerCase()) <= Math.max(1, Math.floor(a.length / 4)));
  const hint = near.length > 0
    ? `did you mean ${near.map((n) => `"${n}"`).join(' or ')}?`
    : allowed.length > 0 && allowed.length <= 15
      ? `allowed fields: ${allowed.join(', ')}`
      : 'check the spelling against the schema';
  return `unknown field "${field}"; ${hint}`;
}

/** Istio's CRDs express "at most one of" as oneOf/anyOf over `required`; say it that way. */
function alternativesMessage(e: ErrorObject, got: string): string {
  const branches = Array.isArray(e.schema) ? (e.schema as Json[]) : [];
  const fields = new Set<string>();
  const requiredOnly = branches.every((b) => collectRequired(b, fields));
  if (requiredOnly && fields.size > 0) {
    const names = [...fields].map((f) => `"${f}"`).join(', ');
    if (e.keyword === 'oneOf' && Array.isArray(e.params.passingSchemas)) return `set at most one of ${names}; more than one is set`;
    return `must set ${e.keyword === 'oneOf' ? 'exactly' : 'at least'} one of ${names}`;
  }
  return `${e.keyword === 'oneOf' ? 'must match exactly one' : 'must match at least one'} of the allowed forms${got}`;
}

function collectRequired(schema: unknown, into: Set<string>): boolean {
  if (!isObject(schema)) return false;
  const keys = Object.keys(schema);
  if (keys.length === 1 && Array.isArray(schema.required)) {
    schema.required.forEach((f) => into.add(String(f)));
    return true;
  }
  if (keys.length === 1 && schema.not) return collectRequired(schema.not, into);
  if (keys.length === 1 && Array.isArray(schema.anyOf)) return schema.anyOf.every((s) => collectRequired(s, into));
  return false;
}

/** Edit distance that counts swapping two neighbouring letters as one edit ("prot" -> "port"). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (__, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

function pointerSegments(pointer: string): string[] {
  if (!pointer) return [];
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** `['spec', 'servers', '0', 'port']` -> `spec.servers[0].port`; odd keys -> `metadata.labels["a.b/c"]`. */
function formatPath(segments: Segment[], data: unknown): string {
  let out = '';
  let node: unknown = data;
  for (const s of segments) {
    if (Array.isArray(node)) {
      out += `[${s}]`;
      node = node[Number(s)];
    } else {
      const key = String(s);
      out += /^[A-Za-z_$][\w$-]*$/.test(key) ? `${out ? '.' : ''}${key}` : `[${JSON.stringify(key)}]`;
      node = isObject(node) ? node[key] : undefined;
    }
  }
  return out;
}

/**
 * Drops object fields set to null, as the API server does before it validates (`creationTimestamp: null`
 * is common in kubectl output).
 */
function pruneNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(pruneNulls);
  if (!isObject(v)) return v;
  const out: Json = {};
  for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = pruneNulls(x);
  return out;
}

function objectLabel(obj: unknown): string {
  if (!isObject(obj)) return '';
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  const kind = typeof obj.kind === 'string' && obj.kind ? obj.kind : '<no kind>';
  const name = typeof meta.name === 'string' && meta.name ? meta.name : '<no name>';
  return typeof meta.namespace === 'string' && meta.namespace ? `${kind}/${meta.namespace}/${name}` : `${kind}/${name}`;
}

function isKustomization(file: string): boolean {
  return /^kustomization\.ya?ml$/i.test(path.basename(file));
}

/** Every local entry of `resources` must exist: a file, or a directory with a kustomization. */
function checkKustomization(text: string, file: string): ManifestError[] {
  const doc = YAML.parseDocument(text);
  if (doc.errors.length > 0) {
    return doc.errors.map((e) => ({ file, object: '', path: '', line: e.linePos?.[0].line, message: `YAML syntax error: ${e.message.split('\n')[0]}` }));
  }
  const k = doc.toJS() as Json | null;
  const resources = isObject(k) ? k.resources : undefined;
  if (resources === undefined) return [];
  if (!Array.isArray(resources)) {
    return [{ file, object: 'Kustomization', path: 'resources', message: `must be a list of files or directories (got ${jsonExcerpt(resources)})` }];
  }
  const dir = path.dirname(file);
  const errors: ManifestError[] = [];
  resources.forEach((r, i) => {
    const p = `resources[${i}]`;
    if (typeof r !== 'string' || r === '') {
      errors.push({ file, object: 'Kustomization', path: p, message: `must be a file or directory path (got ${jsonExcerpt(r)})` });
      return;
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(r) || /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(r)) return; // remote
    const target = path.join(dir, r);
    if (!fs.existsSync(target)) {
      errors.push({ file, object: 'Kustomization', path: p, message: `"${r}" does not exist in ${dir}; create it or remove it from resources` });
    } else if (fs.statSync(target).isDirectory() && !['kustomization.yaml', 'kustomization.yml', 'Kustomization'].some((n) => fs.existsSync(path.join(target, n)))) {
      errors.push({ file, object: 'Kustomization', path: p, message: `"${r}" is a directory without a kustomization.yaml; list its files instead or add one` });
    }
  });
  return errors;
}

/** The value itself as JSON, cut at 60 characters (`"x"`, `3`, `nothing`), for a schema error line. */
function jsonExcerpt(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
