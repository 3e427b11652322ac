import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { runCliCaptured as run } from '../run-cli';
import { meshInput, ROOT, SEED_CLUSTERS, tempDir } from '../../helpers';


function writeSpec(dir: string, spec: unknown, name = 'mesh.yaml'): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof spec === 'string' ? spec : YAML.stringify(spec));
  return file;
}

describe('meshgen validate', () => {
  test('GIVEN a valid spec THEN it says so and writes nothing', async () => {
    const r = await run(['validate', '--spec', 'examples/primary-remote/mesh.yaml']);
    expect(r.code).toBe(0);
    expect(r.out).toBe('examples/primary-remote/mesh.yaml: valid: mesh mesh1, 2 cluster(s) on 2 network(s)\n');
  });

  test('fails with every issue, one line each', async () => {
    const dir = tempDir();
    const input = meshInput(SEED_CLUSTERS);
    input.spec.clusters[0].netwrok = 'x';
    input.spec.clusters[1].role = 'secondary';
    const r = await run(['validate', '--spec', writeSpec(dir, input)], dir);
    expect(r.code).toBe(1);
    const lines = r.err.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('mesh.yaml: spec.clusters[0].netwrok: unknown field "netwrok"; did you mean "network"?'.replace('mesh.yaml', `${path.join(dir, 'mesh.yaml')}`));
    expect(lines[1]).toContain('spec.clusters[1].role: "secondary" is not one of primary | remote');
  });

  test('GIVEN a missing primary address THEN it is valid but warns', async () => {
    const dir = tempDir();
    const spec = writeSpec(dir, meshInput([{ ...SEED_CLUSTERS[0], address: undefined }, SEED_CLUSTERS[1]]));
    const r = await run(['validate', '--spec', spec], dir);
    expect(r.code).toBe(0);
    expect(r.err).toContain('warning: spec.clusters[0].eastWestGateway.address: not set');
  });
});

describe('meshgen validate --format json', () => {
  test('GIVEN a valid spec THEN {spec: {file, valid, mesh, clusters, networks, warnings, errors}}', async () => {
    const r = await run(['validate', '--spec', 'examples/primary-remote/mesh.yaml', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      spec: { file: 'examples/primary-remote/mesh.yaml', valid: true, mesh: 'mesh1', clusters: 2, networks: 2, warnings: [], errors: [] },
    });
  });

  test('fails (exit 1) with every issue as {path, message} on stdout and one line each on stderr', async () => {
    const dir = tempDir();
    const input = meshInput(SEED_CLUSTERS);
    input.spec.clusters[0].netwrok = 'x';
    input.spec.clusters[1].role = 'secondary';
    writeSpec(dir, input);
    const r = await run(['validate', '--spec', 'mesh.yaml', '--format', 'json'], dir);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.spec).toMatchObject({ file: 'mesh.yaml', valid: false });
    expect(j.spec.errors).toEqual([
      { path: 'spec.clusters[0].netwrok', message: 'unknown field "netwrok"; did you mean "network"?' },
      expect.objectContaining({ path: 'spec.clusters[1].role' }),
    ]);
    expect(r.err.trimEnd().split('\n')).toEqual(j.spec.errors.map((e: any) => `mesh.yaml: ${e.path}: ${e.message}`));
  });

  test('GIVEN --dist THEN {dist: {dir, valid, errors}}; a manifest failing its schema is an error with file, object, path, exit 1', async () => {
    const good = await run(['validate', '--dist', 'examples/primary-remote/expected', '-o', 'json']);
    expect(good.code).toBe(0);
    expect(JSON.parse(good.out)).toEqual({ dist: { dir: 'examples/primary-remote/expected', valid: true, errors: [] } });
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'dist', 'c1'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'dist', 'c1', 'ns.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  namespace: n\nspec:\n  ports:\n    - port: http\n');
    const bad = await run(['validate', '--dist', 'dist', '-o', 'json'], dir);
    expect(bad.code).toBe(1);
    const j = JSON.parse(bad.out);
    expect(j.dist.valid).toBe(false);
    expect(j.dist.errors[0]).toMatchObject({ file: 'dist/c1/ns.yaml', object: 'Service/n/s', path: 'spec.ports[0].port' });
    expect(bad.err.trimEnd().split('\n')).toHaveLength(j.dist.errors.length);
  });

  test('fails with nothing on stdout when the spec cannot be read', async () => {
    const r = await run(['validate', '--spec', 'missing.yaml', '-o', 'json'], tempDir());
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^--spec missing\.yaml: cannot read the mesh spec \(no such file\)/);
  });
});
