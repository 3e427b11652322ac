import { ISTIO_CHART_RELEASES, ISTIO_HELM_REPO, istioChartsOf, istiodRelease } from '../../names/helm';
import { controlPlaneFile, HELM_DIRS, HELM_REVISION_TAGS_FILE, sailIstioFile } from '../../names/bundle-layout';
import { revisionsOf } from '../revisions';
import { SAIL_ISTIO_NAME } from '../../names/sail';
import { ClusterPlan, gatewayAddressCommand, MeshPlan } from '../planner';
import type { PlanStep } from './steps';

/** The file a remote's control plane is written to, per installer (absent until its address is known). */
export function controlPlaneFileOf(mesh: MeshPlan): string {
  if (mesh.istio.installer === 'sail') return sailIstioFile(mesh.istio.revision);
  if (mesh.istio.installer === 'helm') return `${HELM_DIRS.values}/${istiodRelease(mesh.istio.revision).valuesFile}`;
  return controlPlaneFile(mesh.istio.revision);
}

/** The first step for the sail and helm installers: the tool the bundles need. */
export function installerToolSteps(mesh: MeshPlan): PlanStep[] {
  const version = mesh.istio.version;
  if (mesh.istio.installer === 'sail') {
    return mesh.clusters.map((c) => ({
      cluster: c.name,
      title: `Install the Sail operator (a release that supports Istio v${version})`,
      commands: [
        'helm repo add sail-operator https://istio-ecosystem.github.io/sail-operator && helm repo update',
        `helm upgrade --install sail-operator sail-operator/sail-operator --version ${version} --namespace sail-operator --create-namespace --kube-context ${c.context}`,
      ],
      note: 'the operator also installs Istio\'s CRDs, which the bundle\'s Gateway objects need; OLM (OperatorHub) works too',
    }));
  }
  return [{
    title: `Add Istio's Helm repository (charts ${version})`,
    commands: [`helm repo add istio ${ISTIO_HELM_REPO}`, 'helm repo update istio'],
    note: 'the commands below install with the helm CLI; with spec.argocd, Argo CD can do the same instead: register each cluster under its name (argocd cluster add CONTEXT --name CLUSTER) and apply <out>/<cluster>/argocd/ to the cluster Argo CD runs in (the Applications sync in waves: base, istiod, gateway, then the bundle)',
  }];
}

/**
 * What installs one cluster's control plane, gateway and bundle with the sail or helm installer.
 * @param field how a step names a field of a cluster in the spec (StepOptions.clusterField)
 */
export function installerClusterSteps(
  mesh: MeshPlan, c: ClusterPlan, out: string,
  field: (cluster: ClusterPlan, f: string) => string = (cl, f) => `spec.clusters[${cl.specIndex}].${f}`,
): PlanStep[] {
  const ns = mesh.istio.namespace;
  const dir = `${out}/${c.name}`;
  const kubectl = `kubectl --context=${c.context}`;
  const steps: PlanStep[] = [];
  const title = c.role === 'primary'
    ? `Install the control plane (istiod) of ${c.name}${c.externalIstiod ? `, which also serves ${c.remotes.join(', ')}` : ''}`
    : `Install ${c.name} as a remote of ${c.primary}`;
  const hasControlPlane = c.role === 'primary' || c.remotePilotAddress !== undefined;
  if (mesh.istio.installer === 'sail') {
    if (hasControlPlane) {
      steps.push({
        cluster: c.name,
        title: `${title} (Sail Istio resource)`,
        commands: revisionsOf(mesh.istio).flatMap((r) => [
          `${kubectl} apply -f ${dir}/${sailIstioFile(r.name)}`,
          ...(c.role === 'primary' ? [`${kubectl} wait --for condition=Ready istio/${r.name ?? SAIL_ISTIO_NAME} --timeout=3m`] : []),
        ]),
        ...(c.role === 'remote' ? { note: `its pods, the east-west gateway included, are injected by ${c.primary}'s istiod once ${c.primary} has the remote secret below; restart any created before with kubectl rollout restart` } : {}),
      });
    }
  } else {
    const revs = revisionsOf(mesh.istio);
    const releases = istioChartsOf(c).filter((chart) => chart !== 'gateway').flatMap((chart): { chart: string; releaseName: string; valuesFile: string; version: string }[] => (chart === 'base'
      ? [{ chart, ...ISTIO_CHART_RELEASES.base, version: mesh.istio.version }]
      : revs.map((r) => ({ chart, ...istiodRelease(r.name), version: r.version }))));
    steps.push({
      cluster: c.name,
      title: `${title} (charts ${releases.map((r) => `istio/${r.chart}`).join(', ')})`,
      commands: [...releases.map((r) => `helm upgrade --install ${r.releaseName} istio/${r.chart} --version ${r.version} --namespace ${ns} --create-namespace --kube-context ${c.context} -f ${dir}/${HELM_DIRS.values}/${r.valuesFile} --wait`),
        ...(mesh.istio.tags && releases.some((r) => r.chart === 'istiod') ? [`${kubectl} apply -f ${dir}/${HELM_REVISION_TAGS_FILE}`] : [])],
    });
  }

  const exposed = [c.exposeIstiod ? 'istiod' : '', c.exposeServices ? 'services (*.local)' : ''].filter(Boolean);
  const gatewayCommands = c.eastWestGateway
    ? [`until [ -n "$(${gatewayAddressCommand(c.context, ns)})" ]; do sleep 5; done`, gatewayAddressCommand(c.context, ns)]
    : [];
  if (mesh.istio.installer === 'helm' && c.eastWestGateway) {
    steps.push({
      cluster: c.name,
      title: `Install the east-west gateway of ${c.name} (chart istio/gateway) and wait for its address`,
      commands: [
        `helm upgrade --install istio-eastwestgateway istio/gateway --version ${mesh.istio.version} --namespace ${ns} --kube-context ${c.context} -f ${dir}/${HELM_DIRS.values}/eastwest-gateway.values.yaml`,
        ...gatewayCommands,
      ],
      ...(c.role === 'remote' ? { note: `its pods are injected by ${c.primary}'s istiod once ${c.primary} has the remote secret below; restart any created before with kubectl rollout restart` } : {}),
    });
  }
  const withGateway = mesh.istio.installer === 'sail' && c.eastWestGateway;
  steps.push({
    cluster: c.name,
    title: 'Apply the bundle' + (withGateway ? ': the east-west gateway' : '') +
      (exposed.length ? `${withGateway ? ', ' : ': '}expose ${exposed.join(' and ')} through the east-west gateway` : '') +
      (withGateway ? '; wait for the gateway\'s address' : ''),
    commands: [`${kubectl} apply -k ${dir}`, ...(withGateway ? gatewayCommands : [])],
    ...(c.eastWestGateway && c.eastWestGatewayAddress
      ? { note: `the spec says ${c.eastWestGatewayAddress}; if the address printed differs, update ${field(c, 'eastWestGateway.address')} and synth again` }
      : {}),
  });
  return steps;
}
