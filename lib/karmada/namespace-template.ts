import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { dnsLabelProblem, validateProps } from '../names/prop-checks';

export interface IstioNamespaceTemplateProps {
  /** The Istio namespace, e.g. `istio-system`. */
  readonly name: string;
}

/**
 * The Istio namespace as created on the karmada-apiserver, which Karmada propagates to
 * every member: no network label (each member's comes from its
 * ClusterOverridePolicy, lib/karmada/cluster-override-policy.ts).
 */
export class IstioNamespaceTemplate extends Construct {
  constructor(scope: Construct, id: string, props: IstioNamespaceTemplateProps) {
    super(scope, id);
    validateProps(this, () => [dnsLabelProblem('name', props.name)]);
    new ApiObject(this, 'Resource', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: props.name } });
  }
}
