/**
 * Turns Kubernetes-flavoured OpenAPI schemas (CRD `openAPIV3Schema`, Kubernetes definitions) into
 * JSON Schema that ajv checks the way `kubeconform -strict` does.
 */

/** The ajv `$id` under which the prepared Kubernetes definitions are registered. */
export const KUBERNETES_SCHEMA_ID = 'https://meshgen.local/schemas/k8s-v1.27.0.json';

/** `$ref` to a Kubernetes definition, e.g. `io.k8s.api.core.v1.Namespace`. */
export function kubernetesRef(definition: string): string {
  return `${KUBERNETES_SCHEMA_ID}#/definitions/${definition}`;
}

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/**
 * The formats meshgen checks. The Kubernetes API server ignores formats it does not know, so every
 * other `format` is dropped from the schema (ajv would otherwise refuse to compile it).
 */
export const FORMATS: Record<string, true | RegExp | { type: 'number'; validate: (n: number) => boolean }> = {
  'int32': { type: 'number', validate: (n) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647 },
  'int64': { type: 'number', validate: (n) => Number.isInteger(n) },
  'float': true,
  'double': true,
  'byte': /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
  'date': /^\d{4}-\d{2}-\d{2}$/,
  'date-time': /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/,
  // accepted, not checked: the API server's checks for these follow Go parsers
  'int-or-string': true,
  'password': true,
  'uri': true,
  'hostname': true,
  'ipv4': true,
  'ipv6': true,
  'cidr': true,
  'duration': true,
  'quantity': true,
};

type Schema = Record<string, unknown>;

/** Keywords whose value is a map of name -> schema. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions']);
/** Keywords whose value is a list of schemas; their members only add checks, they do not describe fields. */
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf']);
/** Keywords that only document; dropped to keep compiled validators small. */
const DROPPED = new Set(['description', 'example', 'examples', 'x-kubernetes-validations', 'externalDocs']);

export interface PrepareOptions {
  /**
   * Treat `type: object` without `properties` or `additionalProperties` as "no fields allowed", as the
   * API server does for structural CRD schemas (it prunes such fields). Off for the Kubernetes
   * definitions, where such objects (FieldsV1, RawExtension) hold arbitrary JSON.
   */
  readonly emptyObjectsAreClosed: boolean;
}

/**
 * Returns a copy of `schema` where:
 * - objects that define `properties` reject other fields (`additionalProperties: false`), except under
 *   `x-kubernetes-preserve-unknown-fields: true`, `x-kubernetes-embedded-resource: true`, or where
 *   `additionalProperties` is given. Only structural positions (properties, items, additionalProperties,
 *   definitions) are closed, never the members of allOf/anyOf/oneOf/not, which only add checks;
 * - `x-kubernetes-int-or-string` / `format: int-or-string` accept an integer or a string;
 * - unknown formats, unusable patterns and `nullable` without `type` are dropped.
 */
export function prepareSchema(schema: Schema, opts: PrepareOptions): Schema {
  return prepare(schema, true, opts);
}

/**
 * A CRD `openAPIV3Schema`, prepared. The API server always allows `apiVersion`, `kind` and `metadata`
 * (many CRDs, Istio's among them, do not list them) and checks `metadata` as an ObjectMeta.
 */
export function prepareCrdSchema(schema: Schema): Schema {
  const prepared = prepareSchema(schema, { emptyObjectsAreClosed: true });
  const props = (prepared.properties ?? {}) as Record<string, Schema>;
  const metaRef = { $ref: kubernetesRef(OBJECT_META) };
  const { type: _type, additionalProperties: _closed, ...metaChecks } = props.metadata ?? {};
  prepared.properties = {
    ...props,
    apiVersion: props.apiVersion ?? { type: 'string' },
    kind: props.kind ?? { type: 'string' },
    // a CRD may constrain metadata further (e.g. name length): keep those checks next to ObjectMeta
    metadata: Object.keys(metaChecks).length === 0 ? metaRef : { allOf: [metaRef, metaChecks] },
  };
  return prepared;
}

function prepare(node: unknown, structural: boolean, opts: PrepareOptions): Schema {
  if (!isObject(node)) return node as Schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED.has(key)) continue;
    if (SCHEMA_MAPS.has(key) && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, prepare(v, true, opts)]));
    } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
      out[key] = value.map((v) => prepare(v, false, opts));
    } else if (key === 'items') {
      out[key] = Array.isArray(value) ? value.map((v) => prepare(v, true, opts)) : prepare(value, true, opts);
    } else if (key === 'additionalProperties' && isObject(value)) {
      out[key] = prepare(value, true, opts);
    } else if (key === 'not') {
      out[key] = prepare(value, false, opts);
    } else {
      out[key] = value;
    }
  }

  if (out['x-kubernetes-int-or-string'] === true || out.format === 'int-or-string') {
    delete out.format;
    if (Array.isArray(out.anyOf) && out.anyOf.every((s) => isObject(s) && Object.keys(s).length === 1 && (s.type === 'integer' || s.type === 'string'))) {
      delete out.anyOf;
    }
    out.type = ['integer', 'string'];
  }
  // oneOf/anyOf of bare types (the Kubernetes IntOrString and Quantity definitions) -> a list of types,
  // so that a wrong value gets "must be integer or string" rather than "must match exactly one schema"
  for (const key of ['oneOf', 'anyOf']) {
    const members = out[key];
    if (out.type === undefined && Array.isArray(members) && members.length > 0
      && members.every((s) => isObject(s) && Object.keys(s).length === 1 && typeof s.type === 'string')) {
      out.type = members.map((s) => (s as Schema).type);
      delete out[key];
    }
  }
  if (typeof out.format === 'string' && !(out.format in FORMATS)) delete out.format;
  if (out.nullable !== undefined && out.type === undefined) delete out.nullable;
  if (typeof out.pattern === 'string' && !isUsablePattern(out.pattern)) delete out.pattern;

  const open = out['x-kubernetes-preserve-unknown-fields'] === true
    || out['x-kubernetes-embedded-resource'] === true
    || out.additionalProperties !== undefined
    || out.patternProperties !== undefined;
  const describesFields = out.properties !== undefined
    || (opts.emptyObjectsAreClosed && out.type === 'object' && out.$ref === undefined && !SCHEMA_LIST_KEYS.some((k) => out[k] !== undefined));
  if (structural && !open && describesFields) out.additionalProperties = false;
  return out;
}

const SCHEMA_LIST_KEYS = ['allOf', 'anyOf', 'oneOf', 'not'];

function isUsablePattern(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
