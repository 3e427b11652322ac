import { Construct } from 'constructs';
import { HelmRelease, HelmReleaseSpecChartSpecSourceRefKind, HelmReleaseSpecInstallCrds, HelmReleaseSpecUpgradeCrds } from '../../imports/helm.toolkit.fluxcd.io';
import { dnsLabelProblem, objectNameProblem, validateProps } from '../names/prop-checks';

export interface FluxHelmReleaseProps {
  /** metadata.name, e.g. `cluster1-istiod`. */
  readonly name: string;
  /** The Flux namespace. */
  readonly namespace: string;
  /** The Helm release name, e.g. `istiod`. */
  readonly releaseName: string;
  /** The namespace the chart installs into (also where Helm keeps the release, as with `helm install -n`). */
  readonly targetNamespace: string;
  readonly chart: string;
  readonly version: string;
  /** The HelmRepository (in the Flux namespace). */
  readonly repository: string;
  /** @default - the chart's defaults */
  readonly values?: Record<string, unknown>;
  /** A Secret with a kubeconfig of the target cluster (Flux running elsewhere). @default - the cluster Flux runs in */
  readonly kubeConfigSecret?: string;
}

/**
 * A Flux HelmRelease (helm.toolkit.fluxcd.io/v2). CRDs are created and replaced on
 * upgrades too (Flux skips them on upgrade by default), installs and upgrades are retried,
 * and drift detection stays off (Flux's default), so the caBundle and failurePolicy istiod
 * patches into its webhooks are left alone.
 */
export class FluxHelmRelease extends Construct {
  constructor(scope: Construct, id: string, props: FluxHelmReleaseProps) {
    super(scope, id);
    validateProps(this, () => [objectNameProblem('name', props.name), dnsLabelProblem('namespace', props.namespace), dnsLabelProblem('targetNamespace', props.targetNamespace), objectNameProblem('kubeConfigSecret', props.kubeConfigSecret)]);
    new HelmRelease(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        interval: '10m',
        releaseName: props.releaseName,
        targetNamespace: props.targetNamespace,
        storageNamespace: props.targetNamespace,
        chart: {
          spec: {
            chart: props.chart,
            version: props.version,
            sourceRef: { kind: HelmReleaseSpecChartSpecSourceRefKind.HELM_REPOSITORY, name: props.repository },
          },
        },
        install: { createNamespace: true, crds: HelmReleaseSpecInstallCrds.CREATE_REPLACE, remediation: { retries: 3 } },
        upgrade: { crds: HelmReleaseSpecUpgradeCrds.CREATE_REPLACE, remediation: { retries: 3 } },
        ...(props.kubeConfigSecret ? { kubeConfig: { secretRef: { name: props.kubeConfigSecret } } } : {}),
        ...(props.values && Object.keys(props.values).length > 0 ? { values: props.values } : {}),
      },
    });
  }
}
