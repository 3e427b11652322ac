import { Construct } from 'constructs';
import { IstioCni, IstioCniSpecProfile, IstioCniSpecVersion } from '../../imports/istiocnis-sailoperator.io';
import { k8s } from '../k8s/core';
import { SAIL_AMBIENT_RESOURCE_NAME, SAIL_CNI_NAMESPACE } from '../names/ambient';
import { sailVersion } from './istio';

export interface SailIstioCniProps {
  /** Istio release, e.g. `1.30.3` (written as `spec.version: v1.30.3`). */
  readonly version: string;
  /** The namespace the CNI node agent runs in (created here). @default 'istio-cni' */
  readonly namespace?: string;
  /** `spec.profile`: `ambient` for ambient mode (the CNI then redirects pods to ztunnel). @default - none */
  readonly profile?: 'ambient';
}

/**
 * The Sail operator's `IstioCNI` resource, with its namespace; with `profile: ambient`
 * the Sail docs' "Multi-Primary - Multi-Network (Ambient Mode)" steps "Create `istio-cni`
 * namespace" and "Create an `IstioCNI` resource" (name `default`), plus the version the
 * Istio resource uses.
 */
export class SailIstioCni extends Construct {
  public readonly namespace: k8s.KubeNamespace;
  public readonly istioCni: IstioCni;

  constructor(scope: Construct, id: string, props: SailIstioCniProps) {
    super(scope, id);
    const namespace = props.namespace ?? SAIL_CNI_NAMESPACE;
    this.namespace = new k8s.KubeNamespace(this, 'Namespace', { metadata: { name: namespace } });
    this.istioCni = new IstioCni(this, 'Resource', {
      metadata: { name: SAIL_AMBIENT_RESOURCE_NAME },
      spec: {
        version: sailVersion(props.version) as string as IstioCniSpecVersion,
        namespace,
        ...(props.profile === 'ambient' ? { profile: IstioCniSpecProfile.AMBIENT } : {}),
      },
    });
  }
}
