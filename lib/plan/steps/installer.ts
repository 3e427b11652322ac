import { ISTIO_CHART_RELEASES, ISTIO_HELM_REPO, istioChartsOf } from '../../names/helm';
import { AMBIENT_FILES, HELM_DIRS, SAIL_FILES } from '../../names/bundle-layout';
import { cniNamespace } from '../../mesh-spec/istio-values';
import { SAIL_ISTIO_NAME } from '../../names/sail';
import { ClusterPlan, gatewayAddressCommand, MeshPlan } from '../planner';
import type { PlanStep } from './steps';
import { ambientBundleStep, isAmbient } from './ambient';

/** The file a remote's control plane is written to, per installer (absent until its address is known). */
export function controlPlaneFileOf(mesh: MeshPlan): string {
  if (mesh.istio.installer === 'sail') return SAIL_FILES.istio;
  if (mesh.istio.installer === 'helm') return `${HELM_DIRS.values}/istiod.values.yaml`;
  return 'istioctl/control-plane.yaml';
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
    note: 'the commands below install with the helm CLI; with spec.gitops, Argo CD or Flux install the same charts instead',
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
    // spec.istio.cni (issue #12): the CNI node agent before the control plane, as Sail's docs order them.
    // (In ambient mode the control-plane step below applies istio-cni.yaml.)
    if (mesh.istio.cni && !isAmbient(mesh)) {
      steps.push({
        cluster: c.name,
        title: 'Install the Istio CNI node agent (Sail IstioCNI resource)',
        commands: [`${kubectl} apply -f ${dir}/${SAIL_FILES.istioCni}`, `${kubectl} wait --for condition=Ready istiocni/${SAIL_ISTIO_NAME} --timeout=3m`],
      });
    }
    if (hasControlPlane) {
      steps.push({
        cluster: c.name,
        title: `${title} (${isAmbient(mesh) ? 'Sail IstioCNI, ZTunnel and Istio resources, profile ambient' : 'Sail Istio resource'})`,
        commands: [
          // ambient: the Sail docs create IstioCNI and ZTunnel (with their namespaces) before Istio
          ...(isAmbient(mesh) ? [`${kubectl} apply -f ${dir}/${AMBIENT_FILES.istioCni}`, `${kubectl} apply -f ${dir}/${AMBIENT_FILES.ztunnel}`] : []),
          `${kubectl} apply -f ${dir}/${SAIL_FILES.istio}`,
          ...(c.role === 'primary' ? [`${kubectl} wait --for condition=Ready istio/${SAIL_ISTIO_NAME} --timeout=3m`] : []),
        ],
        ...(c.role === 'remote' ? { note: `its pods, the east-west gateway included, are injected by ${c.primary}'s istiod once ${c.primary} has the remote secret below; restart any created before with kubectl rollout restart` } : {}),
      });
    }
  } else {
    // One istio/cni release: spec.istio.cni (between base and istiod, in its own namespace
    // on OpenShift) or ambient mode (after istiod).
    const releases = istioChartsOf({ ...c, ambient: isAmbient(mesh) }, mesh.istio.cni === true).filter((chart) => chart !== 'gateway').map((chart) => ({
      chart, ...ISTIO_CHART_RELEASES[chart], namespace: chart === 'cni' && mesh.istio.cni ? cniNamespace(mesh.istio.platform, ns) : ns,
    }));
    steps.push({
      cluster: c.name,
      title: `${title} (charts ${releases.map((r) => `istio/${r.chart}`).join(', ')})`,
      commands: releases.map((r) => `helm upgrade --install ${r.releaseName} istio/${r.chart} --version ${mesh.istio.version} --namespace ${r.namespace} --create-namespace --kube-context ${c.context} -f ${dir}/${HELM_DIRS.values}/${r.valuesFile} --wait`),
    });
  }

  if (isAmbient(mesh)) return [...steps, ambientBundleStep(mesh, c, out, field)];
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
