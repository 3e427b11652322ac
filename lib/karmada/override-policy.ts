import { Construct } from 'constructs';
import { OverridePolicy } from '../../imports/overridepolicies-policy.karmada.io';
import { KarmadaResourceSelector } from './propagation-policy';
import { dnsLabelProblem, objectNameProblem, validateProps } from '../names/prop-checks';

/** One JSON-patch operation of a plaintext overrider. */
export interface PlaintextOverride {
  readonly path: string;
  readonly operator: 'add' | 'replace' | 'remove';
  readonly value?: unknown;
}

export interface MemberOverrideProps {
  /** The OverridePolicy's name, e.g. `cacerts-member1`. */
  readonly name: string;
  /** The namespace of the policy and of the object it selects. */
  readonly namespace: string;
  readonly resourceSelector: KarmadaResourceSelector;
  /** The one Karmada member the rule targets. */
  readonly member: string;
  readonly plaintext: readonly PlaintextOverride[];
}

/**
 * The plain object of an OverridePolicy that changes one object on one member only
 * (`overrideRules[0].targetCluster.clusterNames: [member]`, plaintext overriders).
 * A plain object so that policies holding private keys can be written to the secrets
 * output without a chart; `MemberOverride` is the construct.
 */
export function memberOverridePolicy(props: MemberOverrideProps): Record<string, any> {
  return {
    apiVersion: 'policy.karmada.io/v1alpha1',
    kind: 'OverridePolicy',
    metadata: { name: props.name, namespace: props.namespace },
    spec: {
      resourceSelectors: [{ apiVersion: props.resourceSelector.apiVersion, kind: props.resourceSelector.kind, name: props.resourceSelector.name }],
      overrideRules: [{
        targetCluster: { clusterNames: [props.member] },
        overriders: { plaintext: props.plaintext.map((p) => ({ path: p.path, operator: p.operator, ...(p.value !== undefined ? { value: p.value } : {}) })) },
      }],
    },
  };
}

/** An OverridePolicy for one member, as a construct (see `memberOverridePolicy`). */
export class MemberOverride extends Construct {
  public readonly policy: OverridePolicy;

  constructor(scope: Construct, id: string, props: MemberOverrideProps) {
    super(scope, id);
    validateProps(this, () => [objectNameProblem('name', props.name), dnsLabelProblem('namespace', props.namespace), objectNameProblem('resourceSelector.name', props.resourceSelector.name), dnsLabelProblem('member', props.member)]);
    const { metadata, spec } = memberOverridePolicy(props);
    this.policy = new OverridePolicy(this, 'Resource', { metadata, spec });
  }
}
