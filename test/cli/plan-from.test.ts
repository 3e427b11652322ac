import * as fs from 'fs';
import * as path from 'path';
import { runCliCaptured as run } from './run-cli';
import { ROOT, tempDir } from '../helpers';


const EX = 'examples/canary-upgrade';

describe('meshgen plan --from', () => {
  test('GIVEN the pre-upgrade spec THEN it prints the committed expected-plan.txt', async () => {
    const r = await run(['plan', '--from', 'mesh-before.yaml', '--spec', 'mesh.yaml'], path.join(ROOT, EX));
    expect(r.code).toBe(0);
    expect(r.out).toBe(fs.readFileSync(path.join(ROOT, EX, 'expected-plan.txt'), 'utf8'));
  });

  test('GIVEN --format json THEN each step has its id, checks, needs and makes', async () => {
    const r = await run(['plan', '--from', `${EX}/mesh.yaml`, '--spec', `${EX}/mesh-promoted.yaml`, '--format', 'json']);
    const json = JSON.parse(r.out);
    expect(json.from.canary).toEqual({ version: '1.30.3', revision: '1-30-3' });
    const tags = json.steps.find((s: any) => s.id === 'tags.cluster1');
    expect(tags.makes).toEqual([{ kind: 'tag', cluster: 'cluster1', name: 'prod-stable=1-30-3' }]);
    expect(tags.actions[1]).toMatchObject({ kind: 'wait', until: 'equals', equals: '1-30-3' });
    expect(tags.commands[1]).toContain('istio-revision-tag-prod-stable');
    expect(json.steps.find((s: any) => s.id === 'restart.cluster1').checks).toEqual(['istioctl proxy-status --context=cluster1']);
  });

  test('GIVEN specs with other clusters THEN one line naming the fix, exit 1', async () => {
    const dir = tempDir();
    const other = fs.readFileSync(path.join(ROOT, EX, 'mesh.yaml'), 'utf8').replace(/cluster2/g, 'cluster3');
    fs.writeFileSync(path.join(dir, 'other.yaml'), other);
    const r = await run(['plan', '--from', path.join(ROOT, EX, 'mesh.yaml'), '--spec', 'other.yaml'], dir);
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/spec.clusters: the old and new specs have different clusters/);
  });

  test('GIVEN --from-dist DIR of the running mesh\'s synth THEN the same plan as --from the spec it was synthesized from', async () => {
    const dir = tempDir();
    for (const f of ['mesh-before.yaml', 'mesh.yaml']) {
      // ca mode none: no keys are made for this test
      const text = fs.readFileSync(path.join(ROOT, EX, f), 'utf8').replace('\n  clusters:\n', '\n  ca: {mode: none}\n  clusters:\n');
      fs.writeFileSync(path.join(dir, f), text);
    }
    expect((await run(['synth', '--quiet', '--spec', 'mesh-before.yaml', '--out', 'dist'], dir)).code).toBe(0);
    const marker = fs.readFileSync(path.join(dir, 'dist', '.meshgen-output'), 'utf8');
    expect(marker.split('\n')[1]).toMatch(/^state: \{"meshId":"mesh1","istio":\{"version":"1.29.6","installer":"istioctl","namespace":"istio-system","revision":"1-29-6","tags":\{"prod-stable":"1-29-6"\}\}/);
    const fromDist = await run(['plan', '--from-dist', 'dist', '--spec', 'mesh.yaml'], dir);
    const fromSpec = await run(['plan', '--from', 'mesh-before.yaml', '--spec', 'mesh.yaml'], dir);
    expect(fromDist.code).toBe(0);
    expect(fromDist.out).toBe(fromSpec.out);
    expect(fromDist.out).toContain('Install the 1-30-3 control plane (Istio 1.30.3) beside the running one on cluster1');
  });

  test('GIVEN --from-dist without a recorded state, or with both --from and --from-dist THEN one line naming the fix', async () => {
    const dir = tempDir();
    fs.copyFileSync(path.join(ROOT, EX, 'mesh.yaml'), path.join(dir, 'mesh.yaml'));
    let r = await run(['plan', '--from-dist', 'dist', '--spec', 'mesh.yaml'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^--from-dist dist: no \.meshgen-output there; give the --out directory meshgen synth wrote for the running mesh.*or use --from OLD_SPEC\n$/);
    fs.mkdirSync(path.join(dir, 'dist'));
    fs.writeFileSync(path.join(dir, 'dist', '.meshgen-output'), 'meshgen output for mesh mesh1\nformat: 2\n');
    r = await run(['plan', '--from-dist', 'dist', '--spec', 'mesh.yaml'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/records no mesh state \(written by an older meshgen\); run meshgen synth of the running spec once more, or plan with --from OLD_SPEC\n$/);
    fs.writeFileSync(path.join(dir, 'dist', '.meshgen-output'), 'meshgen output\nstate: {"meshId":"m","istio":{"installer":"kubectl"},"clusters":[]}\n');
    r = await run(['plan', '--from-dist', 'dist', '--spec', 'mesh.yaml'], dir);
    expect(r.err).toMatch(/the state line is not one meshgen wrote \(spec.istio\)/);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    r = await run(['plan', '--from-dist', 'dist', '--from', 'mesh.yaml', '--spec', 'mesh.yaml'], dir);
    expect(r.code).toBe(2);
  });
});
