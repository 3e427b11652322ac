import { Construct } from 'constructs';
import { Application } from '../../imports/argoproj.io';
import { applicationCommon, ApplicationCommonProps } from './sync-policy';

export interface GitPathApplicationProps extends ApplicationCommonProps {
  /** Git repository holding the rendered bundles. */
  readonly repoURL: string;
  /** Branch, tag or commit. */
  readonly targetRevision: string;
  /** Directory in the repository (with a kustomization.yaml). */
  readonly path: string;
}

/** An Argo CD Application syncing a directory of a Git repository (a kustomization). */
export class GitPathApplication extends Construct {
  public readonly application: Application;

  constructor(scope: Construct, id: string, props: GitPathApplicationProps) {
    super(scope, id);
    const { metadata, ...spec } = applicationCommon(props);
    this.application = new Application(this, 'Resource', {
      metadata,
      spec: { ...spec, source: { repoUrl: props.repoURL, targetRevision: props.targetRevision, path: props.path } },
    });
  }
}
