import { Construct } from 'constructs';
import { Gateway, GatewaySpecServersTlsMode, VirtualService } from '../../imports/networking.istio.io';
import { EAST_WEST_GATEWAY_SELECTOR } from '../names/objects';
import { dnsLabelProblem, validateProps } from '../names/prop-checks';

export interface ExposeIstiodProps {
  /** Namespace of istiod and the east-west gateway. @default 'istio-system' */
  readonly namespace?: string;
}

/**
 * Exposes istiod (xDS on 15012, the injection/validation webhook on 15017) through
 * the east-west gateway so that remote clusters reach the control plane: Istio's
 * samples/multicluster/expose-istiod.yaml (Gateway `istiod-gateway`, VirtualService
 * `istiod-vs`), with the namespace set on each object.
 */
export class ExposeIstiod extends Construct {
  public readonly gateway: Gateway;
  public readonly virtualService: VirtualService;

  constructor(scope: Construct, id: string, props: ExposeIstiodProps = {}) {
    super(scope, id);
    validateProps(this, () => [dnsLabelProblem('namespace', props.namespace)]);
    const namespace = props.namespace ?? 'istio-system';
    const istiodHost = `istiod.${namespace}.svc.cluster.local`;
    this.gateway = new Gateway(this, 'Gateway', {
      metadata: { name: 'istiod-gateway', namespace },
      spec: {
        selector: { ...EAST_WEST_GATEWAY_SELECTOR },
        servers: [
          { port: { name: 'tls-istiod', number: 15012, protocol: 'tls' }, tls: { mode: GatewaySpecServersTlsMode.PASSTHROUGH }, hosts: ['*'] },
          { port: { name: 'tls-istiodwebhook', number: 15017, protocol: 'tls' }, tls: { mode: GatewaySpecServersTlsMode.PASSTHROUGH }, hosts: ['*'] },
        ],
      },
    });
    this.virtualService = new VirtualService(this, 'VirtualService', {
      metadata: { name: 'istiod-vs', namespace },
      spec: {
        hosts: ['*'],
        gateways: ['istiod-gateway'],
        tls: [
          { match: [{ port: 15012, sniHosts: ['*'] }], route: [{ destination: { host: istiodHost, port: { number: 15012 } } }] },
          { match: [{ port: 15017, sniHosts: ['*'] }], route: [{ destination: { host: istiodHost, port: { number: 443 } } }] },
        ],
      },
    });
  }
}
