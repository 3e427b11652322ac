import { Construct } from 'constructs';
import { Gateway, GatewaySpecServersTlsMode } from '../../imports/networking.istio.io';
import { EAST_WEST_GATEWAY_SELECTOR } from '../names/objects';
import { dnsLabelProblem, validateProps } from '../names/prop-checks';

export interface ExposeServicesProps {
  /** Namespace of the east-west gateway. @default 'istio-system' */
  readonly namespace?: string;
}

/**
 * Exposes every service of the cluster (`*.local`) to other networks through the
 * east-west gateway on port 15443 with AUTO_PASSTHROUGH (mTLS end to end): Istio's
 * samples/multicluster/expose-services.yaml (Gateway `cross-network-gateway`).
 */
export class ExposeServices extends Construct {
  public readonly gateway: Gateway;

  constructor(scope: Construct, id: string, props: ExposeServicesProps = {}) {
    super(scope, id);
    validateProps(this, () => [dnsLabelProblem('namespace', props.namespace)]);
    this.gateway = new Gateway(this, 'Gateway', {
      metadata: { name: 'cross-network-gateway', namespace: props.namespace ?? 'istio-system' },
      spec: {
        selector: { ...EAST_WEST_GATEWAY_SELECTOR },
        servers: [
          {
            port: { number: 15443, name: 'tls', protocol: 'TLS' },
            tls: { mode: GatewaySpecServersTlsMode.AUTO_UNDERSCORE_PASSTHROUGH },
            hosts: ['*.local'],
          },
        ],
      },
    });
  }
}
