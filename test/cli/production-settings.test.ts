import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { runCliCaptured as run } from './run-cli';
import { fixturePki, meshInput, SEED_CLUSTERS, tempDir } from '../helpers';


function specFile(dir: string, mutate: (input: any) => void): string {
  const input = meshInput(SEED_CLUSTERS);
  mutate(input);
  const file = path.join(dir, 'mesh.yaml');
  fs.writeFileSync(file, YAML.stringify(input));
  return file;
}

describe('production settings through the CLI', () => {
  test('fails validate --spec and synth with one line for an overlay that matches nothing, writing nothing', async () => {
    const dir = tempDir();
    specFile(dir, (i) => { i.spec.overlays = [{ kind: 'Service', name: 'istio-eastwest', patch: [{ op: 'add', path: '/metadata/labels/a', value: 'b' }] }]; });
    const v = await run(['validate', '--spec', 'mesh.yaml'], dir);
    expect(v.code).toBe(1);
    expect(v.err).toBe('mesh.yaml: spec.overlays[0]: no Service istio-eastwest in any cluster\'s bundle; there is no Service there (kinds are case-sensitive, e.g. Service, Deployment, IstioOperator)\n');
    const s = await run(['synth', '--spec', 'mesh.yaml', '--out', 'dist', '--pki-dir', fixturePki()], dir);
    expect(s.code).toBe(1);
    expect(s.err.trimEnd().split('\n').pop()).toContain('spec.overlays[0]: no Service istio-eastwest');
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  test('fails validate --spec with one line for a misspelt values key', async () => {
    const dir = tempDir();
    specFile(dir, (i) => { i.spec.istio = { values: { meshConfig: { accessLogFile: '/dev/stdout' }, pilot: { autoscaleMn: 2 } } }; });
    const v = await run(['validate', '--spec', 'mesh.yaml'], dir);
    expect(v).toEqual({ code: 1, out: '', err: expect.stringMatching(/^mesh\.yaml: spec\.istio\.values\.pilot\.autoscaleMn: unknown key .*did you mean "autoscaleMin"\?\n$/) });
  });

  test('GIVEN values and an overlay THEN plan prints the settings of each cluster', async () => {
    const dir = tempDir();
    specFile(dir, (i) => {
      i.spec.istio = { values: { pilot: { autoscaleMin: 2 } } };
      i.spec.clusters[1].istio = { values: { pilot: { autoscaleMin: 3 } } };
      i.spec.overlays = [{ cluster: 'cluster2', kind: 'Namespace', name: 'istio-system', patch: [{ op: 'add', path: '/metadata/labels/a', value: 'b' }] }];
    });
    const p = await run(['plan', '--spec', 'mesh.yaml'], dir);
    expect(p.code).toBe(0);
    expect(p.out).toContain('Settings of cluster1:\n  values: pilot.autoscaleMin\n');
    expect(p.out).toContain('Settings of cluster2:\n  values: pilot.autoscaleMin (cluster)\n  overlays: [0] Namespace istio-system\n');
    const j = await run(['plan', '--spec', 'mesh.yaml', '--format', 'json'], dir);
    expect(JSON.parse(j.out).settings).toEqual([
      { cluster: 'cluster1', values: ['pilot.autoscaleMin'], eastWestGateway: [], overlays: [] },
      { cluster: 'cluster2', values: ['pilot.autoscaleMin (cluster)'], eastWestGateway: [], overlays: ['[0] Namespace istio-system'] },
    ]);
  });
});
