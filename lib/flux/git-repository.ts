import { Construct } from 'constructs';
import { GitRepository, GitRepositorySpecRef } from '../../imports/gitrepositories-source.toolkit.fluxcd.io';
import { dnsLabelProblem, objectNameProblem, validateProps } from '../names/prop-checks';

export interface FluxGitRepositoryProps {
  readonly name: string;
  /** The Flux namespace. */
  readonly namespace: string;
  readonly url: string;
  /** A branch, `refs/...` (a tag: refs/tags/v1) or a 40-hex commit SHA. */
  readonly revision: string;
  /** The Secret with the Git credentials. @default - a public repository */
  readonly secretName?: string;
  /** @default '1m' */
  readonly interval?: string;
}

/** `spec.ref` for a targetRevision: a commit SHA, a full ref name, or else a branch. */
export function gitRef(revision: string): GitRepositorySpecRef {
  if (/^[0-9a-f]{40}$/.test(revision)) return { commit: revision };
  if (revision.startsWith('refs/')) return { name: revision };
  return { branch: revision };
}

/** A Flux GitRepository (source.toolkit.fluxcd.io/v1): the repository the bundles are committed to. */
export class FluxGitRepository extends Construct {
  constructor(scope: Construct, id: string, props: FluxGitRepositoryProps) {
    super(scope, id);
    validateProps(this, () => [objectNameProblem('name', props.name), dnsLabelProblem('namespace', props.namespace), objectNameProblem('secretName', props.secretName)]);
    new GitRepository(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        interval: props.interval ?? '1m',
        url: props.url,
        ref: gitRef(props.revision),
        ...(props.secretName ? { secretRef: { name: props.secretName } } : {}),
      },
    });
  }
}
