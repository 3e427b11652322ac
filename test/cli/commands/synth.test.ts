import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { runCliCaptured as run } from '../run-cli';
import { OUTPUT_MARKER } from '../../../lib/fsx/write';
import { fixturePki, listFiles, meshInput, ROOT, SEED_CLUSTERS, tempDir } from '../../helpers';


function writeSpec(dir: string, spec: unknown, name = 'mesh.yaml'): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof spec === 'string' ? spec : YAML.stringify(spec));
  return file;
}

describe('meshgen synth', () => {
  test('GIVEN the bundled example THEN it writes both bundles and says so on stderr', async () => {
    const out = path.join(tempDir(), 'dist');
    const r = await run(['synth', '--spec', 'examples/primary-remote/mesh.yaml', '--out', out, '--pki-dir', fixturePki(), '--secrets-out', path.join(out, '..', 'secrets')]);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^meshgen: wrote 13 files for 2 cluster\(s\) to .* and 2 cacerts Secret\(s\) to .*never commit them\)\n$/);
    expect(listFiles(out)).toContain('cluster2/istioctl/control-plane.yaml');
    expect(listFiles(out)).toContain(OUTPUT_MARKER);
  });

  test('GIVEN --quiet THEN nothing is printed', async () => {
    const out = path.join(tempDir(), 'dist');
    const r = await run(['synth', '--quiet', '--spec', 'examples/primary-remote/mesh.yaml', '--out', out, '--pki-dir', fixturePki(), '--secrets-out', path.join(out, '..', 'secrets')]);
    expect(r).toEqual({ code: 0, out: '', err: '' });
  });

  test('fails on a bad spec with one line naming the field, and writes nothing', async () => {
    const dir = tempDir();
    const input = meshInput(SEED_CLUSTERS);
    input.spec.clusters[1].primary = 'cluster9';
    const spec = writeSpec(dir, input);
    const r = await run(['synth', '--spec', spec, '--out', path.join(dir, 'dist')], dir);
    expect(r.code).toBe(1);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expect(r.err).toContain('spec.clusters[1].primary: "cluster9" is not a cluster of this mesh');
    expect(r.err).not.toMatch(/\bat .*\.ts:\d+/);
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  test('fails with exit 3 when the primary address is missing, after writing what it can', async () => {
    const dir = tempDir();
    const input = meshInput([{ ...SEED_CLUSTERS[0], address: undefined }, SEED_CLUSTERS[1]]);
    const spec = writeSpec(dir, input);
    const r = await run(['synth', '--spec', spec, '--out', 'dist', '--pki-dir', fixturePki()], dir);
    expect(r.code).toBe(3);
    const lastLine = r.err.trimEnd().split('\n').pop()!;
    expect(lastLine).toMatch(/^spec\.clusters\[0\]\.eastWestGateway\.address: not set, so cluster2's istioctl\/control-plane\.yaml \(remotePilotAddress\) was not written/);
    expect(lastLine).toContain("kubectl --context=cluster1 -n istio-system get svc istio-eastwestgateway -o 'jsonpath=");
    const files = listFiles(path.join(dir, 'dist'));
    expect(files).toContain('cluster1/istioctl/control-plane.yaml');
    expect(files).not.toContain('cluster2/istioctl/control-plane.yaml');
  });

  test('GIVEN a hostname address THEN it renders and warns', async () => {
    const dir = tempDir();
    const spec = writeSpec(dir, meshInput([{ ...SEED_CLUSTERS[0], address: 'abc.elb.amazonaws.com' }, SEED_CLUSTERS[1]]));
    const r = await run(['synth', '--spec', spec, '--out', 'dist', '--pki-dir', fixturePki()], dir);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^warning: spec\.clusters\[0\]\.eastWestGateway\.address: "abc\.elb\.amazonaws\.com" is a hostname/m);
  });

  test('fails on a missing spec file with the path and an example', async () => {
    const r = await run(['synth', '--spec', 'nope.yaml']);
    expect(r.code).toBe(1);
    expect(r.err).toBe('--spec nope.yaml: cannot read the mesh spec (no such file); give the path of a Mesh YAML file, e.g. --spec examples/primary-remote/mesh.yaml\n');
  });

  test('fails on a YAML error with file, line and column', async () => {
    const dir = tempDir();
    const spec = writeSpec(dir, 'apiVersion: meshgen/v1alpha1\nkind: Mesh\nspec:\n  clusters: [\n', 'bad.yaml');
    const r = await run(['validate', '--spec', spec], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad\.yaml: line \d+, column \d+: invalid YAML: .*; fix the syntax there\n$/);
  });
});
