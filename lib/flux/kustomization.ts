import { Construct } from 'constructs';
import { Kustomization, KustomizationSpecHealthChecks, KustomizationSpecSourceRefKind } from '../../imports/kustomize.toolkit.fluxcd.io';

/** An object whose readiness gates a Kustomization (`spec.healthChecks`). */
export interface FluxHealthCheck {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/**
 * How a custom resource's health is read (`spec.healthCheckExprs`, CEL): the generic
 * kstatus rules read `Reconciling`/`Stalled` conditions, not `Ready`.
 */
export interface FluxHealthCheckExpr {
  readonly apiVersion: string;
  readonly kind: string;
  /** CEL, true when the resource has reached its desired state. */
  readonly current: string;
}

export interface FluxKustomizationProps {
  /** metadata.name, e.g. `cluster1-mesh-bundle`. */
  readonly name: string;
  /** The Flux namespace. */
  readonly namespace: string;
  /** The GitRepository (in the Flux namespace). */
  readonly gitRepository: string;
  /** The directory in the repository. */
  readonly path: string;
  /** Kustomizations (in the Flux namespace) that must be Ready first. @default - none */
  readonly dependsOn?: readonly string[];
  /**
   * What must be Ready before this Kustomization is: these objects, or, when none are given,
   * every object it applies (`wait: true`).
   * @default - wait for every object
   */
  readonly healthChecks?: readonly FluxHealthCheck[];
  /** A Secret with a kubeconfig of the target cluster (Flux running elsewhere). @default - the cluster Flux runs in */
  readonly kubeConfigSecret?: string;
  /** Health of custom resources it applies. @default - kstatus's generic rules */
  readonly healthCheckExprs?: readonly FluxHealthCheckExpr[];
  /**
   * Wait for what it applies (healthChecks or every object). False for a root Kustomization,
   * which applies itself and the other Kustomizations (each waits for its own objects).
   * @default true
   */
  readonly wait?: boolean;
  /** @default '10m' */
  readonly timeout?: string;
}

/** A Flux Kustomization (kustomize.toolkit.fluxcd.io/v1) that applies a directory and waits for its health. */
export class FluxKustomization extends Construct {
  constructor(scope: Construct, id: string, props: FluxKustomizationProps) {
    super(scope, id);
    const checks = props.healthChecks ?? [];
    const healthChecks: KustomizationSpecHealthChecks[] = checks.map((h) => ({
      apiVersion: h.apiVersion, kind: h.kind, name: h.name, ...(h.namespace ? { namespace: h.namespace } : {}),
    }));
    new Kustomization(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        interval: '10m',
        retryInterval: '1m',
        timeout: props.timeout ?? '10m',
        path: `./${props.path}`,
        prune: true,
        sourceRef: { kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY, name: props.gitRepository },
        ...(props.dependsOn && props.dependsOn.length > 0 ? { dependsOn: props.dependsOn.map((name) => ({ name })) } : {}),
        ...(props.wait === false ? {} : healthChecks.length > 0 ? { healthChecks } : { wait: true }),
        ...(props.healthCheckExprs?.length ? { healthCheckExprs: props.healthCheckExprs.map((e) => ({ ...e })) } : {}),
        ...(props.kubeConfigSecret ? { kubeConfig: { secretRef: { name: props.kubeConfigSecret } } } : {}),
      },
    });
  }
}
