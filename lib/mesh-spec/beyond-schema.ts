/**
 * The checks of the Mesh validator that schemas/mesh.schema.json does not express: they
 * compare fields with each other (a remote's primary is a primary of this mesh) or check
 * a value in a way JSON Schema cannot (an IP range, overlapping ranges). Every issue the
 * validator raises on a spec the schema accepts is one of these; the issue's path and
 * message say which (test/mesh-spec/schema-agreement.test.ts proves it for every spec the
 * tests reject). Listed in docs/spec.md "Schema".
 */
export interface CheckBeyondSchema {
  readonly name: string;
  /** What it checks, for docs/spec.md and the schema's $comment. */
  readonly description: string;
  /** The paths of its issues. */
  readonly path: RegExp;
  /** Its messages. */
  readonly message: RegExp;
}

const CLUSTER = String.raw`spec\.clusters\[\d+\]`;
const GITOPS = String.raw`spec\.(gitops|argocd)`;

export const CHECKS_BEYOND_SCHEMA: readonly CheckBeyondSchema[] = [
  { name: 'plain-tree', description: 'no value holds a control character or more than 4096 characters, no nesting deeper than 32, no YAML tags (timestamps, sets, binary)', path: /./, message: /holds (a newline|a carriage return|a tab|an escape|control character)|is too long for any field|nests deeper than|a Mesh spec holds only plain YAML/ },
  { name: 'unique-cluster-names', description: 'cluster names are unique', path: new RegExp(`^${CLUSTER}\\.name$`), message: /is already the name of/ },
  { name: 'remote-primary', description: 'a remote names a cluster of this mesh that is a primary', path: new RegExp(`^${CLUSTER}\\.primary$`), message: /is not a cluster of this mesh|is a remote, not a primary|is missing; remote/ },
  { name: 'mesh-has-primary', description: 'at least one cluster is a primary', path: /^spec\.clusters$/, message: /has no primary/ },
  { name: 'gateway-address', description: 'an east-west gateway address is an IP address or a DNS hostname', path: new RegExp(`^${CLUSTER}\\.eastWestGateway\\.address$`), message: /./ },
  { name: 'ip-ranges', description: 'MetalLB addresses and loadBalancerSourceRanges are CIDRs or ranges of one address family', path: /(\.metallb\.addresses|\.loadBalancerSourceRanges)\[\d+\]$/, message: /is neither a CIDR nor a range|is not a CIDR/ },
  { name: 'metallb-overlap', description: 'MetalLB ranges of clusters on one docker network do not overlap', path: /\.metallb\.addresses\[\d+\]$/, message: /overlaps/ },
  { name: 'source-ranges-need-load-balancer', description: 'loadBalancerSourceRanges only with a LoadBalancer Service', path: /\.service\.loadBalancerSourceRanges$/, message: /only applies to type LoadBalancer/ },
  { name: 'sail-istio-version', description: 'with installer sail, spec.istio.version is a release the pinned Sail operator installs', path: /^spec\.istio\.version$/, message: /is not a release the Sail operator/ },
  { name: 'ambient', description: 'dataplane ambient needs Istio 1.27 or later, only primaries and no meshNetworks: explicit', path: new RegExp(`^(spec\\.istio\\.version|spec\\.meshNetworks|${CLUSTER}\\.role)$`), message: /has no ambient multi-network support|writes values\.global\.meshNetworks with the sidecar|is not supported with spec\.istio\.dataplane: ambient/ },
  { name: 'ca-mode-fields', description: 'rootCert, rootKey and intermediates only with mode provided (which needs rootCert + rootKey or intermediates); keySize only with rsa; additionalRoots only with generated or provided', path: /^spec\.ca(\.|$)/, message: /is only used with mode|is missing; a provided root|mode: provided needs|is for RSA keys/ },
  { name: 'istio-values-derived', description: 'spec.istio.values sets nothing meshgen derives from other fields, mesh-wide values are not set per cluster, cni values only with spec.istio.cni, RESOLVE_HOSTNAME_GATEWAYS stays on with hostname gateways', path: /\.istio\.values(\.|\[|$)/, message: /is derived by meshgen from|must be the same on every cluster|configures the Istio CNI node agent, which is not installed|is false, but/ },
  { name: 'gitops-context', description: 'GitOps needs installer sail or helm, no Karmada, not both spec.gitops and spec.argocd, tool-specific fields and destinations for that tool, a branch for Flux, cluster names short enough for its object names, a path inside the repository', path: new RegExp(`^(${GITOPS}(\\.|\\[|$)|${CLUSTER}\\.name$)`), message: /GitOps delivery needs|cannot be combined with spec\.federation\.karmada|is the old spelling|is only used with tool|is not a cluster of this mesh|sets both name and server|does not name a branch for Flux|is too long for GitOps|is not a directory inside the repository|is empty; give name|is required/ },
  { name: 'verify-clusters', description: 'spec.verify.helloworld names clusters of this mesh, each once, and runs at least one version', path: /^spec\.verify\.helloworld/, message: /is not a cluster of this mesh|is listed twice|runs no version anywhere/ },
  { name: 'kiali-clusters', description: 'spec.kiali names clusters of this mesh; federation lists the other clusters, each with a Prometheus address (an IP or hostname, not the gateway\'s, in the MetalLB pool)', path: /^spec\.kiali\.(cluster|federation)/, message: /./ },
  { name: 'karmada-members', description: 'with Karmada, cluster names are member names (at most 48 characters, not "karmada"); cacerts needs a CA in files and namespace; verify needs spec.verify', path: new RegExp(`^(${CLUSTER}\\.name|spec\\.federation\\.karmada\\.propagate(\\[\\d+\\])?)$`), message: /Karmada control plane's bundle|Karmada member names|"cacerts" needs|"verify" propagates|lists cacerts but not namespace/ },
  { name: 'revisions', description: 'revision is not "default" and is set with canary or tags; the canary is a newer release at most one minor ahead (with sail one it installs) under another revision; a tag names an installed revision and is not one; not with dataplane ambient; with helm and GitOps <cluster>-istiod-<revision> fits a label value', path: /^spec\.istio\.(revision|canary|tags)(\.|\[|$)/, message: /names the control plane without a revision|is not newer than|more than one minor release ahead|is not a release the Sail operator|is also spec\.istio\.revision|is required with spec\.istio\.canary|is required; set it|is also the name of a revision|is not an installed revision|need a revisioned control plane|are not supported with spec\.istio\.dataplane: ambient|is too long for GitOps/ },
  { name: 'overlay-cluster', description: 'an overlay\'s cluster is a cluster of this mesh', path: /^spec\.overlays\[\d+\]\.cluster$/, message: /is not a cluster of this mesh/ },
];

/** The named check an issue comes from, or undefined when it is one the schema also makes. */
export function checkBeyondSchema(issue: { readonly path: string; readonly message: string }): CheckBeyondSchema | undefined {
  return CHECKS_BEYOND_SCHEMA.find((c) => c.path.test(issue.path) && c.message.test(issue.message));
}
