import { Construct } from 'constructs';
import { Application } from '../../imports/argoproj.io';
import { ARGOCD_IN_CLUSTER } from '../names/gitops';
import { SYNC_RETRY } from './sync-policy';
import { dnsLabelProblem, objectNameProblem, validateProps } from '../names/prop-checks';

export interface RootApplicationProps {
  /** metadata.name, e.g. `cluster1-root`. */
  readonly name: string;
  /** The namespace Argo CD runs in; the child Applications are created there too. */
  readonly argoNamespace: string;
  /** @default 'default' */
  readonly project?: string;
  readonly repoURL: string;
  readonly targetRevision: string;
  /** The directory of child Applications in the repository. */
  readonly path: string;
}

/**
 * The root of an app of apps: an Application that syncs a directory of Applications into
 * Argo CD's own namespace (on the cluster Argo CD runs in). Its sync runs the children's
 * sync waves in order, each wave once the ones before are Healthy (with the Application
 * health check of argocd-cm, see ArgoCdHealthChecks).
 */
export class RootApplication extends Construct {
  public readonly application: Application;

  constructor(scope: Construct, id: string, props: RootApplicationProps) {
    super(scope, id);
    validateProps(this, () => [objectNameProblem('name', props.name), dnsLabelProblem('argoNamespace', props.argoNamespace)]);
    this.application = new Application(this, 'Resource', {
      metadata: { name: props.name, namespace: props.argoNamespace },
      spec: {
        project: props.project ?? 'default',
        source: { repoUrl: props.repoURL, targetRevision: props.targetRevision, path: props.path },
        destination: { server: ARGOCD_IN_CLUSTER, namespace: props.argoNamespace },
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          retry: { limit: SYNC_RETRY.limit, backoff: { ...SYNC_RETRY.backoff } },
        },
      },
    });
  }
}
