import { Construct } from 'constructs';
import { Kiali, KialiSpecAuthStrategy } from '../../imports/kiali.io';
import { KialiAuth } from '../mesh-spec/types';
import { dnsLabelProblem, validateProps } from '../names/prop-checks';

export interface KialiInstanceProps {
  /** The Istio cluster ID of the cluster Kiali runs on (kubernetes_config.cluster_name). */
  readonly clusterName: string;
  /** spec.auth.strategy. @default 'token' */
  readonly auth?: KialiAuth;
  /** Istio's control-plane namespace, where Kiali runs too. @default 'istio-system' */
  readonly namespace?: string;
  /** Prometheus that Kiali queries. @default http://prometheus.<namespace>:9090 (Istio's addon) */
  readonly prometheusUrl?: string;
}

const STRATEGY: Record<KialiAuth, KialiSpecAuthStrategy> = {
  token: KialiSpecAuthStrategy.TOKEN,
  anonymous: KialiSpecAuthStrategy.ANONYMOUS,
  openid: KialiSpecAuthStrategy.OPENID,
  header: KialiSpecAuthStrategy.HEADER,
};

/**
 * The Kiali resource (kiali.io/v1alpha1) for the Kiali operator: Kiali in the control-plane
 * namespace with cluster-wide access, named after its cluster so that the clusters it
 * reads through `kiali-remote-cluster-secret-<name>` Secrets are told apart.
 */
export class KialiInstance extends Construct {
  public readonly resource: Kiali;

  constructor(scope: Construct, id: string, props: KialiInstanceProps) {
    super(scope, id);
    validateProps(this, () => [dnsLabelProblem('clusterName', props.clusterName), dnsLabelProblem('namespace', props.namespace)]);
    const namespace = props.namespace ?? 'istio-system';
    this.resource = new Kiali(this, 'Resource', {
      metadata: { name: 'kiali', namespace },
      spec: {
        auth: { strategy: STRATEGY[props.auth ?? 'token'] },
        deployment: { clusterWideAccess: true },
        externalServices: { prometheus: { url: props.prometheusUrl ?? `http://prometheus.${namespace}:9090` } },
        istioNamespace: namespace,
        kubernetesConfig: { clusterName: props.clusterName },
      },
    });
  }
}
