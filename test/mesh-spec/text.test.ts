import { checkSpecTree, MAX_SPEC_DEPTH } from '../../lib/mesh-spec/text';
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
