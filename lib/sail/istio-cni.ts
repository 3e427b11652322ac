import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { IstioCni, IstioCniSpecProfile } from '../../imports/istiocnis-sailoperator.io';
import { k8s } from '../k8s/core';
import { SAIL_AMBIENT_RESOURCE_NAME, SAIL_CNI_NAMESPACE } from '../names/ambient';
import { sailVersion, sortKeys } from './istio';
import { dnsLabelProblem, validateProps } from '../names/prop-checks';

export { SAIL_CNI_NAMESPACE };

export interface SailIstioCniProps {
  /** Istio release, e.g. `1.30.3` (written as `spec.version: v1.30.3`). */
  readonly version: string;
  /** The namespace the CNI node agent runs in (created here). @default 'istio-cni' */
  readonly namespace?: string;
  /** `spec.profile`: `ambient` for ambient mode (the CNI then redirects pods to ztunnel). @default - none */
  readonly profile?: 'ambient';
  /** `spec.values.cni`: spec.istio.values.cni (Istio's istio-cni chart values). @default - none */
  readonly cniValues?: Readonly<Record<string, unknown>>;
  /** `spec.values.global.platform`. @default - none (Sail applies its openshift profile on OpenShift itself) */
  readonly platform?: string;
}

/**
 * The Sail operator's `IstioCNI` resource (sailoperator.io/v1, name `default`) with its
 * namespace (`istio-cni`), as in Sail's istiocni-sample.yaml: the CNI node agent that
 * spec.istio.cni (and OpenShift) turns on, and that ambient mode needs (`profile:
 * ambient`, the Sail docs' "Multi-Primary - Multi-Network (Ambient Mode)" steps "Create
 * `istio-cni` namespace" and "Create an `IstioCNI` resource"). One per cluster.
 * Built from the GVK with a raw sorted spec, so values keys the generated class spells
 * differently are kept.
 */
export class SailIstioCni extends Construct {
  public readonly namespace: k8s.KubeNamespace;
  public readonly istioCni: ApiObject;

  constructor(scope: Construct, id: string, props: SailIstioCniProps) {
    super(scope, id);
    validateProps(this, () => [dnsLabelProblem('namespace', props.namespace)]);
    const namespace = props.namespace ?? SAIL_CNI_NAMESPACE;
    this.namespace = new k8s.KubeNamespace(this, 'Namespace', { metadata: { name: namespace } });
    const values = {
      ...(props.cniValues ? { cni: props.cniValues } : {}),
      ...(props.platform ? { global: { platform: props.platform } } : {}),
    };
    this.istioCni = new ApiObject(this, 'Resource', {
      ...IstioCni.GVK,
      metadata: { name: SAIL_AMBIENT_RESOURCE_NAME },
      spec: sortKeys({
        version: sailVersion(props.version),
        namespace,
        ...(props.profile === 'ambient' ? { profile: IstioCniSpecProfile.AMBIENT } : {}),
        ...(Object.keys(values).length > 0 ? { values } : {}),
      }),
    });
  }
}
