import { Construct } from 'constructs';
import { ZTunnel, ZTunnelSpecVersion } from '../../imports/ztunnels-sailoperator.io';
import { k8s } from '../k8s/core';
import { SAIL_AMBIENT_RESOURCE_NAME, SAIL_ZTUNNEL_NAMESPACE } from '../names/ambient';
import { sailVersion } from './istio';
import { dnsLabelProblem, networkProblem, validateProps } from '../names/prop-checks';

export interface SailZTunnelProps {
  /** Istio release, e.g. `1.30.3` (written as `spec.version: v1.30.3`). */
  readonly version: string;
  /** `values.ztunnel.multiCluster.clusterName`: the Istio cluster ID (istiod's clusterName). */
  readonly clusterName: string;
  /** `values.ztunnel.network` */
  readonly network: string;
  /** The namespace ztunnel runs in (created here); the Istio resource's trustedZtunnelNamespace. @default 'ztunnel' */
  readonly namespace?: string;
  /** `values.ztunnel.istioNamespace`: where istiod is, when not istio-system. @default 'istio-system' (not written) */
  readonly istioNamespace?: string;
}

/**
 * The Sail operator's `ZTunnel` resource (sailoperator.io/v1), with its namespace: the
 * Sail docs' "Create `ztunnel` namespace" and "Create `Ztunnel` resource" steps, with
 * the cluster name and network ztunnel reports to istiod (without them ztunnel claims
 * cluster `Kubernetes` and no network).
 */
export class SailZTunnel extends Construct {
  public readonly namespace: k8s.KubeNamespace;
  public readonly ztunnel: ZTunnel;

  constructor(scope: Construct, id: string, props: SailZTunnelProps) {
    super(scope, id);
    validateProps(this, () => [dnsLabelProblem('clusterName', props.clusterName), networkProblem('network', props.network), dnsLabelProblem('namespace', props.namespace), dnsLabelProblem('istioNamespace', props.istioNamespace)]);
    const namespace = props.namespace ?? SAIL_ZTUNNEL_NAMESPACE;
    this.namespace = new k8s.KubeNamespace(this, 'Namespace', { metadata: { name: namespace } });
    this.ztunnel = new ZTunnel(this, 'Resource', {
      metadata: { name: SAIL_AMBIENT_RESOURCE_NAME },
      spec: {
        version: sailVersion(props.version) as string as ZTunnelSpecVersion,
        namespace,
        values: {
          ztunnel: {
            multiCluster: { clusterName: props.clusterName },
            network: props.network,
            ...(props.istioNamespace && props.istioNamespace !== 'istio-system' ? { istioNamespace: props.istioNamespace } : {}),
          },
        },
      },
    });
  }
}
