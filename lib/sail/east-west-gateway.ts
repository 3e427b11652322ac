import { Construct } from 'constructs';
import { EAST_WEST_GATEWAY_NAME, EAST_WEST_GATEWAY_PORTS, EAST_WEST_GATEWAY_SELECTOR } from '../names/objects';
import { k8s } from '../k8s/core';
import { EastWestGatewaySettings } from '../mesh-spec/types';
import { gatewayAutoscaling } from '../mesh-spec/east-west-gateway';

function quantities(m: unknown): Record<string, k8s.Quantity> | undefined {
  if (!m || typeof m !== 'object') return undefined;
  return Object.fromEntries(Object.entries(m as Record<string, unknown>).map(([k, v]) => [k, k8s.Quantity.fromString(String(v))]));
}
import type { ServiceAddressPin } from '../metallb/service-pin';
import { countProblem, dnsLabelProblem, hostAddressProblem, networkProblem, validateProps } from '../names/prop-checks';

/** The east-west gateway's ServiceAccount (and RoleBinding subject). */
export const EAST_WEST_GATEWAY_SERVICE_ACCOUNT = `${EAST_WEST_GATEWAY_NAME}-service-account`;
/** The Role and RoleBinding that let the gateway read TLS secrets (SDS). */
export const EAST_WEST_GATEWAY_SDS_ROLE = `${EAST_WEST_GATEWAY_NAME}-sds`;

export interface SailEastWestGatewayProps {
  /** The network the gateway serves (labels, ISTIO_META_REQUESTED_NETWORK_VIEW). */
  readonly network: string;
  /** Namespace of the Istio control plane. @default 'istio-system' */
  readonly namespace?: string;
  /** spec.clusters[].eastWestGateway's Service and deployment settings. @default - the sample's */
  readonly settings?: EastWestGatewaySettings;
  /** Pins the Service's address (MetalLB: lib/metallb/service-pin.ts). @default - the load balancer picks */
  readonly addressPin?: ServiceAddressPin;
  /**
   * The revision that injects the gateway's pods (label `istio.io/rev` on the objects and
   * the pod template, which the revision's `rev.object.` webhook selects).
   * @default 'default' (injected through `sidecar.istio.io/inject: "true"` by the default revision)
   */
  readonly revision?: string;
}

/**
 * The east-west gateway as plain Kubernetes objects, for clusters whose control
 * plane the Sail operator installs (no istioctl): the objects of Sail's
 * docs/deployment-models/resources/east-west-gateway-net1.yaml (what
 * gen-eastwest-gateway.sh renders through istioctl), for any network:
 * ServiceAccount, Deployment (its pod injected by istiod with the `gateway`
 * template: `image: auto`), PodDisruptionBudget, Role and RoleBinding for SDS,
 * HorizontalPodAutoscaler and the LoadBalancer Service with the four ports.
 *
 * Fields the sample sets to `null` (the Deployment's empty node affinity, the
 * Service's annotations) are left out; they mean the same.
 */
export class SailEastWestGateway extends Construct {
  public readonly serviceAccount: k8s.KubeServiceAccount;
  public readonly deployment: k8s.KubeDeployment;
  public readonly podDisruptionBudget: k8s.KubePodDisruptionBudget;
  public readonly role: k8s.KubeRole;
  public readonly roleBinding: k8s.KubeRoleBinding;
  public readonly autoscaler: k8s.KubeHorizontalPodAutoscalerV2;
  public readonly service: k8s.KubeService;

  constructor(scope: Construct, id: string, props: SailEastWestGatewayProps) {
    super(scope, id);
    validateProps(this, () => [networkProblem('network', props.network), dnsLabelProblem('namespace', props.namespace), countProblem('settings.replicas', props.settings?.replicas), hostAddressProblem('addressPin.loadBalancerIP', props.addressPin?.loadBalancerIP)]);
    const namespace = props.namespace ?? 'istio-system';
    const network = props.network;
    const selector = {
      app: EAST_WEST_GATEWAY_NAME,
      ...EAST_WEST_GATEWAY_SELECTOR,
      'topology.istio.io/network': network,
    };
    // The labels the sample's objects carry (what istioctl's gateway chart writes).
    const installLabels = {
      'install.operator.istio.io/owning-resource': 'unknown',
      'istio.io/rev': props.revision ?? 'default',
      'operator.istio.io/component': 'IngressGateways',
      'release': 'istio',
    };
    const labels = { ...selector, ...installLabels };
    const metadata = (name: string) => ({ name, namespace, labels: { ...labels } });
    const settings = props.settings ?? {};
    const svc = settings.service;
    const hpa = settings.replicas !== undefined ? gatewayAutoscaling(settings.replicas) : { minReplicas: 1, maxReplicas: 5 };
    const resources = settings.resources as { requests?: unknown; limits?: unknown } | undefined;

    this.serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: metadata(EAST_WEST_GATEWAY_SERVICE_ACCOUNT),
    });

    this.deployment = new k8s.KubeDeployment(this, 'Deployment', {
      metadata: metadata(EAST_WEST_GATEWAY_NAME),
      spec: {
        selector: { matchLabels: { ...selector } },
        strategy: {
          rollingUpdate: {
            maxSurge: k8s.IntOrString.fromString('100%'),
            maxUnavailable: k8s.IntOrString.fromString('25%'),
          },
        },
        template: {
          metadata: {
            annotations: {
              'inject.istio.io/templates': 'gateway',
              'prometheus.io/path': '/stats/prometheus',
              'prometheus.io/port': '15020',
              'prometheus.io/scrape': 'true',
              'sidecar.istio.io/inject': 'true',
            },
            labels: {
              ...selector,
              'chart': 'gateways',
              'heritage': 'Tiller',
              'install.operator.istio.io/owning-resource': 'unknown',
              'operator.istio.io/component': 'IngressGateways',
              'release': 'istio',
              'sidecar.istio.io/inject': 'true',
              ...(props.revision ? { 'istio.io/rev': props.revision } : {}),
            },
          },
          spec: {
            containers: [{
              name: 'istio-proxy',
              // replaced by istiod's gateway injection template
              image: 'auto',
              env: [
                // traffic through this gateway should be routed inside the network
                { name: 'ISTIO_META_REQUESTED_NETWORK_VIEW', value: network },
                { name: 'ISTIO_META_UNPRIVILEGED_POD', value: 'true' },
              ],
              ports: [
                ...EAST_WEST_GATEWAY_PORTS.map((p) => ({ containerPort: p.targetPort, protocol: 'TCP' })),
                { containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' },
              ],
              resources: resources
                ? { ...(resources.limits ? { limits: quantities(resources.limits) } : {}), ...(resources.requests ? { requests: quantities(resources.requests) } : {}) }
                : {
                  limits: { cpu: k8s.Quantity.fromString('2000m'), memory: k8s.Quantity.fromString('1024Mi') },
                  requests: { cpu: k8s.Quantity.fromString('100m'), memory: k8s.Quantity.fromString('128Mi') },
                },
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
                privileged: false,
                readOnlyRootFilesystem: true,
              },
              volumeMounts: [
                { mountPath: '/etc/istio/ingressgateway-certs', name: 'ingressgateway-certs', readOnly: true },
                { mountPath: '/etc/istio/ingressgateway-ca-certs', name: 'ingressgateway-ca-certs', readOnly: true },
              ],
            }],
            ...(settings.nodeSelector ? { nodeSelector: { ...settings.nodeSelector } } : {}),
            serviceAccountName: EAST_WEST_GATEWAY_SERVICE_ACCOUNT,
            ...(settings.tolerations ? { tolerations: settings.tolerations.map((t) => ({ ...t }) as k8s.Toleration) } : {}),
            volumes: [
              { name: 'ingressgateway-certs', secret: { optional: true, secretName: 'istio-ingressgateway-certs' } },
              { name: 'ingressgateway-ca-certs', secret: { optional: true, secretName: 'istio-ingressgateway-ca-certs' } },
            ],
          },
        },
      },
    });

    this.podDisruptionBudget = new k8s.KubePodDisruptionBudget(this, 'PodDisruptionBudget', {
      metadata: metadata(EAST_WEST_GATEWAY_NAME),
      spec: {
        minAvailable: k8s.IntOrString.fromNumber(1),
        selector: { matchLabels: { ...selector } },
      },
    });

    this.role = new k8s.KubeRole(this, 'Role', {
      metadata: { name: EAST_WEST_GATEWAY_SDS_ROLE, namespace, labels: { ...installLabels } },
      rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch', 'list'] }],
    });

    this.roleBinding = new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata: { name: EAST_WEST_GATEWAY_SDS_ROLE, namespace, labels: { ...installLabels } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: EAST_WEST_GATEWAY_SDS_ROLE },
      subjects: [{ kind: 'ServiceAccount', name: EAST_WEST_GATEWAY_SERVICE_ACCOUNT }],
    });

    this.autoscaler = new k8s.KubeHorizontalPodAutoscalerV2(this, 'HorizontalPodAutoscaler', {
      metadata: metadata(EAST_WEST_GATEWAY_NAME),
      spec: {
        maxReplicas: hpa.maxReplicas,
        metrics: [{
          resource: { name: 'cpu', target: { averageUtilization: 80, type: 'Utilization' } },
          type: 'Resource',
        }],
        minReplicas: hpa.minReplicas,
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: EAST_WEST_GATEWAY_NAME },
      },
    });

    this.service = new k8s.KubeService(this, 'Service', {
      metadata: {
        ...metadata(EAST_WEST_GATEWAY_NAME),
        ...((svc?.annotations || props.addressPin?.annotations) ? { annotations: { ...(svc?.annotations ?? {}), ...(props.addressPin?.annotations ?? {}) } } : {}),
        labels: { ...labels, ...(svc?.labels ?? {}) },
      },
      spec: {
        ...(svc?.externalTrafficPolicy ? { externalTrafficPolicy: svc.externalTrafficPolicy } : {}),
        ...(svc?.loadBalancerSourceRanges ? { loadBalancerSourceRanges: [...svc.loadBalancerSourceRanges] } : {}),
        ...(props.addressPin?.loadBalancerIP ? { loadBalancerIp: props.addressPin.loadBalancerIP } : {}),
        ports: EAST_WEST_GATEWAY_PORTS.map((p) => ({
          name: p.name,
          port: p.port,
          protocol: 'TCP',
          targetPort: k8s.IntOrString.fromNumber(p.targetPort),
        })),
        selector: { ...selector },
        type: svc?.type ?? 'LoadBalancer',
      },
    });
  }
}
