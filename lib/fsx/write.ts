import * as fs from 'fs';
import * as path from 'path';
import { MeshgenError } from '../errors';

/** The file that marks a directory as meshgen's output (and so safe to replace). */
export const OUTPUT_MARKER = '.meshgen-output';

export interface WriteOptions {
  /** Test hook: called after each file is written to the staging directory. */
  readonly afterFile?: (relPath: string) => void;
}

/**
 * Replaces `outDir` with exactly `files`: everything is written to a staging
 * directory beside it and then swapped in, so files from an earlier run that no
 * longer belong are gone, and a run that fails half way leaves the previous output
 * untouched. Refuses to replace a non-empty directory that meshgen did not write.
 */
export function writeOutput(outDir: string, files: ReadonlyMap<string, string>, marker: string, opts: WriteOptions = {}): void {
  const target = path.resolve(outDir);
  const parent = path.dirname(target);
  const base = path.basename(target);
  if (fs.existsSync(target)) {
    if (!fs.statSync(target).isDirectory()) {
      throw new MeshgenError(`--out ${outDir}: is a file, not a directory; choose a directory for the bundles (e.g. --out dist)`);
    }
    const entries = fs.readdirSync(target);
    if (entries.length > 0 && !entries.includes(OUTPUT_MARKER)) {
      throw new MeshgenError(`--out ${outDir}: is not empty and was not written by meshgen (no ${OUTPUT_MARKER}); meshgen replaces its output directory whole, so choose a new or empty directory`);
    }
  }
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${base}.meshgen-new-`));
  try {
    const made = new Set<string>([staging]);
    for (const [rel, content] of files) {
      const file = path.join(staging, rel);
      const dir = path.dirname(file);
      if (!made.has(dir)) {
        fs.mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      fs.writeFileSync(file, content);
      opts.afterFile?.(rel);
    }
    fs.writeFileSync(path.join(staging, OUTPUT_MARKER), marker);
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  let old: string | undefined;
  if (fs.existsSync(target)) {
    old = `${staging}.old`;
    fs.renameSync(target, old);
  }
  try {
    fs.renameSync(staging, target);
  } catch (e) {
    if (old) fs.renameSync(old, target);
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  if (old) fs.rmSync(old, { recursive: true, force: true });
}
