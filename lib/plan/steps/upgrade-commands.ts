import { CLUSTER_FILES, controlPlaneFile, HELM_DIRS, HELM_REVISION_TAGS_FILE, REVISION_TAGS_FILE, SAIL_FILES, SAIL_REVISION_TAGS_FILE, sailIstioFile } from '../../names/bundle-layout';
import { ISTIO_CHART_RELEASES, istiodRelease } from '../../names/helm';
import { istiodServiceName, revisionTagWebhookName } from '../../names/objects';
import { Installer } from '../../mesh-spec/types';
import { ClusterPlan } from '../planner';
import { RevisionPlan } from '../revisions';

/** What a step runs and what to check after it, for one installer. */
export interface Commands {
  readonly commands: readonly string[];
  readonly check: readonly string[];
}

/** The commands of the upgrade steps that differ between installers. */
export interface UpgradeCommands {
  /** The workstation tool a new revision needs, if any. */
  tool(rev: RevisionPlan, current: string): (Commands & { title: string; note: string }) | undefined;
  controlPlane(c: ClusterPlan, rev: RevisionPlan): Commands;
  gateway(c: ClusterPlan, version: string): Commands;
  tags(c: ClusterPlan, tags: readonly [string, string][]): Commands;
  remove(c: ClusterPlan, rev: string): readonly string[];
}

export function upgradeCommands(installer: Installer, out: string, ns: string): UpgradeCommands {
  const file = (c: ClusterPlan, f: string) => `${out}/${c.name}/${f}`;
  const k = (c: ClusterPlan) => `kubectl --context=${c.context}`;
  const istiodUp = (c: ClusterPlan, rev: string) => (c.role === 'primary'
    ? [`${k(c)} -n ${ns} rollout status deployment/${istiodServiceName(rev)} --timeout=5m`]
    : [`${k(c)} get mutatingwebhookconfiguration istio-sidecar-injector-${rev}${ns === 'istio-system' ? '' : `-${ns}`} -o jsonpath='{.webhooks[0].clientConfig.caBundle}' | head -c 20`]);
  const tagCheck = (c: ClusterPlan, [tag, rev]: [string, string]) =>
    `${k(c)} get mutatingwebhookconfiguration ${revisionTagWebhookName(tag, ns)} -o jsonpath='{.metadata.labels.istio\\.io/rev}'  # ${rev}`;
  if (installer === 'helm') {
    const gw = ISTIO_CHART_RELEASES.gateway;
    return {
      tool: () => undefined,
      controlPlane: (c, rev) => {
        const r = istiodRelease(rev.name);
        return {
          commands: [`helm upgrade --install ${r.releaseName} istio/istiod --version ${rev.version} --namespace ${ns} --kube-context ${c.context} -f ${file(c, `${HELM_DIRS.values}/${r.valuesFile}`)} --wait`],
          check: istiodUp(c, rev.name!),
        };
      },
      gateway: (c, version) => ({
        commands: [`helm upgrade --install ${gw.releaseName} istio/gateway --version ${version} --namespace ${ns} --kube-context ${c.context} -f ${file(c, `${HELM_DIRS.values}/${gw.valuesFile}`)}`],
        check: [`${k(c)} -n ${ns} rollout status deployment/istio-eastwestgateway --timeout=5m`],
      }),
      tags: (c, tags) => ({
        commands: [`${k(c)} apply -f ${file(c, HELM_REVISION_TAGS_FILE)}`],
        check: tags.map((t) => tagCheck(c, t)),
      }),
      remove: (c, rev) => [`helm uninstall ${istiodRelease(rev === 'default' ? undefined : rev).releaseName} --namespace ${ns} --kube-context ${c.context}`],
    };
  }
  if (installer === 'sail') {
    return {
      tool: () => undefined,
      controlPlane: (c, rev) => ({
        commands: [`${k(c)} apply -f ${file(c, sailIstioFile(rev.name))}`],
        check: [...(c.role === 'primary' ? [`${k(c)} wait --for condition=Ready istio/${rev.name} --timeout=5m`] : []), ...istiodUp(c, rev.name!)],
      }),
      gateway: (c) => ({
        commands: [`${k(c)} apply -f ${file(c, SAIL_FILES.eastWestGateway)}`],
        check: [`${k(c)} -n ${ns} rollout status deployment/istio-eastwestgateway --timeout=5m`],
      }),
      tags: (c, tags) => ({
        commands: [`${k(c)} apply -f ${file(c, SAIL_REVISION_TAGS_FILE)}`],
        check: tags.map(([tag, rev]) => `${k(c)} get istiorevisiontag ${tag} -o jsonpath='{.status.istioRevision}'  # ${rev}`),
      }),
      remove: (c, rev) => [`${k(c)} delete istio ${rev} --ignore-not-found`],
    };
  }
  return {
    tool: (rev, current) => ({
      title: `Use istioctl ${rev.version} for revision ${rev.name}`,
      commands: [`curl -L https://istio.io/downloadIstio | ISTIO_VERSION=${rev.version} sh -`],
      note: `the ${rev.name} files are installed with istio-${rev.version}/bin/istioctl; keep istioctl ${current} for the revision already running`,
      check: [`istio-${rev.version}/bin/istioctl version --remote=false`],
    }),
    controlPlane: (c, rev) => ({
      commands: [`istio-${rev.version}/bin/istioctl install -y --context=${c.context} -f ${file(c, controlPlaneFile(rev.name))}`],
      check: [...istiodUp(c, rev.name!), ...(c.role === 'primary' ? [`istioctl --context=${c.context} proxy-status`] : [])],
    }),
    gateway: (c, version) => ({
      commands: [`istio-${version}/bin/istioctl install -y --context=${c.context} -f ${file(c, CLUSTER_FILES.eastWestGateway)}`],
      check: [`${k(c)} -n ${ns} rollout status deployment/istio-eastwestgateway --timeout=5m`, `istioctl --context=${c.context} proxy-status | grep eastwestgateway`],
    }),
    tags: (c, tags) => ({
      commands: [`${k(c)} apply -f ${file(c, REVISION_TAGS_FILE)}`],
      check: tags.map((t) => tagCheck(c, t)),
    }),
    remove: (c, rev) => [`istioctl uninstall -y --context=${c.context} --revision ${rev}`],
  };
}
