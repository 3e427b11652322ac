import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { runCliCaptured as run } from '../cli/run-cli';
import { parseMeshSpecYaml } from '../../lib/mesh-spec/parse';
import { synthMesh } from '../../lib/synth/synth';
import { fixturePki, listFiles, meshInput, ROOT, THREE_CLUSTERS, tempDir } from '../helpers';

/*
 * The output directory rules of synth, end to end. The CA comes from the committed
 * test PKI (copied into each project), so no key is generated here.
 */


/** A project: mesh.yaml (three clusters) and .meshgen/pki holding the fixture PKI plus cluster3. */
function project(extra: (spec: any) => void = () => undefined): string {
  const dir = tempDir('meshgen-synth-');
  const spec = meshInput(THREE_CLUSTERS);
  extra(spec);
  fs.writeFileSync(path.join(dir, 'mesh.yaml'), YAML.stringify(spec));
  const pki = fixturePki();
  fs.cpSync(path.join(pki, 'cluster2'), path.join(pki, 'cluster3'), { recursive: true }); // any intermediate under the root will do
  fs.mkdirSync(path.join(dir, '.meshgen'));
  fs.cpSync(pki, path.join(dir, '.meshgen', 'pki'), { recursive: true });
  return dir;
}

const PAST = new Date('2020-01-01T00:00:00Z');
function age(dir: string): void {
  for (const f of listFiles(dir)) fs.utimesSync(path.join(dir, f), PAST, PAST);
}
function touched(dir: string): string[] {
  return listFiles(dir).filter((f) => fs.statSync(path.join(dir, f)).mtime.getTime() !== PAST.getTime());
}

function oneLine(r: { code: number; err: string }): string {
  expect(r.code).toBe(1);
  expect(r.err).not.toMatch(/internal error|\n\s+at /);
  expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  return r.err.trimEnd();
}

describe('synth: incremental writes', () => {
  test('GIVEN an unchanged spec THEN a second synth rewrites nothing: dist, secrets and PKI keep every mtime', async () => {
    const cwd = project();
    expect((await run(['synth', '--quiet', '--spec', 'mesh.yaml'], cwd)).code).toBe(0);
    for (const d of ['dist', '.meshgen']) age(path.join(cwd, d));
    expect((await run(['synth', '--quiet', '--spec', 'mesh.yaml'], cwd)).code).toBe(0);
    expect(touched(path.join(cwd, 'dist'))).toEqual([]);
    expect(touched(path.join(cwd, '.meshgen'))).toEqual([]);
  });

  test('GIVEN one cluster changed THEN only that cluster\'s changed files (and the review README) are rewritten', async () => {
    const cwd = project();
    expect((await run(['synth', '--quiet', '--spec', 'mesh.yaml'], cwd)).code).toBe(0);
    age(path.join(cwd, 'dist'));
    const spec = YAML.parse(fs.readFileSync(path.join(cwd, 'mesh.yaml'), 'utf8'));
    spec.spec.clusters[2].loadBalancer = { metallb: { addresses: ['10.0.3.10-10.0.3.20'] } };
    fs.writeFileSync(path.join(cwd, 'mesh.yaml'), YAML.stringify(spec));
    expect((await run(['synth', '--quiet', '--spec', 'mesh.yaml'], cwd)).code).toBe(0);
    const changed = touched(path.join(cwd, 'dist'));
    expect(changed).toEqual(expect.arrayContaining(['cluster3/metallb.yaml']));
    expect(changed.filter((f) => !f.startsWith('cluster3/') && f !== 'README.md' && f !== '.meshgen-output')).toEqual([]);
  });
});

describe('synth: only meshgen\'s files', () => {
  test('GIVEN a user\'s files in dist (a file, a symlink, a FIFO) THEN synth keeps them and diff does not look at them', async () => {
    const cwd = project();
    expect((await run(['synth', '--quiet', '--spec', 'mesh.yaml'], cwd)).code).toBe(0);
    fs.writeFileSync(path.join(cwd, 'dist', 'NOTES.md'), 'mine');
    fs.writeFileSync(path.join(cwd, 'dist', 'cluster1', 'extra.yaml'), 'kind: Mine');
    fs.symlinkSync('/etc/hostname', path.join(cwd, 'dist', 'cluster1', 'mine-link'));
    spawnSync('mkfifo', [path.join(cwd, 'dist', 'my-fifo')]);
    expect((await run(['synth', '--quiet', '--spec', 'mesh.yaml'], cwd)).code).toBe(0);
    expect(fs.readFileSync(path.join(cwd, 'dist', 'NOTES.md'), 'utf8')).toBe('mine');
    expect(fs.existsSync(path.join(cwd, 'dist', 'cluster1', 'extra.yaml'))).toBe(true);
    const d = await run(['diff', '--spec', 'mesh.yaml', '--against', 'dist'], cwd);
    expect(d.out).toBe('no changes: dist is what synth renders from mesh.yaml\n');
    expect(d.code).toBe(0);
  });

  test('GIVEN a synth interrupted in dist THEN diff warns, and the next synth completes it', async () => {
    const cwd = project();
    expect((await run(['synth', '--quiet', '--spec', 'mesh.yaml'], cwd)).code).toBe(0);
    fs.mkdirSync(path.join(cwd, 'dist', '.meshgen-tx'));
    const d = await run(['diff', '--spec', 'mesh.yaml', '--against', 'dist'], cwd);
    expect(d.err).toContain('warning: --against dist: a synth was interrupted there (dist/.meshgen-tx); the next meshgen synth completes or undoes it');
    expect((await run(['synth', '--quiet', '--spec', 'mesh.yaml'], cwd)).code).toBe(0);
    expect(fs.existsSync(path.join(cwd, 'dist', '.meshgen-tx'))).toBe(false);
  });
});

describe('synth: checks before the first write', () => {
  test('fails on --out under a file with one line, before the PKI is made or the secrets are rewritten', async () => {
    const cwd = tempDir('meshgen-synth-');
    fs.writeFileSync(path.join(cwd, 'mesh.yaml'), YAML.stringify(meshInput(THREE_CLUSTERS)));
    fs.writeFileSync(path.join(cwd, 'file'), 'x');
    const r = await run(['synth', '--spec', 'mesh.yaml', '--out', 'file/dist'], cwd);
    expect(oneLine(r)).toBe(`--out file/dist: ${path.join(cwd, 'file')} is a file, so no directory can be made under it; choose another path`);
    expect(fs.readdirSync(cwd).sort()).toEqual(['file', 'mesh.yaml']); // no .meshgen/pki, no secrets
  });

  test('fails on spec.ca.dir inside --out (dist/pki) before the root is made', async () => {
    const cwd = tempDir('meshgen-synth-');
    const spec = meshInput(THREE_CLUSTERS);
    spec.spec.ca = { dir: 'dist/pki' };
    fs.writeFileSync(path.join(cwd, 'mesh.yaml'), YAML.stringify(spec));
    const r = await run(['synth', '--spec', 'mesh.yaml', '--out', 'dist'], cwd);
    expect(oneLine(r)).toMatch(/^--out dist: holds the PKI directory dist\/pki; /);
    expect(fs.readdirSync(cwd)).toEqual(['mesh.yaml']);
  });

  test('fails on --spec dist/mesh.yaml --out dist and keeps the spec', async () => {
    const cwd = project();
    fs.mkdirSync(path.join(cwd, 'dist'));
    fs.renameSync(path.join(cwd, 'mesh.yaml'), path.join(cwd, 'dist', 'mesh.yaml'));
    fs.writeFileSync(path.join(cwd, 'dist', '.meshgen-output'), 'meshgen output for mesh mesh1; this directory is replaced whole by `meshgen synth`.\n');
    const r = await run(['synth', '--spec', 'dist/mesh.yaml', '--out', 'dist'], cwd);
    expect(oneLine(r)).toMatch(/^--out dist: holds the mesh spec dist\/mesh.yaml;/);
    expect(fs.existsSync(path.join(cwd, 'dist', 'mesh.yaml'))).toBe(true);
  });

  test.each([
    [['--out', '.'], /^--out \.: is the working directory;/],
    [['--out', '..'], /^--out \.\.: is the working directory or a parent of it;/],
    [['--secrets-out', '.'], /^--secrets-out \.: is the working directory; meshgen puts private keys and a .gitignore of \* there/],
    [['--pki-dir', '.'], /^--pki-dir \.: is the working directory;/],
    [['--out', '/proc/dist'], /^--out \/proc\/dist: is under \/proc/],
  ])('fails on %j with one line and writes nothing', async (args, msg) => {
    const cwd = tempDir('meshgen-synth-');
    fs.writeFileSync(path.join(cwd, 'mesh.yaml'), YAML.stringify(meshInput(THREE_CLUSTERS)));
    const r = await run(['synth', '--spec', 'mesh.yaml', ...args], cwd);
    expect(oneLine(r)).toMatch(msg);
    expect(fs.readdirSync(cwd)).toEqual(['mesh.yaml']);
  });
});

describe('synth: two at once', () => {
  test('GIVEN two synths into one --out at once THEN one wins and the other says so in one line (no stack)', async () => {
    const cwd = project();
    const [a, b] = await Promise.all([
      run(['synth', '--quiet', '--spec', 'mesh.yaml'], cwd),
      run(['synth', '--quiet', '--spec', 'mesh.yaml'], cwd),
    ]);
    const codes = [a.code, b.code].sort();
    expect(codes).toEqual([0, 1]);
    const loser = a.code === 1 ? a : b;
    expect(oneLine(loser)).toMatch(/^--out .*dist: another meshgen \(pid \d+ on .*\) is writing it; wait for it to finish, or delete .*\.meshgen-lock if no meshgen is running$/);
    expect(listFiles(path.join(cwd, 'dist'))).toContain('cluster1/istioctl/control-plane.yaml');
  });
});

describe('synth: key material stays out of Git', () => {
  const hasGit = spawnSync('git', ['--version']).status === 0;
  (hasGit ? test : test.skip)('GIVEN a fresh repository THEN git add -A after ca init and synth stages no key, no cacerts and no token', async () => {
    const cwd = tempDir('meshgen-synth-');
    spawnSync('git', ['init', '-q'], { cwd });
    const spec = meshInput(THREE_CLUSTERS);
    spec.spec.ca = { keySize: 2048 };
    fs.writeFileSync(path.join(cwd, 'mesh.yaml'), YAML.stringify(spec));
    // The PKI is the committed fixture (no key made here), put where ca init would.
    fs.mkdirSync(path.join(cwd, '.meshgen'));
    const pki = fixturePki();
    fs.cpSync(path.join(pki, 'cluster2'), path.join(pki, 'cluster3'), { recursive: true });
    fs.cpSync(pki, path.join(cwd, '.meshgen', 'pki'), { recursive: true });
    expect((await run(['synth', '--quiet', '--spec', 'mesh.yaml'], cwd)).code).toBe(0);
    expect(fs.readFileSync(path.join(cwd, '.meshgen', 'pki', '.gitignore'), 'utf8')).toMatch(/^\*$/m);
    expect(fs.readFileSync(path.join(cwd, '.meshgen', 'secrets', '.gitignore'), 'utf8')).toMatch(/^\*$/m);
    spawnSync('git', ['add', '-A'], { cwd });
    const staged = spawnSync('git', ['ls-files'], { cwd, encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    expect(staged).toContain('dist/cluster1/namespace.yaml');
    expect(staged.filter((f) => /key|cacerts|\.meshgen\//.test(f))).toEqual([]);
  });

  test('GIVEN an existing .gitignore in the PKI that re-includes a key THEN it is extended with *', async () => {
    const cwd = project();
    fs.writeFileSync(path.join(cwd, '.meshgen', 'pki', '.gitignore'), '*\n!root-key.pem\n');
    fs.rmSync(path.join(cwd, '.meshgen', 'pki', 'cluster3'), { recursive: true }); // synth writes cluster3: the PKI is written
    const spec = parseMeshSpecYaml(fs.readFileSync(path.join(cwd, 'mesh.yaml'), 'utf8'), 'mesh.yaml');
    await synthMesh({ ...spec, ca: { ...spec.ca, keySize: 1024 } }, { cwd });
    expect(fs.readFileSync(path.join(cwd, '.meshgen', 'pki', '.gitignore'), 'utf8')).toMatch(/^\*\n!root-key.pem\n.*\n\*\n$/);
  });
});

void ROOT;
