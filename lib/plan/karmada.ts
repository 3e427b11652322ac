import { KarmadaNetworkLabel, KarmadaSettings } from '../mesh-spec/types';

/** The Karmada control plane of the mesh (`spec.federation.karmada`). Pure data. */
export interface KarmadaPlan {
  /** kubectl context of the karmada-apiserver. */
  readonly context: string;
  /** The Istio namespace is created on the karmada-apiserver and propagated; members get no namespace.yaml. */
  readonly namespace: boolean;
  /** The cacerts Secret is propagated, with each member's intermediate set by an OverridePolicy. */
  readonly cacerts: boolean;
  /** The verification workload is propagated from `<out>/karmada/verify/`; members get no verify/. */
  readonly verify: boolean;
  readonly networkLabel: KarmadaNetworkLabel;
  /** Istio's CRDs on the karmada-apiserver. */
  readonly istioCrds: boolean;
}

export function planKarmada(settings: KarmadaSettings): KarmadaPlan {
  return {
    context: settings.context,
    namespace: settings.propagate.includes('namespace'),
    cacerts: settings.propagate.includes('cacerts'),
    verify: settings.propagate.includes('verify'),
    networkLabel: settings.networkLabel,
    istioCrds: settings.istioCrds,
  };
}
