import { Construct } from 'constructs';
import { k8s } from '../k8s/core';

export interface IstioNamespaceProps {
  /** Namespace name. @default 'istio-system' */
  readonly name?: string;
  /** The cluster's network: the label `topology.istio.io/network`. */
  readonly network: string;
  /**
   * For a remote cluster: the primaries whose istiod manages it, written to the
   * annotation `topology.istio.io/controlPlaneClusters`.
   * @default - no annotation (a primary)
   */
  readonly controlPlaneClusters?: readonly string[];
}

/**
 * The Istio control-plane namespace, labelled with the cluster's network and, on a
 * remote, annotated with the clusters that run its control plane (what the runbook's
 * `kubectl label namespace` / `kubectl annotate namespace` steps do).
 */
export class IstioNamespace extends Construct {
  public readonly namespace: k8s.KubeNamespace;

  constructor(scope: Construct, id: string, props: IstioNamespaceProps) {
    super(scope, id);
    const annotations = props.controlPlaneClusters?.length
      ? { 'topology.istio.io/controlPlaneClusters': [...props.controlPlaneClusters].sort().join(',') }
      : undefined;
    this.namespace = new k8s.KubeNamespace(this, 'Resource', {
      metadata: {
        name: props.name ?? 'istio-system',
        labels: { 'topology.istio.io/network': props.network },
        ...(annotations ? { annotations } : {}),
      },
    });
  }
}
