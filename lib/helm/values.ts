import { MULTIROOT_ENV, multiRootMeshConfig } from '../istio/multi-root';
import { ISTIO_CHART_RELEASES, IstioChart, istioChartsOf, istiodRelease } from '../names/helm';
import { EAST_WEST_GATEWAY_NAME, EAST_WEST_GATEWAY_PORTS, EAST_WEST_GATEWAY_SELECTOR } from '../names/objects';


/** One Istio chart a cluster installs: the chart, its release name and its values. */
export interface IstioChartRelease {
  /** The chart in ISTIO_HELM_REPO: `base`, `istiod` or `gateway`. */
  readonly chart: IstioChart;
  /** The Helm release name, as Istio's install docs name it. */
  readonly releaseName: string;
  /** The values file name under `<cluster>/helm/`. */
  readonly valuesFile: string;
  /** The values (for `helm install -f` and Argo CD's `helm.valuesObject`). */
  readonly values: Record<string, unknown>;
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
  /**
   * A primary during a root rotation: every root to trust, the mesh root first
   * (istiod values `meshConfig.caCertificates`, `meshConfig.defaultConfig.proxyMetadata.PROXY_CONFIG_XDS_AGENT`,
   * `pilot.env.ISTIO_MULTIROOT_MESH`; see lib/istio/multi-root.ts).
   * @default - one root: none of these
   */
  readonly trustRoots?: readonly string[];
  /**
   * The revision (spec.istio.revision / canary.revision): the istiod release `istiod-<rev>`
   * with `revision: <rev>`; the gateway's `revision` (the revision that injects it).
   * @default - none (the default revision)
   */
  readonly revision?: string;
}

/**
 * The Istio charts one cluster installs, in install order (istio/base, istio/istiod,
 * then istio/gateway as the east-west gateway; lib/names/helm.ts istioChartsOf), with
 * the values that Istio's Helm multicluster guides pass with `--set`. Pure data.
 */
export function istioChartReleases(props: ClusterChartValuesProps): IstioChartRelease[] {
  return istioChartsOf(props).map((chart) => {
    const values = chartValues(chart, props);
    if (!props.revision || chart === 'base') return { chart, ...ISTIO_CHART_RELEASES[chart], values };
    return { chart, ...(chart === 'istiod' ? istiodRelease(props.revision) : ISTIO_CHART_RELEASES[chart]), values: { revision: props.revision, ...values } };
  });
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
  if (chart === 'istiod' && !remote) {
    return {
      global: {
        meshID: props.meshId,
        multiCluster: { clusterName: props.clusterName },
        network: props.network,
        ...istioNamespace,
      },
      ...(props.externalIstiod || props.trustRoots
        ? { pilot: { env: { ...(props.externalIstiod ? { EXTERNAL_ISTIOD: 'true' } : {}), ...(props.trustRoots ? { [MULTIROOT_ENV]: 'true' } : {}) } } }
        : {}),
      ...(props.trustRoots ? { meshConfig: multiRootMeshConfig(props.trustRoots) } : {}),
    };
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
  return {
    name: EAST_WEST_GATEWAY_NAME,
    // labels the gateway with the network, sets ISTIO_META_REQUESTED_NETWORK_VIEW
    // and gives its Service the four east-west ports
    networkGateway: props.network,
    labels: { ...EAST_WEST_GATEWAY_SELECTOR, 'topology.istio.io/network': props.network },
    service: {
      type: 'LoadBalancer',
      ports: EAST_WEST_GATEWAY_PORTS.map((p) => ({ name: p.name, port: p.port, protocol: 'TCP', targetPort: p.targetPort })),
    },
    ...(ns !== 'istio-system' ? { global: { ...istioNamespace } } : {}),
  };
}
