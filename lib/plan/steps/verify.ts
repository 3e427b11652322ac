import { VERIFY_JOB_NAME } from '../../names/objects';
import { VERIFY_DIR } from '../../names/bundle-layout';
import { MeshPlan } from '../planner';
import { remoteSecretReaders } from '../remote-secrets';
import { meshNetworksAddressed } from './addresses';
import { Fact, kubectl, PlanStep, run, step, StepContext } from './step';

/** What must hold before traffic across the mesh can be verified: every cluster installed, read and reachable. */
export function meshInstalledNeeds(mesh: MeshPlan): Fact[] {
  const needs: Fact[] = [{ kind: 'mesh-synced' }];
  for (const c of mesh.clusters) {
    needs.push({ kind: 'bundle', cluster: c.name }, { kind: 'webhook-cabundle', cluster: c.name });
    if (c.eastWestGateway) needs.push({ kind: 'gateway-address', cluster: c.name });
  }
  // With spec.gitops a changed meshNetworks reaches istiod by synth again and push (no re-install step).
  if (!mesh.gitops && meshNetworksAddressed(mesh).length > 0) {
    for (const c of mesh.clusters) if (c.role === 'primary') needs.push({ kind: 'mesh-networks', cluster: c.name });
  }
  return needs;
}

/** `istioctl remote-clusters` on every primary: each lists the clusters it reads as synced. */
export function remoteClustersStep(mesh: MeshPlan): PlanStep {
  const primaries = mesh.clusters.filter((c) => c.role === 'primary');
  const readers = new Set(remoteSecretReaders(mesh));
  return step({
    id: 'remote-clusters',
    title: 'Verify: every primary sees the clusters it reads, and cross-network traffic works',
    actions: primaries.map((p) => run('istioctl', 'remote-clusters', `--context=${p.context}`)),
    note: mesh.verify
      ? 'each remote cluster should be listed as synced'
      : 'each remote cluster should be listed as synced; then deploy helloworld v1/v2 and curl as in Istio\'s "Verify the installation" guide (or set spec.verify)',
    needs: [
      { kind: 'cli', name: 'istioctl' },
      ...primaries.map((p): Fact => ({ kind: 'control-plane', cluster: p.name })),
      ...primaries.filter((p) => readers.has(p.name)).map((p): Fact => ({ kind: 'remote-secrets', on: p.name })),
    ],
    makes: [{ kind: 'mesh-synced' }],
  });
}

/** Each cluster's wait for its verification Job, which fails unless it saw every helloworld version. */
export function verifyWaitSteps(mesh: MeshPlan, untilCreated: boolean): PlanStep[] {
  const v = mesh.verify!;
  return mesh.clusters.map((c) => step({
    id: `verify.${c.name}`,
    cluster: c.name,
    title: `Verify: ${c.name} reaches helloworld ${v.expected.join(' and ')} (${v.requests} calls through the mesh)`,
    actions: [
      ...(untilCreated ? [{ kind: 'wait', argv: kubectl(c.context, '-n', v.namespace, 'get', `job/${VERIFY_JOB_NAME}`), until: 'succeeds', timeoutSeconds: 300, intervalSeconds: 2 } as const] : []),
      run(...kubectl(c.context, '-n', v.namespace, 'wait', '--for=condition=complete', `job/${VERIFY_JOB_NAME}`, '--timeout=600s')),
    ],
    note: `on failure or timeout: kubectl --context=${c.context} -n ${v.namespace} logs job/${VERIFY_JOB_NAME} -c verify`,
    needs: [{ kind: 'verify-workload', cluster: c.name }],
    makes: [{ kind: 'verified', cluster: c.name }],
  }));
}

/**
 * With `spec.verify` (not propagated by Karmada): deploy the verification bundles on
 * every cluster, then wait for each cluster's Job.
 */
export function verifySteps(mesh: MeshPlan, ctx: StepContext): PlanStep[] {
  const v = mesh.verify;
  if (!v || mesh.karmada?.verify) return [];
  const where = (version: string) => v.clusters.filter((c) => c.versions.includes(version as never)).map((c) => c.cluster).join(', ');
  return [
    step({
      id: 'verify-workload',
      title: `Deploy helloworld (${v.expected.map((e) => `${e} on ${where(e)}`).join(', ')}), ${v.client} and the verification Job on every cluster`,
      actions: mesh.clusters.flatMap((c) => [
        run(...kubectl(c.context, '-n', v.namespace, 'delete', 'job', VERIFY_JOB_NAME, '--ignore-not-found')),
        run(...kubectl(c.context, 'apply', '-k', `${ctx.out}/${c.name}/${VERIFY_DIR}`)),
      ]),
      note: 'the Job is deleted first so that it runs again (a Job runs once)',
      needs: meshInstalledNeeds(mesh),
      makes: mesh.clusters.map((c): Fact => ({ kind: 'verify-workload', cluster: c.name })),
    }),
    ...verifyWaitSteps(mesh, false),
  ];
}
