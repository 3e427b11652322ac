export * from './registry';
export * from './validator';
export { FORMATS, prepareSchema, prepareCrdSchema } from './prepare';
export { compiledKinds } from './compiler';
