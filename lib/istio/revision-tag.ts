import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { istiodServiceName, revisionTagWebhookName } from '../names/objects';
import { dnsLabelProblem, validateProps } from '../names/prop-checks';

export interface RevisionTagProps {
  /** The tag, e.g. `prod-stable`; namespaces opt in with `istio.io/rev=<tag>`. */
  readonly tag: string;
  /** The revision the tag points to. */
  readonly revision: string;
  /** Control-plane namespace. @default 'istio-system' */
  readonly namespace?: string;
  /**
   * The injection path of the cluster's revision webhook: `/inject` on a primary,
   * `/inject/cluster/<c>/net/<n>` on a remote (istiodRemote.injectionPath).
   * @default '/inject'
   */
  readonly injectionPath?: string;
}

const NOT_DISABLED = { key: 'sidecar.istio.io/inject', operator: 'NotIn', values: ['false'] };

/**
 * A revision tag as `istioctl tag set <tag> --revision <rev>` creates it: the
 * MutatingWebhookConfiguration `istio-revision-tag-<tag>` of Istio 1.30's
 * istio-discovery template revision-tags-mwc.yaml (labels istio.io/tag and istio.io/rev,
 * the `rev.namespace.` and `rev.object.` webhooks to Service istiod-<rev>). The tag
 * `default` also gets the `namespace.` and `object.` webhooks (istio-injection=enabled).
 * No caBundle: the revision's istiod patches it, as it does its own webhook. Flipping the
 * tag is applying this object again with another revision.
 */
export class RevisionTag extends Construct {
  public readonly webhook: ApiObject;

  constructor(scope: Construct, id: string, props: RevisionTagProps) {
    super(scope, id);
    validateProps(this, () => [dnsLabelProblem('tag', props.tag), dnsLabelProblem('revision', props.revision), dnsLabelProblem('namespace', props.namespace)]);
    const namespace = props.namespace ?? 'istio-system';
    const core = (prefix: string) => ({
      name: `${prefix}sidecar-injector.istio.io`,
      clientConfig: {
        service: { name: istiodServiceName(props.revision), namespace, path: props.injectionPath ?? '/inject', port: 443 },
      },
      sideEffects: 'None',
      rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }],
      failurePolicy: 'Fail',
      reinvocationPolicy: 'Never',
      admissionReviewVersions: ['v1'],
    });
    const webhooks: Record<string, unknown>[] = [
      {
        ...core('rev.namespace.'),
        namespaceSelector: { matchExpressions: [
          { key: 'istio.io/rev', operator: 'In', values: [props.tag] },
          { key: 'istio-injection', operator: 'DoesNotExist' },
        ] },
        objectSelector: { matchExpressions: [NOT_DISABLED] },
      },
      {
        ...core('rev.object.'),
        namespaceSelector: { matchExpressions: [
          { key: 'istio.io/rev', operator: 'DoesNotExist' },
          { key: 'istio-injection', operator: 'DoesNotExist' },
        ] },
        objectSelector: { matchExpressions: [NOT_DISABLED, { key: 'istio.io/rev', operator: 'In', values: [props.tag] }] },
      },
    ];
    if (props.tag === 'default') {
      webhooks.push(
        {
          ...core('namespace.'),
          namespaceSelector: { matchExpressions: [{ key: 'istio-injection', operator: 'In', values: ['enabled'] }] },
          objectSelector: { matchExpressions: [NOT_DISABLED] },
        },
        {
          ...core('object.'),
          namespaceSelector: { matchExpressions: [
            { key: 'istio-injection', operator: 'DoesNotExist' },
            { key: 'istio.io/rev', operator: 'DoesNotExist' },
          ] },
          objectSelector: { matchExpressions: [
            { key: 'sidecar.istio.io/inject', operator: 'In', values: ['true'] },
            { key: 'istio.io/rev', operator: 'DoesNotExist' },
          ] },
        },
      );
    }
    this.webhook = new ApiObject(this, 'Resource', {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'MutatingWebhookConfiguration',
      metadata: {
        name: revisionTagWebhookName(props.tag, namespace),
        labels: {
          'istio.io/tag': props.tag,
          'istio.io/rev': props.revision,
          'operator.istio.io/component': 'Pilot',
          app: 'sidecar-injector',
          'app.kubernetes.io/name': 'istiod',
        },
      },
      webhooks,
    });
  }
}
