import { Construct } from 'constructs';
import { Application, ApplicationSpec, ApplicationSpecIgnoreDifferences, ApplicationSpecSource } from '../../imports/argoproj.io';

/** The annotation Argo CD orders the resources of one sync by. */
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

interface ApplicationCommonProps {
  /** metadata.name of the Application. */
  readonly name: string;
  /** Namespace Argo CD runs in (where Applications live). */
  readonly argoNamespace: string;
  /** Argo CD project. @default 'default' */
  readonly project?: string;
  /** spec.destination.name: the cluster as registered in Argo CD. */
  readonly destinationCluster: string;
  /** spec.destination.namespace */
  readonly destinationNamespace: string;
  /** argocd.argoproj.io/sync-wave: lower waves sync first under a parent Application. */
  readonly syncWave: number;
}

export interface HelmChartApplicationProps extends ApplicationCommonProps {
  /** Helm repository URL. */
  readonly repoURL: string;
  /** Chart name in the repository. */
  readonly chart: string;
  /** Chart version. */
  readonly version: string;
  readonly releaseName: string;
  /** Inline values (`spec.source.helm.valuesObject`). */
  readonly values: Record<string, unknown>;
}

export interface GitPathApplicationProps extends ApplicationCommonProps {
  /** Git repository holding the rendered bundles. */
  readonly repoURL: string;
  /** Branch, tag or commit. */
  readonly targetRevision: string;
  /** Directory in the repository (a kustomization). */
  readonly path: string;
}

// istiod sets the failurePolicy of its webhooks at run time; without this Argo CD
// reports the Istio applications as OutOfSync forever (Istio's Argo CD guidance).
const WEBHOOK_DIFFS: ApplicationSpecIgnoreDifferences[] = [
  { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.failurePolicy'] },
];

/** An Application as every kind here has it: sync wave, destination, project, automated sync, and `source`. */
function application(scope: Construct, props: ApplicationCommonProps, source: ApplicationSpecSource, extra: Partial<ApplicationSpec> = {}): Application {
  return new Application(scope, 'Resource', {
    metadata: {
      name: props.name,
      namespace: props.argoNamespace,
      annotations: { [SYNC_WAVE_ANNOTATION]: String(props.syncWave) },
    },
    spec: {
      project: props.project ?? 'default',
      destination: { name: props.destinationCluster, namespace: props.destinationNamespace },
      source,
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['CreateNamespace=true'],
      },
      ...extra,
    },
  });
}

/** An Argo CD Application (argoproj.io/v1alpha1) installing one Helm chart with inline values. */
export class HelmChartApplication extends Construct {
  public readonly application: Application;

  constructor(scope: Construct, id: string, props: HelmChartApplicationProps) {
    super(scope, id);
    this.application = application(this, props, {
      repoUrl: props.repoURL,
      chart: props.chart,
      targetRevision: props.version,
      helm: { releaseName: props.releaseName, valuesObject: props.values },
    }, props.chart === 'gateway' ? {} : { ignoreDifferences: WEBHOOK_DIFFS.map((d) => ({ ...d })) });
  }
}

/** An Argo CD Application syncing a directory of a Git repository (a kustomization). */
export class GitPathApplication extends Construct {
  public readonly application: Application;

  constructor(scope: Construct, id: string, props: GitPathApplicationProps) {
    super(scope, id);
    this.application = application(this, props, { repoUrl: props.repoURL, targetRevision: props.targetRevision, path: props.path });
  }
}
