import { SpecError } from '../../errors';
import { CLUSTER_FILES, VERIFY_DIR } from '../../names/bundle-layout';
import { istiodServiceName, VERIFY_JOB_NAME } from '../../names/objects';
import { argvText } from './step';
import { ClusterPlan, MeshPlan } from '../planner';
import { revisionsOf } from '../revisions';
import { MeshState } from '../upgrade-state';
import { checkPlanOrder } from './order';
import { Fact, kubectl, pipe, PlanStep, run, step, StepOptions, stepContext } from './step';
import { istioctlBinary, istioctlReleaseStep } from './tools';
import { upgradeCommands } from './upgrade-commands';

/** Two specs this plan cannot take one to the other: the path in the new spec and what to do. */
function fail(path: string, message: string): never {
  throw new SpecError([{ path, message }]);
}

const rev = (cluster: string, name: string): Fact => ({ kind: 'revision', cluster, name });
const tagFact = (cluster: string, tag: string, revision: string): Fact => ({ kind: 'tag', cluster, name: `${tag}=${revision}` });

/** What is true of the running mesh the old spec describes, before the first step of an upgrade. */
export function factsOf(mesh: MeshState): Fact[] {
  const facts: Fact[] = [];
  const revs = revisionsOf(mesh.istio).map((r) => r.name ?? 'default');
  for (const c of mesh.clusters) {
    for (const r of revs) facts.push(rev(c.name, r));
    if (c.exposeIstiod) for (const r of revs) facts.push({ kind: 'revision-exposed', cluster: c.name, name: r });
    if (c.eastWestGateway) facts.push({ kind: 'gateway-revision', cluster: c.name, name: mesh.istio.revision ?? 'default' });
    for (const [tag, r] of Object.entries(mesh.istio.tags ?? {})) facts.push(tagFact(c.name, tag, r));
  }
  return facts;
}

/**
 * Proves an upgrade order with the install plan's checker: every need is true of the
 * running mesh (`initial`) or made by an earlier step. One line per problem.
 */
export function checkUpgradeOrder(steps: readonly PlanStep[], initial: readonly Fact[]): string[] {
  return checkPlanOrder([{ id: 'running-mesh', needs: [], makes: initial }, ...steps]);
}

/**
 * The steps that take the mesh of `from` to the mesh of `to` (`meshgen plan --from`),
 * revision by revision, in an order that keeps traffic flowing: the new bundles, new
 * control planes on the primaries, their expose routes, the remotes' revisioned webhooks,
 * the east-west gateways in place, the tag flips, the workload restarts, the
 * verification, and last the removal of the revisions the new spec no longer has. Each
 * step declares what it needs and makes (the install plan's facts); checkUpgradeOrder
 * proves the order. Throws a SpecError when the specs differ in a way this plan does not
 * cover (clusters, installer, namespace, GitOps, a revision moved to another release).
 */
export function upgradeSteps(from: MeshState, to: MeshPlan, opts: StepOptions = {}): PlanStep[] {
  checkComparable(from, to);
  const ctx = stepContext(opts);
  const ns = to.istio.namespace;
  const oldRevs = revisionsOf(from.istio);
  const newRevs = revisionsOf(to.istio);
  const oldNames = oldRevs.map((r) => r.name ?? 'default');
  const added = newRevs.filter((r) => !oldNames.includes(r.name ?? 'default'));
  const removed = oldRevs.filter((r) => !newRevs.some((n) => (n.name ?? 'default') === (r.name ?? 'default')));
  const primaries = to.clusters.filter((c) => c.role === 'primary');
  const remotes = to.clusters.filter((c) => c.role === 'remote');
  const byName = new Map(to.clusters.map((c) => [c.name, c]));
  const served = (c: ClusterPlan) => (c.role === 'primary' ? c : byName.get(c.primary!)!);
  const written: Fact = { kind: 'bundles-written' };
  const istioctl = (version: string) => (version === from.istio.version ? 'istioctl' : istioctlBinary(version));
  const cli = (version: string): Fact[] => (to.istio.installer === 'istioctl' ? [{ kind: 'cli', name: istioctl(version) as 'istioctl' }] : []);
  const ops = upgradeCommands(to.istio.installer, ctx.out, ns, istioctl);
  const steps: PlanStep[] = [];

  steps.push(step({
    id: 'synth',
    title: `Write the new spec's bundles (every file the steps below apply comes from ${ctx.out}/)`,
    actions: [run('meshgen', 'synth', '--spec', ctx.specFile, '--out', ctx.out)],
    note: 'commit them; keep the previous bundles (git history) for a rollback',
    checks: [argvText(['meshgen', 'diff', '--spec', ctx.specFile, '--against', ctx.out])],
    makes: [written],
  }));
  // istioctl installs each revision (and upgrades the gateways) with its own release's binary.
  const oldGw = from.istio.revision ?? 'default';
  const newGw = to.istio.revision ?? 'default';
  const gatewayVersion = newRevs[0].version;
  const releases = new Set([...added.map((r) => r.version), ...(oldGw !== newGw ? [gatewayVersion] : [])]);
  releases.delete(from.istio.version);
  if (to.istio.installer === 'istioctl') {
    steps.push(step({
      id: 'istioctl',
      title: `Use istioctl ${from.istio.version} (the release the mesh runs now)`,
      actions: [run('istioctl', 'version', '--remote=false')],
      makes: [{ kind: 'cli', name: 'istioctl' }],
    }));
    for (const v of [...releases].sort()) steps.push(istioctlReleaseStep(v, `the Istio ${v} files are installed with it; istioctl ${from.istio.version} stays for the revision running now`));
  }

  for (const r of added) {
    const name = r.name!;
    for (const p of primaries) {
      steps.push(step({
        id: `control-plane-${name}.${p.name}`, cluster: p.name,
        title: `Install the ${name} control plane (Istio ${r.version}) beside the running one on ${p.name}`,
        ...ops.controlPlane(p, r),
        note: 'workloads keep their proxies and their revision: nothing is injected by the new istiod until a tag points at it',
        needs: [written, ...cli(r.version)], makes: [rev(p.name, name)],
      }));
    }
    for (const p of primaries.filter((c) => c.exposeIstiod)) {
      steps.push(step({
        id: `expose-${name}.${p.name}`, cluster: p.name,
        title: `Expose istiod-${name} through ${p.name}'s east-west gateway (istiod-vs-${name}, SNI ${istiodServiceName(name)}.${ns}.svc)`,
        actions: [run(...kubectl(p.context, 'apply', '-f', `${ctx.out}/${p.name}/${CLUSTER_FILES.exposeIstiod}`))],
        note: 'the file holds the routes of every revision; the running revision\'s stay as they are',
        checks: [argvText(kubectl(p.context, '-n', ns, 'get', 'virtualservice', `istiod-vs-${name}`))],
        needs: [written, rev(p.name, name)], makes: [{ kind: 'revision-exposed', cluster: p.name, name }],
      }));
    }
    for (const c of remotes) {
      const p = served(c);
      steps.push(step({
        id: `control-plane-${name}.${c.name}`, cluster: c.name,
        title: `Install ${c.name}'s ${name} webhooks and istiod-${name} Service (a remote of ${p.name})`,
        ...ops.controlPlane(c, r),
        note: `the webhook calls istiod-${name} on ${p.name} through its east-west gateway; ${p.name}'s istiod-${name} patches its caBundle through the remote secret`,
        needs: [written, ...cli(r.version), rev(p.name, name), ...(p.exposeIstiod ? [{ kind: 'revision-exposed', cluster: p.name, name } as Fact] : [])],
        makes: [rev(c.name, name)],
      }));
    }
  }

  if (oldGw !== newGw) {
    for (const c of to.clusters.filter((x) => x.eastWestGateway)) {
      steps.push(step({
        id: `gateway.${c.name}`, cluster: c.name,
        title: `Upgrade ${c.name}'s east-west gateway in place to revision ${newGw} (Istio ${gatewayVersion})`,
        ...ops.gateway(c, gatewayVersion),
        note: 'the gateway keeps its Service and address; its pods roll one by one to the new proxy',
        needs: [written, ...cli(gatewayVersion), rev(c.name, newGw), rev(served(c).name, newGw)],
        makes: [{ kind: 'gateway-revision', cluster: c.name, name: newGw }],
      }));
    }
  }

  const oldTags = from.istio.tags ?? {};
  const newTags = to.istio.tags ?? {};
  const flipped = Object.keys(newTags).filter((t) => oldTags[t] !== newTags[t]).sort();
  for (const c of flipped.length > 0 ? [...primaries, ...remotes] : []) {
    const needs: Fact[] = [written];
    for (const t of flipped) {
      for (const r of [oldTags[t], newTags[t]]) if (r !== undefined) needs.push(rev(c.name, r), rev(served(c).name, r));
    }
    steps.push(step({
      id: `tags.${c.name}`, cluster: c.name,
      title: `Point ${flipped.map((t) => `${t} at ${newTags[t]}`).join(', ')} on ${c.name}`,
      ...ops.tags(c, flipped.map((t) => [t, newTags[t]] as const)),
      note: 'only new pods are affected; roll back by applying the previous bundle\'s tags again',
      needs: unique(needs), makes: flipped.map((t) => tagFact(c.name, t, newTags[t])),
    }));
  }
  for (const c of flipped.length > 0 ? to.clusters : []) {
    const selectors = flipped.map((t) => `istio.io/rev=${t}`);
    steps.push(step({
      id: `restart.${c.name}`, cluster: c.name,
      title: `Restart the workloads of ${c.name}'s namespaces labelled ${selectors.join(' or ')}`,
      actions: selectors.map((s) => pipe(namespacesLabelled(c, s), ['xargs', '-r', '-n1', 'kubectl', `--context=${c.context}`, 'rollout', 'restart', 'deployment', '-n'])),
      note: 'each Deployment rolls pod by pod; the new pods get the proxy of the revision their tag points at',
      checks: [argvText(['istioctl', 'proxy-status', `--context=${c.context}`])],
      needs: flipped.map((t) => tagFact(c.name, t, newTags[t])), makes: [{ kind: 'restarted', cluster: c.name }],
    }));
  }
  // Tags the new spec drops: their namespaces move to a tag of the new spec (the one at the
  // same revision if any, else the first at spec.istio.revision) before the tag is deleted.
  const dropped = Object.keys(oldTags).filter((t) => newTags[t] === undefined).sort();
  const relabel = dropped.map((t) => {
    const same = Object.keys(newTags).sort().find((n) => newTags[n] === oldTags[t]);
    const target = same ?? Object.keys(newTags).sort().find((n) => newTags[n] === newGw) ?? newGw;
    return { tag: t, target, restart: same === undefined };
  });
  const settledTags = (c: ClusterPlan): Fact[] => [
    ...flipped.map((t) => tagFact(c.name, t, newTags[t])),
    ...(flipped.length > 0 ? [{ kind: 'restarted', cluster: c.name } as Fact] : []),
  ];
  for (const c of relabel.length > 0 ? to.clusters : []) {
    steps.push(step({
      id: `relabel.${c.name}`, cluster: c.name,
      title: `Move ${c.name}'s namespaces off the dropped tag${relabel.length > 1 ? 's' : ''} ${relabel.map((r) => `${r.tag} (to istio.io/rev=${r.target})`).join(', ')}`,
      actions: relabel.map((r) => pipe(namespacesLabelled(c, `istio.io/rev=${r.tag}`), ['xargs', '-r', '-n1', 'sh', '-c',
        `kubectl --context="$0" label namespace "$1" istio.io/rev=${r.target} --overwrite${r.restart ? ' && kubectl --context="$0" -n "$1" rollout restart deployment' : ''}`, c.context])),
      note: relabel.some((r) => r.restart) ? 'the relabelled namespaces are restarted: their tag pointed at a revision that is removed below' : 'same revision: the pods keep their proxies, nothing restarts',
      checks: relabel.map((r) => argvText(kubectl(c.context, 'get', 'namespace', '-l', `istio.io/rev=${r.tag}`, '-o', 'name'))),
      needs: settledTags(c), makes: [{ kind: 'relabelled', cluster: c.name }],
    }));
  }
  for (const c of dropped.length > 0 ? to.clusters : []) {
    steps.push(step({
      id: `untag.${c.name}`, cluster: c.name,
      title: `Delete the dropped tag${dropped.length > 1 ? 's' : ''} ${dropped.join(', ')} on ${c.name}`,
      actions: ops.untag(c, dropped),
      needs: [{ kind: 'relabelled', cluster: c.name }], makes: [{ kind: 'untagged', cluster: c.name }],
    }));
  }
  if (to.verify) {
    const v = to.verify;
    for (const c of to.clusters) {
      steps.push(step({
        id: `verify.${c.name}`, cluster: c.name,
        title: `Verify cross-network traffic again from ${c.name} (the helloworld Job)`,
        actions: [
          run(...kubectl(c.context, '-n', v.namespace, 'delete', 'job', VERIFY_JOB_NAME, '--ignore-not-found')),
          run(...kubectl(c.context, 'apply', '-k', `${ctx.out}/${c.name}/${VERIFY_DIR}`)),
          run(...kubectl(c.context, '-n', v.namespace, 'wait', '--for=condition=complete', `job/${VERIFY_JOB_NAME}`, '--timeout=600s')),
        ],
        note: `on failure: kubectl --context=${c.context} -n ${v.namespace} logs job/${VERIFY_JOB_NAME} -c verify; roll back by flipping the tags back`,
        needs: [written, ...settledTags(c), ...(relabel.length > 0 ? [{ kind: 'relabelled', cluster: c.name } as Fact] : [])],
        makes: [{ kind: 'verified', cluster: c.name }],
      }));
    }
  }

  for (const r of removed) {
    const name = r.name ?? 'default';
    // remotes first (their webhooks call the primary's istiod), then the primaries
    for (const c of [...remotes, ...primaries]) {
      const settled: Fact[] = [
        ...Object.entries(newTags).map(([tag, target]) => tagFact(c.name, tag, target)),
        ...(flipped.length > 0 ? [{ kind: 'restarted', cluster: c.name } as Fact] : []),
        ...(dropped.length > 0 ? [{ kind: 'untagged', cluster: c.name } as Fact] : []),
        ...(to.verify ? to.clusters.map((x): Fact => ({ kind: 'verified', cluster: x.name })) : []),
        ...(c.eastWestGateway ? [{ kind: 'gateway-revision', cluster: c.name, name: newGw } as Fact] : []),
        ...(c.role === 'primary' ? remotes.filter((x) => x.primary === c.name).map((x): Fact => ({ kind: 'revision-removed', cluster: x.name, name })) : []),
      ];
      steps.push(step({
        id: `remove-${name}.${c.name}`, cluster: c.name,
        title: `Remove revision ${name} from ${c.name}`,
        actions: [
          { kind: 'check', argv: kubectl(c.context, 'get', 'pods', '-A', '-l', `istio.io/rev=${name},security.istio.io/tlsMode`, '-o', 'name'), equals: '', otherwise: `pods on ${c.name} still run a ${name} proxy: restart them (their namespace's tag points at a kept revision) or roll back` },
          ...(c.exposeIstiod && r.name ? [run(...kubectl(c.context, '-n', ns, 'delete', 'virtualservice', `istiod-vs-${r.name}`, '--ignore-not-found'))] : []),
          ...ops.remove(c, name),
        ],
        note: `first no pod may run a ${name} proxy any more (checked: injected pods carry istio.io/rev and security.istio.io/tlsMode); the removal cannot be rolled back by flipping tags`,
        needs: settled,
        makes: [{ kind: 'revision-removed', cluster: c.name, name }],
      }));
    }
  }
  const problems = checkUpgradeOrder(steps, factsOf(from));
  if (problems.length > 0) throw new Error(`upgrade plan out of order: ${problems.join('; ')}`);
  return steps;
}

/** The namespaces with a label, as names on one line (`kubectl get namespace -l ... -o jsonpath`). */
function namespacesLabelled(c: ClusterPlan, selector: string): string[] {
  return kubectl(c.context, 'get', 'namespace', '-l', selector, '-o', 'jsonpath={.items[*].metadata.name}');
}

/** The upgrade plan's first line: the revisions of the running mesh and of the new spec. */
export function upgradeHeading(from: MeshState, to: MeshState): string {
  const describe = (m: MeshState) => revisionsOf(m.istio).map((r) => `${r.name ?? 'default'} (Istio ${r.version})`).join(' + ');
  return `Upgrade plan for mesh ${to.meshId}: ${describe(from)} -> ${describe(to)}`;
}

export const ROLLBACK_NOTE = 'Roll back at any point before the removal steps: apply the previous bundles\' revision tags file (the tags flip back) and restart the same namespaces; see docs/upgrades.md.';

/** The upgrade plan as text: numbered steps, the cluster in brackets, commands, notes and checks indented. */
export function formatUpgradePlan(from: MeshState, to: MeshState, steps: readonly PlanStep[]): string {
  const lines = [upgradeHeading(from, to), ''];
  if (steps.every((s) => s.id === 'synth' || s.id === 'istioctl')) lines.push('No revision or tag changes: both specs install the same revisions and tags.');
  const width = String(steps.length).length;
  const pad = ' '.repeat(width + 2);
  steps.forEach((s, i) => {
    lines.push(`${String(i + 1).padStart(width)}. [${s.cluster ?? 'all'}] ${s.title}`);
    for (const cmd of s.commands) lines.push(`${pad}  $ ${cmd}`);
    if (s.note) lines.push(`${pad}  # ${s.note}`);
    for (const cmd of s.checks ?? []) lines.push(`${pad}  check: ${cmd}`);
  });
  lines.push('', ROLLBACK_NOTE);
  return lines.join('\n') + '\n';
}

function unique(facts: readonly Fact[]): Fact[] {
  const seen = new Set<string>();
  return facts.filter((f) => {
    const key = JSON.stringify(f);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

function checkComparable(from: MeshState, to: MeshState): void {
  const names = (m: MeshState) => m.clusters.map((c) => `${c.name}:${c.role}:${c.primary ?? ''}`).join(',');
  if (names(from) !== names(to)) {
    fail('spec.clusters', 'the old and new specs have different clusters or roles; plan --from upgrades the same clusters, add or remove clusters with a separate synth and plan');
  }
  if (from.istio.installer !== to.istio.installer) {
    fail('spec.istio.installer', `"${from.istio.installer}" -> "${to.istio.installer}": plan --from keeps the installer; moving a mesh to another installer is a new install`);
  }
  if (from.istio.namespace !== to.istio.namespace) {
    fail('spec.istio.namespace', `"${from.istio.namespace}" -> "${to.istio.namespace}" moves the control plane; plan --from keeps the namespace`);
  }
  if (from.gitops || to.gitops) {
    fail('spec.gitops', 'plan --from prints kubectl/helm/istioctl steps, which would fight the GitOps controller; commit the new bundles and let it sync them, flipping tags in a later commit (docs/upgrades.md "With GitOps")');
  }
  const versions = new Map(revisionsOf(from.istio).map((r) => [r.name ?? 'default', r.version]));
  for (const r of revisionsOf(to.istio)) {
    const before = versions.get(r.name ?? 'default');
    if (before !== undefined && before !== r.version) {
      fail('spec.istio', `revision "${r.name ?? 'default'}" runs Istio ${before} in the old spec and ${r.version} in the new one; a canary upgrade installs the new release under a new revision (spec.istio.canary), e.g. ${r.version.replace(/\./g, '-')}`);
    }
  }
}
