import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import * as parse from '../../lib/mesh-spec/parse';
import { SPEC_CASES_FILE, SPEC_CASES_SOURCES_FILE, SpecCase, specTestFiles, specTestsDigest } from './read-spec-cases';

/*
 * Not a test (jest runs *.test.ts): `npm run spec-cases:update` runs this file alone. It runs
 * the test/mesh-spec tests once more with validateMeshSpec and parseMeshSpecYaml spied on,
 * and writes every spec they give (including those that lib/ passes on, e.g. from the CLI)
 * to test/mesh-spec/spec-cases.json, which test/mesh-spec/schema-agreement.test.ts judges with
 * both the validator and schemas/mesh.schema.json. Run it after adding or changing cases
 * under test/mesh-spec/.
 */

const TEST_DIR = __dirname;
const cases: SpecCase[] = [];

const testName = () => expect.getState().currentTestName ?? '(collecting)';
/** JSON of a spec input, with a Date (a YAML timestamp) as {"$date": ISO}. */
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v, function (this: any, k: string, x: unknown) {
  const raw = this[k];
  return Object.prototype.toString.call(raw) === '[object Date]' ? { $date: (raw as Date).toISOString() } : x;
}));

// the module's own exports object (an `import * as` namespace is read-only); lib/ calls
// through it, so the CLI's calls are recorded too
// eslint-disable-next-line @typescript-eslint/no-require-imports
const exportsOfParse = require('../../lib/mesh-spec/parse') as typeof parse;
const validate = parse.validateMeshSpec;
const parseYaml = parse.parseMeshSpecYaml;
jest.spyOn(exportsOfParse, 'validateMeshSpec').mockImplementation((input: unknown, file?: string) => {
  if (input !== undefined) cases.push({ test: testName(), input: plain(input) });
  return validate(input, file);
});
jest.spyOn(exportsOfParse, 'parseMeshSpecYaml').mockImplementation((text: string, file?: string) => {
  // Only specs that are one plain YAML document are the schema's business.
  const docs = (() => { try { return YAML.parseAllDocuments(text); } catch { return []; } })();
  if (docs.length === 1 && docs[0].errors.length === 0) cases.push({ test: testName(), yaml: text });
  return parseYaml(text, file);
});

for (const f of specTestFiles(TEST_DIR)) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  // afresh: test files share modules, so this worker may have loaded the file already
  describe(path.relative(TEST_DIR, f), () => { delete require.cache[f]; require(f); });
}

afterAll(() => {
  jest.restoreAllMocks();
  fs.writeFileSync(SPEC_CASES_FILE, `[\n${cases.map((c) => JSON.stringify(c)).join(',\n')}\n]\n`);
  fs.writeFileSync(SPEC_CASES_SOURCES_FILE, `${specTestsDigest()}\n`);
});
