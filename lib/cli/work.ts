/**
 * What the commands run, loaded when a command runs: the command registry's loaders.
 * `meshgen plan`, `validate --spec` and `graph` load none of them, so they start
 * without cdk8s, the generated CRD classes, ajv, node-forge or the cluster client.
 * This and lib/charts/parts/registry.ts are meshgen's only lazy loads.
 */
export const work = {
  /** synth: CA, charts, render and the writers; diff: the same render in memory. */
  synth: () => import('../synth/synth'),
  /** validate --spec with overlays or sail values: the render in memory that finds their errors. */
  render: () => import('../synth/render-mesh'),
  /** diff: the tree comparison. */
  diff: () => import('../review/diff'),
  /** diff --format markdown: the pull-request comment. */
  diffMarkdown: () => import('../review/diff-markdown'),
  /** diff --format unified: the files' unified diff. */
  diffUnified: () => import('../review/diff-unified'),
  /** validate --dist: ajv and the schemas. */
  schema: () => import('../schema'),
  /** ca init. */
  meshCa: () => import('../pki/mesh-ca'),
  /** ca status, rotate, import. */
  pkiStore: () => import('../pki/pki-store'),
  /** remote-secret, kiali-secret: the kubeconfig. */
  kubeconfig: () => import('../cluster-access/kubeconfig'),
  /** remote-secret --all, kiali-secret --all. */
  meshSecrets: () => import('../cluster-access/mesh-secrets'),
  /** remote-secret. */
  remoteSecret: () => import('../cluster-access/remote-secret'),
  /** kiali-secret. */
  kialiSecret: () => import('../cluster-access/kiali-secret'),
  /** remote-secret --token-file (a file, or a {cluster} pattern with --all). */
  tokenFile: () => import('../cluster-access/token-file'),
};
