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
    expect(r.out).toContain('$ meshgen remote-secret --all --spec examples/primary-remote/mesh.yaml');
    expect(r.out).toContain('$ kubectl --context=cluster1 apply -f .meshgen/secrets/cluster1 -l istio/multiCluster=true');
    expect(r.out).toMatch(/\d+\. \[all\] Verify:/);
  });

  test('GIVEN --format sh THEN a POSIX script with one function per step of the text form', async () => {
    const text = await run(['plan', '--spec', 'examples/primary-remote/mesh.yaml']);
    const r = await run(['plan', '--spec', 'examples/primary-remote/mesh.yaml', '--format', 'sh']);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe('#!/bin/sh');
    expect(r.out).toContain('\nset -eu\n');
    const steps = text.out.split('\n').filter((l) => /^ *\d+\. \[/.test(l)).length;
    expect(r.out.match(/^step_[a-z0-9_]+\(\) \{$/gm)).toHaveLength(steps);
  });

  test('GIVEN --format json THEN the steps parse as JSON', async () => {
    const r = await run(['plan', '--spec', 'examples/primary-remote/mesh.yaml', '--format', 'json', '--out', 'out']);
    const json = JSON.parse(r.out);
    expect(json.mesh).toBe('mesh1');
    expect(json.steps.some((s: any) => s.commands.includes('kubectl --context=cluster2 apply -k out/cluster2'))).toBe(true);
    const webhook = json.steps.find((s: any) => s.id === 'injection-webhook.cluster2');
    expect(webhook.needs).toContainEqual({ kind: 'remote-secret', of: 'cluster2', on: 'cluster1' });
    expect(webhook.makes).toEqual([{ kind: 'webhook-cabundle', cluster: 'cluster2' }]);
  });

  test('GIVEN -o json THEN the same as --format json, and the top-level keys docs/cli.md names', async () => {
    const long = await run(['plan', '--spec', 'examples/primary-remote/mesh.yaml', '--format', 'json']);
    const short = await run(['plan', '--spec', 'examples/primary-remote/mesh.yaml', '-o', 'json']);
    expect(short).toEqual(long);
    expect(Object.keys(JSON.parse(short.out))).toEqual(['mesh', 'istio', 'settings', 'steps']);
  });
});
