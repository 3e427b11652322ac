import { diffTrees } from '../../lib/review/diff';
import { diffMarkdown } from '../../lib/review/diff-markdown';
import { renderMesh } from '../../lib/synth/render-mesh';
import { planMesh } from '../../lib/plan/planner';
import { planSteps } from '../../lib/plan/steps/steps';
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
    expect(md).toContain('| cluster2 | changed | 1 | \\~`istioctl/control-plane.yaml` |'); // escaped: two ~ would strike through
    expect(md).toContain('~ IstioOperator control-plane [istioctl/control-plane.yaml]\n    spec.values.global.remotePilotAddress: "34.75.71.237" -> "5.6.7.8"');
    expect(md).toContain('Top-level files: \\~`README.md`');
    expect(md).toContain('<details>\n<summary>+ cluster cluster4: ');
    expect((md.match(/^```diff$/gm) ?? []).length).toBe((md.match(/^<\/details>$/gm) ?? []).length);
  });
});

describe('diffMarkdown with the plan after the change', () => {
  const before = renderMesh(mesh(THREE_CLUSTERS)).files;
  const added = [...THREE_CLUSTERS, { name: 'cluster4', network: 'network2', role: 'remote' as const, primary: 'cluster1' }];
  const spec = mesh(added);
  const md = diffMarkdown(diffTrees(before, renderMesh(spec).files), 'dist', { plan: planMesh(spec) });

  test('GIVEN a cluster added THEN the picture marks it, before the steps and the details', () => {
    const block = md.match(/```mermaid\n([\s\S]*?)\n```/)![1];
    expect(block).toContain('  class c_cluster4 added');
    expect(block).not.toMatch(/^ {2}class .* changed$/m); // no other cluster's files change
    expect(md.indexOf('```mermaid')).toBeLessThan(md.indexOf('#### Steps to run for this change'));
    expect(md.indexOf('#### Steps to run for this change')).toBeLessThan(md.indexOf('<details>'));
  });

  test('THEN the steps to run are the new cluster\'s, its remote secrets on the primary and the verification, in plan order', () => {
    const ids = [...md.matchAll(/^- \*\*`([^`]+)`\*\*/gm)].map((m) => m[1]);
    const all = planSteps(planMesh(spec)).map((s) => s.id);
    expect(ids).toEqual(all.filter((id) => ids.includes(id))); // plan order
    expect(ids).toEqual(expect.arrayContaining(['namespace.cluster4', 'cacerts.cluster4', 'control-plane.cluster4', 'remote-secrets', 'remote-secrets.cluster1', 'east-west-gateway.cluster4', 'remote-clusters']));
    expect(ids.filter((id) => /cluster[23]$/.test(id))).toEqual([]);
    expect(ids).not.toContain('control-plane.cluster1');
  });

  test('GIVEN a cluster removed THEN no step runs there and the comment says what to do', () => {
    const fewer = mesh(THREE_CLUSTERS.slice(0, 2));
    const text = diffMarkdown(diffTrees(before, renderMesh(fewer).files), 'dist', { plan: planMesh(fewer) });
    expect(text).toContain('Clusters removed: cluster3');
    expect(text).toContain('Removed: cluster3. No step of the plan runs there any more');
    expect(text).not.toMatch(/`[a-z-]+\.cluster3`/);
  });
});
