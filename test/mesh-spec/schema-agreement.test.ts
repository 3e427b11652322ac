import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ErrorObject } from 'ajv';
import * as YAML from 'yaml';
import { SpecError } from '../../lib/errors';
import { checkBeyondSchema, CHECKS_BEYOND_SCHEMA } from '../../lib/mesh-spec/beyond-schema';
import { meshJsonSchema } from '../../lib/mesh-spec/json-schema';
import { parseMeshSpecYaml, validateMeshSpec } from '../../lib/mesh-spec/parse';
import { ROOT } from '../helpers';
import { readSpecCases, SPEC_CASES_SOURCES_FILE, specTestsDigest, specTree } from './read-spec-cases';

/*
 * schemas/mesh.schema.json and the validator agree. Every spec the tests under
 * test/mesh-spec/ give the validator is in test/mesh-spec/spec-cases.json (recorded by
 * `npm run spec-cases:update`, which runs those tests with the validator spied on); each is
 * judged here by the validator and by the schema:
 * - every spec the validator accepts, the schema accepts (the schema is never stricter);
 * - every spec the validator rejects, the schema rejects too, or each of its issues comes
 *   from a check listed by name in lib/mesh-spec/beyond-schema.ts;
 * - when both reject, the schema points at the place of one of the validator's issues;
 * - every example spec passes both, and so does (or neither does) every example with any one
 *   field removed or set to null, a number, a boolean, a list, a mapping or a bad name.
 */

interface Case { readonly input: unknown; readonly issues?: readonly { path: string; message: string }[]; readonly test: string }

/** The recorded specs with the validator's verdict now: accepted, or its issues. */
function judged(): Case[] {
  const trees = readSpecCases().map(specTree); // a copy of each input the validator cannot touch
  return readSpecCases().map((c, i) => {
    const input = trees[i];
    try {
      if (c.yaml !== undefined) parseMeshSpecYaml(c.yaml, 'mesh.yaml');
      else validateMeshSpec(c.input);
      return { input, test: c.test };
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      return { input, issues: e.issues, test: c.test };
    }
  });
}

const ajv = new Ajv({ strict: false, allErrors: true });
const validate = ajv.compile(meshJsonSchema());
const schemaErrors = (input: unknown): ErrorObject[] => (validate(input) ? [] : [...(validate.errors ?? [])]);
let recorded: Case[] | undefined;
const cases = (): Case[] => (recorded ??= judged());

/** An ajv error's place as the validator writes paths: spec.clusters[1].primary, ...labels["app"]. */
function specPath(e: ErrorObject): string {
  const parts = e.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const key = (e.params as { additionalProperty?: string; missingProperty?: string }).additionalProperty ?? (e.params as { missingProperty?: string }).missingProperty;
  if (key !== undefined) parts.push(key);
  return parts.reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : /^[A-Za-z_][A-Za-z0-9_-]*$/.test(p) ? (acc ? `${acc}.${p}` : p) : `${acc}[${JSON.stringify(p)}]`), '');
}

/** One path is the other, or lies under it. */
const related = (a: string, b: string) => [[a, b], [b, a]].some(([x, y]) => x === y || x.startsWith(`${y}.`) || x.startsWith(`${y}[`));

describe('the schema and the validator agree', () => {
  test('GIVEN the test/mesh-spec tests THEN spec-cases.json was recorded from them as they are now', () => {
    // a test added or changed under test/mesh-spec/ needs its specs recorded before they are judged here
    const recordedFrom = fs.readFileSync(SPEC_CASES_SOURCES_FILE, 'utf8').trim();
    if (recordedFrom !== specTestsDigest()) throw new Error('test/mesh-spec/spec-cases.json is older than the tests under test/mesh-spec/: run `npm run spec-cases:update` and commit the result');
  });

  test('GIVEN the recorded specs THEN there are many of both kinds', () => {
    expect(cases().filter((c) => c.issues).length).toBeGreaterThan(100);
    expect(cases().filter((c) => !c.issues).length).toBeGreaterThan(20);
  });

  test('GIVEN every spec the validator accepts THEN the schema accepts it', () => {
    const disagree = cases().filter((c) => !c.issues).map((c) => ({ test: c.test, errors: schemaErrors(c.input).map((e) => `${e.instancePath} ${e.message}`) }))
      .filter((d) => d.errors.length > 0);
    expect(disagree).toEqual([]);
  });

  test('GIVEN every spec the validator rejects THEN the schema rejects it or every issue is a named check beyond the schema', () => {
    const disagree = cases().filter((c) => c.issues && schemaErrors(c.input).length === 0)
      .flatMap((c) => c.issues!.filter((i) => !checkBeyondSchema(i)).map((i) => ({ test: c.test, ...i })));
    expect(disagree).toEqual([]);
  });

  test('GIVEN every spec both reject THEN the schema points at the place of at least one of the validator\'s issues', () => {
    const disagree = cases().filter((c) => c.issues).map((c) => ({ c, errors: schemaErrors(c.input).map(specPath) }))
      .filter(({ c, errors }) => errors.length > 0 && !c.issues!.some((i) => errors.some((e) => related(i.path, e))))
      .map(({ c, errors }) => ({ test: c.test, issues: c.issues!.map((i) => i.path), schema: errors }));
    expect(disagree).toEqual([]);
  });

  test('GIVEN the named checks THEN each of them raises an issue of at least one recorded spec', () => {
    const used = new Set(cases().flatMap((c) => (c.issues ?? []).map((i) => checkBeyondSchema(i)?.name)));
    expect(CHECKS_BEYOND_SCHEMA.map((c) => c.name).filter((n) => !used.has(n))).toEqual([]);
  });

  test('GIVEN every example spec THEN both the validator and the schema accept it', () => {
    const dir = path.join(ROOT, 'examples');
    const specs = fs.readdirSync(dir).map((d) => path.join(dir, d, 'mesh.yaml')).filter((f) => fs.existsSync(f));
    expect(specs.length).toBeGreaterThan(10);
    for (const f of specs) {
      const text = fs.readFileSync(f, 'utf8');
      expect(() => parseMeshSpecYaml(text, f)).not.toThrow();
      expect({ file: path.relative(ROOT, f), errors: schemaErrors(YAML.parse(text)) }).toEqual({ file: path.relative(ROOT, f), errors: [] });
    }
  });

  test('GIVEN every example with any one field removed or replaced THEN the validator and the schema judge it alike', () => {
    const dir = path.join(ROOT, 'examples');
    const disagree: unknown[] = [];
    let tried = 0;
    for (const d of fs.readdirSync(dir).filter((e) => fs.existsSync(path.join(dir, e, 'mesh.yaml'))).sort()) {
      const base = YAML.parse(fs.readFileSync(path.join(dir, d, 'mesh.yaml'), 'utf8'));
      const places: (string | number)[][] = [];
      const walk = (v: unknown, at: (string | number)[]) => {
        if (at.length) places.push(at);
        if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) walk(c, [...at, Array.isArray(v) ? Number(k) : k]);
      };
      walk(base, []);
      for (const at of places) {
        for (const value of [undefined, null, 7, true, [], {}, 'Not A Valid Name!!']) {
          const spec = structuredClone(base);
          const parent = at.slice(0, -1).reduce((o: any, k) => o[k], spec);
          if (value === undefined) {
            if (Array.isArray(parent)) continue;
            delete parent[at[at.length - 1]];
          } else parent[at[at.length - 1]] = value;
          tried++;
          let issues: readonly { path: string; message: string }[] = [];
          try { validateMeshSpec(spec); } catch (e) { issues = (e as { issues?: typeof issues }).issues ?? []; }
          const errors = schemaErrors(spec);
          const where = `${d}: ${at.join('.')} = ${JSON.stringify(value) ?? '(removed)'}`;
          if (issues.length === 0 && errors.length > 0) disagree.push({ where, schema: errors.map(specPath) });
          if (errors.length === 0 && issues.some((i) => !checkBeyondSchema(i))) disagree.push({ where, validator: issues });
        }
      }
    }
    expect(tried).toBeGreaterThan(1000);
    expect(disagree).toEqual([]);
  });
});
