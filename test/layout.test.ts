import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { ROOT } from './helpers';

/**
 * The shape of lib/, read from its import statements: every import points down the
 * layers of the README's drawing, no file imports itself back through others, lib/
 * loads its own modules lazily at two places only, and the commands that need no
 * rendering start without cdk8s, the generated CRD classes, ajv or node-forge.
 */

const LIB = path.join(ROOT, 'lib');

/** The layers, bottom first; a file may import its own layer or any below it. */
const LAYERS: readonly (readonly string[])[] = [
  ['errors.ts', 'names'],
  // The one atomic writer: node's fs and the ground floor only; the PKI, synth and the CLI write through it.
  ['fsx'],
  ['mesh-spec'],
  ['plan'],
  ['pki', 'istio', 'sail', 'helm', 'argocd', 'flux', 'karmada', 'kiali', 'metallb', 'verify', 'k8s', 'schema'],
  ['charts'],
  ['render'],
  ['review'],
  ['synth'],
  ['cluster-access'],
  ['cli'],
  ['index.ts'],
];

/** Files over 400 lines that another branch is splitting; gone once it lands. */
const KNOWN_LONG = new Set<string>([]);

interface Edge {
  /** A lib file (relative to lib/), `imports/<file>` or a package name. */
  readonly to: string;
  /** `import type`, `export type` or `typeof import()`: gone at run time. */
  readonly typeOnly: boolean;
  /** `import()` or `require()`: loaded when the code runs, not when the file loads. */
  readonly lazy: boolean;
}

function libFiles(dir = LIB): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return libFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path.relative(LIB, p).split(path.sep).join('/')] : [];
  }).sort();
}

function resolve(from: string, spec: string): string {
  if (!spec.startsWith('.')) return spec.startsWith('node:') ? spec.slice(5) : spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
  const abs = path.resolve(path.dirname(path.join(LIB, from)), spec);
  const rel = path.relative(LIB, abs).split(path.sep).join('/');
  if (rel.startsWith('../imports/')) return rel.slice(3);
  // A data file (lib/mesh-spec/istio-values-keys.json) is an edge to itself.
  for (const candidate of [...(rel.endsWith('.json') ? [rel] : []), `${rel}.ts`, `${rel}/index.ts`]) if (fs.existsSync(path.join(LIB, candidate))) return candidate;
  throw new Error(`${from}: cannot resolve ${spec}`);
}

function edgesOf(file: string): Edge[] {
  const text = fs.readFileSync(path.join(LIB, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const edges: Edge[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      edges.push({ to: resolve(file, node.moduleSpecifier.text), typeOnly: node.importClause?.isTypeOnly ?? false, lazy: false });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      edges.push({ to: resolve(file, node.moduleSpecifier.text), typeOnly: node.isTypeOnly, lazy: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      edges.push({ to: resolve(file, node.argument.literal.text), typeOnly: true, lazy: false });
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])
      && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      edges.push({ to: resolve(file, node.arguments[0].text), typeOnly: false, lazy: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

const FILES = libFiles();
const GRAPH = new Map(FILES.map((f) => [f, edgesOf(f)]));
const isLib = (to: string) => GRAPH.has(to);

function layerOf(file: string): number {
  const top = file.split('/')[0];
  const i = LAYERS.findIndex((l) => l.includes(top));
  if (i < 0) throw new Error(`lib/${file}: in no layer of test/layout.test.ts; add its folder to LAYERS`);
  return i;
}

/** Strongly connected components with more than one file (Tarjan). */
function loops(edgesOf: (f: string) => readonly string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let next = 0;
  const connect = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edgesOf(v)) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const f of FILES) if (!index.has(f)) connect(f);
  return out;
}

/** The lib files and packages a file loads when it is loaded (static, non-type imports, transitively). */
function loadedBy(start: string): Set<string> {
  const seen = new Set<string>([start]);
  const todo = [start];
  while (todo.length > 0) {
    const f = todo.pop()!;
    for (const e of GRAPH.get(f) ?? []) {
      if (e.typeOnly || e.lazy || seen.has(e.to)) continue;
      seen.add(e.to);
      if (isLib(e.to)) todo.push(e.to);
    }
  }
  return seen;
}

describe('lib/ layout', () => {
  test('THEN the parser sees the imports (a known edge of each kind)', () => {
    expect(GRAPH.get('synth/synth.ts')).toContainEqual({ to: 'synth/render-mesh.ts', typeOnly: false, lazy: false });
    expect(GRAPH.get('cli/work.ts')).toContainEqual({ to: 'synth/synth.ts', typeOnly: false, lazy: true });
    expect(GRAPH.get('charts/parts/registry.ts')).toContainEqual({ to: 'charts/parts/sail.ts', typeOnly: true, lazy: false });
    expect(GRAPH.get('charts/bundle-secrets.ts')).toContainEqual({ to: 'pki/pki-store.ts', typeOnly: true, lazy: false });
    expect(FILES.length).toBeGreaterThan(80);
  });

  test('THEN every import points down the layers (or stays in its layer)', () => {
    const upward: string[] = [];
    for (const [file, edges] of GRAPH) {
      for (const e of edges) {
        if (isLib(e.to) && layerOf(e.to) > layerOf(file)) upward.push(`lib/${file} -> lib/${e.to}`);
      }
    }
    expect(upward).toEqual([]);
  });

  test('THEN the ground floor (errors.ts, names/) imports nothing of lib/ above it and no package', () => {
    const ground = FILES.filter((f) => layerOf(f) === 0);
    expect(ground).toEqual(expect.arrayContaining(['errors.ts', 'names/dns.ts', 'names/defaults.ts', 'names/bundle-layout.ts', 'names/objects.ts']));
    for (const f of ground) expect({ f, imports: GRAPH.get(f)!.map((e) => e.to).filter((to) => !isLib(to) || layerOf(to) > 0) }).toEqual({ f, imports: [] });
  });

  test('THEN no files import each other in a loop', () => {
    const found = loops((f) => GRAPH.get(f)!.filter((e) => isLib(e.to)).map((e) => e.to)).map((scc) => scc.join(' '));
    expect(found).toEqual([]);
  });

  test('THEN lib/ loads its own modules lazily only in the command registry and the chart-part registry', () => {
    const lazy = [...GRAPH].flatMap(([file, edges]) => edges.filter((e) => e.lazy).map((e) => `${file} -> ${e.to}`));
    const places = [...new Set(lazy.filter((l) => /\.ts$/.test(l)).map((l) => l.split(' ')[0]))].sort();
    expect(places).toEqual(['charts/parts/registry.ts', 'cli/work.ts']);
    // The packages loaded on first use: node-forge, only when a key or certificate is made; ajv's
    // compiler, only for a kind with no precompiled validator (schema/precompiled.ts).
    expect(lazy.filter((l) => !/\.ts$/.test(l)).sort()).toEqual(['pki/forge.ts -> node-forge', 'schema/compiler.ts -> ajv']);
  });

  test('THEN the CLI, the spec parser and the planner start without cdk8s, CRD classes, ajv or node-forge', () => {
    for (const start of ['cli/index.ts', 'mesh-spec/parse.ts', 'plan/planner.ts', 'plan/steps/steps.ts', 'review/graph.ts']) {
      const heavy = [...loadedBy(start)].filter((m) => ['cdk8s', 'cdk8s-plus-27', 'constructs', 'node-forge', 'ajv'].includes(m) || m.startsWith('imports/'));
      expect({ start, heavy }).toEqual({ start, heavy: [] });
    }
    // The registries do load the heavy parts when asked: the check above is not vacuous.
    expect([...loadedBy('charts/cluster-chart.ts')]).toEqual(expect.arrayContaining(['cdk8s', 'constructs', 'imports/install.istio.io']));
  });

  test('THEN lib/index.ts only re-exports', () => {
    const source = ts.createSourceFile('index.ts', fs.readFileSync(path.join(LIB, 'index.ts'), 'utf8'), ts.ScriptTarget.Latest, false);
    const other = source.statements.filter((s) => !(ts.isExportDeclaration(s) && s.moduleSpecifier)).map((s) => s.getText());
    expect(other).toEqual([]);
  });

  test('THEN no file of lib/ has more than 400 lines', () => {
    const long = FILES.filter((f) => fs.readFileSync(path.join(LIB, f), 'utf8').split('\n').length > 401).filter((f) => !KNOWN_LONG.has(f));
    expect(long).toEqual([]);
  });
});
