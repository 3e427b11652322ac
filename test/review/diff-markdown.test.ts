import { diffTrees } from '../../lib/review/diff';
import { diffMarkdown } from '../../lib/review/diff-markdown';
import { renderMesh } from '../../lib/synth/render-mesh';
import { mesh, THREE_CLUSTERS } from '../helpers';

describe('diffMarkdown', () => {
  const before = renderMesh(mesh(THREE_CLUSTERS)).files;

  test('GIVEN the same render THEN "No changes"', () => {
    expect(diffMarkdown(diffTrees(before, before), 'dist')).toBe('### meshgen: what this change does to the mesh\n\nNo changes: `dist` is what synth renders from the spec.\n');
  });

  test('GIVEN a cluster added and the primary address changed THEN the headline names it, the table lists each cluster\'s changed files, fields sit in <details>', () => {
    const moved = [{ ...THREE_CLUSTERS[0], address: '5.6.7.8' }, ...THREE_CLUSTERS.slice(1)];
    const after = renderMesh(mesh([...moved, { name: 'cluster4', network: 'network2', role: 'remote', primary: 'cluster1' }])).files;
    const md = diffMarkdown(diffTrees(before, after), 'base/dist');
    const lines = md.split('\n');
    expect(lines[0]).toBe('### meshgen: what this change does to the mesh');
    expect(lines[2]).toBe('Clusters added: cluster4; changed: cluster2, cluster3 (compared with `base/dist`).');
    expect(md).toContain('| cluster | change | objects | files that change |');
    expect(md).toMatch(/^\| cluster4 \| added \| 6 \| .*\+`istioctl\/control-plane\.yaml`, /m);
    expect(md).toContain('| cluster2 | changed | 1 | ~`istioctl/control-plane.yaml` |');
    expect(md).toContain('~ IstioOperator control-plane [istioctl/control-plane.yaml]\n    spec.values.global.remotePilotAddress: "34.75.71.237" -> "5.6.7.8"');
    expect(md).toContain('Top-level files: ~`README.md`');
    expect(md).toContain('<details>\n<summary>+ cluster cluster4: ');
    expect((md.match(/^```diff$/gm) ?? []).length).toBe((md.match(/^<\/details>$/gm) ?? []).length);
  });
});
