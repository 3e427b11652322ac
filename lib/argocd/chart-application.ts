import { Construct } from 'constructs';
import { Application } from '../../imports/argoproj.io';
import { applicationCommon, ApplicationCommonProps } from './sync-policy';

export interface HelmChartApplicationProps extends ApplicationCommonProps {
  /** Helm repository URL. */
  readonly repoURL: string;
  /** Chart name in the repository. */
  readonly chart: string;
  /** Chart version. */
  readonly version: string;
  readonly releaseName: string;
  /** Inline values (`spec.source.helm.valuesObject`). @default - the chart's defaults */
  readonly values?: Record<string, unknown>;
}

/** An Argo CD Application (argoproj.io/v1alpha1) installing one Helm chart with inline values. */
export class HelmChartApplication extends Construct {
  public readonly application: Application;

  constructor(scope: Construct, id: string, props: HelmChartApplicationProps) {
    super(scope, id);
    const { metadata, ...spec } = applicationCommon(props);
    const values = props.values && Object.keys(props.values).length > 0 ? { valuesObject: props.values } : {};
    this.application = new Application(this, 'Resource', {
      metadata,
      spec: {
        ...spec,
        source: {
          repoUrl: props.repoURL,
          chart: props.chart,
          targetRevision: props.version,
          helm: { releaseName: props.releaseName, ...values },
        },
      },
    });
  }
}
