import { Construct } from 'constructs';
import {
  ClusterOverridePolicy, ClusterOverridePolicySpecOverrideRulesOverriders,
  ClusterOverridePolicySpecOverrideRulesOverridersAnnotationsOverriderOperator as AnnotationOp,
  ClusterOverridePolicySpecOverrideRulesOverridersLabelsOverriderOperator as LabelOp,
  ClusterOverridePolicySpecOverrideRulesOverridersPlaintextOperator as PlaintextOp,
} from '../../imports/clusteroverridepolicies-policy.karmada.io';
import { KarmadaNetworkLabel } from '../mesh-spec/types';
import { dnsLabelProblem, eachProblem, networkProblem, validateProps } from '../names/prop-checks';

export const NETWORK_LABEL = 'topology.istio.io/network';
export const CONTROL_PLANE_CLUSTERS_ANNOTATION = 'topology.istio.io/controlPlaneClusters';

export interface NamespaceNetworkOverrideProps {
  /** The Istio namespace (a Namespace on the karmada-apiserver). @default 'istio-system' */
  readonly namespace?: string;
  /** The Karmada member the rule targets. */
  readonly member: string;
  /** The member's network: the label `topology.istio.io/network`. */
  readonly network: string;
  /**
   * For a remote: the primaries running its control plane, written as the annotation
   * `topology.istio.io/controlPlaneClusters` (with the annotationsOverrider, in both forms).
   * @default - no annotation (a primary)
   */
  readonly controlPlaneClusters?: readonly string[];
  /**
   * `labelsOverrider` adds the one label. `plaintext` is the Karmada guide's
   * `{path: /metadata/labels, operator: add}`, a JSON patch that replaces every label
   * of the namespace on the member.
   * @default 'labelsOverrider'
   */
  readonly form?: KarmadaNetworkLabel;
}

/**
 * The ClusterOverridePolicy `<namespace>-<member>` (the guide's `istio-system-member1`):
 * when Karmada propagates the Istio namespace to `member`, it carries the member's network
 * label, and on a remote the control-plane annotation.
 */
export class NamespaceNetworkOverride extends Construct {
  public readonly policy: ClusterOverridePolicy;

  constructor(scope: Construct, id: string, props: NamespaceNetworkOverrideProps) {
    super(scope, id);
    validateProps(this, () => [dnsLabelProblem('namespace', props.namespace), dnsLabelProblem('member', props.member), networkProblem('network', props.network), ...eachProblem('controlPlaneClusters', props.controlPlaneClusters, dnsLabelProblem)]);
    const namespace = props.namespace ?? 'istio-system';
    const labels = { [NETWORK_LABEL]: props.network };
    const overriders: ClusterOverridePolicySpecOverrideRulesOverriders = {
      ...((props.form ?? 'labelsOverrider') === 'plaintext'
        ? { plaintext: [{ path: '/metadata/labels', operator: PlaintextOp.ADD, value: labels }] }
        : { labelsOverrider: [{ operator: LabelOp.ADD, value: labels }] }),
      ...(props.controlPlaneClusters?.length
        ? { annotationsOverrider: [{ operator: AnnotationOp.ADD, value: { [CONTROL_PLANE_CLUSTERS_ANNOTATION]: [...props.controlPlaneClusters].sort().join(',') } }] }
        : {}),
    };
    this.policy = new ClusterOverridePolicy(this, 'Resource', {
      metadata: { name: `${namespace}-${props.member}` },
      spec: {
        resourceSelectors: [{ apiVersion: 'v1', kind: 'Namespace', name: namespace }],
        overrideRules: [{ targetCluster: { clusterNames: [props.member] }, overriders }],
      },
    });
  }
}
