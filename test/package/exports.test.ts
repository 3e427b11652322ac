import * as fs from 'fs';
import * as path from 'path';
import * as meshgen from '../../lib';
import { ROOT } from '../helpers';

/** Every `export class X extends Y` under lib/, but the CLI's and test hooks. */
function libClasses(): { name: string; file: string }[] {
  const out: { name: string; file: string }[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) { if (p !== path.join(ROOT, 'lib', 'cli')) walk(p); continue; }
      if (!e.name.endsWith('.ts')) continue;
      for (const m of fs.readFileSync(p, 'utf8').matchAll(/^export (?:abstract )?class (\w+) extends (\w+)/gm)) {
        if (m[2] !== 'Error') out.push({ name: m[1], file: path.relative(ROOT, p) });
      }
    }
  };
  walk(path.join(ROOT, 'lib'));
  return out;
}

describe('GIVEN the package root (lib/index.ts, exports["."])', () => {
  test('THEN every construct and chart class of lib/ is exported from it', () => {
    const classes = libClasses();
    expect(classes.length).toBeGreaterThan(40);
    expect(classes.filter((c) => !(c.name in meshgen))).toEqual([]);
  });

  test('THEN it has the Karmada policy constructs, the schema validator, the planner, the review tools and both writers, but not the CLI builder', () => {
    for (const k of ['MemberPropagation', 'MemberOverride', 'NamespaceNetworkOverride', 'KarmadaChart', 'validateObject', 'validateDir', 'planMesh',
      'diffTrees', 'formatDiff', 'meshGraph', 'toMermaid', 'toDot', 'reviewReadme', 'synthMesh', 'synthBundles', 'renderMesh', 'validateMeshSpec']) {
      expect({ k, type: typeof (meshgen as Record<string, unknown>)[k] }).toEqual({ k, type: 'function' });
    }
    expect('buildCli' in meshgen).toBe(false);
  });

  test('THEN package.json maps ".", "./cli" (each with types), the spec\'s JSON Schema and "./package.json"', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.exports['.']).toEqual({ types: './build/lib/index.d.ts', default: './build/lib/index.js' });
    expect(pkg.exports['./cli']).toEqual({ types: './build/lib/cli/index.d.ts', default: './build/lib/cli/index.js' });
    expect(Object.keys(pkg.exports)).toEqual(['.', './cli', './schemas/mesh.schema.json', './package.json']);
    expect(`./${pkg.types}`).toBe(pkg.exports['.'].types);
    expect(`./${pkg.main}`).toBe(pkg.exports['.'].default);
  });
});

describe('GIVEN the spec object of docs/library.md', () => {
  test('THEN validateMeshSpec takes it and renderMesh gives each cluster its bundle (the files synthMesh writes)', () => {
    const text = fs.readFileSync(path.join(ROOT, 'docs', 'library.md'), 'utf8');
    const literal = /validateMeshSpec\((\{[\s\S]*?\n\})\);/.exec(text)![1];
    // eslint-disable-next-line no-new-func
    const spec = meshgen.validateMeshSpec(new Function(`return (${literal});`)(), 'docs/library.md');
    const { files } = meshgen.renderMesh(spec);
    expect([...files.keys()]).toEqual(expect.arrayContaining(['README.md', 'cluster1/kustomization.yaml', 'cluster1/istioctl/eastwest-gateway.yaml', 'cluster2/kustomization.yaml']));
  });
});

