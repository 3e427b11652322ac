import { Construct } from 'constructs';
import { Gateway, GatewaySpecListenersTlsMode } from '../../imports/gateway.networking.k8s.io';
import { EAST_WEST_GATEWAY_CLASS, HBONE_PORT } from '../names/ambient';
import { EAST_WEST_GATEWAY_NAME } from '../names/objects';
import { isIpAddress } from '../names/dns';
import { dnsLabelProblem, hostAddressProblem, networkProblem, validateProps } from '../names/prop-checks';

export interface AmbientEastWestGatewayProps {
  /** The network the gateway serves (its `topology.istio.io/network` label). */
  readonly network: string;
  /** Namespace of the Istio control plane. @default 'istio-system' */
  readonly namespace?: string;
  /**
   * The load-balancer IP to pin (`spec.addresses`, which istiod writes into the
   * Service's loadBalancerIP). An IP only: a Hostname address would make istiod treat
   * the Gateway as manually deployed and not create the gateway at all.
   * @default - none: the load balancer picks one
   */
  readonly address?: string;
}

/**
 * The ambient east-west gateway: the Gateway API `Gateway` that Istio's
 * samples/multicluster/gen-eastwest-gateway.sh prints with `--network <n> --ambient`
 * (class `istio-east-west`, listener `mesh` on 15008 protocol HBONE, TLS terminated
 * with ISTIO_MUTUAL: double HBONE). istiod creates the `istio-east-west` class only with
 * AMBIENT_ENABLE_MULTI_NETWORK=true (gatewaycommon/classinfo.go, 1.30.3) and deploys the
 * gateway's Deployment and LoadBalancer Service `istio-eastwestgateway` (no name suffix)
 * from the Gateway.
 */
export class AmbientEastWestGateway extends Construct {
  public readonly gateway: Gateway;

  constructor(scope: Construct, id: string, props: AmbientEastWestGatewayProps) {
    super(scope, id);
    validateProps(this, () => [networkProblem('network', props.network), dnsLabelProblem('namespace', props.namespace), hostAddressProblem('address', props.address)]);
    if (props.address !== undefined && !isIpAddress(props.address)) {
      throw new Error(`AmbientEastWestGateway ${props.network}: address "${props.address}" is not an IP address; only an IP can be pinned (spec.addresses type IPAddress)`);
    }
    this.gateway = new Gateway(this, 'Resource', {
      metadata: {
        name: EAST_WEST_GATEWAY_NAME,
        namespace: props.namespace ?? 'istio-system',
        labels: { 'topology.istio.io/network': props.network },
      },
      spec: {
        gatewayClassName: EAST_WEST_GATEWAY_CLASS,
        ...(props.address !== undefined ? { addresses: [{ type: 'IPAddress', value: props.address }] } : {}),
        listeners: [{
          name: 'mesh',
          port: HBONE_PORT,
          protocol: 'HBONE',
          tls: {
            mode: GatewaySpecListenersTlsMode.TERMINATE,
            options: { 'gateway.istio.io/tls-terminate-mode': 'ISTIO_MUTUAL' },
          },
        }],
      },
    });
  }
}
