import { runCli } from '../../../lib/cli';
import { CliIO } from '../../../lib/cli/io';
import { ROOT } from '../../helpers';

async function run(args: string[], cwd = ROOT): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => { out += t; }, err: (t) => { err += t; }, cwd };
  const code = await runCli(args, io);
  return { code, out, err };
}

describe('meshgen plan', () => {
  test('GIVEN the example THEN it prints numbered steps ending with verify', async () => {
    const r = await run(['plan', '--spec', 'examples/primary-remote/mesh.yaml']);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toBe('Plan for mesh mesh1: Istio 1.30.3 with istioctl, 2 clusters on 2 networks');
    expect(r.out).toContain('$ meshgen remote-secret --cluster cluster2 --context=cluster2 | kubectl apply -f - --context=cluster1');
    expect(r.out).toMatch(/\d+\. \[all\] Verify:/);
  });

  test('GIVEN --format json THEN the steps parse as JSON', async () => {
    const r = await run(['plan', '--spec', 'examples/primary-remote/mesh.yaml', '--format', 'json', '--out', 'out']);
    const json = JSON.parse(r.out);
    expect(json.mesh).toBe('mesh1');
    expect(json.steps.some((s: any) => s.commands.includes('kubectl --context=cluster2 apply -k out/cluster2'))).toBe(true);
  });
});
