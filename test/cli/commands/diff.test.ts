import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { runCli } from '../../../lib/cli';
import { CliIO } from '../../../lib/cli/io';
import { fixturePki, meshInput, tempDir, THREE_CLUSTERS } from '../../helpers';

async function run(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => { out += t; }, err: (t) => { err += t; }, cwd };
  const code = await runCli(args, io);
  return { code, out, err };
}

/**
 * A directory holding mesh.yaml (THREE_CLUSTERS) and, synthesized from it, dist/.
 * The CA is not under test here: .meshgen/pki is the committed test PKI, so no key is made.
 */
async function synthesized(): Promise<string> {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, '.meshgen'));
  fs.cpSync(fixturePki(['cluster1', 'cluster2', 'cluster3']), path.join(dir, '.meshgen', 'pki'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'mesh.yaml'), YAML.stringify(meshInput(THREE_CLUSTERS)));
  expect((await run(['synth', '--quiet', '--spec', 'mesh.yaml', '--out', 'dist'], dir)).code).toBe(0);
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
