import * as fs from 'fs';
import * as path from 'path';
import { renderMesh } from '../../lib/synth/render-mesh';
import { writeOutput } from '../../lib/fsx/write';
import { diffTrees, diffValues, formatDiff, readTree } from '../../lib/review/diff';
import { mesh, SEED_CLUSTERS, tempDir, THREE_CLUSTERS } from '../helpers';

describe('diffTrees', () => {
  test('GIVEN the same render THEN nothing changes', () => {
    const { files } = renderMesh(mesh(THREE_CLUSTERS));
    const d = diffTrees(files, renderMesh(mesh([...THREE_CLUSTERS].reverse())).files);
    expect(d.groups).toEqual([]);
    expect(formatDiff(d)).toBe('');
  });

  test('GIVEN a new primary address THEN the remote\'s IstioOperator changes in one field', () => {
    const before = renderMesh(mesh(THREE_CLUSTERS)).files;
    const after = renderMesh(mesh([{ ...THREE_CLUSTERS[0], address: '5.6.7.8' }, ...THREE_CLUSTERS.slice(1)])).files;
    const d = diffTrees(before, after);
    const c2 = d.groups.find((g) => g.group === 'cluster2')!;
    expect(c2.change).toBe('changed');
    expect(c2.files).toEqual([]);
    expect(c2.objects).toEqual([{
      change: 'changed', kind: 'IstioOperator', namespace: '', name: 'control-plane', file: 'istioctl/control-plane.yaml',
      fields: [{ path: 'spec.values.global.remotePilotAddress', before: '34.75.71.237', after: '5.6.7.8' }],
    }]);
    expect(formatDiff(d)).toContain('    ~ IstioOperator control-plane [istioctl/control-plane.yaml]\n        spec.values.global.remotePilotAddress: "34.75.71.237" -> "5.6.7.8"\n');
  });

  test('GIVEN a cluster gone THEN its bundle is reported removed, with its files and objects', () => {
    const before = renderMesh(mesh(THREE_CLUSTERS)).files;
    const after = renderMesh(mesh(THREE_CLUSTERS.slice(0, 2))).files;
    const c3 = diffTrees(before, after).groups.find((g) => g.group === 'cluster3')!;
    expect(c3.change).toBe('removed');
    expect(c3.files.map((f) => `${f.change} ${f.file}`)).toContain('removed namespace.yaml');
    expect(c3.objects.map((o) => `${o.change} ${o.kind}/${o.name}`)).toEqual(expect.arrayContaining(['removed Namespace/istio-system', 'removed Gateway/cross-network-gateway']));
    expect(formatDiff(diffTrees(before, after))).toContain('- cluster cluster3 (removed)');
  });

  test('GIVEN an object moved to another file THEN it is one change naming both files', () => {
    const before = new Map([['c/a.yaml', 'kind: ConfigMap\nmetadata:\n  name: x\n']]);
    const after = new Map([['c/b.yaml', 'kind: ConfigMap\nmetadata:\n  name: x\n']]);
    const [g] = diffTrees(before, after).groups;
    expect(g.objects).toEqual([{ change: 'changed', kind: 'ConfigMap', namespace: '', name: 'x', file: 'b.yaml', fromFile: 'a.yaml', fields: [] }]);
    expect(g.files.map((f) => `${f.change} ${f.file}`)).toEqual(['removed a.yaml', 'added b.yaml']);
  });

  test('GIVEN a comment edited by hand or a file that does not parse THEN the file is reported changed', () => {
    const before = new Map([['c/a.yaml', '# hand edit\nkind: ConfigMap\n'], ['c/b.yaml', 'a: [\n'], ['README.md', 'old']]);
    const after = new Map([['c/a.yaml', 'kind: ConfigMap\n'], ['c/b.yaml', 'kind: ConfigMap\n'], ['README.md', 'new']]);
    const d = diffTrees(before, after);
    expect(d.groups.map((g) => [g.group, g.files.map((f) => `${f.change} ${f.file}`)])).toEqual([
      ['', ['changed README.md']],
      ['c', ['changed a.yaml', 'changed b.yaml']],
    ]);
  });

  test('GIVEN readTree on written output THEN the marker is left out and the diff with the render is empty', () => {
    const out = path.join(tempDir(), 'dist');
    const { files } = renderMesh(mesh(SEED_CLUSTERS));
    writeOutput(out, files, 'm');
    const tree = readTree(out);
    expect([...tree.keys()].some((f) => f.startsWith('.meshgen'))).toBe(false);
    expect(diffTrees(tree, files).groups).toEqual([]);
    expect(fs.existsSync(path.join(out, 'README.md'))).toBe(true);
  });
});

describe('diffValues', () => {
  test('GIVEN nested objects and arrays THEN each differing leaf is one path; absent fields say so', () => {
    expect(diffValues(
      { a: { b: 1, 'x.y/z': 'p' }, l: [1, 2], m: [1], gone: true },
      { a: { b: 2, 'x.y/z': 'q' }, l: [1, 3], m: [1, 2], added: 'v' },
    )).toEqual([
      { path: 'a.b', before: 1, after: 2 },
      { path: 'a["x.y/z"]', before: 'p', after: 'q' },
      { path: 'added', after: 'v' },
      { path: 'gone', before: true },
      { path: 'l[1]', before: 2, after: 3 },
      { path: 'm', before: [1], after: [1, 2] },
    ]);
  });
});
