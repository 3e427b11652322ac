import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { validateObject } from '../../lib/schema';
import { HelloworldVerifyJob, verifyScript } from '../../lib/verify/verify-job';
import { tempDir } from '../helpers';

function synth(build: (chart: Chart) => void): any[] {
  const chart = new Chart(new App(), 'test');
  build(chart);
  return chart.toJson();
}

/**
 * Runs the Job's script with `sh` and a fake `curl` first on PATH: the fake answers
 * /hello with the versions given in turn and records the quitquitquit call.
 */
function runScript(answers: string[], expected: ('v1' | 'v2')[], requests = 6): { status: number | null; stdout: string; quit: boolean } {
  const dir = tempDir('meshgen-verify-');
  const fake = path.join(dir, 'curl');
  fs.writeFileSync(fake, [
    '#!/bin/sh',
    `case "$*" in *quitquitquit*) echo quit > "${dir}/quit"; exit 0;; esac`,
    `n=$(cat "${dir}/n" 2>/dev/null || echo 0); echo $((n + 1)) > "${dir}/n"`,
    `set -- ${answers.map((a) => `"${a}"`).join(' ')}`,
    'shift $((n % $#)); v=$1',
    '[ "$v" = down ] && exit 7',
    'echo "Hello version: $v, instance: helloworld-$v-abc"',
    '',
  ].join('\n'), { mode: 0o755 });
  const script = verifyScript('cluster1', 'helloworld.sample:5000', expected, requests).replace(/sleep 2/, 'sleep 0');
  const r = spawnSync('sh', ['-c', script], { env: { ...process.env, PATH: `${dir}:${process.env.PATH}` }, encoding: 'utf8', timeout: 20000 });
  return { status: r.status, stdout: r.stdout, quit: fs.existsSync(path.join(dir, 'quit')) };
}

describe('HelloworldVerifyJob', () => {
  const job = () => synth((c) => new HelloworldVerifyJob(c, 'job', { cluster: 'cluster1', expected: ['v1', 'v2'], requests: 7 }))[0];

  test('THEN it is a valid batch/v1 Job verify-helloworld in sample, never restarted in place', () => {
    const j = job();
    expect([j.apiVersion, j.kind, j.metadata.name, j.metadata.namespace]).toEqual(['batch/v1', 'Job', 'verify-helloworld', 'sample']);
    expect(j.spec.template.spec.restartPolicy).toBe('Never');
    expect(j.spec.backoffLimit).toBe(3);
    expect(validateObject(j)).toEqual([]);
  });

  test('THEN its pod goes through the mesh: injected, and held until the proxy is up', () => {
    const t = job().spec.template;
    expect(t.metadata.labels['sidecar.istio.io/inject']).toBe('true');
    expect(JSON.parse(t.metadata.annotations['proxy.istio.io/config'])).toEqual({ holdApplicationUntilProxyStarts: true });
    const script = t.spec.containers[0].command[2];
    expect(t.spec.containers[0].command.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(script).toContain('url=http://helloworld.sample:5000/hello');
    expect(script).toContain('-X POST http://localhost:15020/quitquitquit');
    expect(script).toContain('-lt 7 ]');
  });

  test('fails to build without an expected version', () => {
    expect(() => synth((c) => new HelloworldVerifyJob(c, 'job', { cluster: 'c', expected: [], requests: 5 }))).toThrow(/expected lists no version/);
  });
});

describe('the verification script', () => {
  test('GIVEN answers from v1 and v2 THEN it exits 0, says OK and quits the sidecar', () => {
    const r = runScript(['v1', 'v2'], ['v1', 'v2']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('OK cluster1: saw helloworld v1 and v2');
    expect(r.quit).toBe(true);
  });

  test('fails, naming the missing version, when only v1 answers; the sidecar still quits', () => {
    const r = runScript(['v1'], ['v1', 'v2']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('FAIL cluster1: no answer from helloworld v2 in 6 calls');
    expect(r.quit).toBe(true);
  });

  test('GIVEN helloworld down at first THEN it waits for a first answer and still passes', () => {
    const r = runScript(['down', 'down', 'v2', 'v1'], ['v1', 'v2'], 4);
    expect(r.status).toBe(0);
  });
});
