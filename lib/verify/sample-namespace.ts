import { Construct } from 'constructs';
import { k8s } from '../k8s/core';

export interface SampleNamespaceProps {
  /** @default 'sample' */
  readonly name?: string;
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
 * in it gets a sidecar (the seeds' `kubectl create ns sample` and `kubectl label`).
 */
export class SampleNamespace extends Construct {
  public readonly namespace: k8s.KubeNamespace;

  constructor(scope: Construct, id: string, props: SampleNamespaceProps = {}) {
    super(scope, id);
    this.namespace = new k8s.KubeNamespace(this, 'Resource', {
      metadata: { name: props.name ?? 'sample', labels: props.rev ? { 'istio.io/rev': props.rev } : { 'istio-injection': 'enabled' } },
    });
  }
}
