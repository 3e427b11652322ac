import { Construct } from 'constructs';
import { k8s } from '../k8s/core';
import { KIALI_REMOTE_ACCESS } from '../names/objects';
import { dnsLabelProblem, validateProps } from '../names/prop-checks';

export interface KialiRemoteAccessProps {
  /** @default 'istio-system' */
  readonly namespace?: string;
}

const READ = ['get', 'list', 'watch'];

/**
 * What Kiali on another cluster needs to read this one, view-only: a ServiceAccount
 * `kiali-remote-access`, a ClusterRole with the read rules of the Kiali server chart's
 * viewer role (without its OpenShift rules), its binding, and a long-lived token Secret
 * (type kubernetes.io/service-account-token) that the Kiali cluster's
 * `kiali-remote-cluster-secret-<cluster>` is built from.
 */
export class KialiRemoteAccess extends Construct {
  constructor(scope: Construct, id: string, props: KialiRemoteAccessProps = {}) {
    super(scope, id);
    validateProps(this, () => [dnsLabelProblem('namespace', props.namespace)]);
    const namespace = props.namespace ?? 'istio-system';
    const labels = { 'app.kubernetes.io/name': 'kiali', 'app.kubernetes.io/part-of': 'kiali' };
    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: KIALI_REMOTE_ACCESS, namespace, labels } });
    const role = `${KIALI_REMOTE_ACCESS}-viewer`;
    new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: role, labels },
      rules: [
        { apiGroups: [''], resources: ['configmaps', 'endpoints', 'pods/log'], verbs: READ },
        { apiGroups: [''], resources: ['namespaces', 'pods', 'replicationcontrollers', 'services'], verbs: READ },
        { apiGroups: [''], resources: ['pods/portforward'], verbs: ['create', 'post'] },
        { apiGroups: ['extensions', 'apps'], resources: ['daemonsets', 'deployments', 'replicasets', 'statefulsets'], verbs: READ },
        { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: READ },
        {
          apiGroups: ['networking.istio.io', 'security.istio.io', 'extensions.istio.io', 'telemetry.istio.io', 'gateway.networking.k8s.io'],
          resources: ['*'],
          verbs: READ,
        },
        { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
        { apiGroups: ['admissionregistration.k8s.io'], resources: ['mutatingwebhookconfigurations'], verbs: READ },
      ],
    });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: role, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
      subjects: [{ kind: 'ServiceAccount', name: KIALI_REMOTE_ACCESS, namespace }],
    });
    new k8s.KubeSecret(this, 'Token', {
      metadata: { name: KIALI_REMOTE_ACCESS, namespace, labels, annotations: { 'kubernetes.io/service-account.name': KIALI_REMOTE_ACCESS } },
      type: 'kubernetes.io/service-account-token',
    });
  }
}
