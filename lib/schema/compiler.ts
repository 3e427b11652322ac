import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { loadPrecompiled } from './precompiled';
import { FORMATS, KUBERNETES_SCHEMA_ID, kubernetesRef, prepareCrdSchema, prepareSchema } from './prepare';
import { defaultRegistry, KindSchema, SchemaRegistry } from './registry';

/**
 * The validator of each kind: precompiled at build time (precompiled.ts) when its schema
 * files are unchanged, else compiled by ajv on first use; kept for the process.
 */

interface Compiler {
  /** Made on the first kind that has no precompiled validator. */
  ajv?: Ajv;
  readonly validators: Map<string, ValidateFunction>;
}

const compilers = new WeakMap<SchemaRegistry, Compiler>();

/** The kinds compiled so far (`<source>:<file>:<apiVersion>/<kind>`), in order: validators are compiled on first use. */
export function compiledKinds(registry: SchemaRegistry = defaultRegistry()): string[] {
  return [...(compilers.get(registry)?.validators.keys() ?? [])];
}

/**
 * A new ajv with meshgen's formats and the Kubernetes definitions. With `source`, it keeps the
 * code of what it compiles, for `precompileValidators` (ajv standalone).
 */
export function newSchemaCompiler(registry: SchemaRegistry, source?: { formatsModule: string }): Ajv {
  // Loaded here: precompiled validators need no ajv compiler.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { default: AjvClass, _ } = require('ajv') as typeof import('ajv');
  const ajv = new AjvClass({
    strict: false, allErrors: true, verbose: true, validateSchema: false, logger: false,
    // At run time, optimize: false: the CRD schemas are large and each validator runs a few
    // times, so ajv's optimisation passes cost more than they save (about a third of compile
    // time). Precompiled code is optimised: it is made once and loaded many times.
    code: source ? { source: true, lines: false, formats: _`require(${source.formatsModule}).FORMATS` } : { optimize: false },
  });
  for (const [name, format] of Object.entries(FORMATS)) ajv.addFormat(name, format);
  // CRD schemas refer to the Kubernetes ObjectMeta for `metadata`, so both need the definitions
  const definitions = prepareSchema({ definitions: registry.kubernetesDefinitions() }, { emptyObjectsAreClosed: false });
  ajv.addSchema({ $id: KUBERNETES_SCHEMA_ID, ...definitions });
  return ajv;
}

/** The schema ajv compiles for one kind. */
export function compilableSchema(found: KindSchema): Record<string, unknown> {
  return typeof found.schema === 'string' ? { $ref: kubernetesRef(found.schema) } : prepareCrdSchema(found.schema);
}

function compilerOf(registry: SchemaRegistry): Compiler {
  let compiler = compilers.get(registry);
  if (!compiler) {
    compiler = { validators: new Map() };
    compilers.set(registry, compiler);
  }
  return compiler;
}

/** The build-time validator of one kind (see precompiled.ts), when there is one and its schema files are unchanged. */
export function precompiled(registry: SchemaRegistry, apiVersion: string, kind: string): ValidateFunction | undefined {
  const found = loadPrecompiled(registry, apiVersion, kind);
  if (!found) return undefined;
  const compiler = compilerOf(registry);
  if (!compiler.validators.has(found.key)) compiler.validators.set(found.key, found.validate);
  return compiler.validators.get(found.key);
}

/** The validator for one kind, compiled on first use and kept for the process; undefined for a kind with no schema. */
export function compiled(registry: SchemaRegistry, found: KindSchema | undefined): ValidateFunction | undefined {
  if (!found) return undefined;
  const compiler = compilerOf(registry);
  const key = schemaKey(found);
  let validate = compiler.validators.get(key);
  if (!validate) {
    compiler.ajv ??= newSchemaCompiler(registry);
    validate = compiler.ajv.compile(compilableSchema(found));
    compiler.validators.set(key, validate);
  }
  return validate;
}

/** Identifies a validator: `<source>:<file>:<apiVersion>/<kind>`. */
export function schemaKey(found: KindSchema): string {
  return `${found.source}:${found.file}:${found.apiVersion}/${found.kind}`;
}

