import { CLUSTER_FILES, controlPlaneFile, HELM_DIRS, SAIL_FILES, sailIstioFile } from '../../names/bundle-layout';
import { ISTIO_CHART_RELEASES, istiodRelease } from '../../names/helm';
import { EAST_WEST_GATEWAY_NAME, istiodServiceName, revisionTagWebhookName } from '../../names/objects';
import { Installer } from '../../mesh-spec/types';
import { ClusterPlan } from '../planner';
import { RevisionPlan } from '../revisions';
import { revisionTagsFileOf } from './installer';
import { Action, argvText, kubectl, run, waitEquals, waitFor } from './step';

/** What an upgrade step runs (waits included, as the install plan has them) and what to check after it. */
export interface Commands {
  readonly actions: readonly Action[];
  readonly checks: readonly string[];
}

/** The parts of the upgrade steps that differ between installers (lib/plan/steps/upgrade.ts orders them). */
export interface UpgradeCommands {
  controlPlane(c: ClusterPlan, rev: RevisionPlan): Commands;
  gateway(c: ClusterPlan, version: string): Commands;
  tags(c: ClusterPlan, tags: readonly (readonly [string, string])[]): Commands;
  untag(c: ClusterPlan, tags: readonly string[]): Action[];
  remove(c: ClusterPlan, rev: string): Action[];
}

/** The istioctl binary of a release: `istioctl` on the PATH for the release the mesh runs now, else the downloaded one. */
export type IstioctlOf = (version: string) => string;

/**
 * The installer's commands of an upgrade: `out` the bundles' directory, `ns` the
 * control-plane namespace, `istioctl` the binary of each release.
 */
export function upgradeCommands(installer: Installer, out: string, ns: string, istioctl: IstioctlOf): UpgradeCommands {
  const file = (c: ClusterPlan, f: string) => `${out}/${c.name}/${f}`;
  const nsSuffix = ns === 'istio-system' ? '' : `-${ns}`;
  // A primary: istiod-<rev> rolled out. A remote: its primary's istiod-<rev>, reading it
  // through the remote secret, has given the revision's injection webhook its caBundle.
  const revisionUp = (c: ClusterPlan, rev: string): Action[] => (c.role === 'primary'
    ? [run(...kubectl(c.context, '-n', ns, 'rollout', 'status', `deployment/${istiodServiceName(rev)}`, '--timeout=5m'))]
    : [waitFor(kubectl(c.context, 'get', 'mutatingwebhookconfiguration', `istio-sidecar-injector-${rev}${nsSuffix}`,
      '-o', 'jsonpath={.webhooks[0].clientConfig.caBundle}'), 'non-empty', 300)]);
  const gatewayRolled = (c: ClusterPlan) => run(...kubectl(c.context, '-n', ns, 'rollout', 'status', `deployment/${EAST_WEST_GATEWAY_NAME}`, '--timeout=5m'));
  const proxyStatus = (c: ClusterPlan) => argvText(['istioctl', 'proxy-status', `--context=${c.context}`]);
  // The tag's webhook (istioctl, helm) carries the revision it points at in its istio.io/rev label.
  const tagWaits = (c: ClusterPlan, tags: readonly (readonly [string, string])[]) => tags.map(([tag, rev]) => waitEquals(
    kubectl(c.context, 'get', 'mutatingwebhookconfiguration', revisionTagWebhookName(tag, ns), '-o', 'jsonpath={.metadata.labels.istio\\.io/rev}'), rev, 60));
  const applyTags = (c: ClusterPlan) => run(...kubectl(c.context, 'apply', '-f', file(c, revisionTagsFileOf(installer))));
  const deleteTagWebhooks = (c: ClusterPlan, tags: readonly string[]) => tags.map((t) => run(...kubectl(c.context, 'delete', 'mutatingwebhookconfiguration', revisionTagWebhookName(t, ns), '--ignore-not-found')));

  if (installer === 'helm') {
    const gw = ISTIO_CHART_RELEASES.gateway;
    return {
      controlPlane: (c, rev) => {
        const r = istiodRelease(rev.name);
        return {
          actions: [
            run('helm', 'upgrade', '--install', r.releaseName, 'istio/istiod', '--version', rev.version, '--namespace', ns,
              '--kube-context', c.context, '-f', file(c, `${HELM_DIRS.values}/${r.valuesFile}`), '--wait'),
            ...revisionUp(c, rev.name!),
          ],
          checks: c.role === 'primary' ? [proxyStatus(c)] : [],
        };
      },
      gateway: (c, version) => ({
        actions: [
          run('helm', 'upgrade', '--install', gw.releaseName, 'istio/gateway', '--version', version, '--namespace', ns,
            '--kube-context', c.context, '-f', file(c, `${HELM_DIRS.values}/${gw.valuesFile}`)),
          gatewayRolled(c),
        ],
        checks: [`${proxyStatus(c)} | grep ${EAST_WEST_GATEWAY_NAME}`],
      }),
      tags: (c, tags) => ({ actions: [applyTags(c), ...tagWaits(c, tags)], checks: [] }),
      untag: deleteTagWebhooks,
      remove: (c, rev) => [run('helm', 'uninstall', istiodRelease(rev === 'default' ? undefined : rev).releaseName, '--namespace', ns, '--kube-context', c.context)],
    };
  }
  if (installer === 'sail') {
    return {
      controlPlane: (c, rev) => ({
        actions: [
          run(...kubectl(c.context, 'apply', '-f', file(c, sailIstioFile(rev.name)))),
          ...(c.role === 'primary' ? [run(...kubectl(c.context, 'wait', '--for=condition=Ready', `istio/${rev.name}`, '--timeout=5m'))] : []),
          ...revisionUp(c, rev.name!),
        ],
        checks: c.role === 'primary' ? [proxyStatus(c)] : [],
      }),
      gateway: (c) => ({
        // the gateway's pod template names the revision that injects it: applying it rolls the pods
        actions: [run(...kubectl(c.context, 'apply', '-f', file(c, SAIL_FILES.eastWestGateway))), gatewayRolled(c)],
        checks: [`${proxyStatus(c)} | grep ${EAST_WEST_GATEWAY_NAME}`],
      }),
      tags: (c, tags) => ({
        actions: [applyTags(c), ...tags.map(([tag, rev]) => waitEquals(kubectl(c.context, 'get', 'istiorevisiontag', tag, '-o', 'jsonpath={.status.istioRevision}'), rev, 60))],
        checks: [],
      }),
      untag: (c, tags) => tags.map((t) => run(...kubectl(c.context, 'delete', 'istiorevisiontag', t, '--ignore-not-found'))),
      remove: (c, rev) => [run(...kubectl(c.context, 'delete', 'istio', rev, '--ignore-not-found'))],
    };
  }
  return {
    controlPlane: (c, rev) => ({
      actions: [run(istioctl(rev.version), 'install', '-y', `--context=${c.context}`, '-f', file(c, controlPlaneFile(rev.name))), ...revisionUp(c, rev.name!)],
      checks: c.role === 'primary' ? [proxyStatus(c)] : [],
    }),
    gateway: (c, version) => ({
      actions: [run(istioctl(version), 'install', '-y', `--context=${c.context}`, '-f', file(c, CLUSTER_FILES.eastWestGateway)), gatewayRolled(c)],
      checks: [`${proxyStatus(c)} | grep ${EAST_WEST_GATEWAY_NAME}`],
    }),
    tags: (c, tags) => ({ actions: [applyTags(c), ...tagWaits(c, tags)], checks: [] }),
    untag: deleteTagWebhooks,
    remove: (c, rev) => [run('istioctl', 'uninstall', '-y', `--context=${c.context}`, '--revision', rev)],
  };
}
