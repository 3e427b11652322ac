import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { fixturePki, listFiles, ROOT, tempDir } from '../helpers';

/** Runs the built CLI as a user would: `node bin/meshgen ...` in a directory of their own. */
function meshgen(args: string[], cwd: string, input?: string) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'meshgen'), ...args], { cwd, encoding: 'utf8', ...(input !== undefined ? { input } : {}) });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('the built meshgen CLI', () => {
  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, 'build', 'lib', 'cli', 'main.js'))) {
      throw new Error('build/ is missing: run "npm run build" (npm test does it first)');
    }
  });

  test('GIVEN a spec of the user\'s THEN synth writes dist/ there, and a second synth gives the same bytes', () => {
    const dir = tempDir();
    // The committed test PKI has cluster1 and cluster2; cluster3 gets a new intermediate under its
    // root, with a 2048-bit key (spec.ca.keySize: a 4096-bit one costs the run seconds of CPU).
    const spec = YAML.parseDocument(fs.readFileSync(path.join(ROOT, 'examples', 'three-clusters', 'mesh.yaml'), 'utf8'));
    spec.setIn(['spec', 'ca'], { keySize: 2048 });
    fs.writeFileSync(path.join(dir, 'my-mesh.yaml'), spec.toString());
    fs.mkdirSync(path.join(dir, '.meshgen'));
    fs.cpSync(fixturePki(), path.join(dir, '.meshgen', 'pki'), { recursive: true });
    // stderr is a pipe here, not a terminal: progress only with --progress.
    const first = meshgen(['synth', '--progress', '--spec', 'my-mesh.yaml', '--out', 'dist'], dir);
    expect(first.code).toBe(0);
    expect(first.err).toContain('meshgen: generating intermediate CA for cluster3 key (RSA 2048)');
    expect(first.err).toMatch(/meshgen: wrote 19 files for 3 cluster\(s\) to dist\/ and 3 cacerts Secret\(s\) to \.meshgen\/secrets\//);
    expect(listFiles(path.join(dir, '.meshgen', 'secrets'))).toEqual(['.gitignore', 'cluster1/cacerts.yaml', 'cluster2/cacerts.yaml', 'cluster3/cacerts.yaml']);
    expect(listFiles(path.join(dir, 'dist')).some((f) => f.includes('cacerts'))).toBe(false);
    const files = listFiles(path.join(dir, 'dist'));
    const before = files.map((f) => fs.readFileSync(path.join(dir, 'dist', f), 'utf8'));
    const second = meshgen(['synth', '--spec', 'my-mesh.yaml', '--out', 'dist'], dir);
    expect(second.code).toBe(0);
    expect(second.err).not.toContain('generating');
    expect(listFiles(path.join(dir, 'dist'))).toEqual(files);
    expect(files.map((f) => fs.readFileSync(path.join(dir, 'dist', f), 'utf8'))).toEqual(before);
  });

  test('fails on a bad spec with one line on stderr, no stack trace, exit 1', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'bad.yaml'), 'apiVersion: meshgen/v1alpha1\nkind: Mesh\nmetadata:\n  name: mesh1\nspec:\n  clusters:\n    - name: cluster1\n      network: network1\n      role: primary\n      eastWestGateway:\n        adress: 1.2.3.4\n');
    const r = meshgen(['synth', '--spec', 'bad.yaml'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toBe('bad.yaml: spec.clusters[0].eastWestGateway.adress: unknown field "adress"; did you mean "address"?\n');
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  test('GIVEN plan THEN the steps go to stdout', () => {
    const r = meshgen(['plan', '--spec', path.join(ROOT, 'examples', 'primary-remote', 'mesh.yaml')], ROOT);
    expect(r.code).toBe(0);
    expect(r.out).toContain('istioctl install -y --context=cluster2 -f dist/cluster2/istioctl/control-plane.yaml');
  });

  test('GIVEN --version, version -o json, -h THEN the version and the usage on stdout, exit 0', () => {
    const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
    expect(meshgen(['--version'], ROOT)).toEqual({ code: 0, out: `${version}\n`, err: '' });
    expect(JSON.parse(meshgen(['version', '-o', 'json'], ROOT).out)).toMatchObject({ meshgen: version });
    const help = meshgen(['-h'], ROOT);
    expect(help.code).toBe(0);
    expect(help.out).toBe(meshgen(['--help'], ROOT).out);
  });

  test('GIVEN --spec - and the spec on stdin THEN plan reads it; a bad one is named <stdin>; no progress when stderr is a pipe', () => {
    const spec = fs.readFileSync(path.join(ROOT, 'examples', 'primary-remote', 'mesh.yaml'), 'utf8');
    const plan = meshgen(['plan', '--spec', '-'], tempDir(), spec);
    expect(plan.code).toBe(0);
    expect(plan.out).toContain('meshgen remote-secret --all --spec -');
    const bad = meshgen(['validate', '--spec', '-'], tempDir(), spec.replace('role: remote', 'role: remoet'));
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^<stdin>: spec\.clusters\[1\]\.role: /);
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, '.meshgen'));
    fs.cpSync(fixturePki(), path.join(dir, '.meshgen', 'pki'), { recursive: true });
    const synth = meshgen(['synth', '--spec', '-', '--out', 'dist'], dir, spec);
    expect(synth.code).toBe(0);
    expect(synth.err).not.toContain('meshgen: generating');
    expect(fs.readFileSync(path.join(dir, 'dist', 'cluster1', 'namespace.yaml'), 'utf8').split('\n')[0])
      .toBe(`# Generated by meshgen ${JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version} from - (standard input). DO NOT EDIT.`);
  });

  test('GIVEN the bash completion script THEN bash completes commands, flags and flag values through meshgen', () => {
    const bash = spawnSync('bash', ['--version']);
    if (bash.status !== 0) {
      console.warn('SKIPPED: bash is not on this machine; the completion script was not run');
      return;
    }
    const bin = tempDir();
    fs.writeFileSync(path.join(bin, 'meshgen'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(ROOT, 'bin', 'meshgen'))} "$@"\n`, { mode: 0o755 });
    const script = meshgen(['completion', 'bash'], ROOT).out;
    fs.writeFileSync(path.join(bin, 'completion.bash'), script);
    const complete = (...words: string[]) => {
      const r = spawnSync('bash', ['-c', `source completion.bash; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _meshgen_yargs_completions; printf '%s\\n' "\${COMPREPLY[@]}"`], {
        cwd: bin, encoding: 'utf8', env: { PATH: `${bin}:${process.env.PATH}`, HOME: bin, SHELL: '/bin/bash' },
      });
      expect(r.stderr).toBe('');
      return r.stdout.trim().split('\n');
    };
    expect(complete('meshgen', '')).toEqual(expect.arrayContaining(['synth', 'plan', 'validate', 'diff', 'ca', 'version', 'completion']));
    expect(complete('meshgen', 'sy')).toEqual(['synth']);
    expect(complete('meshgen', 'diff', '--f')).toEqual(['--format']);
    expect(complete('meshgen', 'diff', '--format', '')).toEqual(['text', 'markdown', 'json', 'unified']);
    expect(complete('meshgen', 'ca', '')).toEqual(['init', 'status', 'rotate', 'import']);
  });
});
