import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../../lib/cli';
import { CliIO } from '../../lib/cli/io';
import { ROOT, tempDir } from '../helpers';

async function run(args: string[], cwd = ROOT): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => { out += t; }, err: (t) => { err += t; }, cwd };
  const code = await runCli(args, io);
  return { code, out, err };
}

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
});
