import { Construct } from 'constructs';
import { IstioRevisionTag, IstioRevisionTagSpecTargetRefKind } from '../../imports/istiorevisiontags-sailoperator.io';
import { dnsLabelProblem, objectNameProblem, validateProps } from '../names/prop-checks';

export interface SailRevisionTagProps {
  /** The tag, e.g. `prod-stable`; namespaces opt in with `istio.io/rev=<tag>`. */
  readonly tag: string;
  /** The Istio resource (named after its revision) the tag points at. */
  readonly istio: string;
}

/**
 * The Sail operator's `IstioRevisionTag` (sailoperator.io/v1): a revision tag whose
 * targetRef is an `Istio` resource, so that the tag follows that resource's active
 * revision; the operator writes the tag's MutatingWebhookConfiguration. Flipping the
 * tag is applying it again with another target.
 */
export class SailRevisionTag extends Construct {
  public readonly revisionTag: IstioRevisionTag;

  constructor(scope: Construct, id: string, props: SailRevisionTagProps) {
    super(scope, id);
    validateProps(this, () => [dnsLabelProblem('tag', props.tag), objectNameProblem('istio', props.istio)]);
    this.revisionTag = new IstioRevisionTag(this, 'Resource', {
      metadata: { name: props.tag },
      spec: { targetRef: { kind: IstioRevisionTagSpecTargetRefKind.ISTIO, name: props.istio } },
    });
  }
}
