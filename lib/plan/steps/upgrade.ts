import { SpecError } from '../../errors';
import { shellQuote } from '../../names/shell';
import { CLUSTER_FILES, VERIFY_DIR } from '../../names/bundle-layout';
import { upgradeCommands } from './upgrade-commands';
import { istiodServiceName, revisionTagWebhookName } from '../../names/objects';
import { ClusterPlan, MeshPlan } from '../planner';
import { revisionsOf } from '../revisions';
import type { PlanStep } from './steps';

/**
 * A fact about the mesh during an upgrade (issue #13). Steps of `meshgen plan --from`
 * declare what they need and what they make; checkUpgradeOrder proves that every need
 * is made by an earlier step or was true before the upgrade. (The same idea as the
 * install plan's needs/makes; kept here until both share one Fact type.)
 */
export type UpgradeFact =
  /** The revision's control plane: istiod-<rev> ready on a primary, its webhook and Service on a remote. */
  | { readonly kind: 'control-plane'; readonly cluster: string; readonly revision: string }
  /** istiod-vs-<rev> routes the revision's SNI through the primary's east-west gateway. */
  | { readonly kind: 'expose'; readonly cluster: string; readonly revision: string }
  /** The east-west gateway runs the revision's proxy. */
  | { readonly kind: 'gateway'; readonly cluster: string; readonly revision: string }
  /** The tag's webhook points at the revision. */
  | { readonly kind: 'tag'; readonly cluster: string; readonly tag: string; readonly revision: string }
  /** The workloads of the namespaces that opted into the flipped tags run the new proxies. */
  | { readonly kind: 'restarted'; readonly cluster: string }
  /** The namespaces of the tags the new spec drops opted into one it keeps. */
  | { readonly kind: 'relabelled'; readonly cluster: string }
  /** The webhooks of the dropped tags are deleted. */
  | { readonly kind: 'untagged'; readonly cluster: string }
  | { readonly kind: 'verified' };

export function upgradeFactKey(f: UpgradeFact): string {
  const r = f as { kind: string; cluster?: string; tag?: string; revision?: string };
  return [r.kind, r.cluster, r.tag, r.revision].filter((x) => x !== undefined).join(':');
}

/** A step of an upgrade: an install-plan step with an id, what it needs and makes, and what to check before the next. */
export interface UpgradeStep extends PlanStep {
  readonly id: string;
  /** Commands whose output says whether it is safe to go on. */
  readonly check: readonly string[];
  readonly needs: readonly UpgradeFact[];
  readonly makes: readonly UpgradeFact[];
  /** The revision this step removes, for removal steps. */
  readonly removes?: string;
}

/** Two specs this plan cannot take one to the other: the path in the new spec and what to do. */
function fail(path: string, message: string): never {
  throw new SpecError([{ path, message }]);
}

/** What is true of the mesh the old spec describes, before the first step. */
export function factsOf(mesh: MeshPlan): UpgradeFact[] {
  const facts: UpgradeFact[] = [];
  const revs = revisionsOf(mesh.istio).map((r) => r.name ?? 'default');
  for (const c of mesh.clusters) {
    for (const revision of revs) facts.push({ kind: 'control-plane', cluster: c.name, revision });
    if (c.exposeIstiod) for (const revision of revs) facts.push({ kind: 'expose', cluster: c.name, revision });
    if (c.eastWestGateway) facts.push({ kind: 'gateway', cluster: c.name, revision: mesh.istio.revision ?? 'default' });
    for (const [tag, revision] of Object.entries(mesh.istio.tags ?? {})) facts.push({ kind: 'tag', cluster: c.name, tag, revision });
  }
  return facts;
}

/**
 * The steps that take the mesh of `from` to the mesh of `to`, revision by revision, in an
 * order that keeps traffic flowing: new control planes on the primaries, their expose
 * routes, the remotes' revisioned webhooks, the east-west gateways in place, the tag
 * flips, the workload restarts, the verification, and last the removal of revisions the
 * new spec no longer has. Throws a SpecError when the specs differ in a way this
 * plan does not cover (clusters, installer, namespace, a revision renamed to another release).
 */
export function upgradeSteps(from: MeshPlan, to: MeshPlan, out = 'dist', specFile = 'mesh.yaml'): UpgradeStep[] {
  checkComparable(from, to);
  // every value a person wrote (kubectl contexts, paths) enters the commands as one shell word
  to = { ...to, clusters: to.clusters.map((c) => ({ ...c, context: shellQuote(c.context) })) };
  out = shellQuote(out.replace(/(.)\/+$/, '$1'));
  specFile = shellQuote(specFile);
  const ns = to.istio.namespace;
  const file = (c: ClusterPlan, f: string) => `${out}/${c.name}/${f}`;
  const k = (c: ClusterPlan) => `kubectl --context=${c.context}`;
  const oldRevs = revisionsOf(from.istio);
  const newRevs = revisionsOf(to.istio);
  const oldNames = oldRevs.map((r) => r.name ?? 'default');
  const added = newRevs.filter((r) => !oldNames.includes(r.name ?? 'default'));
  const removed = oldRevs.filter((r) => !newRevs.some((n) => (n.name ?? 'default') === (r.name ?? 'default')));
  const primaries = to.clusters.filter((c) => c.role === 'primary');
  const remotes = to.clusters.filter((c) => c.role === 'remote');
  const byName = new Map(to.clusters.map((c) => [c.name, c]));
  const steps: UpgradeStep[] = [];
  const cp = (cluster: string, revision: string): UpgradeFact => ({ kind: 'control-plane', cluster, revision });

  const ops = upgradeCommands(to.istio.installer, out, ns);
  steps.push({
    id: 'synth', title: `Write the new spec's bundles (every file the steps below apply comes from ${out}/)`,
    commands: [`meshgen synth --spec ${specFile} --out ${out}`],
    note: 'commit them; keep the previous bundles (git history) for a rollback',
    check: [`meshgen diff --spec ${specFile} --against ${out}`], needs: [], makes: [],
  });
  for (const r of added) {
    const rev = r.name!;
    const tool = ops.tool(r, from.istio.version);
    if (tool) steps.push({ id: `tool.${rev}`, ...tool, needs: [], makes: [] });
    for (const p of primaries) {
      steps.push({
        id: `control-plane.${rev}.${p.name}`, cluster: p.name,
        title: `Install the ${rev} control plane (Istio ${r.version}) beside the running one on ${p.name}`,
        ...ops.controlPlane(p, r),
        note: 'workloads keep their proxies and their revision: nothing is injected by the new istiod until a tag points at it',
        needs: [], makes: [cp(p.name, rev)],
      });
    }
    for (const p of primaries.filter((c) => c.exposeIstiod)) {
      steps.push({
        id: `expose.${rev}.${p.name}`, cluster: p.name,
        title: `Expose istiod-${rev} through ${p.name}'s east-west gateway (istiod-vs-${rev}, SNI ${istiodServiceName(rev)}.${ns}.svc)`,
        commands: [`${k(p)} apply -f ${file(p, CLUSTER_FILES.exposeIstiod)}`],
        check: [`${k(p)} -n ${ns} get virtualservice istiod-vs-${rev}`],
        needs: [cp(p.name, rev)], makes: [{ kind: 'expose', cluster: p.name, revision: rev }],
      });
    }
    for (const c of remotes) {
      const p = byName.get(c.primary!)!;
      steps.push({
        id: `control-plane.${rev}.${c.name}`, cluster: c.name,
        title: `Install ${c.name}'s ${rev} webhooks and istiod-${rev} Service (remote of ${p.name})`,
        ...ops.controlPlane(c, r),
        note: `the webhook calls istiod-${rev} on ${p.name} through its east-west gateway; ${p.name}'s istiod-${rev} patches its caBundle through the remote secret`,
        needs: [cp(p.name, rev), ...(p.exposeIstiod ? [{ kind: 'expose', cluster: p.name, revision: rev } as UpgradeFact] : [])],
        makes: [cp(c.name, rev)],
      });
    }
  }

  const oldGw = from.istio.revision ?? 'default';
  const newGw = to.istio.revision ?? 'default';
  if (oldGw !== newGw) {
    const version = newRevs[0].version;
    for (const c of to.clusters.filter((x) => x.eastWestGateway)) {
      const served = c.role === 'primary' ? c.name : c.primary!;
      steps.push({
        id: `gateway.${c.name}`, cluster: c.name,
        title: `Upgrade ${c.name}'s east-west gateway in place to revision ${newGw} (Istio ${version})`,
        ...ops.gateway(c, version),
        note: 'the gateway keeps its Service and address; its pods roll one by one to the new proxy',
        needs: [cp(c.name, newGw), cp(served, newGw)], makes: [{ kind: 'gateway', cluster: c.name, revision: newGw }],
      });
    }
  }

  const oldTags = from.istio.tags ?? {};
  const newTags = to.istio.tags ?? {};
  const flipped = Object.keys(newTags).filter((t) => oldTags[t] !== newTags[t]).sort();
  for (const c of [...primaries, ...remotes]) {
    if (flipped.length === 0) break;
    const served = c.role === 'primary' ? c.name : c.primary!;
    const needs: UpgradeFact[] = [];
    for (const t of flipped) {
      for (const rev of [oldTags[t], newTags[t]]) {
        if (rev === undefined) continue;
        needs.push(cp(c.name, rev), cp(served, rev));
      }
    }
    steps.push({
      id: `tags.${c.name}`, cluster: c.name,
      title: `Point ${flipped.map((t) => `${t} at ${newTags[t]}`).join(', ')} on ${c.name}`,
      ...ops.tags(c, flipped.map((t) => [t, newTags[t]] as [string, string])),
      note: 'only new pods are affected; roll back by applying the previous bundle\'s tags again',
      needs: unique(needs), makes: flipped.map((t) => ({ kind: 'tag', cluster: c.name, tag: t, revision: newTags[t] })),
    });
  }
  for (const c of flipped.length > 0 ? to.clusters : []) {
    const selector = flipped.map((t) => `istio.io/rev=${t}`);
    steps.push({
      id: `restart.${c.name}`, cluster: c.name,
      title: `Restart the workloads of ${c.name}'s namespaces labelled ${selector.join(' or ')}`,
      commands: selector.map((s) => `for ns in $(${k(c)} get namespace -l ${s} -o jsonpath='{.items[*].metadata.name}'); do ${k(c)} -n "$ns" rollout restart deployment; done`),
      note: 'each Deployment rolls pod by pod; the new pods get the proxy of the revision their tag points at',
      check: [`istioctl --context=${c.context} proxy-status`],
      needs: flipped.map((t) => ({ kind: 'tag', cluster: c.name, tag: t, revision: newTags[t] })), makes: [{ kind: 'restarted', cluster: c.name }],
    });
  }
  // Tags the new spec drops: their namespaces move to a tag of the new spec (the one at the
  // same revision if any, else the first at spec.istio.revision) before the tag is deleted.
  const dropped = Object.keys(oldTags).filter((t) => newTags[t] === undefined).sort();
  const keptRevision = to.istio.revision ?? 'default';
  const relabel = dropped.map((t) => {
    const same = Object.keys(newTags).sort().find((n) => newTags[n] === oldTags[t]);
    const target = same ?? Object.keys(newTags).sort().find((n) => newTags[n] === keptRevision) ?? keptRevision;
    return { tag: t, target, restart: same === undefined };
  });
  for (const c of relabel.length > 0 ? to.clusters : []) {
    steps.push({
      id: `relabel.${c.name}`, cluster: c.name,
      title: `Move ${c.name}'s namespaces off the dropped tag${relabel.length > 1 ? 's' : ''} ${relabel.map((r) => `${r.tag} (to istio.io/rev=${r.target})`).join(', ')}`,
      commands: relabel.map((r) => `for ns in $(${k(c)} get namespace -l istio.io/rev=${r.tag} -o jsonpath='{.items[*].metadata.name}'); do ${k(c)} label namespace "$ns" istio.io/rev=${r.target} --overwrite${r.restart ? `; ${k(c)} -n "$ns" rollout restart deployment` : ''}; done`),
      note: relabel.some((r) => r.restart) ? 'the relabelled namespaces are restarted: their tag pointed at a revision that is removed below' : 'same revision: the pods keep their proxies, nothing restarts',
      check: relabel.map((r) => `${k(c)} get namespace -l istio.io/rev=${r.tag} -o name`),
      needs: [
        ...flipped.map((t) => ({ kind: 'tag', cluster: c.name, tag: t, revision: newTags[t] }) as UpgradeFact),
        ...(flipped.length > 0 ? [{ kind: 'restarted', cluster: c.name } as UpgradeFact] : []),
      ],
      makes: [{ kind: 'relabelled', cluster: c.name }],
    });
  }

  for (const c of dropped.length > 0 ? to.clusters : []) {
    steps.push({
      id: `untag.${c.name}`, cluster: c.name,
      title: `Delete the dropped tag${dropped.length > 1 ? 's' : ''} ${dropped.join(', ')} on ${c.name}`,
      commands: dropped.map((t) => `${k(c)} delete mutatingwebhookconfiguration ${revisionTagWebhookName(t, ns)} --ignore-not-found`),
      check: [], needs: [{ kind: 'relabelled', cluster: c.name }], makes: [{ kind: 'untagged', cluster: c.name }],
    });
  }
  if (to.verify) {
    steps.push({
      id: 'verify', title: 'Verify cross-network traffic again (the helloworld Job on every cluster)',
      commands: to.clusters.flatMap((c) => [
        `${k(c)} -n ${to.verify!.namespace} delete job verify --ignore-not-found`,
        `${k(c)} apply -k ${file(c, VERIFY_DIR)}`,
        `${k(c)} -n ${to.verify!.namespace} wait --for=condition=complete job/verify --timeout=600s`,
      ]),
      check: [], needs: to.clusters.flatMap((c) => [
        ...(flipped.length > 0 ? [{ kind: 'restarted', cluster: c.name } as UpgradeFact] : []),
        ...(relabel.length > 0 ? [{ kind: 'relabelled', cluster: c.name } as UpgradeFact] : []),
      ]),
      makes: [{ kind: 'verified' }],
    });
  }

  const settled: UpgradeFact[] = [
    ...(flipped.length > 0 ? to.clusters.map((c) => ({ kind: 'restarted', cluster: c.name }) as UpgradeFact) : []),
    ...(dropped.length > 0 ? to.clusters.map((c) => ({ kind: 'untagged', cluster: c.name }) as UpgradeFact) : []),
    ...(to.verify ? [{ kind: 'verified' } as UpgradeFact] : []),
  ];
  for (const r of removed) {
    const rev = r.name ?? 'default';
    // remotes first (their webhooks call the primary's istiod), then the routes, then the primaries
    for (const c of [...remotes, ...primaries]) {
      steps.push({
        id: `remove.${rev}.${c.name}`, cluster: c.name, removes: rev,
        title: `Remove revision ${rev} from ${c.name}`,
        commands: [
          ...(c.exposeIstiod && r.name ? [`${k(c)} -n ${ns} delete virtualservice istiod-vs-${r.name} --ignore-not-found`] : []),
          ...ops.remove(c, rev),
        ],
        note: `first check that no pod runs a ${rev} proxy any more (the command below prints nothing); otherwise restart it or roll back`,
        check: [`${k(c)} get pods -A -l istio.io/rev=${rev} -o name`],
        needs: [...settled, ...Object.entries(newTags).map(([tag, revision]) => ({ kind: 'tag', cluster: c.name, tag, revision }) as UpgradeFact)],
        makes: [],
      });
    }
  }
  return steps;
}

/**
 * Proves an upgrade order: every need is true before the upgrade (`initial`) or made by an
 * earlier step. Returns one line per problem.
 */
export function checkUpgradeOrder(steps: readonly UpgradeStep[], initial: readonly UpgradeFact[]): string[] {
  const made = new Set(initial.map(upgradeFactKey));
  const problems: string[] = [];
  steps.forEach((s, i) => {
    for (const f of s.needs) if (!made.has(upgradeFactKey(f))) problems.push(`step ${i + 1} (${s.id}) needs ${upgradeFactKey(f)}, which no earlier step makes`);
    for (const f of s.makes) made.add(upgradeFactKey(f));
  });
  return problems;
}

/** The upgrade plan as text: numbered steps, the cluster in brackets, commands and checks indented. */
export function formatUpgradePlan(from: MeshPlan, to: MeshPlan, steps: readonly UpgradeStep[]): string {
  const describe = (m: MeshPlan) => revisionsOf(m.istio).map((r) => `${r.name ?? 'default'} (Istio ${r.version})`).join(' + ');
  const lines = [`Upgrade plan for mesh ${to.meshId}: ${describe(from)} -> ${describe(to)}`, ''];
  if (steps.every((s) => s.id === 'synth')) lines.push('No revision or tag changes: both specs install the same revisions and tags.');
  const width = String(steps.length).length;
  const pad = ' '.repeat(width + 2);
  steps.forEach((s, i) => {
    lines.push(`${String(i + 1).padStart(width)}. [${s.cluster ?? 'all'}] ${s.title}`);
    for (const cmd of s.commands) lines.push(`${pad}  $ ${cmd}`);
    if (s.note) lines.push(`${pad}  # ${s.note}`);
    for (const cmd of s.check) lines.push(`${pad}  check: ${cmd}`);
  });
  lines.push('', 'Roll back at any point before the removal steps: apply the previous bundles\' revision-tags.yaml (the tags flip back) and restart the same namespaces.');
  return lines.join('\n') + '\n';
}

function unique(facts: readonly UpgradeFact[]): UpgradeFact[] {
  const seen = new Set<string>();
  return facts.filter((f) => (seen.has(upgradeFactKey(f)) ? false : (seen.add(upgradeFactKey(f)), true)));
}

function checkComparable(from: MeshPlan, to: MeshPlan): void {
  const names = (m: MeshPlan) => m.clusters.map((c) => `${c.name}:${c.role}:${c.primary ?? ''}`).join(',');
  if (names(from) !== names(to)) {
    fail('spec.clusters', 'the old and new specs have different clusters or roles; plan --from upgrades the same clusters, add or remove clusters with a separate synth and plan');
  }
  if (from.istio.installer !== to.istio.installer) {
    fail('spec.istio.installer', `"${from.istio.installer}" -> "${to.istio.installer}": plan --from keeps the installer; moving a mesh to another installer is a new install`);
  }
  if (from.istio.namespace !== to.istio.namespace) {
    fail('spec.istio.namespace', `"${from.istio.namespace}" -> "${to.istio.namespace}" moves the control plane; plan --from keeps the namespace`);
  }
  const versions = new Map(revisionsOf(from.istio).map((r) => [r.name ?? 'default', r.version]));
  for (const r of revisionsOf(to.istio)) {
    const before = versions.get(r.name ?? 'default');
    if (before !== undefined && before !== r.version) {
      fail('spec.istio', `revision "${r.name ?? 'default'}" runs Istio ${before} in the old spec and ${r.version} in the new one; a canary upgrade installs the new release under a new revision (spec.istio.canary), e.g. ${r.version.replace(/\./g, '-')}`);
    }
  }
}
