import { Construct } from 'constructs';
import { k8s } from '../k8s/core';
import { DATAPLANE_MODE_LABEL } from '../names/ambient';
import { dnsLabelProblem, validateProps } from '../names/prop-checks';

export interface SampleNamespaceProps {
  /** @default 'sample' */
  readonly name?: string;
  /**
   * `ambient`: label the namespace `istio.io/dataplane-mode=ambient` (ztunnel captures
   * its pods; no sidecars) instead of `istio-injection=enabled`.
   * @default 'sidecar'
   */
  readonly dataplane?: 'sidecar' | 'ambient';
  /**
   * With revisioned control planes (spec.istio.revision): the `istio.io/rev` label the
   * namespace opts in with (a tag or a revision) instead of `istio-injection=enabled`,
   * which only the default revision serves.
   * @default - istio-injection=enabled
   */
  readonly rev?: string;
}

/**
 * The namespace Istio's samples run in, labelled `istio-injection=enabled` so every pod
 * in it gets a sidecar (the seeds' `kubectl create ns sample` and `kubectl label`); in
 * ambient mode labelled `istio.io/dataplane-mode=ambient` instead (Istio's "Verify the
 * ambient installation").
 */
export class SampleNamespace extends Construct {
  public readonly namespace: k8s.KubeNamespace;

  constructor(scope: Construct, id: string, props: SampleNamespaceProps = {}) {
    super(scope, id);
    validateProps(this, () => [dnsLabelProblem('name', props.name)]);
    this.namespace = new k8s.KubeNamespace(this, 'Resource', {
      metadata: {
        name: props.name ?? 'sample',
        labels: props.dataplane === 'ambient' ? { [DATAPLANE_MODE_LABEL]: 'ambient' } : props.rev ? { 'istio.io/rev': props.rev } : { 'istio-injection': 'enabled' },
      },
    });
  }
}
