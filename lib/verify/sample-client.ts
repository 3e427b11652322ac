import { Construct } from 'constructs';
import { k8s } from '../k8s/core';
import { VerifyClient } from '../mesh-spec/types';
import { dnsLabelProblem, validateProps } from '../names/prop-checks';

/** The image of Istio 1.30's samples/curl and samples/sleep. */
export const CURL_IMAGE = 'docker.io/curlimages/curl:8.16.0';

export interface SampleClientProps {
  /** `curl` (samples/curl, Istio 1.24 and later) or `sleep` (samples/sleep, the seeds' name). @default 'curl' */
  readonly name?: VerifyClient;
  /** @default 'sample' */
  readonly namespace?: string;
}

/**
 * Istio's samples/curl/curl.yaml (or samples/sleep/sleep.yaml: the same objects under
 * the name `sleep`), object by object: an in-mesh pod to `kubectl exec` curl from.
 */
export class SampleClient extends Construct {
  constructor(scope: Construct, id: string, props: SampleClientProps = {}) {
    super(scope, id);
    validateProps(this, () => [dnsLabelProblem('namespace', props.namespace)]);
    const name = props.name ?? 'curl';
    const namespace = props.namespace ?? 'sample';
    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name, namespace } });
    new k8s.KubeService(this, 'Service', {
      metadata: { name, namespace, labels: { app: name, service: name } },
      spec: { ports: [{ port: 80, name: 'http' }], selector: { app: name } },
    });
    new k8s.KubeDeployment(this, 'Deployment', {
      metadata: { name, namespace },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: {
            terminationGracePeriodSeconds: 0,
            serviceAccountName: name,
            containers: [{
              name,
              image: CURL_IMAGE,
              command: ['/bin/sleep', 'infinity'],
              imagePullPolicy: 'IfNotPresent',
              volumeMounts: [{ mountPath: `/etc/${name}/tls`, name: 'secret-volume' }],
            }],
            volumes: [{ name: 'secret-volume', secret: { secretName: `${name}-secret`, optional: true } }],
          },
        },
      },
    });
  }
}
