import * as YAML from 'yaml';
import { describeValue, SpecError, SpecIssue } from '../errors';
import { DEFAULT_PKI_DIR } from '../names/defaults';
import { addressProblem, isDnsLabel, isIpAddress, isLabelValue } from '../names/dns';
import { SAIL_ISTIO_VERSIONS } from '../names/sail';
import { capQuoted } from '../names/text';
import { didYouMean } from './did-you-mean';
import { positiveInt } from './sink';
import { checkSpecTree, child, MAX_ALIAS_COUNT, parseYamlDocuments, yamlFailure } from './text';
import {
  CA_KEY_ALGORITHMS, CA_MODES, CaKeyAlgorithm, CaMode, CaSettings,
  ClusterRole, ClusterSpec, DEFAULT_ISTIO_NAMESPACE, DEFAULT_ISTIO_VERSION, INSTALLERS, Installer,
  MESH_API_VERSION, MESH_KIND, MESH_NETWORKS_MODES, MeshNetworksMode, MeshSpec, ROLES, SUPPORTED_INSTALLERS,
  Dataplane, FederationSettings, GitOpsSettings, KialiSettings, OverlaySpec, VerifySettings,
} from './types';
import { checkAddressOverlaps, checkLoadBalancer } from './load-balancer';
import { checkKiali } from './kiali';
import { checkVerify } from './verify';
import { checkFederation } from './karmada';
import { checkDataplane } from './dataplane';
import { checkGitOps } from './gitops';
import { checkClusterIstio, checkIstioInstall, checkValuesAcrossNetworks, installSettings, IstioInstall } from './istio-values';
import { checkEastWestGatewaySettings } from './east-west-gateway';
import { checkOverlays } from './overlays';
import { checkRevisions, RevisionSettings } from './revisions';

/** An Istio release: MAJOR.MINOR.PATCH with an optional pre-release. */
export const VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

export const TOP_KEYS = ['apiVersion', 'kind', 'metadata', 'spec'];
export const METADATA_KEYS = ['name'];
export const SPEC_KEYS = ['istio', 'clusters', 'ca', 'gitops', 'argocd', 'meshNetworks', 'verify', 'kiali', 'federation', 'overlays'];
export const CA_KEYS = ['mode', 'dir', 'keyAlgorithm', 'keySize', 'rootDays', 'intermediateDays', 'rootCert', 'rootKey', 'intermediates', 'rootSecretName', 'additionalRoots'];
export const ISTIO_KEYS = ['version', 'installer', 'namespace', 'dataplane', 'values', 'cni', 'platform', 'revision', 'canary', 'tags'];
export const CLUSTER_KEYS = ['name', 'network', 'role', 'primary', 'context', 'eastWestGateway', 'loadBalancer', 'istio'];

/** Collects issues while the spec is walked. */
class Checker {
  public readonly issues: SpecIssue[] = [];

  add(path: string, message: string): void {
    this.issues.push({ path, message: capQuoted(message) });
  }

  /** Reports keys of `obj` that are not in `allowed`, with a did-you-mean. */
  keys(path: string, obj: Record<string, unknown>, allowed: readonly string[]): void {
    for (const key of Object.keys(obj)) {
      if (allowed.includes(key)) continue;
      const guess = didYouMean(key, allowed);
      const where = child(path, key);
      this.add(where, `unknown field ${JSON.stringify(key)}; ${guess ? `did you mean "${guess}"?` : `allowed fields here: ${allowed.join(', ')}`}`);
    }
  }

  object(path: string, value: unknown, required: boolean): Record<string, unknown> | undefined {
    if (value === undefined || value === null) {
      if (required) this.add(path, 'is required; add it as a mapping');
      return undefined;
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.add(path, `must be a mapping, got ${describeValue(value)}`);
      return undefined;
    }
    return value as Record<string, unknown>;
  }

  string(path: string, value: unknown, required: boolean, example: string): string | undefined {
    if (value === undefined || value === null) {
      if (required) this.add(path, `is required; set it, e.g. ${path.split('.').pop()?.replace(/\[\d+\]$/, '')}: ${example}`);
      return undefined;
    }
    if (typeof value !== 'string') {
      this.add(path, `must be a string, got ${describeValue(value)}${typeof value === 'number' || typeof value === 'boolean' ? `; quote it, e.g. "${String(value)}"` : ''}`);
      return undefined;
    }
    return value;
  }
}

function oneOf<T extends string>(c: Checker, path: string, value: string, allowed: readonly T[]): T | undefined {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  const guess = didYouMean(value, allowed);
  c.add(path, `${JSON.stringify(value)} is not one of ${allowed.join(' | ')}${guess ? `; did you mean "${guess}"?` : ''}`);
  return undefined;
}

function dnsLabel(c: Checker, path: string, value: string, what: string, example: string): boolean {
  if (isDnsLabel(value)) return true;
  c.add(path, `${JSON.stringify(value)} is not a valid ${what}; use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit (e.g. ${example})`);
  return false;
}

/**
 * Parses and validates a mesh spec given as YAML text. Throws a SpecError holding
 * every issue found; returns the defaulted spec with clusters sorted by name.
 * @param file used only to prefix error messages
 */
export function parseMeshSpecYaml(text: string, file?: string): MeshSpec {
  const lineCounter = new YAML.LineCounter();
  const docs = parseYamlDocuments(text, { prettyErrors: false, lineCounter, logLevel: 'error' });
  if (!Array.isArray(docs)) throw new SpecError([docs], file);
  const nonEmpty = docs.filter((d) => d.contents !== null || d.errors.length > 0);
  for (const doc of nonEmpty) {
    const err = doc.errors[0];
    if (err) {
      const pos = lineCounter.linePos(err.pos[0]);
      const where = `line ${pos.line}, column ${pos.col}`;
      const msg = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      const message = /Maximum call stack/.test(msg) ? yamlFailure(new RangeError(msg)) : `invalid YAML: ${capQuoted(msg)}; fix the syntax there`;
      throw new SpecError([{ path: where, message }], file);
    }
  }
  if (nonEmpty.length === 0) {
    throw new SpecError([{ path: '(file)', message: `is empty; write a Mesh spec (apiVersion: ${MESH_API_VERSION}, kind: ${MESH_KIND})` }], file);
  }
  if (nonEmpty.length > 1) {
    throw new SpecError([{ path: '(file)', message: `holds ${nonEmpty.length} YAML documents; a spec file holds exactly one Mesh, remove the extra '---' documents` }], file);
  }
  let tree: unknown;
  try {
    tree = nonEmpty[0].toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    throw new SpecError([{ path: '(file)', message: yamlFailure(e) }], file);
  }
  return validateMeshSpec(tree, file);
}

/**
 * Validates a mesh spec given as a plain object (from YAML, JSON or TypeScript).
 * Throws a SpecError holding every issue found.
 */
export function validateMeshSpec(input: unknown, file?: string): MeshSpec {
  const bad = checkSpecTree(input);
  if (bad) throw new SpecError([bad], file);
  const c = new Checker();
  const top = c.object('(document)', input, true);
  if (!top) throw new SpecError(c.issues, file);
  c.keys('', top, TOP_KEYS);

  const apiVersion = c.string('apiVersion', top.apiVersion, true, MESH_API_VERSION);
  if (apiVersion !== undefined && apiVersion !== MESH_API_VERSION) {
    c.add('apiVersion', `${JSON.stringify(apiVersion)} is not supported; use ${MESH_API_VERSION}`);
  }
  const kind = c.string('kind', top.kind, true, MESH_KIND);
  if (kind !== undefined && kind !== MESH_KIND) c.add('kind', `${JSON.stringify(kind)} is not supported; use ${MESH_KIND}`);

  const metadata = c.object('metadata', top.metadata, true);
  let name: string | undefined;
  if (metadata) {
    c.keys('metadata', metadata, METADATA_KEYS);
    name = c.string('metadata.name', metadata.name, true, 'mesh1');
    if (name !== undefined) dnsLabel(c, 'metadata.name', name, 'mesh ID', 'mesh1');
  }

  const spec = c.object('spec', top.spec, true);
  let version = DEFAULT_ISTIO_VERSION;
  let installer: Installer = 'istioctl';
  let namespace = DEFAULT_ISTIO_NAMESPACE;
  const clusters: ClusterSpec[] = [];
  let ca: CaSettings = defaultCa();
  let gitops: GitOpsSettings | undefined;
  let meshNetworks: MeshNetworksMode | undefined;
  let verify: VerifySettings | undefined;
  let kiali: KialiSettings | undefined;
  let federation: FederationSettings | undefined;
  let dataplane: Dataplane | undefined;
  let install: IstioInstall = {};
  let overlays: OverlaySpec[] | undefined;
  let revisions: RevisionSettings = {};
  if (spec) {
    c.keys('spec', spec, SPEC_KEYS);
    const istio = c.object('spec.istio', spec.istio, false);
    if (istio) {
      c.keys('spec.istio', istio, ISTIO_KEYS);
      const v = c.string('spec.istio.version', istio.version, false, `"${DEFAULT_ISTIO_VERSION}"`);
      if (v !== undefined) {
        if (VERSION.test(v)) version = v.replace(/^v/, '');
        else c.add('spec.istio.version', `${JSON.stringify(v)} is not an Istio release; use MAJOR.MINOR.PATCH in quotes, e.g. "${DEFAULT_ISTIO_VERSION}"`);
      }
      const inst = c.string('spec.istio.installer', istio.installer, false, 'istioctl');
      if (inst !== undefined) {
        const chosen = oneOf(c, 'spec.istio.installer', inst, INSTALLERS);
        if (chosen && !SUPPORTED_INSTALLERS.includes(chosen)) {
          c.add('spec.istio.installer', `"${chosen}" is not rendered by this version of meshgen yet; use ${SUPPORTED_INSTALLERS.join(' | ')}`);
        } else if (chosen) installer = chosen;
      }
      const ns = c.string('spec.istio.namespace', istio.namespace, false, DEFAULT_ISTIO_NAMESPACE);
      if (ns !== undefined && dnsLabel(c, 'spec.istio.namespace', ns, 'namespace name', DEFAULT_ISTIO_NAMESPACE)) namespace = ns;
      install = checkIstioInstall(c, istio);
    }
    if (installer === 'sail' && !SAIL_ISTIO_VERSIONS.includes(version)) {
      c.add('spec.istio.version', `"${version}" is not a release the Sail operator (1.30.3) installs; use one of ${SAIL_ISTIO_VERSIONS.slice(0, 3).join(', ')} ... ${SAIL_ISTIO_VERSIONS[SAIL_ISTIO_VERSIONS.length - 1]}, or installer istioctl or helm`);
    }
    clusters.push(...checkClusters(c, spec.clusters));
    dataplane = checkDataplane(c, istio?.dataplane, clusters, version, spec.meshNetworks);
    if (istio) revisions = checkRevisions(c, istio, { version, installer, clusters, ...(dataplane ? { dataplane } : {}), gitops: spec.gitops !== undefined || spec.argocd !== undefined });
    ca = checkCa(c, spec.ca);
    const mn = c.string('spec.meshNetworks', spec.meshNetworks, false, 'explicit');
    if (mn !== undefined) meshNetworks = oneOf(c, 'spec.meshNetworks', mn, MESH_NETWORKS_MODES);
    verify = checkVerify(c, spec.verify, clusters);
    kiali = checkKiali(c, spec.kiali, clusters);
    federation = checkFederation(c, spec.federation, { clusters, caMode: ca.mode, verify: verify !== undefined });
    gitops = checkGitOps(c, spec, { installer, clusters, karmada: federation?.karmada !== undefined });
    overlays = checkOverlays(c, spec.overlays, clusters.map((cl) => cl.name).sort());
    checkValuesAcrossNetworks(c, install, clusters, isIpAddress);
  }
  if (c.issues.length > 0) throw new SpecError(c.issues, file);
  return {
    name: name!,
    istio: { version, installer, namespace, ...(dataplane ? { dataplane } : {}), ...installSettings(install), ...revisions },
    clusters: [...clusters].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    ca,
    ...(gitops ? { gitops } : {}),
    ...(meshNetworks === 'explicit' ? { meshNetworks } : {}),
    ...(verify ? { verify } : {}),
    ...(kiali ? { kiali } : {}),
    ...(federation ? { federation } : {}),
    ...(overlays && overlays.length > 0 ? { overlays } : {}),
  };
}

/** spec.ca when it is not set. */
export function defaultCa(): CaSettings {
  return { mode: 'generated', dir: DEFAULT_PKI_DIR, keyAlgorithm: 'rsa', keySize: 4096, rootDays: 3650, intermediateDays: 730, rootSecretName: 'meshgen-root-ca' };
}

function checkCa(c: Checker, value: unknown): CaSettings {
  const ca = defaultCa();
  const obj = c.object('spec.ca', value, false);
  if (!obj) return ca;
  c.keys('spec.ca', obj, CA_KEYS);
  const modeRaw = c.string('spec.ca.mode', obj.mode, false, 'generated');
  const mode = modeRaw === undefined ? ca.mode : oneOf<CaMode>(c, 'spec.ca.mode', modeRaw, CA_MODES) ?? ca.mode;
  const dir = c.string('spec.ca.dir', obj.dir, false, DEFAULT_PKI_DIR) ?? ca.dir;
  const algorithmRaw = c.string('spec.ca.keyAlgorithm', obj.keyAlgorithm, false, 'ecdsa-p256');
  const keyAlgorithm = algorithmRaw === undefined ? ca.keyAlgorithm : oneOf<CaKeyAlgorithm>(c, 'spec.ca.keyAlgorithm', algorithmRaw, CA_KEY_ALGORITHMS) ?? ca.keyAlgorithm;
  if (keyAlgorithm !== 'rsa' && obj.keySize !== undefined) c.add('spec.ca.keySize', `is for RSA keys; keyAlgorithm ${keyAlgorithm} has a fixed size, so remove keySize or set keyAlgorithm: rsa`);
  const keySize = positiveInt(c, 'spec.ca.keySize', obj.keySize, 2048, 8192, 4096) ?? ca.keySize;
  if (obj.keySize !== undefined && keySize % 1024 !== 0) c.add('spec.ca.keySize', `${keySize} is not a multiple of 1024; use 2048, 3072 or 4096`);
  const rootDays = positiveInt(c, 'spec.ca.rootDays', obj.rootDays, 1, 36500, 3650) ?? ca.rootDays;
  const intermediateDays = positiveInt(c, 'spec.ca.intermediateDays', obj.intermediateDays, 1, 36500, 730) ?? ca.intermediateDays;
  const rootCert = c.string('spec.ca.rootCert', obj.rootCert, false, 'certs/root-cert.pem');
  const rootKey = c.string('spec.ca.rootKey', obj.rootKey, false, 'certs/root-key.pem');
  const intermediates = c.string('spec.ca.intermediates', obj.intermediates, false, 'certs');
  const rootSecretName = c.string('spec.ca.rootSecretName', obj.rootSecretName, false, 'meshgen-root-ca') ?? ca.rootSecretName;
  if (obj.rootSecretName !== undefined) dnsLabel(c, 'spec.ca.rootSecretName', rootSecretName, 'Secret name', 'meshgen-root-ca');
  const providedFields = ['rootCert', 'rootKey', 'intermediates'].filter((k) => obj[k] !== undefined);
  if (mode !== 'provided' && providedFields.length > 0) {
    c.add(`spec.ca.${providedFields[0]}`, `is only used with mode: provided (mode is ${mode}); set mode: provided or remove it`);
  }
  if (mode === 'provided') {
    if ((rootCert === undefined) !== (rootKey === undefined)) {
      c.add(rootCert === undefined ? 'spec.ca.rootCert' : 'spec.ca.rootKey', 'is missing; a provided root needs both rootCert and rootKey (PEM files)');
    }
    if (rootCert === undefined && intermediates === undefined) {
      c.add('spec.ca', 'mode: provided needs rootCert + rootKey (your root; meshgen makes the intermediates) or intermediates (a directory with one sub-directory of PEM files per cluster)');
    }
  }
  const additionalRoots = checkAdditionalRoots(c, obj.additionalRoots, mode);
  return {
    mode, dir, keyAlgorithm, keySize, rootDays, intermediateDays, rootSecretName,
    ...(additionalRoots ? { additionalRoots } : {}),
    ...(rootCert !== undefined ? { rootCert } : {}),
    ...(rootKey !== undefined ? { rootKey } : {}),
    ...(intermediates !== undefined ? { intermediates } : {}),
  };
}

function checkClusters(c: Checker, value: unknown): ClusterSpec[] {
  if (value === undefined || value === null) {
    c.add('spec.clusters', 'is required; list the clusters of the mesh, at least one with role: primary');
    return [];
  }
  if (!Array.isArray(value)) {
    c.add('spec.clusters', `must be a list of clusters, got ${describeValue(value)}`);
    return [];
  }
  if (value.length === 0) {
    c.add('spec.clusters', 'is empty; list the clusters of the mesh, at least one with role: primary');
    return [];
  }
  const out: ClusterSpec[] = [];
  const firstIndex = new Map<string, number>();
  value.forEach((raw, i) => {
    const p = `spec.clusters[${i}]`;
    const obj = c.object(p, raw, true);
    if (!obj) return;
    c.keys(p, obj, CLUSTER_KEYS);
    const name = c.string(`${p}.name`, obj.name, true, `cluster${i + 1}`);
    const nameOk = name !== undefined && dnsLabel(c, `${p}.name`, name, 'cluster name', `cluster${i + 1}`);
    let duplicate = false;
    if (nameOk) {
      const prior = firstIndex.get(name!);
      if (prior !== undefined) {
        duplicate = true;
        c.add(`${p}.name`, `"${name}" is already the name of spec.clusters[${prior}]; cluster names must be unique, rename one`);
      } else firstIndex.set(name!, i);
    }
    const network = c.string(`${p}.network`, obj.network, true, 'network1');
    if (network !== undefined && !isLabelValue(network)) {
      c.add(`${p}.network`, `${JSON.stringify(network)} is not a valid network name; use letters, digits, '-', '_' or '.', at most 63, starting and ending with a letter or digit (e.g. network1)`);
    }
    const roleRaw = c.string(`${p}.role`, obj.role, true, 'primary');
    const role = roleRaw === undefined ? undefined : oneOf<ClusterRole>(c, `${p}.role`, roleRaw, ROLES);
    const primary = c.string(`${p}.primary`, obj.primary, false, 'cluster1');
    if (role === 'primary' && primary !== undefined) {
      c.add(`${p}.primary`, `is set to "${primary}" on a primary; only a remote names a primary, remove the field or set role: remote`);
    }
    const context = c.string(`${p}.context`, obj.context, false, name ?? 'my-context');
    if (context !== undefined && context.trim() === '') c.add(`${p}.context`, 'is empty; give the kubectl context name or remove the field');
    let address: string | undefined;
    let gatewaySettings: ClusterSpec['eastWestGatewaySettings'];
    const gw = c.object(`${p}.eastWestGateway`, obj.eastWestGateway, false);
    if (gw) {
      gatewaySettings = checkEastWestGatewaySettings(c, `${p}.eastWestGateway`, gw);
      address = c.string(`${p}.eastWestGateway.address`, gw.address, false, '34.75.71.237');
      const problem = address === undefined ? undefined : addressProblem(address);
      if (problem) {
        c.add(`${p}.eastWestGateway.address`, `${JSON.stringify(address)} ${problem}; give the east-west gateway's load balancer IP (e.g. 34.75.71.237) or DNS hostname`);
        address = undefined;
      }
    }
    const metallb = checkLoadBalancer(c, `${p}.loadBalancer`, obj.loadBalancer);
    const istioValues = checkClusterIstio(c, `${p}.istio`, obj.istio);
    // A duplicate is reported above; the cross-cluster checks below see the first only.
    if (name === undefined || network === undefined || role === undefined || duplicate) return;
    out.push({
      name, network, role, index: i,
      context: context ?? name,
      ...(primary !== undefined && role === 'remote' ? { primary } : {}),
      ...(address !== undefined ? { eastWestGatewayAddress: address } : {}),
      ...(metallb ? { metallb } : {}),
      ...(istioValues && Object.keys(istioValues).length > 0 ? { istioValues } : {}),
      ...(gatewaySettings ? { eastWestGatewaySettings: gatewaySettings } : {}),
    });
  });
  checkAddressOverlaps(c, out);

  // Cross-cluster checks: every remote names an existing primary; the mesh has a primary.
  const byName = new Map(out.map((cl) => [cl.name, cl]));
  const primaries = out.filter((cl) => cl.role === 'primary').map((cl) => cl.name).sort();
  for (const cl of out) {
    if (cl.role !== 'remote') continue;
    const p = `spec.clusters[${cl.index}].primary`;
    if (cl.primary === undefined) {
      c.add(p, `is missing; remote "${cl.name}" must name the primary that runs its control plane${primaries.length ? ` (${primaries.join(', ')}), e.g. primary: ${primaries[0]}` : ', but no cluster has role: primary yet: set it on the cluster that runs istiod and name that one here'}`);
      continue;
    }
    const target = byName.get(cl.primary);
    if (!target) {
      const guess = didYouMean(cl.primary, [...byName.keys()]);
      c.add(p, `"${cl.primary}" is not a cluster of this mesh; name one of the primaries${primaries.length ? ` (${primaries.join(', ')})` : ''}${guess ? `, did you mean "${guess}"?` : ''}`);
    } else if (target.role !== 'primary') {
      c.add(p, `"${cl.primary}" is a remote, not a primary; a remote's control plane runs on a primary, name one of: ${primaries.join(', ') || '(none: set role: primary on one cluster)'}`);
    }
  }
  if (out.length > 0 && primaries.length === 0 && out.length === value.length) {
    c.add('spec.clusters', 'has no primary; set role: primary on the cluster that runs the control plane (istiod)');
  }
  return out;
}

/**
 * spec.ca.additionalRoots: a non-empty list of PEM file paths (read and checked at synth,
 * lib/pki/trust-roots.ts). Only with a CA whose root meshgen holds (generated, provided):
 * the mesh root is the first of meshConfig.caCertificates.
 */
function checkAdditionalRoots(c: Checker, value: unknown, mode: CaMode): readonly string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const p = 'spec.ca.additionalRoots';
  if (!Array.isArray(value) || value.length === 0) {
    c.add(p, 'must be a non-empty list of PEM files of the roots to trust besides the mesh root, e.g. [.meshgen/pki-2/root-cert.pem]; remove it when no rotation is under way');
    return undefined;
  }
  if (mode !== 'generated' && mode !== 'provided') {
    c.add(p, `is only used with mode: generated or provided (mode is ${mode}): meshgen writes the mesh root first and ${mode === 'none' ? 'there is no mesh root' : 'with cert-manager it does not hold the root'}; set meshConfig.caCertificates by hand or remove it`);
    return undefined;
  }
  const out: string[] = [];
  value.forEach((v, i) => {
    const s = c.string(`${p}[${i}]`, v, true, '.meshgen/pki-2/root-cert.pem');
    if (s !== undefined) out.push(s);
  });
  return out.length === value.length ? out : undefined;
}
