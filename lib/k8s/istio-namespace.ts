import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { dnsLabelProblem, eachProblem, networkProblem, validateProps } from '../names/prop-checks';

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
  /**
   * The v1 Namespace. A plain ApiObject rather than the generated KubeNamespace
   * (imports/k8s.ts): the object needs no typing beyond metadata, and an istioctl
   * mesh then loads no generated k8s module at all.
   */
  public readonly namespace: ApiObject;

  constructor(scope: Construct, id: string, props: IstioNamespaceProps) {
    super(scope, id);
    validateProps(this, () => [dnsLabelProblem('name', props.name), networkProblem('network', props.network), ...eachProblem('controlPlaneClusters', props.controlPlaneClusters, dnsLabelProblem)]);
    const annotations = props.controlPlaneClusters?.length
      ? { 'topology.istio.io/controlPlaneClusters': [...props.controlPlaneClusters].sort().join(',') }
      : undefined;
    this.namespace = new ApiObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: props.name ?? 'istio-system',
        labels: { 'topology.istio.io/network': props.network },
        ...(annotations ? { annotations } : {}),
      },
    });
  }
}
