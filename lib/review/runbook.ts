import type { PlanStep } from '../plan/steps/step';

/**
 * The install steps as markdown for the review page and the pull-request comment.
 * Each step is named by its id (`control-plane.cluster1`: what it does and where), never
 * by a number, so that adding a cluster adds its steps without renumbering the page;
 * steps are grouped by phase, in plan order, and long runbooks fold each phase in
 * `<details>`. Pure.
 */

/** A phase of the install; steps of one phase that follow each other form one group. */
export type Phase = 'tools' | 'prepare' | 'install' | 'connect' | 'verify';

const PHASE_TITLE: Record<Phase, string> = {
  tools: 'Tools and controllers',
  prepare: 'Namespaces and CA',
  install: 'Control planes, gateways and bundles',
  connect: 'Remote secrets',
  verify: 'Verify',
};

/** The kind of a step (its id before the cluster) -> its phase; any other kind is `install`. */
const PHASE_OF: Record<string, Phase> = {
  'istioctl': 'tools', 'helm-repo': 'tools', 'sail-operator': 'tools', 'flux': 'tools', 'argocd-config': 'tools',
  'argocd-cluster': 'tools', 'gitops-commit': 'tools', 'karmada-bundle': 'tools', 'karmada-cacerts': 'tools',
  'namespace': 'prepare', 'cacerts': 'prepare', 'gateway-api-crds': 'prepare', 'metallb': 'prepare',
  'remote-secrets': 'connect', 'remote-secret-files': 'connect', 'kiali-access': 'connect', 'kiali-secret': 'connect',
  'remote-clusters': 'verify', 'verify-workload': 'verify', 'verify': 'verify', 'karmada-propagation': 'verify',
  'kiali-prometheus': 'verify', 'kiali': 'verify',
};

/** Runbooks with more steps than this fold each phase in `<details>`. */
export const FOLD_STEPS = 12;

export function phaseOf(s: PlanStep): Phase {
  const dot = s.id.indexOf('.');
  const kind = dot < 0 ? s.id : s.id.slice(0, dot);
  // istioctl-<version>: another release's istioctl (spec.istio.canary, lib/plan/steps/tools.ts)
  return PHASE_OF[kind] ?? (kind.startsWith('istioctl-') ? 'tools' : 'install');
}

/**
 * Markdown prose from plain text: outside code spans, `<` and `>` are written as
 * entities so that placeholders such as `<cluster>` show instead of vanishing as HTML tags.
 */
export function prose(text: string): string {
  return text.split(/(`[^`]*`)/).map((part, i) => (i % 2 === 1 ? part : part.replace(/</g, '&lt;').replace(/>/g, '&gt;'))).join('');
}

/** Programs a note may name a command of. */
const COMMAND = /(?:(: )|( \()|( with ))((?:curl|meshgen|kubectl|istioctl|helm|flux|argocd|git) (?:-|[a-z-]+ )[^;()]*?)(?=\)|; | \(|$)/g;

/**
 * A step's note as markdown lines: prose, with every command it names (`install it with:
 * curl ...`, `run: meshgen synth ...`) taken out into a ```sh block of its own.
 */
export function noteLines(note: string): string[] {
  const out: string[] = [];
  let at = 0;
  let text = '';
  for (const m of note.matchAll(COMMAND)) {
    text += note.slice(at, m.index) + (m[3] ? ' with:' : ':');
    out.push(prose(text.trim()), '', '```sh', m[4].trim(), '```', '');
    at = m.index! + m[0].length + (m[2] ? 1 : 0); // a command in parentheses takes its closing one
    text = '';
  }
  const rest = note.slice(at).replace(/^[;,]?\s*/, '');
  if (rest) out.push(prose(rest));
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

/** One step: its id and cluster, its title, its commands in a code block, its note. */
export function stepLines(s: PlanStep): string[] {
  const lines = [`- **\`${s.id}\`** [${s.cluster ?? 'workstation'}] ${prose(s.title)}`];
  const indent = (l: string) => (l ? `  ${l}` : '');
  if (s.commands.length > 0) lines.push('', ...['```sh', ...s.commands, '```'].map(indent));
  if (s.note) lines.push('', ...noteLines(s.note).map(indent));
  lines.push('');
  return lines;
}

/**
 * The steps grouped by phase (consecutive steps of one phase), each group folded when the runbook is long.
 * @param heading the markdown heading of a group when not folded
 */
export function runbookLines(steps: readonly PlanStep[], heading = '###', fold = steps.length > FOLD_STEPS): string[] {
  const groups: { phase: Phase; steps: PlanStep[] }[] = [];
  for (const s of steps) {
    const p = phaseOf(s);
    if (groups.length > 0 && groups[groups.length - 1].phase === p) groups[groups.length - 1].steps.push(s);
    else groups.push({ phase: p, steps: [s] });
  }
  const seen = new Set<Phase>();
  const lines: string[] = [];
  for (const g of groups) {
    const title = `${PHASE_TITLE[g.phase]}${seen.has(g.phase) ? ' (continued)' : ''}`;
    seen.add(g.phase);
    const clusters = [...new Set(g.steps.map((s) => s.cluster).filter((c): c is string => c !== undefined))];
    const where = clusters.length === 0 ? 'workstation' : clusters.length <= 5 ? clusters.join(', ') : `${clusters.length} clusters`;
    if (fold) lines.push('<details>', `<summary><b>${title}</b>: ${g.steps.length} step${g.steps.length === 1 ? '' : 's'} (${where})</summary>`, '');
    else lines.push(`${heading} ${title}`, '');
    // one line at a time: a phase of a large mesh has tens of thousands, too many to spread into push()
    for (const step of g.steps) for (const line of stepLines(step)) lines.push(line);
    if (fold) lines.push('</details>', '');
  }
  return lines;
}
