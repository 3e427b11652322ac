import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { IstioCni } from '../../imports/istiocnis-sailoperator.io';
import { SAIL_ISTIO_NAME } from '../names/sail';
import { sortKeys } from './istio';

/** The namespace Sail installs the CNI node agent into (the IstioCNI CRD's default). */
export const SAIL_CNI_NAMESPACE = 'istio-cni';

export interface SailIstioCniProps {
  /** Istio release, e.g. `1.30.3` (written as `spec.version: v1.30.3`). */
  readonly version: string;
  /** `spec.values.cni`: spec.istio.values.cni (Istio's istio-cni chart values). @default - none */
  readonly cniValues?: Readonly<Record<string, unknown>>;
  /** `spec.values.global.platform`. @default - none (Sail applies its openshift profile on OpenShift itself) */
  readonly platform?: string;
}

/**
 * The Sail operator's `IstioCNI` resource (sailoperator.io/v1, name `default`) and its
 * namespace `istio-cni`, as in Sail's istiocni-sample.yaml: the CNI node agent that
 * OpenShift requires and that spec.istio.cni turns on elsewhere.
 */
export class SailIstioCni extends Construct {
  public readonly namespace: ApiObject;
  public readonly istioCni: ApiObject;

  constructor(scope: Construct, id: string, props: SailIstioCniProps) {
    super(scope, id);
    this.namespace = new ApiObject(this, 'Namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: SAIL_CNI_NAMESPACE } });
    const values = {
      ...(props.cniValues ? { cni: props.cniValues } : {}),
      ...(props.platform ? { global: { platform: props.platform } } : {}),
    };
    this.istioCni = new ApiObject(this, 'Resource', {
      ...IstioCni.GVK,
      metadata: { name: SAIL_ISTIO_NAME },
      spec: sortKeys({
        namespace: SAIL_CNI_NAMESPACE,
        version: `v${props.version}`,
        ...(Object.keys(values).length > 0 ? { values } : {}),
      }),
    });
  }
}
