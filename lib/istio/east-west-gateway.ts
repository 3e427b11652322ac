import { Construct } from 'constructs';
import { IstioOperatorResource } from './istio-operator';
import { EAST_WEST_GATEWAY_NAME, EAST_WEST_GATEWAY_PORTS, EAST_WEST_GATEWAY_SELECTOR } from '../names/objects';



export interface EastWestGatewayProps {
  /** The network the gateway serves (label, REQUESTED_NETWORK_VIEW, values.global.network). */
  readonly network: string;
  /**
   * Namespace of the Istio control plane, when it is not istio-system.
   * @default 'istio-system'
   */
  readonly namespace?: string;
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
    const ns = props.namespace ?? 'istio-system';
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
                service: { ports: EAST_WEST_GATEWAY_PORTS.map((p) => ({ ...p })) },
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
