import { EastWestGatewaySettings } from '../mesh-spec/types';

/** What the warnings need of a cluster's plan (planner.ts's ClusterPlan has it). */
interface GatewayCluster {
  readonly name: string;
  readonly network: string;
  readonly specIndex: number;
  readonly primary?: string;
  readonly eastWestGateway: boolean;
  readonly exposeIstiod: boolean;
  readonly eastWestGatewaySettings?: EastWestGatewaySettings;
}

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
export function valuesWarnings(plans: readonly GatewayCluster[]): string[] {
  const out: string[] = [];
  for (const p of plans) {
    if (p.eastWestGatewaySettings && !p.eastWestGateway) {
      out.push(`spec.clusters[${p.specIndex}].eastWestGateway: ${p.name} gets no east-west gateway (no other network reaches it and it runs no remote's control plane), so its settings are not used; remove them`);
      continue;
    }
    const svc = p.eastWestGatewaySettings?.service;
    if (!svc || !p.eastWestGateway) continue;
    const field = `spec.clusters[${p.specIndex}].eastWestGateway.service`;
    const reachers = plans.filter((o) => o.network !== p.network || o.primary === p.name).map((o) => o.name);
    if (reachers.length === 0) continue;
    const internal = Object.entries(svc.annotations ?? {}).find(([k, v]) => k in INTERNAL_LB_ANNOTATIONS && (INTERNAL_LB_ANNOTATIONS[k] === undefined || v.toLowerCase() === INTERNAL_LB_ANNOTATIONS[k]!.toLowerCase()));
    const limits = [
      ...(internal ? [`${internal[0]}: ${internal[1]} gives it a private address: their networks must route to it (VPC peering, transit gateway, VPN)`] : []),
      ...(svc.loadBalancerSourceRanges ? [`loadBalancerSourceRanges lets only ${svc.loadBalancerSourceRanges.join(', ')} in: the addresses they connect from (nodes or NAT egress) must be inside`] : []),
    ];
    if (limits.length > 0) {
      const reaching = new Set(reachers);
      const how = plans.filter((o) => reaching.has(o.name)).map((o) => `${o.name} on ${[
        ...(o.network !== p.network ? ['15443'] : []),
        ...(o.primary === p.name ? ['15012', '15017'] : []),
      ].join(', ')}`);
      out.push(`${field}: ${how.join('; ')} reach ${p.name}'s east-west gateway, but ${limits.join('; and ')}`);
    }
  }
  return out;
}
