import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../../lib/cli';
import { CliIO } from '../../lib/cli/io';
import { ROOT, tempDir } from '../helpers';

/*
 * docs/cli.md's exit-code table, command by command: 0 for --help, 2 for bad usage, 1 (4
 * for diff) for a spec that cannot be read or is invalid, one line each, never 70.
 */

async function run(args: string[], cwd: string): Promise<{ code: number; err: string }> {
  let err = '';
  const io: CliIO = { out: () => undefined, err: (t) => { err += t; }, cwd, env: {} };
  return { code: await runCli(args, io), err };
}

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
  });

  test('THEN the README has the table', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'docs/cli.md'), 'utf8');
    for (const c of ['`validate`, `plan`, `graph`', '`synth`', '`diff`', '`ca init`, `status`, `rotate`, `import`', '`remote-secret`, `kiali-secret`', '`init`']) {
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
});
