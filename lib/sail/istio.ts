import { Construct } from 'constructs';
import { Istio, IstioSpecProfile, IstioSpecVersion } from '../../imports/sailoperator.io';
import { MULTIROOT_ENV, multiRootMeshConfig } from '../istio/multi-root';
import { SAIL_ISTIO_NAME, SAIL_ISTIO_VERSIONS } from '../names/sail';


interface SailIstioCommonProps {
  /** Istio release, e.g. `1.30.3` (written as `spec.version: v1.30.3`). */
  readonly version: string;
  /** `spec.namespace`: the control-plane namespace. @default 'istio-system' */
  readonly namespace?: string;
  /**
   * The Istio resource's name, which (with the default InPlace update strategy) is also the
   * name of its IstioRevision: a revision name gives istiod-<rev> and its webhooks.
   * @default 'default' (the default revision)
   */
  readonly name?: string;
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
}

export interface SailRemoteIstioProps extends SailIstioCommonProps {
  /** values.global.multiCluster.clusterName of the remote. */
  readonly clusterName: string;
  /** The remote's network (in the injection path). */
  readonly network: string;
  /** values.global.remotePilotAddress: the primary's east-west gateway address. */
  readonly remotePilotAddress: string;
}

function sailVersion(version: string): IstioSpecVersion {
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
  public readonly istio: Istio;

  constructor(scope: Construct, id: string, props: SailPrimaryIstioProps) {
    super(scope, id);
    this.istio = new Istio(this, 'Resource', {
      metadata: { name: props.name ?? SAIL_ISTIO_NAME },
      spec: {
        version: sailVersion(props.version),
        namespace: props.namespace ?? 'istio-system',
        values: {
          ...(props.externalIstiod || props.trustRoots
            ? { pilot: { env: { ...(props.externalIstiod ? { EXTERNAL_ISTIOD: 'true' } : {}), ...(props.trustRoots ? { [MULTIROOT_ENV]: 'true' } : {}) } } }
            : {}),
          global: {
            meshId: props.meshId,
            multiCluster: { clusterName: props.clusterName },
            network: props.network,
          },
          ...(props.trustRoots ? { meshConfig: multiRootMeshConfig(props.trustRoots) } : {}),
        },
      },
    });
  }
}

/**
 * The Sail operator's `Istio` resource of a remote cluster: `profile: remote`, the
 * injection path that tells the primary's istiod which cluster and network a pod is
 * in, and the address of the primary's east-west gateway (the Sail docs'
 * "Primary-Remote - Multi-Network" example).
 */
export class SailRemoteIstio extends Construct {
  public readonly istio: Istio;

  constructor(scope: Construct, id: string, props: SailRemoteIstioProps) {
    super(scope, id);
    if (!props.remotePilotAddress) {
      throw new Error(`SailRemoteIstio ${props.clusterName}: remotePilotAddress is required`);
    }
    this.istio = new Istio(this, 'Resource', {
      metadata: { name: props.name ?? SAIL_ISTIO_NAME },
      spec: {
        version: sailVersion(props.version),
        namespace: props.namespace ?? 'istio-system',
        profile: IstioSpecProfile.REMOTE,
        values: {
          istiodRemote: { injectionPath: `/inject/cluster/${props.clusterName}/net/${props.network}` },
          global: { remotePilotAddress: props.remotePilotAddress },
        },
      },
    });
  }
}
