import { EAST_WEST_GATEWAY_NAME } from '../names/objects';

/*
 * What an object must keep for the mesh to work across networks. An overlay that
 * changes one of these facts is an error (docs/production.md "Overlays"): the network label,
 * ISTIO_META_REQUESTED_NETWORK_VIEW, the east-west gateway's ports (15443 above all),
 * its selector and Service type, the Gateways that expose istiod and services, and the
 * topology values of the control plane (mesh ID, cluster name, network, remote address,
 * injection path).
 */

const NETWORK_LABEL = 'topology.istio.io/network';
type Json = Record<string, any>;

function get(obj: unknown, ...path: string[]): unknown {
  let cur: any = obj;
  for (const k of path) cur = cur === null || typeof cur !== 'object' ? undefined : cur[k];
  return cur;
}

function envValue(env: unknown, name: string): unknown {
  return Array.isArray(env) ? env.find((e) => e?.name === name)?.value : undefined;
}

function ports(list: unknown): unknown {
  return Array.isArray(list) ? list.map((p) => `${p?.port}->${p?.targetPort ?? p?.port}`).sort() : undefined;
}

function topologyValues(values: unknown): Json {
  return {
    'values.global.meshID': get(values, 'global', 'meshID'),
    'values.global.network': get(values, 'global', 'network'),
    'values.global.multiCluster.clusterName': get(values, 'global', 'multiCluster', 'clusterName'),
    'values.global.remotePilotAddress': get(values, 'global', 'remotePilotAddress'),
    'values.global.meshNetworks': get(values, 'global', 'meshNetworks'),
    'values.istiodRemote.injectionPath': get(values, 'istiodRemote', 'injectionPath'),
    'values.pilot.env.EXTERNAL_ISTIOD': get(values, 'pilot', 'env', 'EXTERNAL_ISTIOD'),
  };
}

/** The facts of one object (Kubernetes JSON), by name; {} for objects that carry none. */
export function meshFactsOf(o: unknown): Json {
  const kind = get(o, 'kind');
  const name = get(o, 'metadata', 'name');
  switch (kind) {
    case 'Namespace':
      return { [`the ${NETWORK_LABEL} label`]: get(o, 'metadata', 'labels', NETWORK_LABEL) };
    case 'Service':
      if (name !== EAST_WEST_GATEWAY_NAME) return {};
      return {
        'the ports (15021, 15443, 15012, 15017)': ports(get(o, 'spec', 'ports')),
        'the selector': get(o, 'spec', 'selector'),
        [`the ${NETWORK_LABEL} label`]: get(o, 'metadata', 'labels', NETWORK_LABEL),
        'the Service type (other networks must reach it)': get(o, 'spec', 'type') === 'ClusterIP' ? 'ClusterIP' : 'reachable',
      };
    case 'Deployment': {
      if (name !== EAST_WEST_GATEWAY_NAME) return {};
      const containers = get(o, 'spec', 'template', 'spec', 'containers');
      const proxy = Array.isArray(containers) ? containers.find((c) => c?.name === 'istio-proxy') : undefined;
      return {
        'ISTIO_META_REQUESTED_NETWORK_VIEW': envValue(get(proxy, 'env'), 'ISTIO_META_REQUESTED_NETWORK_VIEW'),
        [`the pods' ${NETWORK_LABEL} label`]: get(o, 'spec', 'template', 'metadata', 'labels', NETWORK_LABEL),
        'the selector': get(o, 'spec', 'selector'),
      };
    }
    case 'Gateway':
      return name === 'cross-network-gateway' || name === 'istiod-gateway' ? { 'spec (selector and servers)': get(o, 'spec') } : {};
    case 'VirtualService':
      return name === 'istiod-vs' ? { 'spec (routes to istiod)': get(o, 'spec') } : {};
    case 'Istio':
      return { ...topologyValues(get(o, 'spec', 'values')), 'spec.profile': get(o, 'spec', 'profile') };
    case 'IstioOperator': {
      const gateways = get(o, 'spec', 'components', 'ingressGateways');
      const ew = Array.isArray(gateways) ? gateways.find((g) => g?.name === EAST_WEST_GATEWAY_NAME) : undefined;
      return {
        ...topologyValues(get(o, 'spec', 'values')),
        'spec.profile': get(o, 'spec', 'profile'),
        ...(ew ? {
          [`the gateway's ${NETWORK_LABEL} label`]: get(ew, 'label', NETWORK_LABEL),
          'ISTIO_META_REQUESTED_NETWORK_VIEW': envValue(get(ew, 'k8s', 'env'), 'ISTIO_META_REQUESTED_NETWORK_VIEW'),
          'the gateway Service ports (15021, 15443, 15012, 15017)': ports(get(ew, 'k8s', 'service', 'ports')),
          'the gateway Service type (other networks must reach it)': get(ew, 'k8s', 'service', 'type') === 'ClusterIP' ? 'ClusterIP' : 'reachable',
          'whether the gateway is enabled': get(ew, 'enabled'),
        } : {}),
      };
    }
    default:
      return {};
  }
}
