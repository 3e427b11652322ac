import { MULTIROOT_ENV, multiRootMeshConfig } from '../istio/multi-root';
import { ISTIO_CHART_RELEASES, IstioChart, istioChartsOf, istiodRelease } from '../names/helm';
import { EAST_WEST_GATEWAY_NAME, EAST_WEST_GATEWAY_PORTS, EAST_WEST_GATEWAY_SELECTOR } from '../names/objects';
import { AMBIENT_MULTI_NETWORK_ENV } from '../names/ambient';
import { cniNamespace, istioPlatformValue, mergeValues, splitCniValues } from '../mesh-spec/istio-values';
import { gatewayAutoscaling } from '../mesh-spec/east-west-gateway';
import { EastWestGatewaySettings } from '../mesh-spec/types';
import type { ServiceAddressPin } from '../metallb/service-pin';


/** One Istio chart a cluster installs: the chart, its release name and its values. */
export interface IstioChartRelease {
  /** The chart in ISTIO_HELM_REPO: `base`, `istiod`, `gateway`, `cni` (spec.istio.cni or ambient mode), `ztunnel` (ambient mode). */
  readonly chart: IstioChart;
  /** The release's namespace when it is not the control plane's (istio-cni on OpenShift: kube-system). @default - the control plane's */
  readonly namespace?: string;
  /** The Helm release name, as Istio's install docs name it. */
  readonly releaseName: string;
  /** The values file name under `<cluster>/helm/`. */
  readonly valuesFile: string;
  /** The values (for `helm install -f` and Argo CD's `helm.valuesObject`). */
  readonly values: Record<string, unknown>;
  /** The chart version when it is not spec.istio.version: the canary's istiod (spec.istio.canary.version). @default - spec.istio.version */
  readonly version?: string;
}

export interface ClusterChartValuesProps {
  readonly role: 'primary' | 'remote';
  /** values.global.meshID (a primary). */
  readonly meshId: string;
  /** values.global.multiCluster.clusterName */
  readonly clusterName: string;
  /** values.global.network; the east-west gateway's networkGateway. */
  readonly network: string;
  /** Control-plane namespace. @default 'istio-system' */
  readonly namespace?: string;
  /** A primary with remotes: `pilot.env.EXTERNAL_ISTIOD: "true"`. @default false */
  readonly externalIstiod?: boolean;
  /** A remote: values.global.remotePilotAddress (the primary's east-west gateway). */
  readonly remotePilotAddress?: string;
  /** Whether the cluster gets an east-west gateway (the istio/gateway chart). */
  readonly eastWestGateway: boolean;
  /** Pins the east-west gateway Service's address (MetalLB: lib/metallb/service-pin.ts). @default - the load balancer picks */
  readonly eastWestGatewayPin?: ServiceAddressPin;
  /**
   * A primary during a root rotation: every root to trust, the mesh root first
   * (istiod values `meshConfig.caCertificates`, `meshConfig.defaultConfig.proxyMetadata.PROXY_CONFIG_XDS_AGENT`,
   * `pilot.env.ISTIO_MULTIROOT_MESH`; see lib/istio/multi-root.ts).
   * @default - one root: none of these
   */
  readonly trustRoots?: readonly string[];
  /**
   * Ambient mode (a primary): istiod with `profile: ambient` and
   * `env.AMBIENT_ENABLE_MULTI_NETWORK: "true"`, then istio/cni and istio/ztunnel; the
   * east-west gateway is a Gateway API Gateway in the bundle, not an istio/gateway release.
   * @default false
   */
  readonly ambient?: boolean;
  /** spec.istio.values (with the cluster's merged over them): under meshgen's istiod values; `cni` goes to the istio-cni chart. @default - none */
  readonly values?: Readonly<Record<string, unknown>>;
  /** Install the Istio CNI node agent (chart istio/cni, release istio-cni) into this namespace. @default - no CNI */
  readonly cni?: { readonly namespace: string };
  /** global.platform of the istiod and istio-cni charts. @default - none */
  readonly platform?: string;
  /** The east-west gateway's Service and deployment settings (gateway chart values). @default - the chart's */
  readonly gateway?: EastWestGatewaySettings;
  /**
   * The revision (spec.istio.revision / canary.revision): the istiod release `istiod-<rev>`
   * with `revision: <rev>`; the gateway's `revision` (the revision that injects it).
   * @default - none (the default revision)
   */
  readonly revision?: string;
}

/**
 * The istiod chart (1.24 and later) reads istiod's own settings at the top level of its
 * values (`env`, `resources`, `cni`, ...: its values.yaml has no `pilot`, istio/istio#53611);
 * istioctl and Sail take them under `pilot` and flatten them themselves. So the values
 * file gets `pilot`'s keys merged over the top level.
 */
export function flattenPilot(values: Record<string, unknown>): Record<string, unknown> {
  const { pilot, ...rest } = values;
  return pilot && typeof pilot === 'object' && !Array.isArray(pilot) ? mergeValues(rest, pilot as Record<string, unknown>) : values;
}

/** The istio/gateway chart's values for spec.clusters[].eastWestGateway (checked against its values.schema.json in tests). */
function gatewayChartSettings(settings: EastWestGatewaySettings | undefined): Record<string, unknown> {
  if (!settings) return {};
  return {
    ...(settings.replicas !== undefined ? { autoscaling: gatewayAutoscaling(settings.replicas) } : {}),
    ...(settings.resources ? { resources: settings.resources } : {}),
    ...(settings.nodeSelector ? { nodeSelector: { ...settings.nodeSelector } } : {}),
    ...(settings.tolerations ? { tolerations: settings.tolerations.map((t) => ({ ...t })) } : {}),
  };
}

/**
 * The Istio charts one cluster installs, in install order (istio/base, istio/istiod,
 * then istio/gateway as the east-west gateway; lib/names/helm.ts istioChartsOf), with
 * the values that Istio's Helm multicluster guides pass with `--set`. Pure data.
 */
export function istioChartReleases(props: ClusterChartValuesProps): IstioChartRelease[] {
  const ns = props.namespace ?? 'istio-system';
  return istioChartsOf(props, props.cni !== undefined).map((chart) => {
    const own = chartValues(chart, props);
    const values = chart === 'istiod' ? istiodValues(props, own) : own;
    // A revision names the istiod release and is the istiod and gateway charts' `revision` value.
    const revisioned = props.revision !== undefined && (chart === 'istiod' || chart === 'gateway');
    return {
      chart,
      ...(chart === 'istiod' ? istiodRelease(props.revision) : ISTIO_CHART_RELEASES[chart]),
      ...(chart === 'cni' && props.cni && props.cni.namespace !== ns ? { namespace: props.cni.namespace } : {}),
      values: revisioned ? { revision: props.revision, ...values } : values,
    };
  });
}

/** meshgen's istiod values merged over the user's (without `cni`), `pilot` flattened. */
function istiodValues(props: ClusterChartValuesProps, own: Record<string, unknown>): Record<string, unknown> {
  const settings = {
    ...(props.platform ? { global: { platform: props.platform } } : {}),
    ...(props.cni ? { pilot: { cni: { enabled: true } } } : {}),
  };
  return flattenPilot(mergeValues(splitCniValues(props.values).istiod, mergeValues(own, settings)));
}

function chartValues(chart: IstioChart, props: ClusterChartValuesProps): Record<string, unknown> {
  const ns = props.namespace ?? 'istio-system';
  const istioNamespace = ns !== 'istio-system' ? { istioNamespace: ns } : {};
  const remote = props.role === 'remote';
  if (chart === 'base') {
    return {
      ...(remote ? { profile: 'remote' } : {}),
      ...(ns !== 'istio-system' ? { global: { ...istioNamespace } } : {}),
    };
  }
  if (chart === 'cni') {
    // The chart takes its own settings at the top level (what istioctl and Sail spell `cni.`).
    // Ambient: `profile: ambient`, as Istio's ambient multi-network guide installs it.
    return {
      ...(props.ambient ? { profile: 'ambient' } : {}),
      ...(splitCniValues(props.values).cni ?? {}),
      ...(props.platform || ns !== 'istio-system' ? { global: { ...(props.platform ? { platform: props.platform } : {}), ...istioNamespace } } : {}),
    };
  }
  if (chart === 'istiod' && !remote) {
    return {
      global: {
        meshID: props.meshId,
        multiCluster: { clusterName: props.clusterName },
        network: props.network,
        ...istioNamespace,
      },
      // istiod's env under `pilot` (istioctl/Sail spelling); istiodValues flattens it to the
      // top-level `env` the 1.24+ chart reads (templates/deployment.yaml), as the ambient
      // guide's --set env.AMBIENT_ENABLE_MULTI_NETWORK.
      ...(props.externalIstiod || props.trustRoots || props.ambient
        ? { pilot: { env: { ...(props.externalIstiod ? { EXTERNAL_ISTIOD: 'true' } : {}), ...(props.trustRoots ? { [MULTIROOT_ENV]: 'true' } : {}), ...(props.ambient ? { [AMBIENT_MULTI_NETWORK_ENV]: 'true' } : {}) } } }
        : {}),
      ...(props.trustRoots ? { meshConfig: multiRootMeshConfig(props.trustRoots) } : {}),
      ...(props.ambient ? { profile: 'ambient' } : {}),
    };
  }
  // istio/ztunnel as Istio's ambient multi-network guide installs it (bare), with its
  // cluster name and network (chart values multiCluster.clusterName and network, as the
  // Sail docs set them) so that ztunnel claims the same cluster ID as istiod.
  if (chart === 'ztunnel') {
    return { multiCluster: { clusterName: props.clusterName }, network: props.network, ...istioNamespace };
  }
  if (chart === 'istiod') {
    return {
      profile: 'remote',
      global: {
        multiCluster: { clusterName: props.clusterName },
        network: props.network,
        remotePilotAddress: props.remotePilotAddress,
        ...istioNamespace,
      },
      istiodRemote: { injectionPath: `/inject/cluster/${props.clusterName}/net/${props.network}` },
    };
  }
  const svc = props.gateway?.service;
  return {
    name: EAST_WEST_GATEWAY_NAME,
    // labels the gateway with the network, sets ISTIO_META_REQUESTED_NETWORK_VIEW
    // and gives its Service the four east-west ports
    networkGateway: props.network,
    // the chart puts `labels` on every gateway object, the Service included
    labels: { ...(svc?.labels ?? {}), ...EAST_WEST_GATEWAY_SELECTOR, 'topology.istio.io/network': props.network },
    service: {
      ...((svc?.annotations || props.eastWestGatewayPin?.annotations) ? { annotations: { ...(svc?.annotations ?? {}), ...(props.eastWestGatewayPin?.annotations ?? {}) } } : {}),
      type: svc?.type ?? 'LoadBalancer',
      ports: EAST_WEST_GATEWAY_PORTS.map((p) => ({ name: p.name, port: p.port, protocol: 'TCP', targetPort: p.targetPort })),
      ...(svc?.loadBalancerSourceRanges ? { loadBalancerSourceRanges: [...svc.loadBalancerSourceRanges] } : {}),
      ...(svc?.externalTrafficPolicy ? { externalTrafficPolicy: svc.externalTrafficPolicy } : {}),
      ...(props.eastWestGatewayPin?.loadBalancerIP ? { loadBalancerIP: props.eastWestGatewayPin.loadBalancerIP } : {}),
    },
    ...gatewayChartSettings(props.gateway),
    ...(ns !== 'istio-system' ? { global: { ...istioNamespace } } : {}),
  };
}

/** What istioChartReleases needs from the plan of a mesh and one of its clusters (pure). */
export function chartValuesPropsOf(
  mesh: { readonly meshId: string; readonly istio: { readonly namespace: string; readonly cni?: boolean; readonly platform?: string; readonly dataplane?: string } },
  cluster: {
    readonly role: 'primary' | 'remote'; readonly name: string; readonly network: string; readonly externalIstiod: boolean;
    readonly remotePilotAddress?: string; readonly eastWestGateway: boolean;
    readonly istioValues?: Readonly<Record<string, unknown>>; readonly eastWestGatewaySettings?: EastWestGatewaySettings;
  },
): ClusterChartValuesProps {
  const ns = mesh.istio.namespace;
  const platform = istioPlatformValue(mesh.istio.platform);
  return {
    role: cluster.role,
    meshId: mesh.meshId,
    clusterName: cluster.name,
    network: cluster.network,
    namespace: ns,
    externalIstiod: cluster.externalIstiod,
    remotePilotAddress: cluster.remotePilotAddress,
    eastWestGateway: cluster.eastWestGateway,
    ...(mesh.istio.dataplane === 'ambient' ? { ambient: true } : {}),
    ...(cluster.istioValues ? { values: cluster.istioValues } : {}),
    ...(mesh.istio.cni ? { cni: { namespace: cniNamespace(mesh.istio.platform, ns) } } : {}),
    ...(platform ? { platform } : {}),
    ...(cluster.eastWestGatewaySettings ? { gateway: cluster.eastWestGatewaySettings } : {}),
  };
}
