import { Construct } from 'constructs';
import { Gateway, GatewaySpecServersTlsMode, VirtualService } from '../../imports/networking.istio.io';
import { EAST_WEST_GATEWAY_SELECTOR, istiodServiceName } from '../names/objects';
import { dnsLabelProblem, eachProblem, validateProps } from '../names/prop-checks';

export interface ExposeIstiodProps {
  /** Namespace of istiod and the east-west gateway. @default 'istio-system' */
  readonly namespace?: string;
  /**
   * The revisions whose istiod is exposed: one VirtualService `istiod-vs-<rev>` each, routing
   * by SNI `istiod-<rev>.<namespace>.svc` as Istio's samples/multicluster/expose-istiod-rev.yaml.tmpl
   * does, behind the one shared `istiod-gateway`.
   * @default - no revision: expose-istiod.yaml's `istiod-vs` with sniHosts '*'
   */
  readonly revisions?: readonly string[];
}

/**
 * Exposes istiod (xDS on 15012, the injection/validation webhook on 15017) through
 * the east-west gateway so that remote clusters reach the control plane: Istio's
 * samples/multicluster/expose-istiod.yaml (Gateway `istiod-gateway`, VirtualService
 * `istiod-vs`), with the namespace set on each object.
 */
export class ExposeIstiod extends Construct {
  public readonly gateway: Gateway;
  /** The VirtualService without revisions, or the first revision's. */
  public readonly virtualService: VirtualService;
  /** One VirtualService per revision (empty without revisions). */
  public readonly revisionVirtualServices: readonly VirtualService[];

  constructor(scope: Construct, id: string, props: ExposeIstiodProps = {}) {
    super(scope, id);
    validateProps(this, () => [dnsLabelProblem('namespace', props.namespace), ...eachProblem('revisions', props.revisions, dnsLabelProblem)]);
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
    const revisions = [...new Set(props.revisions ?? [])].sort();
    if (revisions.length === 0) {
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
      this.revisionVirtualServices = [];
      return;
    }
    this.revisionVirtualServices = revisions.map((rev) => {
      const svc = `${istiodServiceName(rev)}.${namespace}.svc`;
      const sniHosts = [svc, `${svc}.cluster.local`];
      const host = `${svc}.cluster.local`;
      return new VirtualService(this, `VirtualService-${rev}`, {
        metadata: { name: `istiod-vs-${rev}`, namespace },
        spec: {
          hosts: ['*'],
          gateways: ['istiod-gateway'],
          tls: [
            { match: [{ port: 15012, sniHosts }], route: [{ destination: { host, port: { number: 15012 } } }] },
            { match: [{ port: 15017, sniHosts }], route: [{ destination: { host, port: { number: 443 } } }] },
          ],
        },
      });
    });
    this.virtualService = this.revisionVirtualServices[0];
  }
}
