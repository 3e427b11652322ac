/**
 * Core Kubernetes objects. cdk8s-plus-27 ships the generated `k8s` classes; loading
 * them from their own module, rather than the package index, keeps the rest of
 * cdk8s-plus-27 (and its start-up cost) out of a run that does not need it.
 */
export * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
