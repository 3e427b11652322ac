import * as fs from 'fs';
import * as path from 'path';
import { runCliCaptured } from '../run-cli';
import { ROOT } from '../../helpers';

const run = (args: string[], env: NodeJS.ProcessEnv = {}) => runCliCaptured(args, ROOT, { env });

const VERSION = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

describe('meshgen --version and meshgen version', () => {
  test('GIVEN --version THEN the bare version on stdout, exit 0', async () => {
    expect(await run(['--version'])).toEqual({ code: 0, out: `${VERSION}\n`, err: '' });
  });

  test('GIVEN version THEN meshgen, the default Istio and node, one per line', async () => {
    const r = await run(['version']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`meshgen ${VERSION}\ndefault Istio 1.30.3\nnode ${process.version}\n`);
  });

  test.each([['--format', 'json'], ['-o', 'json'], ['-o=json']])('GIVEN version %s %s THEN the documented JSON shape', async (...flags) => {
    const r = await run(['version', ...flags.filter(Boolean)]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ meshgen: VERSION, defaultIstio: '1.30.3', node: process.version });
  });

  test('fails with exit 2 on version --format yaml', async () => {
    const r = await run(['version', '--format', 'yaml']);
    expect(r.code).toBe(2);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  });

  test('GIVEN -h THEN the same usage as --help, for the program and for a command', async () => {
    expect((await run(['-h'])).out).toBe((await run(['--help'])).out);
    const diff = await run(['diff', '-h']);
    expect(diff.code).toBe(0);
    expect(diff.out).toBe((await run(['diff', '--help'])).out);
    expect(diff.out).toContain('-o, --format');
  });
});

describe('meshgen completion', () => {
  test('GIVEN completion bash THEN a bash script that asks meshgen for the next words', async () => {
    const r = await run(['completion', 'bash']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('type_list=$(meshgen --get-yargs-completions "${args[@]}")');
    expect(r.out).toContain('complete -o bashdefault -o default -F _meshgen_yargs_completions meshgen\n');
  });

  test('GIVEN completion zsh, or no shell and $SHELL zsh THEN the zsh script', async () => {
    const zsh = await run(['completion', 'zsh']);
    expect(zsh.out).toMatch(/^#compdef meshgen\n/);
    expect(zsh.out).toContain('compdef _meshgen_yargs_completions meshgen');
    expect((await run(['completion'], { SHELL: '/usr/bin/zsh' })).out).toBe(zsh.out);
    expect((await run(['completion'], { SHELL: '/bin/bash' })).out).toBe((await run(['completion', 'bash'])).out);
  });

  test('fails with exit 2 on a shell it has no script for', async () => {
    const r = await run(['completion', 'fish']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('fish');
  });

  test.each([
    [['meshgen', ''], ['synth', 'plan', 'validate', 'ca', 'remote-secret', 'kiali-secret', 'graph', 'diff', 'version', 'completion', 'init']],
    [['meshgen', 'ca', ''], ['init', 'status', 'rotate', 'import']],
    [['meshgen', 'diff', '--format', ''], ['text', 'markdown', 'json', 'unified']],
    [['meshgen', 'validate', '-o', ''], ['text', 'json']],
  ])('GIVEN the words %j THEN meshgen --get-yargs-completions answers %j', async (words, expected) => {
    const r = await run(['--get-yargs-completions', ...words]);
    expect(r.code).toBe(0);
    // yargs answers "word:description" when it believes the shell is zsh ($SHELL); bash gets the words.
    expect(r.out.trim().split('\n').map((l) => l.split(':')[0])).toEqual(expected);
  });

  test('GIVEN a partial flag THEN its flags complete', async () => {
    const r = await run(['--get-yargs-completions', 'meshgen', 'synth', '--']);
    expect(r.out.split('\n').map((l) => l.split(':')[0])).toEqual(expect.arrayContaining(['--spec', '--out', '--pki-dir', '--secrets-out', '--include-secrets', '--quiet', '--progress']));
  });
});
