import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';

/**
 * The specs the test/mesh-spec tests give the validator (written by `npm run spec-cases:update`,
 * test/mesh-spec/record-spec-cases.ts): a spec object, or the text of a one-document YAML file.
 */
export interface SpecCase {
  /** The test that gave it. */
  readonly test: string;
  readonly input?: unknown;
  readonly yaml?: string;
}

export const SPEC_CASES_FILE = path.join(__dirname, 'spec-cases.json');
/** The SHA-256 of the test files the cases were recorded from (spec-cases.sources), to tell when they are stale. */
export const SPEC_CASES_SOURCES_FILE = path.join(__dirname, 'spec-cases.sources');

const OWN = new Set(['schema-agreement.test.ts', 'json-schema.test.ts']);

/** The test files under test/mesh-spec/ whose specs are recorded. */
export function specTestFiles(dir = __dirname): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return specTestFiles(p);
    return e.name.endsWith('.test.ts') && !OWN.has(e.name) ? [p] : [];
  }).sort();
}

/** One digest of those files' names and contents: recording again is due when it changes. */
export function specTestsDigest(): string {
  const h = crypto.createHash('sha256');
  for (const f of specTestFiles()) h.update(`${path.relative(__dirname, f)}\0${fs.readFileSync(f, 'utf8')}\0`);
  return h.digest('hex');
}

/** The recorded cases; a Date (a YAML timestamp) comes back from {"$date": ISO}. */
export function readSpecCases(): SpecCase[] {
  return JSON.parse(fs.readFileSync(SPEC_CASES_FILE, 'utf8'), (_k, v) => (v && typeof v === 'object' && typeof v.$date === 'string' ? new Date(v.$date) : v));
}

/** The tree the schema judges: the input, or the YAML file's one document. */
export function specTree(c: SpecCase): unknown {
  return c.yaml === undefined ? c.input : YAML.parseAllDocuments(c.yaml)[0].toJS({ maxAliasCount: 100 });
}
