import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { READER_SERVICE_ACCOUNT } from '../names/objects';
import { dnsLabelProblem, objectNameProblem, validateProps } from '../names/prop-checks';

export { READER_SERVICE_ACCOUNT };

/**
 * The token Secret's name: what `istioctl create-remote-secret` creates itself on
 * Kubernetes 1.24+ (`tokenSecretName(sa)` = `<sa>-istio-remote-secret-token`), so
 * meshgen and istioctl find the same Secret.
 */
export function readerTokenSecretName(serviceAccount: string = READER_SERVICE_ACCOUNT): string {
  return `${serviceAccount}-istio-remote-secret-token`;
}

export interface RemoteSecretReaderProps {
  /** The Istio control-plane namespace the reader ServiceAccount lives in. @default 'istio-system' */
  readonly namespace?: string;
  /** The ServiceAccount the token is for. @default 'istio-reader-service-account' */
  readonly serviceAccount?: string;
}

/**
 * What a cluster needs so that a primary's istiod can read its API server: a
 * long-lived `kubernetes.io/service-account-token` Secret for the reader
 * ServiceAccount, as in `istioctl create-remote-secret --create-service-account=false`.
 * The Secret is a token request with no data: Kubernetes fills `token` and `ca.crt`
 * once the ServiceAccount exists (so apply it after installing Istio, which creates
 * the ServiceAccount). `meshgen remote-secret` then reads it.
 */
export class RemoteSecretReader extends Construct {
  public readonly tokenSecret: ApiObject;

  constructor(scope: Construct, id: string, props: RemoteSecretReaderProps = {}) {
    super(scope, id);
    validateProps(this, () => [dnsLabelProblem('namespace', props.namespace), objectNameProblem('serviceAccount', props.serviceAccount)]);
    const serviceAccount = props.serviceAccount ?? READER_SERVICE_ACCOUNT;
    // A plain ApiObject (apiVersion v1, kind Secret): the object is the same, and a synth
    // that needs nothing else from the generated k8s module (imports/k8s.ts) does not load it.
    this.tokenSecret = new ApiObject(this, 'TokenSecret', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: readerTokenSecretName(serviceAccount),
        namespace: props.namespace ?? 'istio-system',
        annotations: { 'kubernetes.io/service-account.name': serviceAccount },
      },
      type: 'kubernetes.io/service-account-token',
    });
  }
}
