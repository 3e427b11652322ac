import { Construct } from 'constructs';
import { k8s } from '../k8s/core';
import { HelloworldVersion } from '../plan/verify';
import { GLOBAL_SERVICE_LABEL, GLOBAL_SERVICE_VALUE } from '../names/ambient';
import { dnsLabelProblem, validateProps } from '../names/prop-checks';

/** The helloworld port (samples/helloworld). */
export const HELLOWORLD_PORT = 5000;

export interface HelloworldProps {
  /** @default 'sample' */
  readonly namespace?: string;
  /** The versions deployed here; the Service is always there. @default - none */
  readonly versions?: readonly HelloworldVersion[];
  /**
   * Ambient mode: label the Service `istio.io/global: "true"`, which makes it reachable
   * from the other clusters (the ambient profile's serviceScopeConfigs; Istio's "Verify
   * the ambient installation" labels helloworld so).
   * @default false
   */
  readonly global?: boolean;
}

/**
 * Istio's samples/helloworld/helloworld.yaml, object by object: the `helloworld`
 * Service (every cluster has it, so that the name resolves everywhere) and the
 * Deployments `helloworld-v1` / `helloworld-v2` of the versions that run here (the
 * seeds' `kubectl apply -l app=helloworld` then `-l version=vN`).
 */
export class Helloworld extends Construct {
  public readonly service: k8s.KubeService;
  public readonly deployments: k8s.KubeDeployment[];

  constructor(scope: Construct, id: string, props: HelloworldProps = {}) {
    super(scope, id);
    validateProps(this, () => [dnsLabelProblem('namespace', props.namespace)]);
    const namespace = props.namespace ?? 'sample';
    this.service = new k8s.KubeService(this, 'Service', {
      metadata: {
        name: 'helloworld',
        namespace,
        labels: { app: 'helloworld', service: 'helloworld', ...(props.global ? { [GLOBAL_SERVICE_LABEL]: GLOBAL_SERVICE_VALUE } : {}) },
      },
      spec: {
        ports: [{ port: HELLOWORLD_PORT, name: 'http' }],
        selector: { app: 'helloworld' },
      },
    });
    this.deployments = [...(props.versions ?? [])].sort().map((version) => {
      const labels = { app: 'helloworld', version };
      return new k8s.KubeDeployment(this, `Deployment-${version}`, {
        metadata: { name: `helloworld-${version}`, namespace, labels },
        spec: {
          replicas: 1,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              containers: [{
                name: 'helloworld',
                image: `registry.istio.io/release/examples-helloworld-${version}:1.0`,
                resources: { requests: { cpu: k8s.Quantity.fromString('100m') } },
                imagePullPolicy: 'IfNotPresent',
                ports: [{ containerPort: HELLOWORLD_PORT }],
              }],
            },
          },
        },
      });
    });
  }
}
