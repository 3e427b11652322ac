import * as YAML from 'yaml';
import { checkSpecTree, MAX_SPEC_DEPTH, MAX_SPEC_TOKENS, parseYamlDocuments } from '../../lib/mesh-spec/text';
import { issuesOf, withSpec } from './helpers';

describe('checkSpecTree (what no field of a spec may hold)', () => {
  test('GIVEN a plain spec THEN there is no issue', () => {
    expect(checkSpecTree(withSpec({}))).toBeUndefined();
  });

  test('fails on a value with a newline, naming the field and the position', () => {
    expect(issuesOf(withSpec({ istio: { namespace: 'istio\nsystem' } }))).toEqual([{
      path: 'spec.istio.namespace',
      message: '"istio\\nsystem" holds a newline at position 6; no value in a Mesh spec may hold control characters (it would end up in printed commands and one-line messages): remove it',
    }]);
  });

  test('fails on nesting deeper than the limit, and on a YAML timestamp', () => {
    let deep: Record<string, unknown> = {};
    const values = { meshConfig: deep };
    for (let i = 0; i < MAX_SPEC_DEPTH; i++) deep = (deep.a = {}) as Record<string, unknown>;
    expect(issuesOf(withSpec({ istio: { values } }))[0].message).toMatch(/^nests deeper than 32 levels/);
    expect(issuesOf(withSpec({ istio: { version: new Date(0) } }))[0].message).toMatch(/^is a timestamp; a Mesh spec holds only plain YAML/);
  });
});

describe('parseYamlDocuments (one lexer pass that counts the tokens)', () => {
  test('GIVEN documents, an empty stream and a syntax error THEN they parse as YAML.parseAllDocuments parses them, with the same line positions', () => {
    for (const text of ['a: 1\nb: [x, y]\n', 'a: 1\n---\nb: 2\n', '', '# only a comment\n', 'a: [1, 2\nb: 3\n', 'a: 1\na: 2\n']) {
      const ours = new YAML.LineCounter();
      const theirs = new YAML.LineCounter();
      const docs = parseYamlDocuments(text, { prettyErrors: false, lineCounter: ours, logLevel: 'error' });
      const ref = YAML.parseAllDocuments(text, { prettyErrors: false, lineCounter: theirs, logLevel: 'error' });
      expect(Array.isArray(docs)).toBe(true);
      const list = docs as YAML.Document.Parsed[];
      expect(list.map((d) => [d.errors.length ? null : d.toJS(), d.errors.map((e) => [e.code, e.pos])]))
        .toEqual((Array.isArray(ref) ? ref : []).map((d) => [d.errors.length ? null : d.toJS(), d.errors.map((e) => [e.code, e.pos])]));
      expect(ours.lineStarts).toEqual(theirs.lineStarts);
    }
  });

  test('fails on more than MAX_SPEC_TOKENS tokens, before the documents are built', () => {
    const issue = parseYamlDocuments(`a: [${'1,'.repeat(MAX_SPEC_TOKENS)}1]\n`, { lineCounter: new YAML.LineCounter() });
    expect(issue).toEqual({ path: '(file)', message: expect.stringMatching(/^holds more than 100000 YAML tokens; a Mesh spec has a few thousand/) });
  });
});
