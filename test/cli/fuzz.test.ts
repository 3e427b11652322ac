import * as fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { runCli } from '../../lib/cli';
import { CliIO } from '../../lib/cli/io';
import { ROOT, tempDir } from '../helpers';

/*
 * Property: whatever a valid spec is mutated into (wrong types, keys removed or added,
 * strings with control characters, huge and non-finite numbers), `meshgen validate`
 * either exits 1 with one line per problem, each naming a path, or exits 0, and then
 * the spec renders: synth (for CA modes that need no keys) or diff (the same render,
 * in memory, without making RSA keys) succeeds. Never a stack trace, never a hang.
 */

/** Raise with MESHGEN_FUZZ_RUNS for a longer campaign. */
const RUNS = Number(process.env.MESHGEN_FUZZ_RUNS ?? 200);
/** A command that takes longer than this counts as a hang. */
const HANG_MS = 20_000;

const EXAMPLES: any[] = fs.readdirSync(path.join(ROOT, 'examples')).filter((e) => fs.existsSync(path.join(ROOT, 'examples', e, 'mesh.yaml'))).sort()
  .map((e) => YAML.parse(fs.readFileSync(path.join(ROOT, 'examples', e, 'mesh.yaml'), 'utf8')));
// CA modes that need no keys, so that valid mutants of these are synthesized for real.
for (const mode of ['none', 'cert-manager']) EXAMPLES.push({ ...EXAMPLES[0], spec: { ...EXAMPLES[0].spec, ca: { mode } } });

/** Each example as YAML text, for the text splices. */
const EXAMPLE_TEXTS: string[] = EXAMPLES.map((e) => YAML.stringify(e));

type Key = string | number;

/** Every path in the tree (the root is []). */
function pathsOf(value: unknown, at: Key[] = []): Key[][] {
  const out: Key[][] = [at];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...at, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...at, k]));
  return out;
}

const CONTROL = ['\n', '\r', '\t', '\u0000', '\u001b[31m', '\u007f', '\u0085', '\u2028'];

/** A value of any type, weighted toward what breaks validators. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(Infinity, -Infinity, NaN, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -0, 0, 2048, 0.5),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 20 }),
  fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...CONTROL), fc.string({ maxLength: 8 })).map(([a, c, b]) => a + c + b),
  fc.constantFrom('cluster1', 'primary', 'remote', 'network1', '34.75.71.237', '999.999.999.999', '::', 'x; touch p #', '', ' '),
  fc.integer({ min: 100, max: 6000 }).map((n) => 'a'.repeat(n)),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), { maxKeys: 3 }),
);

interface Mutation { readonly kind: 'set' | 'delete' | 'add' | 'control' | 'number'; readonly pick: number; readonly key: string; readonly value: unknown }

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('set', 'delete', 'add', 'control', 'number'),
  pick: fc.nat(),
  key: fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('name', 'role', 'primary', 'context', 'network', 'mode', 'address')),
  value: hostileValue,
});

function mutate(spec: any, m: Mutation): void {
  const paths = pathsOf(spec).slice(1);
  const at = paths[m.pick % paths.length];
  const parent = at.slice(0, -1).reduce((o: any, k) => o[k], spec);
  const last = at[at.length - 1];
  switch (m.kind) {
    case 'set': parent[last] = m.value; break;
    case 'delete': if (Array.isArray(parent)) parent.splice(last as number, 1); else delete parent[last]; break;
    case 'add': {
      const target = parent[last] && typeof parent[last] === 'object' && !Array.isArray(parent[last]) ? parent[last] : parent;
      if (Array.isArray(target)) target.push(m.value); else target[m.key] = m.value;
      break;
    }
    case 'control': parent[last] = `${typeof parent[last] === 'string' ? parent[last] : 'x'}${CONTROL[m.pick % CONTROL.length]}`; break;
    case 'number': parent[last] = [Infinity, -Infinity, NaN, 1e308, 1e400, -1, 2 ** 64][m.pick % 7]; break;
  }
}

/** Pieces of YAML syntax spliced into a spec's text. */
const TEXT_SPLICES = ['!!binary ', '!!set ', '!!omap ', '!!str ', '!!int ', '!!float ', '!custom ', '&a ', '*a', '*undefined', '<<: *a\n',
  '[', ']', '{', '}', ': ', '- ', '\t', '\n', '\n---\n', '%YAML 1.1\n', '# c\n', '"', "'", '|\n', '>-\n', '? ', '\u0000', '\ufeff', '.inf', '.nan', '1e400', '~'];

interface Outcome { readonly code: number; readonly err: string }

async function cli(args: string[], cwd: string): Promise<Outcome> {
  let err = '';
  const io: CliIO = { out: () => undefined, err: (t) => { err += t; }, cwd, env: {} };
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<Outcome>((resolve) => { timer = setTimeout(() => resolve({ code: -1, err: 'HANG' }), HANG_MS); });
  try {
    return await Promise.race([runCli(args, io).then((code) => ({ code, err })), hang]);
  } finally {
    clearTimeout(timer);
  }
}

/** A line of `meshgen validate` naming what is wrong: `mesh.yaml: <path>: <message>`. */
const ISSUE_LINE = /^mesh\.yaml: (\(file\)|line \d+, column \d+|(\(document\)|[A-Za-z_][\w-]*)(\.[A-Za-z_][\w-]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\])*): \S/;

jest.setTimeout(600_000);

describe('fuzz: mutated specs', () => {
  test(`GIVEN ${RUNS} mutations of the example specs and ${Math.ceil(RUNS / 2)} of their YAML text THEN each is one clear line per problem naming a path, or a spec that renders; no stack trace, no hang`, async () => {
    const root = tempDir('meshgen-fuzz-');
    const counts = { cases: 0, clearErrors: 0, rendered: 0, synthesized: 0, stackTraces: 0, hangs: 0 };
    await fc.assert(fc.asyncProperty(
      fc.nat({ max: EXAMPLES.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }),
      async (example, mutations) => {
        const spec = structuredClone(EXAMPLES[example]);
        mutations.forEach((m) => mutate(spec, m));
        await check(YAML.stringify(spec));
      },
    ), { numRuns: RUNS });
    // The YAML text itself: tags, anchors, aliases, brackets, tabs and directives spliced in anywhere.
    await fc.assert(fc.asyncProperty(
      fc.nat({ max: EXAMPLES.length - 1 }), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...TEXT_SPLICES)), { minLength: 1, maxLength: 3 }),
      async (example, splices) => {
        let text = EXAMPLE_TEXTS[example];
        for (const [at, piece] of splices) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + piece + text.slice(i);
        }
        await check(text);
      },
    ), { numRuns: Math.ceil(RUNS / 2) });
    if (process.env.MESHGEN_FUZZ_REPORT) fs.writeFileSync(process.env.MESHGEN_FUZZ_REPORT, JSON.stringify(counts) + '\n');
    expect(counts.cases).toBeGreaterThanOrEqual(RUNS + Math.ceil(RUNS / 2));
    expect(counts.stackTraces).toBe(0);
    expect(counts.hangs).toBe(0);

    async function check(text: string): Promise<void> {
      // a new directory per case: rewriting one file in place costs the file system a flush each time
      const dir = path.join(root, String(counts.cases));
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'mesh.yaml'), text);
      counts.cases++;
      const v = await cli(['validate', '--quiet', '--spec', 'mesh.yaml'], dir);
      if (v.code === -1) counts.hangs++;
      if (/internal error|\n\s+at /.test(v.err)) counts.stackTraces++;
      if (v.code === 1) {
        const lines = v.err.trimEnd().split('\n');
        // every line names a path (one expect for all lines: an expect per line costs more than the check)
        expect(lines.filter((line) => !ISSUE_LINE.test(line))).toEqual([]);
        counts.clearErrors++;
        return;
      }
      expect({ code: v.code, err: v.err }).toEqual({ code: 0, err: '' });
      const spec = (() => { try { return YAML.parse(text, { logLevel: 'silent' }); } catch { return undefined; } })();
      const noKeys = spec?.spec?.ca?.mode === 'none' || spec?.spec?.ca?.mode === 'cert-manager';
      const out = tempDir('meshgen-fuzz-out-');
      const r = noKeys
        ? await cli(['synth', '--quiet', '--spec', 'mesh.yaml', '--out', path.join(out, 'dist'), '--secrets-out', path.join(out, 'secrets')], dir)
        : await cli(['diff', '--quiet', '--spec', 'mesh.yaml', '--against', out], dir);
      if (r.code === -1) counts.hangs++;
      if (/internal error|\n\s+at /.test(r.err)) counts.stackTraces++;
      // synth: 0, or 3 when a remote waits for its primary's address; diff: 1 (everything is new).
      expect(noKeys ? [0, 3] : [1]).toContain(r.code);
      counts.rendered++;
      if (noKeys) counts.synthesized++;
    }
  });
});
