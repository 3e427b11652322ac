import * as path from 'path';
import { MeshPlan } from '../plan/planner';
import { MeshSpec } from '../spec/types';
import { renderMesh } from './render';
import { writeOutput, WriteOptions } from './write';

export interface SynthResult {
  readonly plan: MeshPlan;
  /** Number of files written (not counting the output marker). */
  readonly fileCount: number;
}

/** Renders the mesh and replaces `outDir` with the bundles (atomically). */
export function synthToDirectory(spec: MeshSpec, outDir: string, cwd = process.cwd(), opts: WriteOptions & { specFile?: string } = {}): SynthResult {
  const { files, plan } = renderMesh(spec, { outDir, ...(opts.specFile ? { specFile: opts.specFile } : {}) });
  writeOutput(path.resolve(cwd, outDir), files, `meshgen output for mesh ${spec.name}; this directory is replaced whole by \`meshgen synth\`.\n`, opts);
  return { plan, fileCount: files.size };
}
