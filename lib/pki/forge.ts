import type * as Forge from 'node-forge';

let forgeModule: typeof Forge | undefined;

/** node-forge, loaded on first use: a synth that only reads existing certificates never needs it. */
export function forge(): typeof Forge {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (forgeModule ??= require('node-forge') as typeof Forge);
}
