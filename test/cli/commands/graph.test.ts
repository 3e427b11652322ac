import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { runCliCaptured as run } from '../run-cli';
import { fixturePki, meshInput, tempDir, THREE_CLUSTERS } from '../../helpers';


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

describe('meshgen graph', () => {
  test('GIVEN a spec THEN it prints the Mermaid diagram alone', async () => {
    const dir = await synthesized();
    const r = await run(['graph', '--spec', 'mesh.yaml'], dir);
    expect(r.code).toBe(0);
    expect(r.out.startsWith('flowchart LR\n')).toBe(true);
    expect(r.out).toContain('c_cluster1 --> c_cluster3');
    expect(fs.readFileSync(path.join(dir, 'dist', 'README.md'), 'utf8')).toContain(r.out.trimEnd());
  });

  test('GIVEN --format dot THEN it prints a digraph', async () => {
    const dir = await synthesized();
    const r = await run(['graph', '--spec', 'mesh.yaml', '--format', 'dot'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^digraph "mesh mesh1" \{/);
    expect(r.out).toContain('  c_cluster1 -> c_cluster2;');
  });

  test('fails on an unknown format as bad usage', async () => {
    const r = await run(['graph', '--spec', 'mesh.yaml', '--format', 'svg'], tempDir());
    expect(r.code).toBe(2);
    expect(r.err).toContain('Invalid values');
  });
});
