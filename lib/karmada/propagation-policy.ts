import { Construct } from 'constructs';
import { PropagationPolicy } from '../../imports/propagationpolicies-policy.karmada.io';
import { dnsLabelProblem, eachProblem, objectNameProblem, validateProps } from '../names/prop-checks';

/** One object a policy selects: apiVersion, kind and name (in the policy's namespace). */
export interface KarmadaResourceSelector {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
}

export interface MemberPropagationProps {
  /** The PropagationPolicy's name, e.g. `cacerts-propagation`. */
  readonly name: string;
  /** The namespace of the policy and of the objects it selects. */
  readonly namespace: string;
  readonly resourceSelectors: readonly KarmadaResourceSelector[];
  /** The Karmada member clusters that get the objects (sorted on output). */
  readonly clusterNames: readonly string[];
}

/**
 * A PropagationPolicy placing the selected objects on the named members
 * (`placement.clusterAffinity.clusterNames`), as in Karmada's Istio guide; with no
 * replicaScheduling, a workload is duplicated whole on every member.
 */
export class MemberPropagation extends Construct {
  public readonly policy: PropagationPolicy;

  constructor(scope: Construct, id: string, props: MemberPropagationProps) {
    super(scope, id);
    validateProps(this, () => [objectNameProblem('name', props.name), dnsLabelProblem('namespace', props.namespace), ...props.resourceSelectors.map((s, i) => objectNameProblem(`resourceSelectors[${i}].name`, s.name)), ...eachProblem('clusterNames', props.clusterNames, dnsLabelProblem)]);
    if (props.clusterNames.length === 0) throw new Error(`PropagationPolicy ${props.name}: clusterNames is empty`);
    if (props.resourceSelectors.length === 0) throw new Error(`PropagationPolicy ${props.name}: resourceSelectors is empty`);
    this.policy = new PropagationPolicy(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        resourceSelectors: props.resourceSelectors.map((s) => ({ apiVersion: s.apiVersion, kind: s.kind, name: s.name })),
        placement: { clusterAffinity: { clusterNames: [...props.clusterNames].sort() } },
      },
    });
  }
}
