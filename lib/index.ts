// meshgen's public API: the spec, the planner, the constructs and the renderer.
export * from './errors';
export * from './spec/types';
export * from './spec/parse';
export * from './plan/planner';
export * from './plan/steps';
export * from './istio/istio-operator';
export * from './istio/control-plane';
export * from './istio/east-west-gateway';
export * from './istio/expose-istiod';
export * from './istio/expose-services';
export * from './k8s/istio-namespace';
export * from './render/bundle-chart';
export * from './render/files';
export * from './render/render';
export * from './render/synth';
export * from './render/write';
export * from '../charts/cluster-chart';
export { buildCli, runCli } from './cli/index';
