import { CLUSTER_FILES, controlPlaneFile, REVISION_TAGS_FILE } from '../../names/bundle-layout';
import { revisionsOf } from '../revisions';
import { shellQuote } from '../../names/shell';
import { controlPlaneFileOf, installerClusterSteps, installerToolSteps } from './installer';
import { kialiSteps, metallbSteps, verifySteps } from './local-obs';
import { karmadaControlPlaneSteps, karmadaVerifySteps } from './karmada';
import { ClusterPlan, gatewayAddressCommand, MeshPlan } from '../planner';
import { DEFAULT_SECRETS_DIR } from '../../names/defaults';

/** One step of the install: what to run, on which cluster. */
export interface PlanStep {
  /** The cluster the commands run against; undefined for steps on the workstation. */
  readonly cluster?: string;
  readonly title: string;
  /** Shell commands, in order. */
  readonly commands: readonly string[];
  /** Why, or what to check. */
  readonly note?: string;
}

export interface StepOptions {
  /** The output directory the bundles were written to, as the user typed it. @default 'dist' */
  readonly outDir?: string;
  /** The spec file, for the "run synth again" step. @default 'mesh.yaml' */
  readonly specFile?: string;
  /** Where synth wrote the cacerts Secrets. @default '.meshgen/secrets' */
  readonly secretsDir?: string;
  /** synth ran with --include-secrets (the Secrets are in the bundles). @default false */
  readonly includeSecrets?: boolean;
  /**
   * How a step names a field of a cluster in the spec.
   * @default `spec.clusters[<index in the file>].<field>`
   */
  readonly clusterField?: (cluster: ClusterPlan, field: string) => string;
}

/**
 * The ordered steps that install the mesh from its bundles: namespaces first, then
 * each primary (control plane, east-west gateway, exposed istiod and services), then
 * each remote, then the remote secrets, then verification.
 */
export function planSteps(plan: MeshPlan, options: StepOptions = {}): PlanStep[] {
  // Every value a person wrote (kubectl contexts, paths) enters the commands below as one shell word.
  const mesh = withShellWords(plan);
  const opts = { ...options, ...(options.secretsDir !== undefined ? { secretsDir: shellQuote(options.secretsDir.replace(/(.)\/+$/, '$1')) } : {}) };
  const out = shellQuote((opts.outDir ?? 'dist').replace(/(.)\/+$/, '$1'));
  const specFile = shellQuote(opts.specFile ?? 'mesh.yaml');
  const ns = mesh.istio.namespace;
  const steps: PlanStep[] = [];
  const file = (c: ClusterPlan, f: string) => `${out}/${c.name}/${f}`;
  const field = opts.clusterField ?? ((c: ClusterPlan, f: string) => `spec.clusters[${c.specIndex}].${f}`);
  const byName = new Map(mesh.clusters.map((c) => [c.name, c]));

  steps.push({
    title: `Use istioctl ${mesh.istio.version} (the release the bundles are written for)`,
    commands: ['istioctl version --remote=false'],
    note: `install it with: curl -L https://istio.io/downloadIstio | ISTIO_VERSION=${mesh.istio.version} sh -` +
      (mesh.istio.installer === 'istioctl' ? '' : '; with this installer istioctl is used only for the verification (istioctl remote-clusters)'),
  });
  if (mesh.istio.installer !== 'istioctl') steps.push(...installerToolSteps(mesh));
  steps.push(...karmadaControlPlaneSteps(mesh, out, opts));
  for (const c of mesh.clusters) {
    if (mesh.karmada?.namespace) break; // propagated from the karmada-apiserver
    steps.push({
      cluster: c.name,
      title: `Create namespace ${ns} labelled topology.istio.io/network=${c.network}` +
        (c.primary ? ` and annotated topology.istio.io/controlPlaneClusters=${c.primary}` : ''),
      commands: [`kubectl --context=${c.context} apply -f ${file(c, CLUSTER_FILES.namespace)}`],
    });
  }
  if (!mesh.karmada?.cacerts) steps.push(...caSteps(mesh, out, opts));

  const installCluster = (c: ClusterPlan) => {
    steps.push(...metallbSteps(c, out));
    const missing = mesh.missingAddresses.find((m) => m.remote === c.name);
    if (missing) {
      steps.push({
        cluster: c.name,
        title: `Render ${c.name}'s control plane once ${missing.primary}'s east-west gateway has an address`,
        commands: [missing.command, `meshgen synth --spec ${specFile} --out ${out}`],
        note: `set ${field(byName.get(missing.primary)!, 'eastWestGateway.address')} in ${specFile} to the address printed, then synth again: ${file(c, controlPlaneFileOf(mesh))} is not written until then`,
      });
    }
    if (mesh.istio.installer !== 'istioctl') {
      steps.push(...installerClusterSteps(mesh, c, out, field));
      return;
    }
    steps.push({
      cluster: c.name,
      title: c.role === 'primary'
        ? `Install the control plane (istiod) of ${c.name}${c.externalIstiod ? `, which also serves ${c.remotes.join(', ')}` : ''}`
        : `Install ${c.name} as a remote of ${c.primary}`,
      commands: [
        ...revisionsOf(mesh.istio).map((r) => `istioctl install -y --context=${c.context} -f ${file(c, controlPlaneFile(r.name))}`),
        ...(mesh.istio.tags ? [`kubectl --context=${c.context} apply -f ${file(c, REVISION_TAGS_FILE)}`] : []),
      ],
      ...(mesh.istio.canary ? { note: `install ${controlPlaneFile(mesh.istio.canary.revision)} with istioctl ${mesh.istio.canary.version}, the other with istioctl ${mesh.istio.version}` } : {}),
    });
    if (c.eastWestGateway) {
      steps.push({
        cluster: c.name,
        title: `Install the east-west gateway of ${c.name} and wait for its address`,
        commands: [
          `istioctl install -y --context=${c.context} -f ${file(c, CLUSTER_FILES.eastWestGateway)}`,
          `until [ -n "$(${gatewayAddressCommand(c.context, ns)})" ]; do sleep 5; done`,
          gatewayAddressCommand(c.context, ns),
        ],
        ...(c.eastWestGatewayAddress
          ? { note: `the spec says ${c.eastWestGatewayAddress}; if the address printed differs, update ${field(c, 'eastWestGateway.address')} and synth again` }
          : {}),
      });
    }
    const exposed = [c.exposeIstiod ? 'istiod' : '', c.exposeServices ? 'services (*.local)' : ''].filter(Boolean);
    const read = mesh.remoteSecrets.some((s) => s.target === c.name);
    steps.push({
      cluster: c.name,
      title: (exposed.length ? `Apply the bundle: expose ${exposed.join(' and ')} through the east-west gateway` : 'Apply the bundle') +
        (read ? `${exposed.length ? ';' : ':'} the reader token Secret for remote secrets` : ''),
      commands: [`kubectl --context=${c.context} apply -k ${out}/${c.name}`],
    });
  };
  mesh.clusters.filter((c) => c.role === 'primary').forEach(installCluster);
  mesh.clusters.filter((c) => c.role === 'remote').forEach(installCluster);

  for (const s of mesh.remoteSecrets) {
    const reader = byName.get(s.reader)!;
    const target = byName.get(s.target)!;
    steps.push({
      cluster: reader.name,
      title: `Give ${reader.name}'s istiod access to the API server of ${target.name} (remote secret)`,
      commands: [`meshgen remote-secret --cluster ${target.name} --context=${target.context}${ns === 'istio-system' ? '' : ` --namespace ${ns}`} | kubectl apply -f - --context=${reader.context}`],
      note: `reads the token Secret of ${out}/${target.name}/${CLUSTER_FILES.remoteSecretReader} (applied above) with the kubeconfig kubectl uses ($KUBECONFIG or ~/.kube/config; --kubeconfig to choose); ` +
        `or write every secret at once with: meshgen remote-secret --all --spec ${specFile}`,
    });
  }

  const primaries = mesh.clusters.filter((c) => c.role === 'primary');
  steps.push({
    title: 'Verify: every primary sees the clusters it reads, and cross-network traffic works',
    commands: primaries.map((p) => `istioctl remote-clusters --context=${p.context}`),
    note: mesh.verify
      ? 'each remote cluster should be listed as synced'
      : 'each remote cluster should be listed as synced; then deploy helloworld v1/v2 and curl as in Istio\'s "Verify the installation" guide (or set spec.verify)',
  });
  steps.push(...kialiSteps(mesh, out, specFile));
  steps.push(...(mesh.karmada?.verify ? karmadaVerifySteps(mesh, out) : verifySteps(mesh, out)));
  return steps;
}

/**
 * The plan as the step builders use it: every kubectl context (the clusters', the
 * karmada-apiserver's) replaced by `shellQuote(context)`, so that a command written as
 * `kubectl --context=${c.context}` passes it as one argument whatever it holds
 * (`x; touch /tmp/p #` stays a context name; an EKS ARN is left as it is).
 */
function withShellWords(mesh: MeshPlan): MeshPlan {
  return {
    ...mesh,
    clusters: mesh.clusters.map((c) => ({ ...c, context: shellQuote(c.context) })),
    ...(mesh.karmada ? { karmada: { ...mesh.karmada, context: shellQuote(mesh.karmada.context) } } : {}),
  };
}

/** Steps that give every cluster its plug-in CA, before Istio is installed. */
function caSteps(mesh: MeshPlan, out: string, opts: StepOptions): PlanStep[] {
  const ns = mesh.istio.namespace;
  const secrets = (opts.secretsDir ?? DEFAULT_SECRETS_DIR).replace(/\/+$/, '');
  switch (mesh.ca.mode) {
    case 'none':
      return [{
        title: 'No plug-in CA (spec.ca.mode: none)',
        commands: [],
        note: 'each istiod signs with its own self-signed root, so clusters do not trust each other and cross-cluster mTLS fails; fine for a single cluster only',
      }];
    case 'cert-manager':
      return mesh.clusters.map((c) => ({
        cluster: c.name,
        title: `Let cert-manager issue ${c.name}'s intermediate CA (the cacerts Secret) from the mesh root`,
        commands: [
          `kubectl --context=${c.context} -n ${ns} create secret tls ${mesh.ca.rootSecretName} --cert=root-cert.pem --key=root-key.pem`,
          `kubectl --context=${c.context} apply -f ${out}/${c.name}/${CLUSTER_FILES.certManager}`,
          `kubectl --context=${c.context} -n ${ns} wait --for=condition=Ready certificate/cacerts --timeout=2m`,
        ],
        note: 'needs cert-manager installed in the cluster; root-cert.pem / root-key.pem are your mesh root, kept out of Git',
      }));
    default:
      return mesh.clusters.map((c) => ({
        cluster: c.name,
        title: `Create the cacerts Secret: ${c.name}'s intermediate CA under the mesh root`,
        commands: [opts.includeSecrets
          ? `kubectl --context=${c.context} apply -f ${out}/${c.name}/${CLUSTER_FILES.cacerts}`
          : `kubectl --context=${c.context} apply -f ${secrets}/${c.name}/${CLUSTER_FILES.cacerts}`],
        ...(opts.includeSecrets ? {} : { note: 'holds a private key: it is written outside the bundle by meshgen synth, never commit it' }),
      }));
  }
}

/** The plan as text: numbered steps, the cluster in brackets, commands indented. */
export function formatPlan(mesh: MeshPlan, steps: readonly PlanStep[]): string {
  const lines = [
    `Plan for mesh ${mesh.meshId}: Istio ${mesh.istio.version} with ${mesh.istio.installer}, ` +
    `${mesh.clusters.length} cluster${mesh.clusters.length === 1 ? '' : 's'} on ${mesh.networks.length} network${mesh.networks.length === 1 ? '' : 's'}`,
    '',
  ];
  const width = String(steps.length).length;
  steps.forEach((s, i) => {
    lines.push(`${String(i + 1).padStart(width)}. [${s.cluster ?? 'all'}] ${s.title}`);
    for (const cmd of s.commands) lines.push(`${' '.repeat(width + 2)}  $ ${cmd}`);
    if (s.note) lines.push(`${' '.repeat(width + 2)}  # ${s.note}`);
  });
  return lines.join('\n') + '\n';
}
