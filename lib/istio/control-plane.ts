import { Construct } from 'constructs';
import { IstioOperatorResource } from './istio-operator';
import { MULTIROOT_ENV, multiRootMeshConfig } from './multi-root';

export interface PrimaryControlPlaneProps {
  /** values.global.meshID */
  readonly meshId: string;
  /** values.global.multiCluster.clusterName: the Istio cluster ID. */
  readonly clusterName: string;
  /** values.global.network */
  readonly network: string;
  /**
   * Serve as the external control plane of remote clusters
   * (`values.pilot.env.EXTERNAL_ISTIOD: true`).
   * @default false
   */
  readonly externalIstiod?: boolean;
  /** Control-plane namespace. @default 'istio-system' */
  readonly namespace?: string;
  /**
   * values.global.meshNetworks: the legacy, explicit description of each network's
   * clusters and gateways (see lib/plan/mesh-networks.ts).
   * @default - none: istiod learns networks from the topology.istio.io/network labels
   */
  readonly meshNetworks?: Record<string, unknown>;
  /**
   * During a root rotation, every root istiod and the proxies trust, the mesh root
   * first: `meshConfig.caCertificates`, `meshConfig.defaultConfig.proxyMetadata.PROXY_CONFIG_XDS_AGENT`
   * and `values.pilot.env.ISTIO_MULTIROOT_MESH` (see lib/istio/multi-root.ts).
   * @default - one root: none of these
   */
  readonly trustRoots?: readonly string[];
  /** IstioOperator `spec.revision`: istiod-<rev>, its webhooks and Services. @default - none (the default revision) */
  readonly revision?: string;
}

/**
 * The IstioOperator of a primary cluster: istiod with the mesh ID, cluster name and
 * network; EXTERNAL_ISTIOD when it also runs the control plane of remotes (the
 * runbook's `--set values.pilot.env.EXTERNAL_ISTIOD=true`, written into the file).
 */
export class PrimaryControlPlane extends Construct {
  public readonly operator: IstioOperatorResource;

  constructor(scope: Construct, id: string, props: PrimaryControlPlaneProps) {
    super(scope, id);
    const ns = props.namespace ?? 'istio-system';
    this.operator = new IstioOperatorResource(this, 'Resource', {
      metadata: { name: operatorName(props.revision) },
      spec: {
        ...(props.revision ? { revision: props.revision } : {}),
        ...(ns !== 'istio-system' ? { namespace: ns } : {}),
        values: {
          global: {
            meshID: props.meshId,
            multiCluster: { clusterName: props.clusterName },
            network: props.network,
            ...(ns !== 'istio-system' ? { istioNamespace: ns } : {}),
            ...(props.meshNetworks ? { meshNetworks: props.meshNetworks } : {}),
          },
          ...(props.externalIstiod || props.trustRoots
            ? { pilot: { env: { ...(props.externalIstiod ? { EXTERNAL_ISTIOD: true } : {}), ...(props.trustRoots ? { [MULTIROOT_ENV]: true } : {}) } } }
            : {}),
        },
        ...(props.trustRoots ? { meshConfig: multiRootMeshConfig(props.trustRoots) } : {}),
      },
    });
  }
}

export interface RemoteControlPlaneProps {
  /** values.global.multiCluster.clusterName of the remote. */
  readonly clusterName: string;
  /** The remote's network. */
  readonly network: string;
  /** values.global.remotePilotAddress: the primary's east-west gateway address. */
  readonly remotePilotAddress: string;
  /** Control-plane namespace. @default 'istio-system' */
  readonly namespace?: string;
  /**
   * IstioOperator `spec.revision`: the webhook `istio-sidecar-injector-<rev>` and the Service and
   * Endpoints `istiod-<rev>` pointing at remotePilotAddress (istio/istio#48942).
   * @default - none (the default revision)
   */
  readonly revision?: string;
}

/**
 * The IstioOperator of a remote cluster: `profile: remote`, the injection path that
 * tells the primary's istiod which cluster and network a pod is in, and the address
 * of the primary's east-west gateway.
 */
export class RemoteControlPlane extends Construct {
  public readonly operator: IstioOperatorResource;

  constructor(scope: Construct, id: string, props: RemoteControlPlaneProps) {
    super(scope, id);
    if (!props.remotePilotAddress) {
      throw new Error(`RemoteControlPlane ${props.clusterName}: remotePilotAddress is required`);
    }
    const ns = props.namespace ?? 'istio-system';
    this.operator = new IstioOperatorResource(this, 'Resource', {
      metadata: { name: operatorName(props.revision) },
      spec: {
        profile: 'remote',
        ...(props.revision ? { revision: props.revision } : {}),
        ...(ns !== 'istio-system' ? { namespace: ns } : {}),
        values: {
          istiodRemote: { injectionPath: `/inject/cluster/${props.clusterName}/net/${props.network}` },
          global: {
            remotePilotAddress: props.remotePilotAddress,
            ...(ns !== 'istio-system' ? { istioNamespace: ns } : {}),
          },
        },
      },
    });
  }
}

/** The IstioOperator's name: `control-plane`, or `control-plane-<rev>` so that two revisions' installs do not share one. */
function operatorName(revision?: string): string {
  return revision ? `control-plane-${revision}` : 'control-plane';
}
