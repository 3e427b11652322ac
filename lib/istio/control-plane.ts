import { Construct } from 'constructs';
import { IstioOperatorResource } from './istio-operator';
import { MULTIROOT_ENV, multiRootMeshConfig } from './multi-root';
import { AMBIENT_MULTI_NETWORK_ENV } from '../names/ambient';
import { mergeValues } from '../mesh-spec/istio-values';
import { dnsLabelProblem, hostAddressProblem, networkProblem, validateProps } from '../names/prop-checks';

/** What primaries and remotes take from the spec besides the topology. */
export interface ControlPlaneSettings {
  /**
   * spec.istio.values (with the cluster's merged over them), merged under what meshgen
   * sets; their `meshConfig` goes to `spec.meshConfig`, where istioctl documents it.
   * @default - none
   */
  readonly values?: Readonly<Record<string, unknown>>;
  /** Install the Istio CNI node agent (`components.cni`, `values.pilot.cni.enabled`). @default - no CNI */
  readonly cni?: { readonly namespace?: string };
  /** values.global.platform (`openshift`, `gke`, ...). @default - none */
  readonly platform?: string;
}

/**
 * The IstioOperator spec parts that come from ControlPlaneSettings: `meshgen` values are
 * merged over the user's, the user's meshConfig under `meshConfig`.
 */
function withSettings(settings: ControlPlaneSettings, values: Record<string, unknown>, meshConfig: Record<string, unknown> | undefined) {
  const { meshConfig: userMeshConfig, ...userValues } = (settings.values ?? {}) as Record<string, unknown>;
  const own = mergeValues(values, {
    ...(settings.platform ? { global: { platform: settings.platform } } : {}),
    ...(settings.cni ? { pilot: { cni: { enabled: true } } } : {}),
  });
  const mc = userMeshConfig !== undefined || meshConfig ? mergeValues(userMeshConfig as Record<string, unknown> | undefined, meshConfig) : undefined;
  return {
    ...(settings.cni ? { components: { cni: { enabled: true, ...(settings.cni.namespace ? { namespace: settings.cni.namespace } : {}) } } } : {}),
    values: mergeValues(userValues, own),
    ...(mc ? { meshConfig: mc } : {}),
  };
}

export interface PrimaryControlPlaneProps extends ControlPlaneSettings {
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
  /**
   * Ambient mode: `profile: ambient` (istiod, istio-cni and ztunnel, which takes the
   * cluster name and network from values.global) and istiod's
   * `AMBIENT_ENABLE_MULTI_NETWORK: "true"` (Istio's "Install ambient multi-primary on
   * different networks"; set here through values.pilot.env, which the istiod chart
   * renders into the same container env as the guide's components.pilot.k8s.env).
   * @default false
   */
  readonly ambient?: boolean;
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
    validateProps(this, () => [dnsLabelProblem('meshId', props.meshId), dnsLabelProblem('clusterName', props.clusterName), networkProblem('network', props.network), dnsLabelProblem('namespace', props.namespace)]);
    const ns = props.namespace ?? 'istio-system';
    const env = {
      ...(props.ambient ? { [AMBIENT_MULTI_NETWORK_ENV]: 'true' } : {}),
      ...(props.externalIstiod ? { EXTERNAL_ISTIOD: true } : {}),
      ...(props.trustRoots ? { [MULTIROOT_ENV]: true } : {}),
    };
    this.operator = new IstioOperatorResource(this, 'Resource', {
      metadata: { name: operatorName(props.revision) },
      spec: {
        ...(props.ambient ? { profile: 'ambient' } : {}),
        ...(props.revision ? { revision: props.revision } : {}),
        ...(ns !== 'istio-system' ? { namespace: ns } : {}),
        ...withSettings(props, {
          global: {
            meshID: props.meshId,
            multiCluster: { clusterName: props.clusterName },
            network: props.network,
            ...(ns !== 'istio-system' ? { istioNamespace: ns } : {}),
            ...(props.meshNetworks ? { meshNetworks: props.meshNetworks } : {}),
          },
          ...(Object.keys(env).length > 0 ? { pilot: { env } } : {}),
        }, props.trustRoots ? multiRootMeshConfig(props.trustRoots) : undefined),
      },
    });
  }
}

export interface RemoteControlPlaneProps extends ControlPlaneSettings {
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
    validateProps(this, () => [dnsLabelProblem('clusterName', props.clusterName), networkProblem('network', props.network), hostAddressProblem('remotePilotAddress', props.remotePilotAddress), dnsLabelProblem('namespace', props.namespace)]);
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
        ...withSettings(props, {
          istiodRemote: { injectionPath: `/inject/cluster/${props.clusterName}/net/${props.network}` },
          global: {
            remotePilotAddress: props.remotePilotAddress,
            ...(ns !== 'istio-system' ? { istioNamespace: ns } : {}),
          },
        }, undefined),
      },
    });
  }
}

/** The IstioOperator's name: `control-plane`, or `control-plane-<rev>` so that two revisions' installs do not share one. */
function operatorName(revision?: string): string {
  return revision ? `control-plane-${revision}` : 'control-plane';
}
