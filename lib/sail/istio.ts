import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Istio, IstioSpecProfile, IstioSpecVersion } from '../../imports/sailoperator.io';
import { mergeValues } from '../mesh-spec/istio-values';
import { MULTIROOT_ENV, multiRootMeshConfig } from '../istio/multi-root';
import { SAIL_ISTIO_NAME, SAIL_ISTIO_VERSIONS } from '../names/sail';
import { AMBIENT_MULTI_NETWORK_ENV } from '../names/ambient';
import { dnsLabelProblem, hostAddressProblem, networkProblem, validateProps } from '../names/prop-checks';


interface SailIstioCommonProps {
  /** Istio release, e.g. `1.30.3` (written as `spec.version: v1.30.3`). */
  readonly version: string;
  /** `spec.namespace`: the control-plane namespace. @default 'istio-system' */
  readonly namespace?: string;
  /** spec.istio.values (with the cluster's merged over them), merged under what meshgen sets. @default - none */
  readonly values?: Readonly<Record<string, unknown>>;
  /** The Istio CNI node agent is installed (an IstioCNI resource): `values.pilot.cni.enabled`. @default false */
  readonly cni?: boolean;
  /** values.global.platform. @default - none (Sail applies its openshift profile on OpenShift itself) */
  readonly platform?: string;
  /**
   * The Istio resource's name, which (with the default InPlace update strategy) is also the
   * name of its IstioRevision: a revision name gives istiod-<rev> and its webhooks.
   * @default 'default' (the default revision)
   */
  readonly name?: string;
}

/**
 * Mappings with their keys sorted, recursively (lists keep their order): the order the
 * generated Sail types write, kept for values the user adds in any order.
 */
export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
}

/** meshgen's values merged over the user's, with the settings of the common props. */
function sailValues(props: SailIstioCommonProps, own: Record<string, unknown>): Record<string, unknown> {
  return mergeValues(props.values, mergeValues(own, {
    ...(props.platform ? { global: { platform: props.platform } } : {}),
    ...(props.cni ? { pilot: { cni: { enabled: true } } } : {}),
  }));
}

/**
 * The `Istio` resource with its spec as given: the generated class would drop values
 * whose key it spells differently (`proxy_init`, `includeIPRanges`, ...), so the object
 * is built from Istio.GVK; tests and the render check it against the vendored CRD.
 */
function sailIstio(scope: Construct, spec: Record<string, unknown>, name?: string): ApiObject {
  return new ApiObject(scope, 'Resource', { ...Istio.GVK, metadata: { name: name ?? SAIL_ISTIO_NAME }, spec: sortKeys(spec) });
}

export interface SailPrimaryIstioProps extends SailIstioCommonProps {
  /** values.global.meshID */
  readonly meshId: string;
  /** values.global.multiCluster.clusterName: the Istio cluster ID. */
  readonly clusterName: string;
  /** values.global.network */
  readonly network: string;
  /**
   * Serve as the external control plane of remote clusters
   * (`values.pilot.env.EXTERNAL_ISTIOD: "true"`, as the Sail docs write it).
   * @default false
   */
  readonly externalIstiod?: boolean;
  /**
   * During a root rotation, every root to trust, the mesh root first:
   * `values.meshConfig.caCertificates`, `values.meshConfig.defaultConfig.proxyMetadata.PROXY_CONFIG_XDS_AGENT`
   * and `values.pilot.env.ISTIO_MULTIROOT_MESH` (see lib/istio/multi-root.ts).
   * @default - one root: none of these
   */
  readonly trustRoots?: readonly string[];
  /**
   * Ambient mode (the Sail docs' "Multi-Primary - Multi-Network (Ambient Mode)"):
   * `profile: ambient`, `values.pilot.trustedZtunnelNamespace` (the ZTunnel resource's
   * namespace) and `values.pilot.env.AMBIENT_ENABLE_MULTI_NETWORK: "true"`.
   * @default - sidecar mode
   */
  readonly ambient?: { readonly ztunnelNamespace: string };
}

export interface SailRemoteIstioProps extends SailIstioCommonProps {
  /** values.global.multiCluster.clusterName of the remote. */
  readonly clusterName: string;
  /** The remote's network (in the injection path). */
  readonly network: string;
  /** values.global.remotePilotAddress: the primary's east-west gateway address. */
  readonly remotePilotAddress: string;
}

/** `v<version>`, checked against the releases the vendored Sail CRDs accept (shared by IstioCNI and ZTunnel). */
export function sailVersion(version: string): IstioSpecVersion {
  if (!SAIL_ISTIO_VERSIONS.includes(version)) {
    throw new Error(`Sail Istio: version "${version}" is not one the Sail operator CRD accepts; use one of ${SAIL_ISTIO_VERSIONS.slice(0, 5).join(', ')}, ...`);
  }
  return `v${version}` as IstioSpecVersion;
}

/**
 * The Sail operator's `Istio` resource (sailoperator.io/v1, name `default`) of a
 * primary cluster: istiod with the mesh ID, cluster name and network, and
 * EXTERNAL_ISTIOD when it also runs the control plane of remotes (the Sail docs'
 * "Primary-Remote - Multi-Network" and "Multi-Primary - Multi-Network" examples).
 */
export class SailPrimaryIstio extends Construct {
  public readonly istio: ApiObject;

  constructor(scope: Construct, id: string, props: SailPrimaryIstioProps) {
    super(scope, id);
    validateProps(this, () => [dnsLabelProblem('meshId', props.meshId), dnsLabelProblem('clusterName', props.clusterName), networkProblem('network', props.network), dnsLabelProblem('namespace', props.namespace)]);
    const env = {
      ...(props.ambient ? { [AMBIENT_MULTI_NETWORK_ENV]: 'true' } : {}),
      ...(props.externalIstiod ? { EXTERNAL_ISTIOD: 'true' } : {}),
      ...(props.trustRoots ? { [MULTIROOT_ENV]: 'true' } : {}),
    };
    const pilot = {
      ...(props.ambient ? { trustedZtunnelNamespace: props.ambient.ztunnelNamespace } : {}),
      ...(Object.keys(env).length > 0 ? { env } : {}),
    };
    this.istio = sailIstio(this, {
        version: sailVersion(props.version),
        namespace: props.namespace ?? 'istio-system',
        ...(props.ambient ? { profile: IstioSpecProfile.AMBIENT } : {}),
        values: sailValues(props, {
          ...(Object.keys(pilot).length > 0 ? { pilot } : {}),
          global: {
            meshID: props.meshId,
            multiCluster: { clusterName: props.clusterName },
            network: props.network,
          },
          ...(props.trustRoots ? { meshConfig: multiRootMeshConfig(props.trustRoots) } : {}),
        }),
    }, props.name);
  }
}

/**
 * The Sail operator's `Istio` resource of a remote cluster: `profile: remote`, the
 * injection path that tells the primary's istiod which cluster and network a pod is
 * in, and the address of the primary's east-west gateway (the Sail docs'
 * "Primary-Remote - Multi-Network" example).
 */
export class SailRemoteIstio extends Construct {
  public readonly istio: ApiObject;

  constructor(scope: Construct, id: string, props: SailRemoteIstioProps) {
    super(scope, id);
    validateProps(this, () => [dnsLabelProblem('clusterName', props.clusterName), networkProblem('network', props.network), hostAddressProblem('remotePilotAddress', props.remotePilotAddress), dnsLabelProblem('namespace', props.namespace)]);
    if (!props.remotePilotAddress) {
      throw new Error(`SailRemoteIstio ${props.clusterName}: remotePilotAddress is required`);
    }
    this.istio = sailIstio(this, {
        version: sailVersion(props.version),
        namespace: props.namespace ?? 'istio-system',
        profile: IstioSpecProfile.REMOTE,
        values: sailValues(props, {
          istiodRemote: { injectionPath: `/inject/cluster/${props.clusterName}/net/${props.network}` },
          global: { remotePilotAddress: props.remotePilotAddress },
        }),
    }, props.name);
  }
}
