import { ChangeKind, GroupDiff, objectLabel, OutputDiff } from './diff';

const MAX_VALUE = 120;
const show = (v: unknown) => {
  if (v === undefined) return '(absent)';
  const s = JSON.stringify(v);
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 3)}...` : s;
};
const SIGN: Record<ChangeKind, string> = { added: '+', removed: '-', changed: '~' };
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
 * clusters added, removed and changed with the files that change in each, then per
 * cluster the objects and fields in a collapsed `<details>`. Pure.
 *
 * @param against the compared directory as the user gave it (shown in the headline)
 */
export function diffMarkdown(d: OutputDiff, against: string): string {
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
  for (const g of clusters.filter((c) => c.objects.length > 0)) {
    lines.push('<details>', `<summary>${SIGN[g.change]} cluster ${g.group}: ${g.objects.length} object(s)</summary>`, '', '```diff');
    for (const o of g.objects) {
      lines.push(`${SIGN[o.change]} ${objectLabel(o)} [${o.fromFile ? `${o.fromFile} -> ${o.file}` : o.file}]`);
      for (const f of o.fields) lines.push(`    ${f.path}: ${show(f.before)} -> ${show(f.after)}`);
    }
    lines.push('```', '', '</details>', '');
  }
  return lines.join('\n').trimEnd() + '\n';
}
