import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { SpecError } from '../../lib/errors';
import { runCli } from '../../lib/cli';
import { CliIO } from '../../lib/cli/io';
import { validateMeshSpec } from '../../lib/mesh-spec/parse';
import { ClusterInput, meshInput, SEED_CLUSTERS, tempDir } from '../helpers';

const TWO_PRIMARIES: ClusterInput[] = [
  { name: 'cluster1', network: 'network1', role: 'primary' as const },
  { name: 'cluster2', network: 'network2', role: 'primary' as const },
];

function ambient(clusters: ClusterInput[] = TWO_PRIMARIES, istio: Record<string, unknown> = {}): any {
  const input = meshInput(clusters);
  input.spec.istio = { dataplane: 'ambient', ...istio };
  return input;
}

function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    validateMeshSpec(input);
  } catch (e) {
    if (e instanceof SpecError) return [...e.issues];
    throw e;
  }
  throw new Error('expected the spec to be rejected');
}

describe('spec.istio.dataplane', () => {
  test('GIVEN no dataplane THEN the spec is sidecar mode and carries no dataplane field', () => {
    expect(validateMeshSpec(meshInput(TWO_PRIMARIES)).istio.dataplane).toBeUndefined();
  });

  test('GIVEN dataplane: sidecar THEN it is the default, not written', () => {
    const input = meshInput(TWO_PRIMARIES);
    input.spec.istio = { dataplane: 'sidecar' };
    expect(validateMeshSpec(input).istio).toEqual({ version: '1.30.3', installer: 'istioctl', namespace: 'istio-system' });
  });

  test('GIVEN dataplane: ambient on two primaries THEN it is kept, with every installer', () => {
    for (const installer of ['istioctl', 'sail', 'helm']) {
      expect(validateMeshSpec(ambient(TWO_PRIMARIES, { installer })).istio).toEqual({ version: '1.30.3', installer, namespace: 'istio-system', dataplane: 'ambient' });
    }
  });

  test('fails on an unknown dataplane, with a did-you-mean', () => {
    expect(issuesOf(ambient(TWO_PRIMARIES, { dataplane: 'ambiant' }))).toEqual([
      { path: 'spec.istio.dataplane', message: '"ambiant" is not one of sidecar | ambient; did you mean "ambient"?' },
    ]);
  });

  test('fails on a remote in an ambient mesh, one issue per remote, naming the fix', () => {
    const issues = issuesOf(ambient(SEED_CLUSTERS));
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe('spec.clusters[1].role');
    expect(issues[0].message).toMatch(/^"remote" is not supported with spec\.istio\.dataplane: ambient .*set role: primary on cluster2 and remove its primary field, or use dataplane: sidecar$/);
  });

  test('fails on an Istio release before 1.27 (no ambient multi-network)', () => {
    const issues = issuesOf(ambient(TWO_PRIMARIES, { version: '1.26.3' }));
    expect(issues).toEqual([{ path: 'spec.istio.version', message: expect.stringMatching(/^"1\.26\.3" has no ambient multi-network support .* use "1\.27\.0" or later, or dataplane: sidecar$/) }]);
    expect(validateMeshSpec(ambient(TWO_PRIMARIES, { version: '1.27.0' })).istio.dataplane).toBe('ambient');
  });

  test('fails on spec.meshNetworks: explicit (sidecar gateways on 15443)', () => {
    const input = ambient();
    input.spec.meshNetworks = 'explicit';
    expect(issuesOf(input)).toEqual([{ path: 'spec.meshNetworks', message: expect.stringContaining('remove spec.meshNetworks, or use dataplane: sidecar') }]);
  });

  test('fails in the CLI with exit 1 and one line per problem, no stack trace', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'mesh.yaml');
    fs.writeFileSync(file, YAML.stringify(ambient(SEED_CLUSTERS)));
    let err = '';
    const io: CliIO = { out: () => undefined, err: (t) => { err += t; }, cwd: dir };
    const code = await runCli(['validate', '--spec', file], io);
    expect(code).toBe(1);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toContain('spec.clusters[1].role');
    expect(err).not.toMatch(/\n\s+at /);
  });
});
