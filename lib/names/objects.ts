/**
 * Well-known object names and constants that both the constructs and the pure
 * planner use. Kept free of imports so that `meshgen plan` and `validate` do not load
 * cdk8s, the generated CRD classes or node-forge.
 */

/** The name of the east-west gateway Deployment and Service. */
export const EAST_WEST_GATEWAY_NAME = 'istio-eastwestgateway';

/** The label that Gateways use to select the east-west gateway. */
export const EAST_WEST_GATEWAY_SELECTOR: Readonly<Record<string, string>> = { istio: 'eastwestgateway' };

/** The east-west gateway's Service ports, as gen-eastwest-gateway.sh writes them. */
export const EAST_WEST_GATEWAY_PORTS: ReadonlyArray<{ readonly name: string; readonly port: number; readonly targetPort: number }> = [
  { name: 'status-port', port: 15021, targetPort: 15021 },
  { name: 'tls', port: 15443, targetPort: 15443 },
  { name: 'tls-istiod', port: 15012, targetPort: 15012 },
  { name: 'tls-webhook', port: 15017, targetPort: 15017 },
];

/** MetalLB's namespace (metallb-native.yaml, the minikube addon). */
export const METALLB_NAMESPACE = 'metallb-system';

/** The name istiod reads its plug-in CA from. */
export const CACERTS_SECRET_NAME = 'cacerts';

/** The Job's name in every cluster; `kubectl wait ... job/verify-helloworld`. */
export const VERIFY_JOB_NAME = 'verify-helloworld';

/** The name of Kiali's ServiceAccount, ClusterRole(Binding) and token Secret on a remote cluster (kiali-prepare-remote-cluster.sh's). */
export const KIALI_REMOTE_ACCESS = 'kiali-remote-access';

/** The Secret on the Kiali cluster through which Kiali reads another cluster (`meshgen kiali-secret` prints it). */
export function kialiSecretName(cluster: string): string {
  return `kiali-remote-cluster-secret-${cluster}`;
}

/** The LoadBalancer Service through which the Kiali cluster's Prometheus federates another cluster's. */
export const PROMETHEUS_FEDERATION_SERVICE = 'prometheus-federation';

/** The PropagationPolicy placing `cacerts` on the members (the Karmada guide's name). */
export const CACERTS_PROPAGATION = 'cacerts-propagation';

/** The OverridePolicy that gives `member` its own intermediate. */
export function cacertsOverrideName(member: string): string {
  return `${CACERTS_SECRET_NAME}-${member}`;
}

/**
 * The ServiceAccount whose token a remote secret carries. Every supported installer
 * creates it, with its ClusterRole and ClusterRoleBinding: istioctl and the Helm
 * charts render it from istio/base (`reader-serviceaccount.yaml`) and the
 * `istio-reader-clusterrole-<namespace>` role and binding from istio/istiod
 * (`reader-clusterrole.yaml`, `reader-clusterrolebinding.yaml`); the Sail operator
 * installs the same charts.
 */
export const READER_SERVICE_ACCOUNT = 'istio-reader-service-account';
/** istiod's Service (and Deployment) of a revision: `istiod-<rev>`, or `istiod` without one. */
export function istiodServiceName(revision?: string): string {
  return revision ? `istiod-${revision}` : 'istiod';
}

/** The MutatingWebhookConfiguration of a revision tag (Istio's revision-tags-mwc.yaml template). */
export function revisionTagWebhookName(tag: string, namespace: string): string {
  return namespace === 'istio-system' ? `istio-revision-tag-${tag}` : `istio-revision-tag-${tag}-${namespace}`;
}
