import { Construct } from 'constructs';
import { IpAddressPool } from '../../imports/ipaddresspools-metallb.io';
import { L2Advertisement } from '../../imports/l2advertisements-metallb.io';
import { k8s } from '../k8s/core';
import { METALLB_NAMESPACE } from '../names/objects';
import { objectNameProblem, PropProblem, validateProps } from '../names/prop-checks';
import { parseIpRange } from '../mesh-spec/ip-range';

/** The pool name (the Kiali tutorial's `default`). */
export const METALLB_POOL_NAME = 'default';

export interface MetalLbAddressPoolProps {
  /** Ranges (`a-b`) or CIDRs MetalLB may assign to LoadBalancer Services. */
  readonly addresses: readonly string[];
  /** @default 'default' */
  readonly name?: string;
}

/**
 * MetalLB (0.13 and later) in layer-2 mode: an IPAddressPool and the L2Advertisement
 * that announces it (metallb.io/v1beta1), so that the east-west gateway of a kind or
 * minikube cluster gets an external IP.
 */
export class MetalLbAddressPool extends Construct {
  public readonly pool: IpAddressPool;
  public readonly advertisement: L2Advertisement;

  constructor(scope: Construct, id: string, props: MetalLbAddressPoolProps) {
    super(scope, id);
    validateProps(this, () => [objectNameProblem('name', props.name), ...addressRangeProblems(props.addresses)]);
    if (props.addresses.length === 0) throw new Error('MetalLbAddressPool: addresses is empty');
    const name = props.name ?? METALLB_POOL_NAME;
    this.pool = new IpAddressPool(this, 'Pool', {
      metadata: { name, namespace: METALLB_NAMESPACE },
      spec: { addresses: [...props.addresses] },
    });
    this.advertisement = new L2Advertisement(this, 'L2Advertisement', {
      metadata: { name, namespace: METALLB_NAMESPACE },
      spec: { ipAddressPools: [name] },
    });
  }
}

/**
 * MetalLB before 0.13 (and minikube's metallb addon): the `metallb-system/config`
 * ConfigMap with one layer-2 address pool, as in the Kiali tutorial.
 */
export class MetalLbLegacyConfig extends Construct {
  public readonly configMap: k8s.KubeConfigMap;

  constructor(scope: Construct, id: string, props: MetalLbAddressPoolProps) {
    super(scope, id);
    validateProps(this, () => [objectNameProblem('name', props.name), ...addressRangeProblems(props.addresses)]);
    if (props.addresses.length === 0) throw new Error('MetalLbLegacyConfig: addresses is empty');
    const config = [
      'address-pools:',
      `- name: ${props.name ?? METALLB_POOL_NAME}`,
      '  protocol: layer2',
      '  addresses:',
      ...props.addresses.map((a) => `  - ${a}`),
      '',
    ].join('\n');
    this.configMap = new k8s.KubeConfigMap(this, 'Resource', {
      metadata: { name: 'config', namespace: METALLB_NAMESPACE },
      data: { config },
    });
  }
}

/** Each address that is not an IP range of MetalLB's forms (a CIDR `192.0.2.0/28` or `first-last`). */
function addressRangeProblems(addresses: readonly string[]): PropProblem[] {
  return addresses.map((a, i) => (parseIpRange(a) ? undefined
    : `addresses[${i}]: ${JSON.stringify(a)} is not an address range; give a CIDR or first-last (e.g. 192.0.2.240/28 or 192.0.2.240-192.0.2.250)`));
}
