import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { runCli } from '../../../lib/cli';
import { CliIO } from '../../../lib/cli/io';
import { meshInput, ROOT, SEED_CLUSTERS, tempDir } from '../../helpers';

async function run(args: string[], cwd = ROOT): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => { out += t; }, err: (t) => { err += t; }, cwd };
  const code = await runCli(args, io);
  return { code, out, err };
}

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
