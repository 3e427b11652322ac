import { parseIp } from '../names/dns';
import { parseIpRange } from '../mesh-spec/ip-range';
import type { MetalLbSettings } from '../mesh-spec/types';

/** The annotation MetalLB 0.13 and later read for the address a LoadBalancer Service asks for. */
export const METALLB_ADDRESSES_ANNOTATION = 'metallb.universe.tf/loadBalancerIPs';

/**
 * How a Service asks MetalLB for an address: the `metallb.universe.tf/loadBalancerIPs`
 * annotation (MetalLB 0.13 and later), or `spec.loadBalancerIP` (older MetalLB, e.g.
 * minikube's addon: `legacyConfigMap`).
 */
export type MetalLbPinMode = 'annotation' | 'loadBalancerIP';

export function metallbPinMode(settings: MetalLbSettings): MetalLbPinMode {
  return settings.legacyConfigMap ? 'loadBalancerIP' : 'annotation';
}

/** The Service fields that pin an address: an annotation, or spec.loadBalancerIP. */
export interface ServiceAddressPin {
  readonly annotations?: Readonly<Record<string, string>>;
  readonly loadBalancerIP?: string;
}

/** The fields that make MetalLB give a Service `address`; none without a mode (not MetalLB) or for a hostname. */
export function serviceAddressPin(address: string | undefined, mode: MetalLbPinMode | undefined): ServiceAddressPin {
  if (!address || !mode || !parseIp(address)) return {};
  return mode === 'annotation' ? { annotations: { [METALLB_ADDRESSES_ANNOTATION]: address } } : { loadBalancerIP: address };
}

/** Whether MetalLB can hand out `address`: an IP inside one of the pool's ranges. */
export function inPool(address: string, settings: MetalLbSettings): boolean {
  const ip = parseIp(address);
  return ip !== undefined && settings.addresses.some((a) => {
    const r = parseIpRange(a);
    return r !== undefined && r.family === ip.family && r.first <= ip.value && ip.value <= r.last;
  });
}

/**
 * A cluster's east-west gateway on MetalLB with the address the spec gives: pinned to
 * it when the address is in the cluster's pool (MetalLB could not hand out another one;
 * the plan then checks the address the gateway got).
 */
export function eastWestGatewayPin(cluster: { readonly metallb?: MetalLbSettings; readonly eastWestGatewayAddress?: string }): ServiceAddressPin {
  const { metallb, eastWestGatewayAddress: address } = cluster;
  if (!metallb || !address || !inPool(address, metallb)) return {};
  return serviceAddressPin(address, metallbPinMode(metallb));
}
