import {
  ApplicationSpecDestination, ApplicationSpecIgnoreDifferences, ApplicationSpecSyncPolicy,
} from '../../imports/argoproj.io';
import { SYNC_WAVE_ANNOTATION } from '../names/gitops';

/** Where an Application's objects go: a cluster registered in Argo CD by name, or an API server URL. */
export interface ArgoDestination {
  /** `spec.destination.name`. */
  readonly name?: string;
  /** `spec.destination.server` (instead of name). */
  readonly server?: string;
}

/** Props every meshgen Application shares. */
export interface ApplicationCommonProps {
  /** metadata.name of the Application. */
  readonly name: string;
  /** The namespace Argo CD runs in (where Applications live). */
  readonly argoNamespace: string;
  /** The Argo CD project. @default 'default' */
  readonly project?: string;
  /** The cluster the objects go to. */
  readonly destination: ArgoDestination;
  /** spec.destination.namespace */
  readonly destinationNamespace: string;
  /** argocd.argoproj.io/sync-wave: the parent Application syncs lower waves first and waits for them to be Healthy. */
  readonly syncWave: number;
  /** It installs CRDs: `ServerSideApply=true` (Istio's and Sail's CRDs exceed the last-applied annotation). @default false */
  readonly serverSideApply?: boolean;
  /**
   * It installs Istio's webhook configurations: ignore the caBundle and failurePolicy that
   * istiod patches in at run time, in the diff and in the sync (RespectIgnoreDifferences=true).
   * @default false
   */
  readonly istioWebhooks?: boolean;
  /**
   * Labels and annotations Argo CD puts on the destination namespace when it creates it
   * (`managedNamespaceMetadata`, with CreateNamespace=true).
   * @default - none
   */
  readonly namespaceMetadata?: { readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
  /** Annotations on the Application, e.g. what must exist before it syncs. @default - the sync wave only */
  readonly annotations?: Record<string, string>;
}

/**
 * Retries of a failed sync: a later wave can fail while an earlier one's CRDs or webhooks
 * settle, and Argo CD does not retry a failed sync of the same commit on its own.
 * 5 attempts, 10s doubling up to 3m (about 6 minutes in all).
 */
export const SYNC_RETRY = { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } } as const;

/**
 * The fields istiod changes in its webhook configurations once it runs: it injects its CA
 * into `clientConfig.caBundle` of the sidecar injector (MutatingWebhookConfiguration
 * istio-sidecar-injector) and of the validators (istio-validator-<ns>, istiod-default-validator),
 * and turns the validators' `failurePolicy` from Ignore to Fail when its endpoint is ready
 * (istio-discovery chart, validatingwebhookconfiguration.yaml: "The webhook controller will
 * update this to `Fail` and patch in the `caBundle`"). Not by name: revisions change the names.
 */
export const ISTIO_WEBHOOK_DIFFS: readonly ApplicationSpecIgnoreDifferences[] = [
  { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
  { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle', '.webhooks[]?.failurePolicy'] },
];

/** metadata, destination, project, syncPolicy and ignoreDifferences of an Application. */
export function applicationCommon(props: ApplicationCommonProps) {
  const syncOptions = [
    'CreateNamespace=true',
    ...(props.serverSideApply ? ['ServerSideApply=true'] : []),
    ...(props.istioWebhooks ? ['RespectIgnoreDifferences=true'] : []),
  ];
  const syncPolicy: ApplicationSpecSyncPolicy = {
    automated: { prune: true, selfHeal: true },
    syncOptions,
    retry: { limit: SYNC_RETRY.limit, backoff: { ...SYNC_RETRY.backoff } },
    ...(props.namespaceMetadata ? { managedNamespaceMetadata: { ...props.namespaceMetadata } } : {}),
  };
  const destination: ApplicationSpecDestination = {
    ...(props.destination.server ? { server: props.destination.server } : { name: props.destination.name }),
    namespace: props.destinationNamespace,
  };
  return {
    metadata: {
      name: props.name,
      namespace: props.argoNamespace,
      annotations: { ...(props.annotations ?? {}), [SYNC_WAVE_ANNOTATION]: String(props.syncWave) },
    },
    project: props.project ?? 'default',
    destination,
    syncPolicy,
    ...(props.istioWebhooks ? { ignoreDifferences: ISTIO_WEBHOOK_DIFFS.map((d) => ({ ...d, jqPathExpressions: [...d.jqPathExpressions!] })) } : {}),
  };
}
