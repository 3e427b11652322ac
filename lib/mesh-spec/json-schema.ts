import { DNS1123_LABEL_MAX, DNS1123_LABEL_PATTERN, DNS1123_SUBDOMAIN_MAX, DNS1123_SUBDOMAIN_PATTERN, LABEL_VALUE_PATTERN } from '../names/dns';
import { DEFAULT_PKI_DIR } from '../names/defaults';
import { CHECKS_BEYOND_SCHEMA } from './beyond-schema';
import {
  EAST_WEST_GATEWAY_KEYS, EAST_WEST_GATEWAY_SERVICE_KEYS, QUANTITY, RESERVED_GATEWAY_LABELS, RESOURCES_KEYS, SERVICE_TYPES,
  TOLERATION_KEYS, TRAFFIC_POLICIES,
} from './east-west-gateway';
import { DEPRECATED_ARGOCD_KEYS, DESTINATION_KEYS, GIT_URL, GITOPS_KEYS } from './gitops';
import { ISTIO_VALUES_KEYS, KeyNode } from './istio-values';
import { DEFAULT_KARMADA_CONTEXT, FEDERATION_KEYS, KARMADA_KEYS } from './karmada';
import { KIALI_KEYS } from './kiali';
import { DEFAULT_DOCKER_NETWORK, DOCKER_NETWORK, LOAD_BALANCER_KEYS, METALLB_KEYS } from './load-balancer';
import { OPS, OVERLAY_KEYS } from './overlays';
import { CA_KEYS, CLUSTER_KEYS, defaultCa, ISTIO_KEYS, METADATA_KEYS, SPEC_KEYS, TOP_KEYS, VERSION } from './parse';
import {
  CA_KEY_ALGORITHMS, CA_MODES, DATAPLANES, DEFAULT_ISTIO_NAMESPACE, DEFAULT_ISTIO_VERSION, GITOPS_TOOLS, INSTALLERS,
  KARMADA_NETWORK_LABELS, KARMADA_PROPAGATED, KIALI_AUTHS, MESH_API_VERSION, MESH_KIND, MESH_NETWORKS_MODES, PLATFORMS, ROLES,
  VERIFY_CLIENTS,
} from './types';
import { DEFAULT_VERIFY_REQUESTS, HELLOWORLD_KEYS, VERIFY_KEYS } from './verify';
import { CANARY_KEYS } from './revisions';

/*
 * The JSON Schema of a Mesh spec (schemas/mesh.schema.json, draft-07), built from the
 * validator's own key lists, enums, patterns and defaults, so the two cannot drift:
 * `npm run schema:update` writes the file and test/mesh-spec/json-schema.test.ts fails
 * when the committed file differs. The validator (parse.ts and its files) stays the
 * truth: what JSON Schema cannot say (a remote's primary exists, MetalLB ranges do not
 * overlap ...) is listed by name in beyond-schema.ts.
 */

/** Where the schema is published inside the npm package (package.json `files`). */
export const MESH_SCHEMA_FILE = 'schemas/mesh.schema.json';

type Schema = Record<string, unknown>;

/** A string that is not empty or all blanks (kubectl contexts). */
const NOT_BLANK = '\\S';

/** The validator takes null for an absent optional field (YAML `key:` with no value). */
function nullable(s: Schema): Schema {
  const out: Schema = { ...s };
  if (typeof s.type === 'string') out.type = [s.type, 'null'];
  if (Array.isArray(s.enum)) out.enum = [...s.enum, null];
  return out;
}

const str = (description: string, extra: Schema = {}): Schema => ({ type: 'string', description, ...extra });
const oneOfStrings = (values: readonly string[], description: string, def?: string): Schema => ({ type: 'string', enum: [...values], description, ...(def !== undefined ? { default: def } : {}) });
const int = (min: number, max: number, description: string, def?: number): Schema => ({ type: 'integer', minimum: min, maximum: max, description, ...(def !== undefined ? { default: def } : {}) });
const dnsLabel = (description: string, example: string): Schema => ({ type: 'string', pattern: DNS1123_LABEL_PATTERN, maxLength: DNS1123_LABEL_MAX, description, examples: [example] });
const subdomain = (description: string): Schema => ({ type: 'string', pattern: DNS1123_SUBDOMAIN_PATTERN, maxLength: DNS1123_SUBDOMAIN_MAX, description });
const stringMap = (description: string, extra: Schema = {}): Schema => ({ type: 'object', additionalProperties: { type: 'string' }, description, ...extra });

/** A mapping whose keys are exactly `keys` (the validator's list), in that order. */
function mapping(keys: readonly string[], properties: Record<string, Schema>, description: string, extra: Schema = {}): Schema {
  const missing = keys.filter((k) => !(k in properties));
  const extraKeys = Object.keys(properties).filter((k) => !keys.includes(k));
  if (missing.length || extraKeys.length) throw new Error(`mesh schema: keys ${missing.join(',')} undescribed, ${extraKeys.join(',')} not in the validator's list`);
  return { type: 'object', description, additionalProperties: false, properties: Object.fromEntries(keys.map((k) => [k, properties[k]])), ...extra };
}

/** The istiod chart's values key tree as a schema: known keys closed, open mappings open. */
function valuesNode(node: KeyNode): Schema {
  if (node === 0) return {};
  if (node === '*') return { type: ['object', 'null'] };
  return {
    type: ['object', 'null'],
    additionalProperties: false,
    properties: Object.fromEntries(Object.keys(node).sort().map((k) => [k, valuesNode(node[k])])),
  };
}

/** The values tree is defined once (definitions.istioValues) and referred to from both places. */
function istioValues(description: string): Schema {
  return { description, allOf: [{ $ref: '#/definitions/istioValues' }] };
}

function eastWestGateway(): Schema {
  const service = mapping(EAST_WEST_GATEWAY_SERVICE_KEYS, {
    type: nullable(oneOfStrings(SERVICE_TYPES, 'The Service type; other networks reach the gateway through it.', 'LoadBalancer')),
    annotations: nullable(stringMap('Annotations of the Service (cloud load-balancer settings).')),
    labels: nullable(stringMap('Labels of the Service, besides the ones meshgen sets.', { propertyNames: { not: { enum: [...RESERVED_GATEWAY_LABELS] } } })),
    loadBalancerSourceRanges: nullable({ type: 'array', minItems: 1, items: { type: 'string' }, description: 'CIDRs allowed to reach the load balancer (type LoadBalancer only), e.g. ["10.0.0.0/8"].' }),
    externalTrafficPolicy: nullable(oneOfStrings(TRAFFIC_POLICIES, 'The Service\'s externalTrafficPolicy.')),
  }, 'The east-west gateway\'s Kubernetes Service.');
  const quantity = { anyOf: [{ type: 'string', pattern: QUANTITY.source }, { type: 'number' }] };
  const resources = mapping(RESOURCES_KEYS, {
    requests: nullable({ type: 'object', additionalProperties: quantity, description: 'e.g. cpu: 500m, memory: 512Mi' }),
    limits: nullable({ type: 'object', additionalProperties: quantity, description: 'e.g. cpu: "2", memory: 1Gi' }),
  }, 'The istio-proxy container\'s resources (Kubernetes quantities).');
  const toleration = mapping(TOLERATION_KEYS, Object.fromEntries(TOLERATION_KEYS.map((k) => [k, {}])), 'A Kubernetes toleration.');
  return nullable(mapping(EAST_WEST_GATEWAY_KEYS, {
    address: nullable(str('The east-west gateway\'s load-balancer IP or DNS hostname, once known; a remote\'s control plane is written only when its primary\'s is set (meshgen plan prints the command that reads it).', { examples: ['34.75.71.237'] })),
    service: nullable(service),
    replicas: nullable(int(1, 100, 'The minimum number of gateway pods (the HorizontalPodAutoscaler\'s minReplicas).', 1)),
    resources: nullable(resources),
    nodeSelector: nullable(stringMap('Node labels the gateway pods must run on.')),
    tolerations: nullable({ type: 'array', items: toleration, description: 'Tolerations of the gateway pods.' }),
  }, 'The cluster\'s east-west gateway: its address and how it is deployed.'));
}

function cluster(): Schema {
  const metallb = mapping(METALLB_KEYS, {
    addresses: { type: 'array', minItems: 1, items: { type: 'string' }, description: 'IPv4/IPv6 ranges (a-b) or CIDRs MetalLB hands out, e.g. ["172.18.255.200-172.18.255.250"].' },
    dockerNetwork: nullable(str('The docker network the cluster\'s nodes are on; ranges must not overlap within one.', { pattern: DOCKER_NETWORK.source, default: DEFAULT_DOCKER_NETWORK })),
    legacyConfigMap: { type: 'boolean', default: false, description: 'Write the pre-0.13 metallb-system/config ConfigMap instead of IPAddressPool + L2Advertisement.' },
  }, 'MetalLB on a local (kind, minikube) cluster.', { required: ['addresses'] });
  return mapping(CLUSTER_KEYS, {
    name: dnsLabel('The cluster name (DNS-1123 label): the Istio cluster ID and the bundle directory dist/<name>/.', 'cluster1'),
    network: { type: 'string', pattern: LABEL_VALUE_PATTERN, maxLength: DNS1123_LABEL_MAX, description: 'The network (topology.istio.io/network) the cluster\'s pods are on; clusters on one network reach each other\'s pods directly.', examples: ['network1'] },
    role: oneOfStrings(ROLES, 'primary: runs istiod; remote: uses the control plane of the primary it names.'),
    primary: nullable(str('For a remote: the name of the primary that runs its control plane.')),
    context: nullable(str('The kubectl context used in meshgen plan commands; defaults to the cluster name.', { pattern: NOT_BLANK })),
    eastWestGateway: eastWestGateway(),
    loadBalancer: nullable(mapping(LOAD_BALANCER_KEYS, { metallb }, 'Load balancer for a cluster without a cloud one.', { required: ['metallb'] })),
    istio: nullable(mapping(['values'], { values: istioValues('Values merged over spec.istio.values for this cluster only.') }, 'This cluster\'s Istio settings.')),
  }, 'One Kubernetes cluster of the mesh.', {
    required: ['name', 'network', 'role'],
    allOf: [
      { if: { properties: { role: { const: 'remote' } }, required: ['role'] }, then: { required: ['primary'] } },
      { if: { properties: { role: { const: 'primary' } }, required: ['role'] }, then: { properties: { primary: { type: 'null' } } } },
    ],
  });
}

function ca(): Schema {
  const d = defaultCa();
  return nullable(mapping(CA_KEYS, {
    mode: nullable(oneOfStrings(CA_MODES, 'generated: meshgen makes a root and an intermediate per cluster, once; provided: your root or intermediates; cert-manager: a CA Issuer and a Certificate per cluster; none: istiod\'s self-signed CA (clusters do not trust each other).', d.mode)),
    dir: nullable(str('The PKI directory (private keys: keep it out of Git).', { default: DEFAULT_PKI_DIR })),
    keyAlgorithm: nullable(oneOfStrings(CA_KEY_ALGORITHMS, 'The kind of new keys: rsa (keySize bits) or ecdsa-p256.', d.keyAlgorithm)),
    keySize: nullable({ ...int(2048, 8192, 'RSA key size of new keys (rsa only).', d.keySize), multipleOf: 1024 }),
    rootDays: nullable(int(1, 36500, 'Lifetime of a generated root, in days.', d.rootDays)),
    intermediateDays: nullable(int(1, 36500, 'Lifetime of a generated intermediate, in days.', d.intermediateDays)),
    rootCert: nullable(str('provided: path of your root certificate (PEM).')),
    rootKey: nullable(str('provided: path of your root private key (PEM).')),
    intermediates: nullable(str('provided: a directory with one sub-directory per cluster holding ca-cert.pem, ca-key.pem, cert-chain.pem and root-cert.pem.')),
    rootSecretName: nullable({ ...subdomain('cert-manager: the kubernetes.io/tls Secret holding the root.'), maxLength: DNS1123_LABEL_MAX, pattern: DNS1123_LABEL_PATTERN, default: d.rootSecretName }),
    additionalRoots: nullable({ type: 'array', minItems: 1, items: { type: 'string' }, description: 'generated/provided: PEM files of roots every primary trusts besides the mesh root, during a root rotation.' }),
  }, 'The plug-in CA: how the clusters get a common root of trust (the cacerts Secret istiod reads).'));
}

function gitops(deprecated: boolean): Schema {
  const destination = (tool: 'argocd' | 'flux') => mapping(DESTINATION_KEYS[tool], tool === 'argocd'
    ? { name: nullable(str('The cluster as registered in Argo CD (spec.destination.name).')), server: nullable(str('The cluster\'s API server URL (spec.destination.server).', { pattern: '^https://\\S+$' })) }
    : { kubeConfigSecret: subdomain('A Secret in the Flux namespace holding a kubeconfig for the cluster.') }, `Where one cluster's objects go (${tool}).`);
  const fields: Record<string, Schema> = {
    tool: oneOfStrings(GITOPS_TOOLS, 'The GitOps controller that syncs the bundles: Argo CD Applications or Flux Kustomizations.'),
    repoURL: str('The Git repository the synth output is committed to.', { pattern: GIT_URL.source, examples: ['https://github.com/example/mesh-config.git'] }),
    targetRevision: nullable(str('argocd: branch, tag or commit (default HEAD); flux: branch (default main), refs/... or a commit SHA.')),
    path: nullable(str('The output directory inside the repository.', { default: 'dist' })),
    namespace: nullable(dnsLabel('The namespace the controller runs in (default argocd or flux-system).', 'argocd')),
    project: nullable(str('argocd: the Argo CD project of the Applications.', { default: 'default' })),
    context: nullable(str('The kubectl context of the cluster the controller runs in, for meshgen plan (default: the first primary\'s).', { pattern: NOT_BLANK })),
    secretName: nullable(subdomain('flux: the Secret with the Git credentials (GitRepository.spec.secretRef).')),
    destinations: nullable({ type: 'object', additionalProperties: { anyOf: [destination('argocd'), destination('flux')] }, description: 'Per cluster name, where its objects go; clusters not listed get the defaults.' }),
  };
  if (deprecated) {
    const only = Object.fromEntries(DEPRECATED_ARGOCD_KEYS.map((k) => [k, fields[k]]));
    return nullable({ ...mapping(DEPRECATED_ARGOCD_KEYS, only, 'Deprecated: the old spelling of spec.gitops with tool: argocd; rename it to spec.gitops and add tool: argocd.', { required: ['repoURL'] }), deprecated: true });
  }
  return nullable(mapping(GITOPS_KEYS, fields, 'Argo CD or Flux objects that sync each cluster\'s bundle from Git (needs installer sail or helm).', { required: ['tool', 'repoURL'] }));
}

function spec(): Schema {
  const istio = mapping(ISTIO_KEYS, {
    version: nullable(str('The Istio release (MAJOR.MINOR.PATCH, in quotes).', { pattern: VERSION.source, default: DEFAULT_ISTIO_VERSION })),
    installer: nullable(oneOfStrings(INSTALLERS, 'How Istio is installed: istioctl (IstioOperator files), helm (HelmReleases/values) or sail (the Sail operator\'s Istio resources).', 'istioctl')),
    namespace: nullable({ ...dnsLabel('The namespace of Istio\'s control plane.', DEFAULT_ISTIO_NAMESPACE), default: DEFAULT_ISTIO_NAMESPACE }),
    dataplane: nullable(oneOfStrings(DATAPLANES, 'sidecar (an Envoy per pod) or ambient (ztunnel + istio-cni; every cluster a primary).', 'sidecar')),
    values: istioValues('Values in the shape of the istiod chart\'s (pilot, global, meshConfig, ...), merged under what meshgen sets, on every cluster.'),
    cni: { type: ['boolean', 'null'], default: false, description: 'Install the Istio CNI node agent (true by default with platform openshift).' },
    platform: nullable(oneOfStrings(PLATFORMS, 'The Kubernetes platform (Istio\'s global.platform and profiles).')),
    revision: nullable(dnsLabel('The control plane\'s revision name (not "default"); needed with canary or tags.', '1-29-6')),
    canary: nullable(mapping(CANARY_KEYS, {
      version: str('The Istio release of the canary: newer than version, at most one minor release ahead.', { pattern: VERSION.source }),
      revision: dnsLabel('The canary\'s revision name, other than revision.', '1-30-3'),
    }, 'A second control plane beside the current one during an upgrade (docs/upgrades.md).', { required: ['version', 'revision'] })),
    tags: nullable({
      type: 'object', propertyNames: { pattern: DNS1123_LABEL_PATTERN, maxLength: DNS1123_LABEL_MAX },
      additionalProperties: dnsLabel('An installed revision: revision or canary.revision.', '1-29-6'),
      description: 'Revision tags: TAG -> revision; namespaces opt in with istio.io/rev=TAG.',
    }),
  }, 'How Istio is installed on every cluster.');
  const verify = mapping(VERIFY_KEYS, {
    helloworld: nullable(mapping(HELLOWORLD_KEYS, {
      v1: nullable({ type: 'array', items: { type: 'string' }, uniqueItems: true, description: 'Clusters running helloworld v1.' }),
      v2: nullable({ type: 'array', items: { type: 'string' }, uniqueItems: true, description: 'Clusters running helloworld v2.' }),
    }, 'Where helloworld v1 and v2 run (default: v1 on the first cluster by name, v2 on the second).')),
    client: nullable(oneOfStrings(VERIFY_CLIENTS, 'The in-mesh client: Istio\'s samples/curl, or samples/sleep before Istio 1.24.', 'curl')),
    requests: int(1, 1000, 'How many times each cluster\'s Job calls helloworld.', DEFAULT_VERIFY_REQUESTS),
  }, 'The helloworld verification bundles (Istio\'s "Verify the installation").');
  const kiali = mapping(KIALI_KEYS, {
    cluster: nullable(str('The cluster Kiali runs on (default: the first primary by name).')),
    auth: nullable(oneOfStrings(KIALI_AUTHS, 'Kiali\'s auth.strategy.', 'token')),
    federation: nullable({ type: 'object', additionalProperties: { type: 'string' }, description: 'Prometheus federation: the other clusters\' names -> the address of their prometheus-federation LoadBalancer Service.' }),
  }, 'Kiali on one cluster, observing every cluster.');
  const karmada = mapping(KARMADA_KEYS, {
    context: nullable(str('kubectl context of the karmada-apiserver.', { default: DEFAULT_KARMADA_CONTEXT, pattern: NOT_BLANK })),
    propagate: nullable({ type: 'array', items: { type: 'string', enum: [...KARMADA_PROPAGATED] }, uniqueItems: true, description: 'What the Karmada control plane propagates (default: namespace, cacerts with a CA in files, verify with spec.verify).' }),
    networkLabel: nullable(oneOfStrings(KARMADA_NETWORK_LABELS, 'How the network label reaches each member\'s Istio namespace: labelsOverrider adds it; plaintext replaces every label (the Karmada guide).', 'labelsOverrider')),
    istioCrds: { type: ['boolean', 'null'], default: true, description: 'Put Istio\'s CRDs on the karmada-apiserver.' },
  }, 'The clusters are Karmada members of the same names.');
  const op = mapping(['op', 'path', 'from', 'value'], {
    op: { type: 'string', enum: [...OPS], description: 'The RFC 6902 operation.' },
    path: { type: 'string', pattern: '^(/.*)?$', description: 'A JSON pointer into the object, e.g. /metadata/labels/team.' },
    from: { type: 'string', pattern: '^(/.*)?$', description: 'move, copy: the JSON pointer to take the value from.' },
    value: { description: 'add, replace, test: the value.' },
  }, 'One RFC 6902 operation.', {
    required: ['op', 'path'],
    allOf: [
      { if: { properties: { op: { enum: ['add', 'replace', 'test'] } }, required: ['op'] }, then: { required: ['value'] } },
      { if: { properties: { op: { enum: ['move', 'copy'] } }, required: ['op'] }, then: { required: ['from'] } },
    ],
  });
  const overlay = mapping(OVERLAY_KEYS, {
    cluster: nullable(str('The cluster whose bundle holds the object (default: every cluster\'s).')),
    kind: str('The kind of the rendered object.', { examples: ['Service'] }),
    name: str('The name of the rendered object.', { examples: ['istio-eastwestgateway'] }),
    namespace: nullable(str('Its namespace (default: any; the object must then be the only one of that kind and name).')),
    patch: { type: 'array', minItems: 1, items: op, description: 'RFC 6902 operations, applied in order.' },
  }, 'A JSON patch for one rendered object.', { required: ['kind', 'name', 'patch'] });
  return mapping(SPEC_KEYS, {
    istio: nullable(istio),
    clusters: { type: 'array', minItems: 1, items: cluster(), description: 'The clusters of the mesh, at least one with role: primary. Their order does not matter.' },
    ca: ca(),
    gitops: gitops(false),
    argocd: gitops(true),
    meshNetworks: nullable(oneOfStrings(MESH_NETWORKS_MODES, 'explicit: also write values.global.meshNetworks (besides the network labels).', 'labels')),
    verify: nullable(verify),
    kiali: nullable(kiali),
    federation: nullable(mapping(FEDERATION_KEYS, { karmada: { ...nullable(karmada), description: 'Karmada (karmada: {} takes every default).' } }, 'A federation control plane the clusters are members of.', { required: ['karmada'] })),
    overlays: nullable({ type: 'array', items: overlay, description: 'JSON patches applied to the rendered objects, in order (checked against the rendered objects by meshgen validate).' }),
  }, 'The mesh.', { required: ['clusters'] });
}

/** The JSON Schema (draft-07) of a Mesh spec file, as written to schemas/mesh.schema.json. */
export function meshJsonSchema(): Schema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'meshgen Mesh spec',
    ...mapping(TOP_KEYS, {
      apiVersion: { type: 'string', const: MESH_API_VERSION, description: 'The spec format version.' },
      kind: { type: 'string', const: MESH_KIND },
      metadata: mapping(METADATA_KEYS, { name: dnsLabel('The mesh ID (values.global.meshID), a DNS-1123 label.', 'mesh1') }, 'The mesh\'s name.', { required: ['name'] }),
      spec: spec(),
    }, '', { required: [...TOP_KEYS] }),
    definitions: { istioValues: { ...valuesNode(ISTIO_VALUES_KEYS), description: 'The keys of the istiod chart\'s values.yaml and the IstioOperator Values proto of Istio 1.30.3.' } },
    description: `A multi-cluster Istio mesh (${MESH_API_VERSION} ${MESH_KIND}) for meshgen. Generated from meshgen's validator (npm run schema:update); meshgen validate also runs the checks this schema cannot express (docs/spec.md "Schema").`,
    $comment: `Checks beyond this schema, run by meshgen validate: ${CHECKS_BEYOND_SCHEMA.map((c) => c.name).join(', ')}.`,
  };
}

/** The schema file's text: two-space JSON and a final newline. */
export function meshJsonSchemaText(): string {
  return `${JSON.stringify(meshJsonSchema(), null, 2)}\n`;
}
