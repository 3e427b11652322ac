import { Construct } from 'constructs';
import { k8s } from '../k8s/core';
import { HelloworldVersion } from '../plan/verify';
import { HELLOWORLD_PORT } from './helloworld';
import { CURL_IMAGE } from './sample-client';
import { VERIFY_JOB_NAME } from '../names/objects';
import { dnsLabelProblem, validateProps } from '../names/prop-checks';


export interface HelloworldVerifyJobProps {
  /** The cluster the Job runs on, for its log lines. */
  readonly cluster: string;
  /** The versions the Job must see answer (every version deployed in the mesh). */
  readonly expected: readonly HelloworldVersion[];
  /** How many calls to make. */
  readonly requests: number;
  /** @default 'sample' */
  readonly namespace?: string;
  /**
   * Ambient mode: the pod runs without a sidecar (ztunnel, set up by istio-cni before
   * the pod starts, carries its traffic), so there is no sidecar to wait for or to stop.
   * @default false
   */
  readonly ambient?: boolean;
}

/**
 * The cross-network check as a Job: from inside the mesh (the pod gets a sidecar, so
 * calls go through Envoy and, for endpoints on other networks, through their east-west
 * gateway), call helloworld.<ns>:5000/hello `requests` times and fail unless every
 * expected version answered.
 *
 * A Job's pod only completes when all its containers stop, and a classic sidecar never
 * does: the script ends by asking the sidecar to quit (`POST localhost:15020/quitquitquit`,
 * pilot-agent's endpoint) whatever the outcome, then exits with the result. The pod
 * waits for the proxy before the script starts (`holdApplicationUntilProxyStarts`).
 * With native sidecars (Kubernetes >= 1.29 and Istio's ENABLE_NATIVE_SIDECARS) the
 * kubelet stops the proxy itself and the quit call is harmless. In ambient mode the pod
 * has no sidecar: no injection label, no proxy config, no quit call.
 */
export class HelloworldVerifyJob extends Construct {
  public readonly job: k8s.KubeJob;

  constructor(scope: Construct, id: string, props: HelloworldVerifyJobProps) {
    super(scope, id);
    validateProps(this, () => [dnsLabelProblem('cluster', props.cluster), dnsLabelProblem('namespace', props.namespace)]);
    if (props.expected.length === 0) throw new Error(`HelloworldVerifyJob ${props.cluster}: expected lists no version`);
    if (!Number.isInteger(props.requests) || props.requests < 1) throw new Error(`HelloworldVerifyJob ${props.cluster}: requests must be a positive integer, got ${props.requests}`);
    const namespace = props.namespace ?? 'sample';
    const labels = { app: VERIFY_JOB_NAME };
    this.job = new k8s.KubeJob(this, 'Resource', {
      metadata: { name: VERIFY_JOB_NAME, namespace, labels },
      spec: {
        backoffLimit: 3,
        activeDeadlineSeconds: 900,
        template: {
          metadata: props.ambient ? { labels: { ...labels } } : {
            labels: { ...labels, 'sidecar.istio.io/inject': 'true' },
            annotations: { 'proxy.istio.io/config': '{"holdApplicationUntilProxyStarts": true}' },
          },
          spec: {
            restartPolicy: 'Never',
            containers: [{
              name: 'verify',
              image: CURL_IMAGE,
              imagePullPolicy: 'IfNotPresent',
              command: ['/bin/sh', '-c', verifyScript(props.cluster, `helloworld.${namespace}:${HELLOWORLD_PORT}`, props.expected, props.requests, props.ambient)],
            }],
          },
        },
      },
    });
  }
}

/** The Job's shell script (busybox sh in the curl image). Exported for tests. */
export function verifyScript(cluster: string, host: string, expected: readonly HelloworldVersion[], requests: number, ambient = false): string {
  return [
    `url=http://${host}/hello`,
    ambient
      ? 'finish() { exit "$1"; }'
      : 'finish() { curl -fsS -o /dev/null -X POST http://localhost:15020/quitquitquit || true; exit "$1"; }',
    '# helloworld may still be starting: wait up to 120 s for a first answer',
    'i=0',
    'until curl -fsS -o /dev/null --max-time 5 "$url"; do',
    `  i=$((i + 1)); if [ "$i" -ge 60 ]; then echo "FAIL ${cluster}: $url never answered"; finish 1; fi; sleep 2`,
    'done',
    ': > /tmp/answers',
    `n=0; while [ "$n" -lt ${requests} ]; do`,
    '  n=$((n + 1))',
    '  curl -sS --max-time 5 "$url" >> /tmp/answers 2>&1 || echo "(call $n failed)" >> /tmp/answers',
    'done',
    'cat /tmp/answers',
    'missing=""',
    `for v in ${expected.join(' ')}; do grep -q "Hello version: $v," /tmp/answers || missing="$missing $v"; done`,
    `if [ -n "$missing" ]; then echo "FAIL ${cluster}: no answer from helloworld$missing in ${requests} calls"; finish 1; fi`,
    `echo "OK ${cluster}: saw helloworld ${expected.join(' and ')}"`,
    'finish 0',
    '',
  ].join('\n');
}
