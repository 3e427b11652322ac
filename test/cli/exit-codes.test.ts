import * as fs from 'fs';
import * as path from 'path';
import { runCliCaptured } from './run-cli';
import { ROOT, tempDir } from '../helpers';

/*
 * docs/cli.md's exit-code table, command by command: 0 for --help, 2 for bad usage, 1 (4
 * for diff) for a spec that cannot be read or is invalid, one line each, never 70.
 */

const run = (args: string[], cwd: string, stdin?: string) => runCliCaptured(args, cwd, { env: {}, ...(stdin !== undefined ? { stdin: () => Buffer.from(stdin) } : {}) });

const COMMANDS: ReadonlyArray<{ readonly argv: string[]; readonly bad: number }> = [
  { argv: ['validate'], bad: 1 },
  { argv: ['plan'], bad: 1 },
  { argv: ['graph'], bad: 1 },
  { argv: ['synth', '--out', 'dist'], bad: 1 },
  { argv: ['diff', '--against', 'dist'], bad: 4 },
  { argv: ['ca', 'init'], bad: 1 },
  { argv: ['ca', 'status'], bad: 1 },
  { argv: ['ca', 'rotate', '--cluster', 'cluster2'], bad: 1 },
  { argv: ['ca', 'import', '--root-cert', 'r.pem', '--root-key', 'k.pem'], bad: 1 },
  { argv: ['remote-secret', '--all'], bad: 1 },
  { argv: ['kiali-secret', '--all'], bad: 1 },
];

describe("the exit codes of docs/cli.md hold for every command", () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
    fs.writeFileSync(path.join(dir, 'bad.yaml'), fs.readFileSync(path.join(ROOT, 'examples/primary-remote/mesh.yaml'), 'utf8').replace('role: remote', 'role: remoet'));
    fs.mkdirSync(path.join(dir, 'dist'));
    fs.writeFileSync(path.join(dir, 'kubeconfig'), 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n');
  });

  test('THEN the README has the table', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'docs/cli.md'), 'utf8');
    for (const c of ['`validate`, `plan`, `graph`', '`synth`', '`diff`', '`ca init`, `status`, `rotate`, `import`', '`remote-secret`, `kiali-secret`', '`version`, `completion`', '`init`']) {
      expect(readme).toContain(`| ${c} |`);
    }
  });

  test.each(COMMANDS.map((c) => [c.argv.join(' '), c] as const))('%s: --help 0, --spec without its value 2, a missing or invalid spec', async (_name, c) => {
    expect((await run([...c.argv, '--help'], dir)).code).toBe(0);
    for (const [args, code] of [
      [[...c.argv, '--spec'], 2],
      [[...c.argv, '--spec', 'bad.yaml', '--no-such-flag'], 2],
      [[...c.argv, '--spec', 'missing.yaml'], c.bad],
      [[...c.argv, '--spec', 'bad.yaml'], c.bad],
    ] as const) {
      const r = await run([...args], dir);
      expect({ args, code: r.code }).toEqual({ args, code });
      expect(r.err.trimEnd().split('\n')).toHaveLength(1);
      expect(r.err).not.toContain('internal error');
    }
  });

  test.each([['validate'], ['plan'], ['diff', '--against', 'dist'], ['ca', 'status']])('%s -o json: the same exit codes, errors on stderr only', async (...argv) => {
    const c = COMMANDS.find((x) => x.argv.join(' ') === argv.join(' '))!;
    for (const [args, code] of [
      [[...argv, '-o', 'json', '--spec', 'missing.yaml'], c.bad],
      [[...argv, '-o', 'json', '--spec', 'bad.yaml'], c.bad],
      [[...argv, '-o', 'jsn', '--spec', 'bad.yaml'], 2],
    ] as const) {
      const r = await run([...args], dir);
      expect({ args, code: r.code }).toEqual({ args, code });
      expect(r.err.trimEnd().split('\n')).toHaveLength(1);
      // validate reports a spec that reads but fails as JSON too (valid: false); the others print nothing.
      if (argv[0] !== 'validate' || args.includes('missing.yaml') || code === 2) expect(r.out).toBe('');
    }
  });

  test('version and completion: 0 when printed, 2 for bad usage', async () => {
    expect((await run(['version'], dir)).code).toBe(0);
    expect((await run(['completion', 'bash'], dir)).code).toBe(0);
    expect((await run(['version', '--bogus'], dir)).code).toBe(2);
    expect((await run(['completion', 'fish'], dir)).code).toBe(2);
  });

  test.each(COMMANDS.map((c) => [c.argv.join(' '), c] as const))('%s --spec -: a bad spec on stdin, the same exit code, one line naming <stdin>', async (_name, c) => {
    // The secret commands read the kubeconfig first: give them one.
    const kubeconfig = c.argv[0].endsWith('-secret') ? ['--kubeconfig', 'kubeconfig'] : [];
    const r = await run([...c.argv, ...kubeconfig, '--spec', '-'], dir, fs.readFileSync(path.join(dir, 'bad.yaml'), 'utf8'));
    expect(r.code).toBe(c.bad);
    expect(r.err).toMatch(/^<stdin>: spec\.clusters\[1\]\.role: "remoet" is not one of primary \| remote/);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('docs/cli.md documents every option of every command', () => {
  const commands = ['synth', 'plan', 'validate', 'graph', 'diff', 'ca init', 'ca status', 'ca rotate', 'ca import', 'remote-secret', 'kiali-secret', 'version', 'completion', 'init'].map((c) => c.split(' '));
  test.each(commands.map((c) => [c.join(' '), c] as const))('%s: each option of its --help is in its row or among the shared options', async (name, c) => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs/cli.md'), 'utf8');
    const row = doc.split('\n').find((l) => l.startsWith(`| \`${name}\` |`) && !l.includes('`0`'));
    const common = doc.slice(doc.indexOf('## Options shared by the commands'), doc.indexOf('## Output formats for scripts'));
    expect(row).toBeDefined();
    const help = (await run([...c, '--help'], ROOT)).out;
    const options = [...new Set([...help.matchAll(/^\s+(?:-\w, )?(--[a-z-]+)/gm)].map((m) => m[1]))];
    expect(options.length).toBeGreaterThan(3);
    for (const o of options) expect({ o, documented: row!.includes(`\`${o}`) || common.includes(`\`${o}`) }).toEqual({ o, documented: true });
  });
});
