/**
 * Core Kubernetes objects: the classes `cdk8s import k8s@1.27.0` generates, for the kinds meshgen
 * emits only (imports/k8s.ts, written by scripts/import-k8s.js from schemas/k8s/). They replace
 * cdk8s-plus-27's generated module, so users no longer install cdk8s-plus-27 (and its optional
 * 38 MB `backport`) for them.
 */
export * as k8s from '../../imports/k8s';
