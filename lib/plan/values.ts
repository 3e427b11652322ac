import { MeshSpec } from '../mesh-spec/types';
import type { ClusterPlan } from './planner';

/** Service annotations that make a cloud load balancer internal (a private address). */
const INTERNAL_LB_ANNOTATIONS: Readonly<Record<string, string | undefined>> = {
  'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal',
  'service.beta.kubernetes.io/aws-load-balancer-internal': undefined,
  'networking.gke.io/load-balancer-type': 'Internal',
  'cloud.google.com/load-balancer-type': 'Internal',
  'service.beta.kubernetes.io/azure-load-balancer-internal': 'true',
};

/**
 * Warnings about production settings that work only if the networks are joined in a
 * way meshgen cannot see: an internal load balancer or source ranges on an east-west
 * gateway that other networks must reach.
 */
export function valuesWarnings(spec: MeshSpec, plans: readonly ClusterPlan[]): string[] {
  const out: string[] = [];
  for (const p of plans) {
    const svc = p.eastWestGatewaySettings?.service;
    if (!svc || !p.eastWestGateway) continue;
    const field = `spec.clusters[${p.specIndex}].eastWestGateway.service`;
    const reachers = plans.filter((o) => o.network !== p.network || o.primary === p.name).map((o) => o.name);
    if (reachers.length === 0) continue;
    const internal = Object.entries(svc.annotations ?? {}).find(([k, v]) => k in INTERNAL_LB_ANNOTATIONS && (INTERNAL_LB_ANNOTATIONS[k] === undefined || v.toLowerCase() === INTERNAL_LB_ANNOTATIONS[k]!.toLowerCase()));
    if (internal) {
      out.push(`${field}.annotations: ${internal[0]}: ${internal[1]} gives ${p.name}'s east-west gateway a private address; ${reachers.join(', ')} reach it on 15443${p.exposeIstiod ? ', 15012 and 15017' : ''}, so their networks must route to it (VPC peering, transit gateway, VPN)`);
    }
    if (svc.loadBalancerSourceRanges) {
      out.push(`${field}.loadBalancerSourceRanges: only ${svc.loadBalancerSourceRanges.join(', ')} may reach ${p.name}'s east-west gateway; the addresses ${reachers.join(', ')} connect from (their nodes' or NAT egress addresses) must be inside them`);
    }
  }
  void spec;
  return out;
}
