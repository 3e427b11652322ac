import { Construct } from 'constructs';
import * as YAML from 'yaml';
import { k8s } from '../k8s/core';
import { PROMETHEUS_FEDERATION_SERVICE } from '../names/objects';
import { MetalLbPinMode, serviceAddressPin } from '../metallb/service-pin';
import { dnsLabelProblem, hostAddressProblem, validateProps } from '../names/prop-checks';

/** The port of Istio's Prometheus addon. */
export const PROMETHEUS_PORT = 9090;
/** The pod labels the Prometheus addon's own Service selects (samples/addons/prometheus.yaml). */
export const PROMETHEUS_ADDON_SELECTOR = {
  'app.kubernetes.io/component': 'server',
  'app.kubernetes.io/instance': 'prometheus',
  'app.kubernetes.io/name': 'prometheus',
} as const;

/** A cluster whose Prometheus is federated. */
export interface FederationTarget {
  readonly cluster: string;
  /** Its `prometheus-federation` LoadBalancer address (IP or hostname). */
  readonly address: string;
}

export interface PrometheusFederationConfigProps {
  /** The other clusters, one `federate-<cluster>` job each. */
  readonly targets: readonly FederationTarget[];
  /** @default 'istio-system' */
  readonly namespace?: string;
}

/** A `federate-<cluster>` job as in Kiali's hack/istio/multicluster/prometheus.yaml. */
export function federateJob(t: FederationTarget): Record<string, unknown> {
  const host = t.address.includes(':') ? `[${t.address}]` : t.address;
  return {
    job_name: `federate-${t.cluster}`,
    scrape_interval: '15s',
    honor_labels: true,
    metrics_path: '/federate',
    params: { 'match[]': ['{job="kubernetes-pods"}'] },
    static_configs: [{ targets: [`${host}:${PROMETHEUS_PORT}`], labels: { cluster: t.cluster } }],
  };
}

/**
 * The Prometheus configuration of the Kiali cluster, as the ConfigMap `prometheus` that
 * Istio's Prometheus addon reads (its config-reloader picks a change up without a
 * restart): Prometheus itself, the pods that ask to be scraped (`prometheus.io/*`
 * annotations: Istio's sidecars, gateways and istiod), and one `federate-<cluster>` job
 * per other cluster. Applied over the addon it replaces the addon's scrape jobs with
 * these: the API-server, node and cAdvisor jobs, which Kiali does not use, are left out.
 */
export class PrometheusFederationConfig extends Construct {
  public readonly configMap: k8s.KubeConfigMap;

  constructor(scope: Construct, id: string, props: PrometheusFederationConfigProps) {
    super(scope, id);
    validateProps(this, () => [dnsLabelProblem('namespace', props.namespace), ...props.targets.map((t, i) => dnsLabelProblem(`targets[${i}].cluster`, t.cluster)), ...props.targets.map((t, i) => hostAddressProblem(`targets[${i}].address`, t.address))]);
    if (props.targets.length === 0) throw new Error('PrometheusFederationConfig: no cluster to federate');
    const config = {
      global: { evaluation_interval: '1m', scrape_interval: '15s', scrape_timeout: '10s' },
      scrape_configs: [
        ...[...props.targets].sort((a, b) => (a.cluster < b.cluster ? -1 : 1)).map(federateJob),
        { job_name: 'prometheus', static_configs: [{ targets: [`localhost:${PROMETHEUS_PORT}`] }] },
        {
          job_name: 'kubernetes-pods',
          honor_labels: true,
          kubernetes_sd_configs: [{ role: 'pod' }],
          relabel_configs: [
            { action: 'keep', regex: 'true', source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'] },
            { action: 'replace', regex: '(https?)', source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scheme'], target_label: '__scheme__' },
            { action: 'replace', regex: '(.+)', source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_path'], target_label: '__metrics_path__' },
            {
              action: 'replace', regex: '([^:]+)(?::\\d+)?;(\\d+)', replacement: '$1:$2',
              source_labels: ['__address__', '__meta_kubernetes_pod_annotation_prometheus_io_port'], target_label: '__address__',
            },
            { action: 'labelmap', regex: '__meta_kubernetes_pod_label_(.+)' },
            { action: 'replace', source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
            { action: 'replace', source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
            { action: 'drop', regex: 'Pending|Succeeded|Failed|Completed', source_labels: ['__meta_kubernetes_pod_phase'] },
          ],
        },
      ],
    };
    this.configMap = new k8s.KubeConfigMap(this, 'Resource', {
      metadata: { name: 'prometheus', namespace: props.namespace ?? 'istio-system', labels: { ...PROMETHEUS_ADDON_SELECTOR } },
      data: { 'prometheus.yml': YAML.stringify(config, { lineWidth: 0 }) },
    });
  }
}

export interface PrometheusFederationServiceProps {
  /** @default 'istio-system' */
  readonly namespace?: string;
  /** The address to ask for, when the spec gives one. @default - the load balancer picks */
  readonly address?: string;
  /**
   * How to pin `address` on MetalLB: the `metallb.universe.tf/loadBalancerIPs` annotation
   * (MetalLB 0.13 and later) or `spec.loadBalancerIP` (older MetalLB).
   * @default - not pinned (a cloud load balancer)
   */
  readonly metallb?: MetalLbPinMode;
}

/**
 * The Prometheus addon exposed to the Kiali cluster: a LoadBalancer Service on 9090
 * selecting the addon's pods (the tutorial's `kubectl patch svc prometheus -p
 * '{"spec":{"type":"LoadBalancer"}}'`, as a separate Service so the addon's stays as is).
 */
export class PrometheusFederationService extends Construct {
  public readonly service: k8s.KubeService;

  constructor(scope: Construct, id: string, props: PrometheusFederationServiceProps = {}) {
    super(scope, id);
    const pin = serviceAddressPin(props.address, props.metallb);
    this.service = new k8s.KubeService(this, 'Resource', {
      metadata: {
        name: PROMETHEUS_FEDERATION_SERVICE,
        namespace: props.namespace ?? 'istio-system',
        ...(pin.annotations ? { annotations: { ...pin.annotations } } : {}),
      },
      spec: {
        type: 'LoadBalancer',
        ...(pin.loadBalancerIP ? { loadBalancerIp: pin.loadBalancerIP } : {}),
        ports: [{ name: 'http', port: PROMETHEUS_PORT, targetPort: k8s.IntOrString.fromNumber(PROMETHEUS_PORT), protocol: 'TCP' }],
        selector: { ...PROMETHEUS_ADDON_SELECTOR },
      },
    });
  }
}
