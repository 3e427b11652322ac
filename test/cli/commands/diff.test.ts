import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { runCliCaptured as run } from '../run-cli';
import { fixturePki, meshInput, tempDir, THREE_CLUSTERS } from '../../helpers';


/**
 * A directory holding mesh.yaml (THREE_CLUSTERS) and, synthesized from it, dist/.
 * The CA is not under test here: .meshgen/pki is the committed test PKI, so no key is made.
 * Synthesized once for the file; each test gets its own copy (a copy costs a fraction of a synth).
 */
let template: string | undefined;

beforeAll(async () => {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, '.meshgen'));
  fs.cpSync(fixturePki(['cluster1', 'cluster2', 'cluster3']), path.join(dir, '.meshgen', 'pki'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'mesh.yaml'), YAML.stringify(meshInput(THREE_CLUSTERS)));
  expect((await run(['synth', '--quiet', '--spec', 'mesh.yaml', '--out', 'dist'], dir)).code).toBe(0);
  template = dir;
});

async function synthesized(): Promise<string> {
  const dir = tempDir();
  fs.cpSync(template!, dir, { recursive: true });
  return dir;
}

describe('meshgen diff', () => {
  test('GIVEN dist/ written from the spec THEN exit 0 and "no changes"', async () => {
    const dir = await synthesized();
    const r = await run(['diff', '--spec', 'mesh.yaml', '--against', 'dist'], dir);
    expect(r).toEqual({ code: 0, out: 'no changes: dist is what synth renders from mesh.yaml\n', err: '' });
  });

  test('GIVEN a changed primary address THEN exit 1, naming the object and the field, and a one-line summary', async () => {
    const dir = await synthesized();
    const input = meshInput(THREE_CLUSTERS);
    input.spec.clusters[0].eastWestGateway.address = '5.6.7.8';
    fs.writeFileSync(path.join(dir, 'mesh.yaml'), YAML.stringify(input));
    const r = await run(['diff', '--spec', 'mesh.yaml', '--against', 'dist'], dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('~ cluster cluster2: 1 object(s) changed\n    ~ IstioOperator control-plane [istioctl/control-plane.yaml]\n        spec.values.global.remotePilotAddress: "34.75.71.237" -> "5.6.7.8"\n');
    expect(r.out).toContain('~ file README.md');
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^meshgen diff: synth would change 2 cluster\(s\) .* in dist; run meshgen synth --spec mesh\.yaml --out dist to update it\n$/);
  });

  test('GIVEN --format markdown THEN a pull-request comment on stdout, the same exit codes', async () => {
    const dir = await synthesized();
    const same = await run(['diff', '--spec', 'mesh.yaml', '--against', 'dist', '--format', 'markdown'], dir);
    expect(same.code).toBe(0);
    expect(same.out).toContain('No changes: `dist` is what synth renders from the spec.');
    const input = meshInput(THREE_CLUSTERS);
    input.spec.clusters[0].eastWestGateway.address = '5.6.7.8';
    fs.writeFileSync(path.join(dir, 'mesh.yaml'), YAML.stringify(input));
    const r = await run(['diff', '--spec', 'mesh.yaml', '--against', 'dist', '--format', 'markdown'], dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^### meshgen: what this change does to the mesh\n\nClusters changed: cluster2, cluster3 /);
    expect(r.out).not.toContain('~ cluster cluster2: 1 object(s) changed');
    // the mesh after the change, the changed remotes marked; the steps that apply their changed files, paths under --against
    expect(r.out).toContain('  class c_cluster2,c_cluster3 changed');
    expect(r.out).toContain('#### Steps to run for this change');
    expect(r.out).toContain('istioctl install -y --context=cluster3 -f dist/cluster3/istioctl/control-plane.yaml');
  });

  test('GIVEN a cluster removed from the spec THEN its bundle is reported removed', async () => {
    const dir = await synthesized();
    fs.writeFileSync(path.join(dir, 'mesh.yaml'), YAML.stringify(meshInput(THREE_CLUSTERS.slice(0, 2))));
    const r = await run(['diff', '--spec', 'mesh.yaml', '--against', 'dist'], dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^- cluster cluster3 \(removed\): 6 object\(s\) removed$/m);
    expect(r.out).toContain('    - file istioctl/control-plane.yaml');
  });

  test('GIVEN a file edited by hand THEN exit 1 naming the file', async () => {
    const dir = await synthesized();
    fs.appendFileSync(path.join(dir, 'dist', 'cluster1', 'namespace.yaml'), '# hand edit\n');
    const r = await run(['diff', '--spec', 'mesh.yaml', '--against', 'dist'], dir);
    expect(r.code).toBe(1);
    expect(r.out).toBe('~ cluster cluster1\n    ~ file namespace.yaml\n');
  });

  test('fails with exit 4 and one line when --against does not exist', async () => {
    const dir = await synthesized();
    const r = await run(['diff', '--spec', 'mesh.yaml', '--against', 'nope'], dir);
    expect(r).toEqual({
      code: 4, out: '',
      err: '--against nope: no such directory; give the directory that meshgen synth wrote (e.g. --against dist), or run meshgen synth --spec mesh.yaml --out nope first\n',
    });
  });

  test('fails with exit 4 on a bad spec, one line naming the field', async () => {
    const dir = await synthesized();
    const input = meshInput(THREE_CLUSTERS);
    input.spec.clusters[1].primary = 'cluster9';
    fs.writeFileSync(path.join(dir, 'mesh.yaml'), YAML.stringify(input));
    const r = await run(['diff', '--spec', 'mesh.yaml', '--against', 'dist'], dir);
    expect(r.code).toBe(4);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expect(r.err).toContain('spec.clusters[1].primary: "cluster9" is not a cluster of this mesh');
  });
});

describe('meshgen diff --format json and --format unified', () => {
  const changeAddress = (dir: string) => {
    const input = meshInput(THREE_CLUSTERS);
    input.spec.clusters[0].eastWestGateway.address = '5.6.7.8';
    fs.writeFileSync(path.join(dir, 'mesh.yaml'), YAML.stringify(input));
  };

  test('GIVEN no change THEN -o json says changed: false, exit 0; unified prints nothing', async () => {
    const dir = await synthesized();
    const r = await run(['diff', '--spec', 'mesh.yaml', '--against', 'dist', '-o', 'json'], dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ against: 'dist', changed: false, groups: [] });
    expect(await run(['diff', '--spec', 'mesh.yaml', '--against', 'dist', '--format', 'unified'], dir)).toEqual({ code: 0, out: '', err: '' });
  });

  test('GIVEN a changed primary address THEN -o json names the group, object and field with before and after; exit 1, the one line on stderr', async () => {
    const dir = await synthesized();
    changeAddress(dir);
    const r = await run(['diff', '--spec', 'mesh.yaml', '--against', 'dist', '--format', 'json'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^meshgen diff: synth would change .*\n$/);
    const d = JSON.parse(r.out);
    expect(d).toMatchObject({ against: 'dist', changed: true });
    expect(d.groups.map((g: any) => g.group)).toEqual(['', 'cluster2', 'cluster3']);
    expect(d.groups[0]).toEqual({ group: '', change: 'changed', files: [{ change: 'changed', file: 'README.md' }], objects: [] });
    expect(d.groups[1].objects).toEqual([{
      change: 'changed', kind: 'IstioOperator', namespace: '', name: 'control-plane', file: 'istioctl/control-plane.yaml',
      fields: [{ path: 'spec.values.global.remotePilotAddress', before: '34.75.71.237', after: '5.6.7.8' }],
    }]);
  });

  test('GIVEN a changed address THEN --format unified is a diff that git apply applies, after which diff finds no change (skipped without git)', async () => {
    const dir = await synthesized();
    changeAddress(dir);
    const r = await run(['diff', '--spec', 'mesh.yaml', '--against', 'dist', '--format', 'unified'], dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('--- a/dist/cluster2/istioctl/control-plane.yaml\n+++ b/dist/cluster2/istioctl/control-plane.yaml\n');
    expect(r.out).toMatch(/^-      remotePilotAddress: 34\.75\.71\.237\n\+      remotePilotAddress: 5\.6\.7\.8\n/m);
    fs.writeFileSync(path.join(dir, 'synth.diff'), r.out);
    const git = spawnSync('git', ['apply', 'synth.diff'], { cwd: dir, encoding: 'utf8' });
    if (git.error) {
      console.warn('SKIPPED: git is not on this machine; the unified diff was not applied');
      return;
    }
    expect(git.stderr).toBe('');
    expect(git.status).toBe(0);
    expect((await run(['diff', '--spec', 'mesh.yaml', '--against', 'dist'], dir)).code).toBe(0);
  });

  test('GIVEN a hand edit THEN the unified diff shows it reverted', async () => {
    const dir = await synthesized();
    fs.appendFileSync(path.join(dir, 'dist', 'cluster1', 'namespace.yaml'), '# hand edit\n');
    const r = await run(['diff', '--spec', 'mesh.yaml', '--against', 'dist', '-o', 'unified'], dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^--- a\/dist\/cluster1\/namespace\.yaml\n\+\+\+ b\/dist\/cluster1\/namespace\.yaml\n@@ -\d+,4 \+\d+,3 @@\n[^]*-# hand edit\n$/m);
  });

  test('fails with exit 4 and only stderr in JSON mode when it cannot compare', async () => {
    const dir = await synthesized();
    const r = await run(['diff', '--spec', 'mesh.yaml', '--against', 'nope', '-o', 'json'], dir);
    expect(r.code).toBe(4);
    expect(r.out).toBe('');
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('meshgen diff --format unified paths', () => {
  test('GIVEN --against as an absolute path THEN the paths in the diff are relative to the working directory', async () => {
    const dir = await synthesized();
    fs.appendFileSync(path.join(dir, 'dist', 'cluster1', 'namespace.yaml'), '# hand edit\n');
    const r = await run(['diff', '--spec', 'mesh.yaml', '--against', path.join(dir, 'dist'), '-o', 'unified'], dir);
    // (README.md changes too: its steps name the output directory as given.)
    expect(r.out).toContain('diff --git a/dist/cluster1/namespace.yaml b/dist/cluster1/namespace.yaml\n--- a/dist/cluster1/namespace.yaml\n+++ b/dist/cluster1/namespace.yaml\n');
    for (const l of r.out.split('\n').filter((x) => x.startsWith('diff --git '))) expect(l).toMatch(/^diff --git a\/dist\/\S+ b\/dist\//);
  });
});
