import { EAST_WEST_GATEWAY_NAME, EAST_WEST_GATEWAY_SELECTOR } from '../names/objects';
import { parseIpRange } from './ip-range';
import { describeValue } from '../errors';
import { echoValue } from '../names/text';
import { IssueSink } from './sink';
import { child } from './text';
import { EastWestGatewayService, EastWestGatewaySettings } from './types';

/** Fields of `spec.clusters[i].eastWestGateway` (address is checked in parse.ts). */
export const EAST_WEST_GATEWAY_KEYS = ['address', 'service', 'replicas', 'resources', 'nodeSelector', 'tolerations'];
export const EAST_WEST_GATEWAY_SERVICE_KEYS = ['type', 'annotations', 'labels', 'loadBalancerSourceRanges', 'externalTrafficPolicy'];
export const SERVICE_TYPES = ['LoadBalancer', 'NodePort'] as const;
export const TRAFFIC_POLICIES = ['Cluster', 'Local'] as const;
export const RESOURCES_KEYS = ['requests', 'limits'];
export const TOLERATION_KEYS = ['key', 'operator', 'value', 'effect', 'tolerationSeconds'];
/** Labels the gateway's selector and the mesh rely on; spec labels may not change them. */
export const RESERVED_GATEWAY_LABELS = ['app', ...Object.keys(EAST_WEST_GATEWAY_SELECTOR), 'topology.istio.io/network'];
export const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[KMGTPE]i?|[numkMGTPE])?$/;

function stringMap(c: IssueSink, path: string, value: unknown, example: string): Record<string, string> | undefined {
  const obj = c.object(path, value, false);
  if (!obj) return undefined;
  let ok = true;
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v !== 'string') {
      c.add(child(path, k), `must be a string, got ${describeValue(v)}; quote it (${example})`);
      ok = false;
    }
  }
  return ok ? (obj as Record<string, string>) : undefined;
}

/**
 * Checks the keys and deployment settings of `spec.clusters[i].eastWestGateway` (service,
 * replicas, resources, nodeSelector, tolerations); returns them when valid and set.
 */
export function checkEastWestGatewaySettings(c: IssueSink, path: string, gw: Record<string, unknown>): EastWestGatewaySettings | undefined {
  c.keys(path, gw, EAST_WEST_GATEWAY_KEYS);
  const service = checkService(c, `${path}.service`, gw.service);
  let replicas: number | undefined;
  if (gw.replicas !== undefined && gw.replicas !== null) {
    if (typeof gw.replicas !== 'number' || !Number.isInteger(gw.replicas) || gw.replicas < 1 || gw.replicas > 100) {
      c.add(`${path}.replicas`, `${describeValue(gw.replicas)} is not a whole number from 1 to 100; give the minimum number of gateway pods, e.g. replicas: 2`);
    } else replicas = gw.replicas;
  }
  const resources = checkResources(c, `${path}.resources`, gw.resources);
  const nodeSelector = stringMap(c, `${path}.nodeSelector`, gw.nodeSelector, 'node labels are strings');
  const tolerations = checkTolerations(c, `${path}.tolerations`, gw.tolerations);
  const out: EastWestGatewaySettings = {
    ...(service ? { service } : {}),
    ...(replicas !== undefined ? { replicas } : {}),
    ...(resources ? { resources } : {}),
    ...(nodeSelector ? { nodeSelector } : {}),
    ...(tolerations ? { tolerations } : {}),
  };
  return Object.keys(out).length > 0 ? out : undefined;
}

function checkService(c: IssueSink, path: string, value: unknown): EastWestGatewayService | undefined {
  const obj = c.object(path, value, false);
  if (!obj) return undefined;
  c.keys(path, obj, EAST_WEST_GATEWAY_SERVICE_KEYS);
  let type: EastWestGatewayService['type'];
  const t = c.string(`${path}.type`, obj.type, false, 'LoadBalancer');
  if (t !== undefined) {
    if ((SERVICE_TYPES as readonly string[]).includes(t)) type = t as EastWestGatewayService['type'];
    else if (t === 'ClusterIP' || t === 'ExternalName') {
      c.add(`${path}.type`, `"${t}" would make ${EAST_WEST_GATEWAY_NAME} unreachable from other networks (cross-network traffic and remotes go through it); use LoadBalancer (the default) or NodePort`);
    } else c.add(`${path}.type`, `${echoValue(t)} is not one of ${SERVICE_TYPES.join(' | ')}`);
  }
  const annotations = stringMap(c, `${path}.annotations`, obj.annotations, 'annotation values are strings');
  const labels = stringMap(c, `${path}.labels`, obj.labels, 'label values are strings');
  for (const l of Object.keys(labels ?? {})) {
    if (RESERVED_GATEWAY_LABELS.includes(l)) {
      c.add(child(`${path}.labels`, l), `is set by meshgen (the gateway's selector and network: ${RESERVED_GATEWAY_LABELS.join(', ')}); remove it`);
    }
  }
  let ranges: string[] | undefined;
  if (obj.loadBalancerSourceRanges !== undefined && obj.loadBalancerSourceRanges !== null) {
    const lr = obj.loadBalancerSourceRanges;
    if (!Array.isArray(lr) || lr.length === 0) {
      c.add(`${path}.loadBalancerSourceRanges`, `must be a non-empty list of CIDRs, got ${describeValue(lr)}; e.g. ["10.0.0.0/8"]`);
    } else {
      ranges = [];
      lr.forEach((r: unknown, i: number) => {
        if (typeof r !== 'string' || !r.includes('/') || !parseIpRange(r)) {
          c.add(`${path}.loadBalancerSourceRanges[${i}]`, `${typeof r === 'string' ? echoValue(r, 60) : describeValue(r)} is not a CIDR; write e.g. "10.0.0.0/8"`);
        } else ranges!.push(r);
      });
      if (type === 'NodePort') c.add(`${path}.loadBalancerSourceRanges`, 'only applies to type LoadBalancer; remove it or drop type: NodePort');
      // Every other network's gateways and proxies reach this one: say what to allow.
    }
  }
  let policy: EastWestGatewayService['externalTrafficPolicy'];
  const p = c.string(`${path}.externalTrafficPolicy`, obj.externalTrafficPolicy, false, 'Local');
  if (p !== undefined) {
    if ((TRAFFIC_POLICIES as readonly string[]).includes(p)) policy = p as EastWestGatewayService['externalTrafficPolicy'];
    else c.add(`${path}.externalTrafficPolicy`, `${echoValue(p)} is not one of ${TRAFFIC_POLICIES.join(' | ')}`);
  }
  const out: EastWestGatewayService = {
    ...(type ? { type } : {}),
    ...(annotations ? { annotations } : {}),
    ...(labels ? { labels } : {}),
    ...(ranges && ranges.length === (obj.loadBalancerSourceRanges as unknown[]).length ? { loadBalancerSourceRanges: ranges } : {}),
    ...(policy ? { externalTrafficPolicy: policy } : {}),
  };
  return Object.keys(out).length > 0 ? out : undefined;
}

function checkResources(c: IssueSink, path: string, value: unknown): Record<string, unknown> | undefined {
  const obj = c.object(path, value, false);
  if (!obj) return undefined;
  c.keys(path, obj, RESOURCES_KEYS);
  let ok = true;
  for (const k of RESOURCES_KEYS) {
    const m = c.object(`${path}.${k}`, obj[k], false);
    for (const [name, q] of Object.entries(m ?? {})) {
      if ((typeof q !== 'string' && typeof q !== 'number') || !QUANTITY.test(String(q))) {
        c.add(child(`${path}.${k}`, name), `${describeValue(q)} is not a Kubernetes quantity; write e.g. cpu: 500m, memory: 512Mi`);
        ok = false;
      }
    }
  }
  return ok ? obj : undefined;
}

function checkTolerations(c: IssueSink, path: string, value: unknown): Record<string, unknown>[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    c.add(path, `must be a list of tolerations, got ${describeValue(value)}; e.g. [{key: dedicated, operator: Equal, value: gateways, effect: NoSchedule}]`);
    return undefined;
  }
  const out: Record<string, unknown>[] = [];
  value.forEach((t, i) => {
    const obj = c.object(`${path}[${i}]`, t, true);
    if (!obj) return;
    c.keys(`${path}[${i}]`, obj, TOLERATION_KEYS);
    out.push(obj);
  });
  return out.length === value.length ? out : undefined;
}

/** Istio's default maximum of gateway pods (gateway chart autoscaling.maxReplicas, IOP autoscaleMax). */
export const GATEWAY_DEFAULT_MAX_REPLICAS = 5;

/** The HorizontalPodAutoscaler bounds for `eastWestGateway.replicas` (the minimum). */
export function gatewayAutoscaling(replicas: number): { minReplicas: number; maxReplicas: number } {
  return { minReplicas: replicas, maxReplicas: Math.max(GATEWAY_DEFAULT_MAX_REPLICAS, replicas) };
}
