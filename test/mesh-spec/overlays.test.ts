import { SpecError } from '../../lib/errors';
import { validateMeshSpec } from '../../lib/mesh-spec/parse';
import { meshInput, SEED_CLUSTERS } from '../helpers';

function withOverlays(overlays: any): any {
  const input = meshInput(SEED_CLUSTERS);
  input.spec.overlays = overlays;
  return input;
}

function issues(input: any): string[] {
  try {
    validateMeshSpec(input);
  } catch (e) {
    if (e instanceof SpecError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  return [];
}

describe('spec.overlays', () => {
  test('GIVEN overlays for one cluster and for all THEN the spec keeps them with their index', () => {
    const spec = validateMeshSpec(withOverlays([
      { kind: 'Namespace', name: 'istio-system', patch: [{ op: 'add', path: '/metadata/labels/team', value: 'mesh' }] },
      { cluster: 'cluster1', kind: 'Service', name: 'istio-eastwestgateway', namespace: 'istio-system', patch: [{ op: 'remove', path: '/spec/x' }, { op: 'move', from: '/a', path: '/b' }] },
    ]));
    expect(spec.overlays).toEqual([
      { index: 0, kind: 'Namespace', name: 'istio-system', patch: [{ op: 'add', path: '/metadata/labels/team', value: 'mesh' }] },
      { index: 1, cluster: 'cluster1', kind: 'Service', name: 'istio-eastwestgateway', namespace: 'istio-system', patch: [{ op: 'remove', path: '/spec/x' }, { op: 'move', from: '/a', path: '/b' }] },
    ]);
  });

  test('fails on an unknown cluster, a bad op, a pointer without / and a missing value', () => {
    expect(issues(withOverlays([
      { cluster: 'clustr1', kind: 'Service', name: 'x', patch: [{ op: 'ad', path: '/a' }, { op: 'add', path: 'metadata.labels.a' }, { op: 'replace', path: '/a' }, { op: 'copy', path: '/a' }] },
      { kind: 'Service', patch: [] },
    ]))).toEqual([
      'spec.overlays[0].cluster: "clustr1" is not a cluster of this mesh; did you mean "cluster1"?',
      'spec.overlays[0].patch[0].op: "ad" is not an RFC 6902 operation; use one of add | remove | replace | move | copy | test (did you mean "add"?)',
      expect.stringMatching(/^spec\.overlays\[0\]\.patch\[1\]\.path: "metadata\.labels\.a" is not a JSON pointer/),
      'spec.overlays[0].patch[1]: op add needs a value',
      'spec.overlays[0].patch[2]: op replace needs a value',
      'spec.overlays[0].patch[3].from: op copy needs from: the JSON pointer to take the value from',
      expect.stringMatching(/^spec\.overlays\[1\]\.name: is required/),
      expect.stringMatching(/^spec\.overlays\[1\]\.patch: must be a non-empty list/),
    ]);
  });

  test('fails when overlays is not a list', () => {
    expect(issues(withOverlays({ kind: 'Service' }))[0]).toMatch(/^spec\.overlays: must be a list of overlays/);
  });
});
