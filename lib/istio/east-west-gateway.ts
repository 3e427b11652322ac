import { Construct } from 'constructs';
import { IstioOperatorResource } from './istio-operator';
import type { ServiceAddressPin } from '../metallb/service-pin';
import { EAST_WEST_GATEWAY_NAME, EAST_WEST_GATEWAY_PORTS, EAST_WEST_GATEWAY_SELECTOR } from '../names/objects';
import { EastWestGatewaySettings } from '../mesh-spec/types';
import { gatewayAutoscaling } from '../mesh-spec/east-west-gateway';
import { countProblem, dnsLabelProblem, hostAddressProblem, networkProblem, validateProps } from '../names/prop-checks';

/** A key of an istioctl overlay path, with its dots escaped (`app\.kubernetes\.io/name`). */
function overlayPathKey(key: string): string {
  return key.replace(/\./g, '\\.');
}

/**
 * The gateway component's `k8s` settings for spec.clusters[].eastWestGateway (IstioOperator
 * KubernetesResources: serviceAnnotations, service, replicaCount, hpaSpec, resources,
 * nodeSelector, tolerations; Service labels through an overlay, since `label` would
 * also change the Deployment's immutable selector).
 */
export function gatewayK8sSettings(settings: EastWestGatewaySettings | undefined): Record<string, unknown> {
  if (!settings) return {};
  const svc = settings.service;
  const hpa = settings.replicas !== undefined ? gatewayAutoscaling(settings.replicas) : undefined;
  const labels = Object.entries(svc?.labels ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  return {
    ...(svc?.annotations ? { serviceAnnotations: { ...svc.annotations } } : {}),
    ...(hpa ? { replicaCount: hpa.minReplicas, hpaSpec: { ...hpa } } : {}),
    ...(settings.resources ? { resources: settings.resources } : {}),
    ...(settings.nodeSelector ? { nodeSelector: { ...settings.nodeSelector } } : {}),
    ...(settings.tolerations ? { tolerations: settings.tolerations.map((t) => ({ ...t })) } : {}),
    ...(labels.length > 0
      ? { overlays: [{ kind: 'Service', name: EAST_WEST_GATEWAY_NAME, patches: labels.map(([k, v]) => ({ path: `metadata.labels.${overlayPathKey(k)}`, value: v })) }] }
      : {}),
  };
}



export interface EastWestGatewayProps {
  /** The network the gateway serves (label, REQUESTED_NETWORK_VIEW, values.global.network). */
  readonly network: string;
  /**
   * Namespace of the Istio control plane, when it is not istio-system.
   * @default 'istio-system'
   */
  readonly namespace?: string;
  /** spec.clusters[].eastWestGateway's Service and deployment settings. @default - the sample's */
  readonly settings?: EastWestGatewaySettings;
  /** Pins the Service's address (MetalLB: lib/metallb/service-pin.ts). @default - the load balancer picks */
  readonly addressPin?: ServiceAddressPin;
  /** The control-plane revision that injects the gateway (gen-eastwest-gateway.sh --revision). @default '' (the default revision) */
  readonly revision?: string;
}

/**
 * The east-west gateway as the IstioOperator that Istio's
 * samples/multicluster/gen-eastwest-gateway.sh prints for a network, for
 * `istioctl install -f`. The script's --mesh and --cluster flags have no effect in
 * Istio 1.30, so neither appears here.
 */
export class EastWestGateway extends Construct {
  public readonly operator: IstioOperatorResource;

  constructor(scope: Construct, id: string, props: EastWestGatewayProps) {
    super(scope, id);
    validateProps(this, () => [networkProblem('network', props.network), dnsLabelProblem('namespace', props.namespace), countProblem('settings.replicas', props.settings?.replicas), hostAddressProblem('addressPin.loadBalancerIP', props.addressPin?.loadBalancerIP)]);
    const ns = props.namespace ?? 'istio-system';
    const svc = props.settings?.service;
    this.operator = new IstioOperatorResource(this, 'Resource', {
      metadata: { name: 'eastwest' },
      spec: {
        revision: props.revision ?? '',
        profile: 'empty',
        ...(ns !== 'istio-system' ? { namespace: ns } : {}),
        components: {
          ingressGateways: [
            {
              name: EAST_WEST_GATEWAY_NAME,
              label: {
                ...EAST_WEST_GATEWAY_SELECTOR,
                app: EAST_WEST_GATEWAY_NAME,
                'topology.istio.io/network': props.network,
              },
              enabled: true,
              ...(ns !== 'istio-system' ? { namespace: ns } : {}),
              k8s: {
                env: [
                  // traffic through this gateway should be routed inside the network
                  { name: 'ISTIO_META_REQUESTED_NETWORK_VIEW', value: props.network },
                ],
                service: {
                  ...(svc?.type ? { type: svc.type } : {}),
                  ports: EAST_WEST_GATEWAY_PORTS.map((p) => ({ ...p })),
                  ...(svc?.loadBalancerSourceRanges ? { loadBalancerSourceRanges: [...svc.loadBalancerSourceRanges] } : {}),
                  ...(svc?.externalTrafficPolicy ? { externalTrafficPolicy: svc.externalTrafficPolicy } : {}),
                  ...(props.addressPin?.loadBalancerIP ? { loadBalancerIP: props.addressPin.loadBalancerIP } : {}),
                },
                ...gatewayK8sSettings(props.settings),
                ...((svc?.annotations || props.addressPin?.annotations) ? { serviceAnnotations: { ...(svc?.annotations ?? {}), ...(props.addressPin?.annotations ?? {}) } } : {}),
              },
            },
          ],
        },
        values: {
          gateways: { 'istio-ingressgateway': { injectionTemplate: 'gateway' } },
          global: { network: props.network },
        },
      },
    });
  }
}
