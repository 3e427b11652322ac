import { KARMADA_BUNDLE } from '../mesh-spec/karmada';
import { MeshPlan } from '../plan/planner';
import { planSteps } from '../plan/steps/steps';
import type { StepOptions } from '../plan/steps/step';
import { meshGraph } from './graph';
import { toMermaid } from './graph-mermaid';
import { prose, runbookLines } from './runbook';

export { prose };
import { clusterCustomizations, installSettings } from '../plan/customizations';
import { controlPlaneFileOf } from '../names/bundle-layout';
import { provenance } from '../names/version';

/** The review page synth writes at the root of its output. */
export const README_FILE = 'README.md';

/**
 * `dist/README.md`: what a pull request reviewer needs on one page: the mesh, a
 * Mermaid picture of its topology (GitHub renders it), what each cluster gets, and
 * the ordered install steps of `meshgen plan`. Pure and deterministic.
 *
 * @param files the rendered file paths (relative to the output directory), to list
 *   each cluster's files
 * @param source where the spec came from, for the provenance comment on the first line
 *   (lib/names/version.ts)
 */
export function reviewReadme(plan: MeshPlan, files: Iterable<string>, opts: StepOptions = {}, applied?: ReadonlyMap<string, readonly number[]>, source?: string): string {
  const out = (opts.outDir ?? 'dist').replace(/\/+$/, '') || '.';
  const filesOf = new Map<string, string[]>();
  for (const f of files) {
    const slash = f.indexOf('/');
    if (slash < 0) continue;
    const list = filesOf.get(f.slice(0, slash)) ?? [];
    list.push(f.slice(slash + 1));
    filesOf.set(f.slice(0, slash), list);
  }
  // Fields are named by cluster, not by index: the page must not depend on the order of clusters in the spec.
  const byCluster = (cluster: string, f: string) => `\`${f}\` of cluster ${cluster} in the spec`;
  const n = plan.clusters.length;
  const graph = meshGraph(plan);
  const byName = new Map(plan.clusters.map((c) => [c.name, c]));
  const lines: string[] = [
    `<!-- ${provenance(source)} -->`,
    `# Mesh ${plan.meshId}`,
    '',
  ];
  // Warnings first, as GitHub alerts: a reviewer sees them above the fold.
  const byIndex = new Map(plan.clusters.map((c) => [c.specIndex, c.name]));
  const named = (text: string) => text.replace(/spec\.clusters\[(\d+)\]\.([A-Za-z0-9_.]*[A-Za-z0-9_])/g,
    (whole, i: string, f: string) => (byIndex.has(Number(i)) ? byCluster(byIndex.get(Number(i))!, f) : whole));
  for (const w of plan.warnings) lines.push('> [!WARNING]', `> ${named(prose(w))}`, '');
  if (plan.missingAddresses.length > 0) {
    lines.push('> [!WARNING]', '> Not rendered yet (the primary\'s east-west gateway address is not in the spec):');
    for (const m of plan.missingAddresses) lines.push(`> - \`${m.remote}/${controlPlaneFileOf(plan.istio)}\`: set ${byCluster(m.primary, 'eastWestGateway.address')}`);
    lines.push('');
  }
  lines.push(
    `Istio ${plan.istio.version}${revisionText(plan.istio)}, installed with ${plan.istio.installer} into namespace \`${plan.istio.namespace}\`` +
    `${plan.istio.dataplane === 'ambient' ? ', ambient data plane (ztunnel, no sidecars)' : ''}: ` +
    `${n} cluster${n === 1 ? '' : 's'} on ${plan.networks.length} network${plan.networks.length === 1 ? '' : 's'}.`,
    '',
    '## Topology',
    '',
    graph.level === 'full'
      ? 'One box per network, top to bottom; each primary left of its remotes, with its east-west gateway address; the legend below tells primaries from remotes.'
      : `${n} clusters are too many to draw one by one: ${graph.level === 'summary' ? 'each primary is drawn, and the remotes of a network are counted in one box' : 'each network is drawn with its counts'}; the table below lists every network.`,
    '',
    '```mermaid',
    toMermaid(graph).trimEnd(),
    '```',
    '',
  );
  if (graph.level !== 'full') {
    lines.push('| network | primaries | remotes | east-west gateway addresses |', '| --- | --- | --- | --- |');
    for (const net of plan.networks) {
      const members = net.clusters.map((c) => byName.get(c)!);
      const addresses = members.filter((c) => c.eastWestGatewayAddress).map((c) => `${c.name}: \`${c.eastWestGatewayAddress}\``);
      lines.push(`| ${net.name} | ${members.filter((c) => c.role === 'primary').map((c) => c.name).join(', ') || '-'} | ${members.filter((c) => c.role === 'remote').length} | ${addresses.join(', ') || '-'} |`);
    }
    lines.push('');
  }
  lines.push(
    '## What each cluster gets',
    '',
    `Paths are relative to \`${out}/\`.`,
    '',
    '| cluster | role | network | primary | kubectl context | east-west gateway | bundle |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  );
  const folder = (target: string) => `[\`${target}/\`](${encodeURI(`${target}/`)})`;
  for (const c of plan.clusters) {
    const role = c.role === 'primary' && c.remotes.length > 0 ? `primary of ${c.remotes.length} remote${c.remotes.length === 1 ? '' : 's'}` : c.role;
    const gateway = c.eastWestGateway ? (c.eastWestGatewayAddress ? `\`${c.eastWestGatewayAddress}\`` : 'address not in the spec') : '-';
    lines.push(`| ${c.name} | ${role} | ${c.network} | ${c.primary ?? '-'} | \`${c.context}\` | ${gateway} | ${folder(c.name)} |`);
  }
  const karmada = plan.karmada && filesOf.has(KARMADA_BUNDLE);
  if (karmada) {
    lines.push(`| ${KARMADA_BUNDLE} | Karmada control plane | - | - | \`${plan.karmada!.context}\` | - | ${folder(KARMADA_BUNDLE)} |`);
  }
  lines.push(...fileTable([...plan.clusters.map((c) => c.name), ...(karmada ? [KARMADA_BUNDLE] : [])], filesOf));
  for (const line of settingsSection(plan, applied)) lines.push(line);
  const steps = planSteps(plan, { ...opts, clusterField: (c, f) => byCluster(c.name, f) });
  lines.push('', '## Install steps', '',
    `The steps of \`meshgen plan\`, in order, each named by what it does and where (a new cluster adds its own steps and renames none). ` +
    `Run them from the directory \`meshgen synth\` ran in (the bundles are in \`${out}/\`); \`meshgen plan --format sh\` prints them as a script that resumes with \`--from-step N\`.`, '');
  for (const line of runbookLines(steps)) lines.push(line); // tens of thousands for a large mesh: not spread into push()
  return lines.join('\n').trimEnd() + '\n';
}

/**
 * `### Files`: the files of each bundle as relative links; bundles with the same file
 * names share one row (the links go to the first bundle's copies).
 */
function fileTable(targets: readonly string[], filesOf: ReadonlyMap<string, string[]>): string[] {
  const rows = new Map<string, string[]>();
  for (const t of targets) {
    const key = [...(filesOf.get(t) ?? [])].sort().join('\n');
    if (!key) continue;
    rows.set(key, [...(rows.get(key) ?? []), t]);
  }
  if (rows.size === 0) return [];
  const lines = ['', '### Files', '', '| bundles | files |', '| --- | --- |'];
  for (const [key, names] of rows) {
    const links = key.split('\n').map((f) => `[\`${f}\`](${encodeURI(`${names[0]}/${f}`)})`).join(', ');
    lines.push(`| ${names.length <= 5 ? names.join(', ') : `${names.length} clusters (${names.slice(0, 3).join(', ')} ... ${names[names.length - 1]})`} | ${links} |`);
  }
  return lines;
}

/** `## Settings from the spec`: values, east-west gateway settings and overlays per cluster (none: no section). */
function settingsSection(plan: MeshPlan, applied?: ReadonlyMap<string, readonly number[]>): string[] {
  const rows = clusterCustomizations(plan, applied);
  const install = installSettings(plan);
  if (rows.length === 0 && !install) return [];
  const code = (list: readonly string[]) => (list.length ? list.map((x) => `\`${x}\``).join(', ') : '-');
  return [
    '', '## Settings from the spec', '',
    ...(install ? [`Install: ${install}.`, ''] : []),
    ...(rows.length ? [
      'Istio values (spec.istio.values, merged with the cluster\'s own), east-west gateway settings and overlays (spec.overlays) each cluster gets:',
      '',
      '| cluster | values | east-west gateway | overlays |',
      '| --- | --- | --- | --- |',
      ...rows.map((r) => `| ${r.cluster} | ${code(r.values)} | ${code(r.eastWestGateway)} | ${code(r.overlays)} |`),
    ] : []),
  ];
}

/** With revisions (docs/upgrades.md): ` (revision R)`, the canary and the tags; nothing without. */
function revisionText(istio: MeshPlan['istio']): string {
  if (!istio.revision) return '';
  const canary = istio.canary ? ` and the canary Istio ${istio.canary.version} (revision ${istio.canary.revision})` : '';
  const tags = Object.entries(istio.tags ?? {}).map(([t, r]) => `${t} -> ${r}`).join(', ');
  return ` (revision ${istio.revision})${canary}${tags ? `, revision tags ${tags}` : ''}`;
}
