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

/** The recorded cases; a Date (a YAML timestamp) comes back from {"$date": ISO}. */
export function readSpecCases(): SpecCase[] {
  return JSON.parse(fs.readFileSync(SPEC_CASES_FILE, 'utf8'), (_k, v) => (v && typeof v === 'object' && typeof v.$date === 'string' ? new Date(v.$date) : v));
}

/** The tree the schema judges: the input, or the YAML file's one document. */
export function specTree(c: SpecCase): unknown {
  return c.yaml === undefined ? c.input : YAML.parseAllDocuments(c.yaml)[0].toJS({ maxAliasCount: 100 });
}
