import { Construct } from 'constructs';
import { HelmRepository } from '../../imports/helmrepositories-source.toolkit.fluxcd.io';
import { dnsLabelProblem, objectNameProblem, validateProps } from '../names/prop-checks';

export interface FluxHelmRepositoryProps {
  readonly name: string;
  /** The Flux namespace. */
  readonly namespace: string;
  readonly url: string;
  /** @default '1h' */
  readonly interval?: string;
}

/** A Flux HelmRepository (source.toolkit.fluxcd.io/v1): where the HelmReleases' charts come from. */
export class FluxHelmRepository extends Construct {
  constructor(scope: Construct, id: string, props: FluxHelmRepositoryProps) {
    super(scope, id);
    validateProps(this, () => [objectNameProblem('name', props.name), dnsLabelProblem('namespace', props.namespace)]);
    new HelmRepository(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: { interval: props.interval ?? '1h', url: props.url },
    });
  }
}
