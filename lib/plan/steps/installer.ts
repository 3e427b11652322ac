import { ISTIO_CHART_RELEASES, IstioChart, istioChartsOf, istiodRelease } from '../../names/helm';
import {
  CLUSTER_FILES, controlPlaneFile, controlPlaneFileOf as controlPlaneFileInBundle, HELM_DIRS, HELM_REVISION_TAGS_FILE, REVISION_TAGS_FILE, SAIL_FILES, SAIL_REVISION_TAGS_FILE, sailIstioFile,
} from '../../names/bundle-layout';
import { RevisionPlan, revisionsOf } from '../revisions';
import { Installer } from '../../mesh-spec/types';
import { istioctlBinary } from './tools';
import { cniNamespace } from '../../mesh-spec/istio-values';
import { SAIL_ISTIO_NAME } from '../../names/sail';
import { EAST_WEST_GATEWAY_NAME, READER_SERVICE_ACCOUNT } from '../../names/objects';
import { ClusterPlan, gatewayAddressArgv, MeshPlan } from '../planner';
import { isReadByPrimary } from '../remote-secrets';
import { Action, Fact, kubectl, PlanStep, run, step, StepContext, waitFor } from './step';
import { ambientControlPlaneTitle, gatewayApiCrds, isAmbient, sailAmbientActions } from './ambient';

/** The file a remote's control plane is written to, per installer (absent until its address is known). */
export function controlPlaneFileOf(mesh: MeshPlan): string {
  return controlPlaneFileInBundle(mesh.istio);
}

/** The istioctl binary a revision is installed with: `istioctl` (on the PATH, spec.istio.version), or the canary's download. */
export function istioctlOf(mesh: MeshPlan, rev: RevisionPlan): 'istioctl' | `istio-${string}/bin/istioctl` {
  return rev.version === mesh.istio.version ? 'istioctl' : istioctlBinary(rev.version);
}

/** The revision tags file of the installer (spec.istio.tags), relative to the cluster's bundle. */
export function revisionTagsFileOf(installer: Installer): string {
  if (installer === 'sail') return SAIL_REVISION_TAGS_FILE;
  return installer === 'helm' ? HELM_REVISION_TAGS_FILE : REVISION_TAGS_FILE;
}

/** What the installer needs on the workstation or the cluster before it installs anything there. */
function installerNeeds(mesh: MeshPlan, c: ClusterPlan): Fact[] {
  if (mesh.istio.installer === 'sail') return [{ kind: 'sail-operator', cluster: c.name }];
  if (mesh.istio.installer === 'helm') return [{ kind: 'helm-repo' }];
  // spec.istio.canary: its control plane is installed with the canary's istioctl (tools.ts)
  return revisionsOf(mesh.istio).map((r): Fact => ({ kind: 'cli', name: istioctlOf(mesh, r) }));
}

/** The Helm releases of a cluster's control plane (base, istiod), also for a remote whose address is still missing. */
function controlPlaneReleases(mesh: MeshPlan, c: ClusterPlan): ControlPlaneRelease[] {
  // a remote installs istiod (remote profile) once the address is in the spec: the plan has that step already
  // one istio/cni release: spec.istio.cni (between base and istiod, in its own namespace on
  // OpenShift) or ambient mode (after istiod, then ztunnel)
  // with revisions: an istiod release per revision (spec.istio.canary at its own version)
  const ns = mesh.istio.namespace;
  return istioChartsOf({ role: c.role, remotePilotAddress: c.remotePilotAddress ?? 'pending', eastWestGateway: false, ambient: isAmbient(mesh) }, mesh.istio.cni === true)
    .flatMap((chart): ControlPlaneRelease[] => (chart === 'istiod'
      ? revisionsOf(mesh.istio).map((r) => ({ chart, ...istiodRelease(r.name), namespace: ns, version: r.version }))
      : [{ chart, ...ISTIO_CHART_RELEASES[chart], namespace: chart === 'cni' && mesh.istio.cni ? cniNamespace(mesh.istio.platform, ns) : ns, version: mesh.istio.version }]));
}

interface ControlPlaneRelease {
  readonly chart: IstioChart;
  readonly releaseName: string;
  readonly valuesFile: string;
  readonly namespace: string;
  readonly version: string;
}

/** The commands that install (or re-install) a cluster's control plane; istioctl and helm wait for it. */
export function controlPlaneActions(mesh: MeshPlan, c: ClusterPlan, ctx: StepContext): Action[] {
  const dir = `${ctx.out}/${c.name}`;
  // spec.istio.tags: the revision tags after every revision's control plane
  const tags = mesh.istio.tags ? [run(...kubectl(c.context, 'apply', '-f', `${dir}/${revisionTagsFileOf(mesh.istio.installer)}`))] : [];
  if (mesh.istio.installer === 'sail') {
    return [...(isAmbient(mesh) ? sailAmbientActions(c, ctx) : []),
      ...revisionsOf(mesh.istio).map((r) => run(...kubectl(c.context, 'apply', '-f', `${dir}/${sailIstioFile(r.name)}`))), ...tags];
  }
  if (mesh.istio.installer === 'helm') {
    return [...controlPlaneReleases(mesh, c).map((r) => run('helm', 'upgrade', '--install', r.releaseName, `istio/${r.chart}`,
      '--version', r.version, '--namespace', r.namespace, '--create-namespace', '--kube-context', c.context,
      '-f', `${dir}/${HELM_DIRS.values}/${r.valuesFile}`, '--wait')), ...tags];
  }
  return [...revisionsOf(mesh.istio).map((r) => run(istioctlOf(mesh, r), 'install', '-y', `--context=${c.context}`, '-f', `${dir}/${controlPlaneFile(r.name)}`)), ...tags];
}

/** Sail: `kubectl wait` for each Istio resource's Ready condition (istiod is up and has patched its webhook). */
export function sailReadyActions(mesh: MeshPlan, c: ClusterPlan): Action[] {
  return revisionsOf(mesh.istio).map((r) => run(...kubectl(c.context, 'wait', '--for=condition=Ready', `istio/${r.name ?? SAIL_ISTIO_NAME}`, '--timeout=3m')));
}

/**
 * A cluster's control plane. A primary's makes istiod ready and its own injection
 * webhook complete; a remote's needs its primary's east-west gateway address in the
 * spec (remotePilotAddress), and its webhook stays without caBundle until the primary
 * reads it through the remote secret (lib/plan/steps/remote-secrets.ts).
 */
export function controlPlaneSteps(mesh: MeshPlan, c: ClusterPlan, ctx: StepContext): PlanStep[] {
  const ns = mesh.istio.namespace;
  const ambient = isAmbient(mesh);
  const tool = mesh.istio.installer === 'sail' ? (ambient ? ' (Sail IstioCNI, ZTunnel and Istio resources, profile ambient)' : ' (Sail Istio resource)')
    : mesh.istio.installer === 'helm' ? ` (charts ${controlPlaneReleases(mesh, c).map((r) => `istio/${r.chart}`).join(', ')})` : '';
  const title = ambient && mesh.istio.installer === 'istioctl' ? ambientControlPlaneTitle(c) : (c.role === 'primary'
    ? `Install the control plane (istiod) of ${c.name}${c.externalIstiod ? `, which also serves ${c.remotes.join(', ')}` : ''}`
    : `Install ${c.name} as a remote of ${c.primary}`) + tool;
  const needs: Fact[] = [...installerNeeds(mesh, c), { kind: 'namespace', cluster: c.name, name: ns }, { kind: 'cacerts', cluster: c.name }];
  if (c.role === 'remote') needs.push({ kind: 'spec-address', cluster: c.primary! });
  if (ambient) needs.push(gatewayApiCrds(c));
  const ready: Fact[] = c.role === 'primary'
    ? [{ kind: 'control-plane', cluster: c.name }, { kind: 'webhook-cabundle', cluster: c.name }]
    : [{ kind: 'control-plane', cluster: c.name }];
  const crds: Fact[] = mesh.istio.installer === 'sail' ? [] : [{ kind: 'crds', cluster: c.name }];
  const steps: PlanStep[] = [];
  if (mesh.istio.installer === 'sail' && mesh.istio.cni && !ambient) {
    // spec.istio.cni (issue #12): Sail's IstioCNI resource before the Istio resource, as Sail's docs order them
    // (in ambient mode the control-plane step applies istio-cni.yaml)
    const cni: Fact = { kind: 'istio-cni', cluster: c.name };
    needs.push(cni);
    steps.push(step({
      id: `istio-cni.${c.name}`,
      cluster: c.name,
      title: 'Install the Istio CNI node agent (Sail IstioCNI resource)',
      actions: [
        run(...kubectl(c.context, 'apply', '-f', `${ctx.out}/${c.name}/${SAIL_FILES.istioCni}`)),
        run(...kubectl(c.context, 'wait', '--for=condition=Ready', `istiocni/${SAIL_ISTIO_NAME}`, '--timeout=3m')),
      ],
      needs: installerNeeds(mesh, c),
      makes: [cni],
    }));
  }
  if (mesh.istio.installer !== 'sail' || c.role === 'remote') {
    return [...steps, step({ id: `control-plane.${c.name}`, cluster: c.name, title, actions: controlPlaneActions(mesh, c, ctx), needs, makes: [...ready, ...crds] })];
  }
  return [
    ...steps,
    step({ id: `control-plane.${c.name}`, cluster: c.name, title, actions: controlPlaneActions(mesh, c, ctx), needs, makes: [{ kind: 'istio-resource', cluster: c.name }] }),
    step({
      id: `control-plane-ready.${c.name}`,
      cluster: c.name,
      title: `Wait for the control plane of ${c.name} to be ready`,
      actions: sailReadyActions(mesh, c),
      needs: [{ kind: 'istio-resource', cluster: c.name }],
      makes: ready,
    }),
  ];
}

/**
 * Sail remotes only: the reader token Secret on its own, since the Sail bundle also
 * holds the east-west gateway, which must wait for the remote secret.
 */
export function readerTokenStep(mesh: MeshPlan, c: ClusterPlan, ctx: StepContext): PlanStep {
  return step({
    id: `reader-token.${c.name}`,
    cluster: c.name,
    title: `Create the reader token Secret that ${c.primary}'s remote secret for ${c.name} is made from`,
    actions: [
      waitFor(kubectl(c.context, '-n', mesh.istio.namespace, 'get', 'serviceaccount', READER_SERVICE_ACCOUNT), 'succeeds', 300, 2),
      run(...kubectl(c.context, 'apply', '-f', `${ctx.out}/${c.name}/${CLUSTER_FILES.remoteSecretReader}`)),
    ],
    note: `the Sail operator creates the ServiceAccount ${READER_SERVICE_ACCOUNT} (Kubernetes deletes a token Secret whose ServiceAccount does not exist); ` +
      `the bundle applied later holds the Secret too; it comes first because ${c.name}'s east-west gateway must wait for the remote secret`,
    needs: [{ kind: 'control-plane', cluster: c.name }, { kind: 'namespace', cluster: c.name, name: mesh.istio.namespace }],
    makes: [{ kind: 'reader-token', cluster: c.name }],
  });
}

/** Whether a primary reads this cluster (lib/plan/remote-secrets.ts): its bundle holds the reader token Secret. */
export function isRead(mesh: MeshPlan, c: ClusterPlan): boolean {
  return isReadByPrimary(mesh, c);
}

/**
 * `kubectl apply -k <out>/<cluster>`: the exposures, the reader token Secret, and with
 * Sail the east-west gateway and the Istio resource (pods: only once the webhook is complete).
 */
export function bundleStep(mesh: MeshPlan, c: ClusterPlan, ctx: StepContext): PlanStep {
  const ambient = isAmbient(mesh);
  // Sail's east-west gateway objects, and in ambient mode the Gateway (every installer), are in the bundle.
  const sailGateway = (mesh.istio.installer === 'sail' || ambient) && c.eastWestGateway;
  const exposed = [c.exposeIstiod ? 'istiod' : '', c.exposeServices ? 'services (*.local)' : ''].filter(Boolean);
  const read = isRead(mesh, c);
  const parts = [
    sailGateway ? (ambient ? 'the east-west gateway (Gateway class istio-east-west, HBONE on 15008)' : 'the east-west gateway') : '',
    exposed.length ? `expose ${exposed.join(' and ')} through the east-west gateway` : '',
    read && !(mesh.istio.installer === 'sail' && c.role === 'remote') ? 'the reader token Secret for remote secrets' : '',
  ].filter(Boolean);
  const needs: Fact[] = [{ kind: 'crds', cluster: c.name }, { kind: 'namespace', cluster: c.name, name: mesh.istio.namespace }];
  const makes: Fact[] = [{ kind: 'bundle', cluster: c.name }];
  if (mesh.istio.installer === 'sail') needs.push({ kind: 'control-plane', cluster: c.name }, { kind: 'webhook-cabundle', cluster: c.name });
  else if (ambient) needs.push({ kind: 'control-plane', cluster: c.name });
  if (ambient && c.eastWestGateway) needs.push(gatewayApiCrds(c));
  if (sailGateway) makes.push({ kind: 'east-west-gateway', cluster: c.name });
  if (c.exposeIstiod) makes.push({ kind: 'istiod-exposed', cluster: c.name });
  if (read) makes.push({ kind: 'reader-token', cluster: c.name });
  return step({
    id: `bundle.${c.name}`,
    cluster: c.name,
    title: 'Apply the bundle' + (parts.length ? `: ${parts.join('; ')}` : ''),
    actions: [run(...kubectl(c.context, 'apply', '-k', `${ctx.out}/${c.name}`))],
    needs,
    makes,
  });
}

/**
 * The east-west gateway with istioctl or the istio/gateway chart (Sail's is in the
 * bundle), then the wait for its pods and its address. Its pods are injected: the
 * cluster's webhook must have its caBundle first.
 */
export function gatewaySteps(mesh: MeshPlan, c: ClusterPlan, ctx: StepContext): PlanStep[] {
  if (!c.eastWestGateway) return [];
  const ns = mesh.istio.namespace;
  const steps: PlanStep[] = [];
  const needs: Fact[] = [...installerNeeds(mesh, c), { kind: 'control-plane', cluster: c.name }, { kind: 'webhook-cabundle', cluster: c.name }];
  const ambient = isAmbient(mesh);
  if (mesh.istio.installer === 'istioctl' && !ambient) {
    steps.push(step({
      id: `east-west-gateway.${c.name}`,
      cluster: c.name,
      title: `Install the east-west gateway of ${c.name}`,
      actions: [run('istioctl', 'install', '-y', `--context=${c.context}`, '-f', `${ctx.out}/${c.name}/${CLUSTER_FILES.eastWestGateway}`)],
      needs,
      makes: [{ kind: 'east-west-gateway', cluster: c.name }],
    }));
  } else if (mesh.istio.installer === 'helm' && !ambient) {
    steps.push(step({
      id: `east-west-gateway.${c.name}`,
      cluster: c.name,
      title: `Install the east-west gateway of ${c.name} (chart istio/gateway)`,
      actions: [run('helm', 'upgrade', '--install', EAST_WEST_GATEWAY_NAME, 'istio/gateway', '--version', mesh.istio.version,
        '--namespace', ns, '--kube-context', c.context, '-f', `${ctx.out}/${c.name}/${HELM_DIRS.values}/eastwest-gateway.values.yaml`)],
      needs,
      makes: [{ kind: 'east-west-gateway', cluster: c.name }],
    }));
  }
  const address = gatewayAddressArgv(c.context, ns);
  steps.push(step({
    id: `gateway-address.${c.name}`,
    cluster: c.name,
    title: `Wait for ${mesh.istio.installer === 'istioctl' && !ambient ? '' : 'the pods and '}the address of ${c.name}'s east-west gateway`,
    actions: [
      ...(mesh.istio.installer === 'istioctl' && !ambient ? [] : [run(...kubectl(c.context, '-n', ns, 'rollout', 'status', `deployment/${EAST_WEST_GATEWAY_NAME}`, '--timeout=5m'))]),
      waitFor(address, 'non-empty'),
      run(...address),
    ],
    needs: [{ kind: 'east-west-gateway', cluster: c.name }, ...(c.metallb ? [{ kind: 'load-balancer', cluster: c.name } as const] : [])],
    makes: [{ kind: 'gateway-address', cluster: c.name }],
  }));
  return steps;
}
