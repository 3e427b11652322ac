import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import * as YAML from 'yaml';
import { toYamlDocument, toYamlDocuments, YAML_OPTIONS } from '../../lib/render/yaml';

/** What the yaml package writes for one object: the bytes toYamlDocument must give. */
const reference = (o: unknown) => YAML.stringify(o, YAML_OPTIONS);

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? yamlFiles(p) : e.name.endsWith('.yaml') ? [p] : [];
  });
}

describe('toYamlDocument', () => {
  test('GIVEN every object of every example\'s expected output THEN it writes the bytes the yaml package writes', () => {
    const root = path.join(__dirname, '..', '..', 'examples');
    let objects = 0;
    // istio-crds.yaml (Istio's CRD file, copied as text, never rendered) is left out: 871 KB to parse
    for (const file of yamlFiles(root).filter((f) => f.includes(`${path.sep}expected${path.sep}`) && path.basename(f) !== 'istio-crds.yaml')) {
      for (const doc of YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
        const o = doc.toJS();
        expect(toYamlDocument(o)).toBe(reference(o));
        objects++;
      }
    }
    expect(objects).toBeGreaterThan(300);
  });

  test('GIVEN strings that YAML must quote or escape THEN they are written as yaml writes them', () => {
    const tricky = ['', 'true', 'False', 'null', '~', 'NULL', '1', '-1', '+1', '0o17', '0x1F', '1.30', '1.30.3', '.5', '1e3', '.inf', '.NaN',
      '*', '*.local', '&a', '!tag', '|', '>', '%x', '@x', '`x', '#c', 'a #c', 'a#c', 'a: b', 'a:b', 'a:', ':a', '- x', '-', '?', '? x', '-x', '?x',
      'it\'s', 'say "hi"', 'both \' and "', 'tab\there', ' lead', 'trail ', '\u0007bell', '\u0085', 'é', '日本', '{a}', '[a]', 'a,b', 'x y',
      '---', '---x', '...', 'a\nb', 'line\n', '\n', 'x'.repeat(1200), 'k8s.io/name=value', 'https://example.com:443/a?b=c#d'];
    for (const s of tricky) {
      for (const o of [{ k: s }, { [s]: 'v' }, { list: [s, { [s]: s }] }, [s], { a: { [s]: [[s]] } }]) expect(toYamlDocument(o)).toBe(reference(o));
    }
  });

  test('GIVEN nested mappings, sequences, empty collections and scalars THEN the layout is yaml\'s', () => {
    const o = {
      a: 8, b: -0, c: 1.5, d: null, e: true, f: [], g: {}, h: [[1, 2], [{ a: 1, b: [3] }], []], i: [{}], j: 1e21,
      k: [{ name: 'x', ports: [{ port: 15443, name: 'tls' }] }, [[['deep']]]],
    };
    expect(toYamlDocument(o)).toBe(reference(o));
    expect(toYamlDocument([1, { a: null }, 'x'])).toBe(reference([1, { a: null }, 'x']));
  });

  test('GIVEN values plain JSON does not hold (undefined, non-finite numbers, class instances, top-level scalars) THEN the output is still yaml\'s', () => {
    for (const o of [{ a: undefined, b: 1 }, { a: NaN, b: Infinity, c: -Infinity }, { d: new Date(0) }, { m: new Map([['a', 1]]) }, 'x', 3, null, [], {}]) {
      expect(toYamlDocument(o)).toBe(reference(o));
    }
  });

  test('GIVEN generated JSON values THEN it writes the bytes the yaml package writes', () => {
    const str = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('true', 'null', '1.0', '0x1', ': ', ' #', '- ', '? ', '---', '\'', '"', '\n', '\t', '%', '*', 'a'),
      fc.array(fc.constantFrom('a', '-', ':', ' ', '#', '\'', '"', '.', '0', '1', 'e', '\n', '\t', '*', '{', ']', ','), { maxLength: 8 }).map((cs) => cs.join('')),
    );
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, str, fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null), tie('list'), tie('map')),
      list: fc.array(tie('value'), { maxLength: 4 }),
      map: fc.dictionary(str, tie('value'), { maxKeys: 4 }),
    }));
    fc.assert(fc.property(json.map, json.list, (m, l) => {
      expect(toYamlDocument(m)).toBe(reference(m));
      expect(toYamlDocument(l)).toBe(reference(l));
    }), { numRuns: 300 });
  });

  test('GIVEN several objects THEN toYamlDocuments joins their documents with ---', () => {
    expect(toYamlDocuments([{ a: 1 }, { b: [2] }])).toBe('a: 1\n---\nb:\n  - 2\n');
  });
});
