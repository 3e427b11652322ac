import type { MeshPlan } from '../plan/planner';
import type { StepOptions } from '../plan/steps/step';
import { ChangeKind, GroupDiff, objectLabel, OutputDiff } from './diff';
import { changeSteps } from './diff-steps';
import { meshGraph, nodeId } from './graph';
import { Highlight, toMermaid } from './graph-mermaid';
import { runbookLines } from './runbook';

/** The mesh after the change, to draw it and list the steps it needs. */
export interface DiffContext {
  readonly plan: MeshPlan;
  /** As synth would write (outDir = the compared directory). */
  readonly steps?: StepOptions;
}

const MAX_VALUE = 120;
const show = (v: unknown) => {
  if (v === undefined) return '(absent)';
  const s = JSON.stringify(v);
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 3)}...` : s;
};
/** `~` escaped: two of them in a line would strike the text between them through on GitHub. */
const SIGN: Record<ChangeKind, string> = { added: '+', removed: '-', changed: '\\~' };
/** The signs in code blocks and HTML, where nothing is escaped. */
const RAW: Record<ChangeKind, string> = { added: '+', removed: '-', changed: '~' };
/** A code span that holds any text (a longer backtick run than the text's own). */
const code = (s: string) => {
  const run = '`'.repeat(Math.max(0, ...[...s.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  return `${run}${run.length > 1 ? ' ' : ''}${s}${run.length > 1 ? ' ' : ''}${run}`;
};

/** The files of a group that change, sorted, each with its sign. */
function changedFiles(g: GroupDiff): string[] {
  const files = new Map<string, ChangeKind>();
  for (const f of g.files) files.set(f.file, f.change);
  for (const o of g.objects) {
    if (o.fromFile) {
      files.set(o.fromFile, files.get(o.fromFile) ?? 'changed');
    }
    files.set(o.file, files.get(o.file) ?? (o.change === 'changed' ? 'changed' : o.change));
  }
  return [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([f, k]) => `${SIGN[k]}${code(f)}`);
}

/**
 * The diff as a pull-request comment (GitHub markdown): a headline, a table of the
 * clusters added, removed and changed with the files that change in each; with the
 * plan, the mesh after the change (added and changed clusters marked) and the steps to
 * run for this change only; then per cluster the objects and fields in a collapsed
 * `<details>`. Pure.
 *
 * @param against the compared directory as the user gave it (shown in the headline)
 */
export function diffMarkdown(d: OutputDiff, against: string, context?: DiffContext): string {
  const clusters = d.groups.filter((g) => g.group);
  const top = d.groups.filter((g) => !g.group).flatMap((g) => g.files);
  const lines = ['### meshgen: what this change does to the mesh', ''];
  if (d.groups.length === 0) {
    lines.push(`No changes: ${code(against)} is what synth renders from the spec.`);
    return lines.join('\n') + '\n';
  }
  const names = (k: ChangeKind) => clusters.filter((g) => g.change === k).map((g) => g.group);
  const headline = (['added', 'removed', 'changed'] as const)
    .filter((k) => names(k).length > 0)
    .map((k) => `${k}: ${names(k).join(', ')}`);
  lines.push(`Clusters ${headline.join('; ') || 'unchanged'} (compared with ${code(against)}).`, '');
  if (clusters.length > 0) {
    lines.push('| cluster | change | objects | files that change |', '| --- | --- | --- | --- |');
    for (const g of clusters) lines.push(`| ${g.group} | ${g.change} | ${g.objects.length} | ${changedFiles(g).join(', ') || '-'} |`);
    lines.push('');
  }
  if (top.length > 0) lines.push(`Top-level files: ${top.map((f) => `${SIGN[f.change]}${code(f.file)}`).join(', ')}`, '');
  if (context) lines.push(...picture(context.plan, clusters), ...stepsToRun(d, context, names('removed')));
  for (const g of clusters.filter((c) => c.objects.length > 0)) {
    lines.push('<details>', `<summary>${RAW[g.change]} cluster ${g.group}: ${g.objects.length} object(s)</summary>`, '', '```diff');
    for (const o of g.objects) {
      lines.push(`${RAW[o.change]} ${objectLabel(o)} [${o.fromFile ? `${o.fromFile} -> ${o.file}` : o.file}]`);
      for (const f of o.fields) lines.push(`    ${f.path}: ${show(f.before)} -> ${show(f.after)}`);
    }
    lines.push('```', '', '</details>', '');
  }
  return lines.join('\n').trimEnd() + '\n';
}

/** The mesh after the change, the clusters it adds (green) and changes (amber) marked. */
function picture(plan: MeshPlan, clusters: readonly GroupDiff[]): string[] {
  const graph = meshGraph(plan);
  const ids = new Set([...graph.networks.flatMap((n) => n.nodes), ...graph.nodes].map((n) => n.id));
  const byName = new Map(plan.clusters.map((c) => [c.name, c]));
  const highlight = new Map<string, Highlight>();
  for (const g of clusters) {
    const c = byName.get(g.group);
    if (!c || g.change === 'removed') continue;
    // a summary draws the remotes of a network as one box: mark that box
    const id = ids.has(nodeId('c', c.name)) ? nodeId('c', c.name) : nodeId('rs', c.network);
    if (!ids.has(id)) continue;
    if (highlight.get(id) !== 'added') highlight.set(id, g.change === 'added' ? 'added' : 'changed');
  }
  return ['#### The mesh after this change (added: green, changed: amber)', '', '```mermaid', toMermaid(graph, highlight).trimEnd(), '```', ''];
}

/** `#### Steps to run for this change`: the plan's steps for the clusters and files that change. */
function stepsToRun(d: OutputDiff, context: DiffContext, removed: readonly string[]): string[] {
  const steps = changeSteps(context.plan, d, context.steps);
  const lines: string[] = [];
  if (steps.length > 0) {
    lines.push('#### Steps to run for this change', '',
      `After \`meshgen synth\`, the steps of \`meshgen plan\` that this change needs, in plan order (the others have run already):`, '',
      ...runbookLines(steps, '#####'));
  }
  if (removed.length > 0) {
    lines.push(`Removed: ${removed.join(', ')}. No step of the plan runs there any more: uninstall Istio from ${removed.length === 1 ? 'that cluster' : 'those clusters'} ` +
      `and delete ${removed.length === 1 ? 'its remote secret' : 'their remote secrets'} from the primaries that read ${removed.length === 1 ? 'it' : 'them'}.`, '');
  }
  return lines;
}
