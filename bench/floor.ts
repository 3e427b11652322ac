/**
 * The benchmark's floor: writes the same files, holding the same objects, as
 * `meshgen synth` did, with the yaml package alone (no cdk8s, no yargs, no
 * constructs): reads and parses the spec, then stringifies every object of a job
 * file (the objects meshgen wrote, as JSON) into a staging directory and swaps it in.
 *
 * Usage: node build/bench/floor.js SPEC JOB.json OUTDIR
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';

/** One file of the output: its objects (YAML) or its text (README.md). */
export interface FloorFile {
  readonly path: string;
  readonly header?: string;
  readonly objects?: unknown[];
  readonly text?: string;
}

function main(): void {
  const [specFile, jobFile, outDir] = process.argv.slice(2);
  YAML.parse(fs.readFileSync(specFile, 'utf8'));
  const files: FloorFile[] = JSON.parse(fs.readFileSync(jobFile, 'utf8'));
  const staging = `${outDir}.floor-new`;
  fs.rmSync(staging, { recursive: true, force: true });
  for (const f of files) {
    const file = path.join(staging, f.path);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const content = f.text ?? (f.header ?? '') + f.objects!.map((o) => YAML.stringify(o, { lineWidth: 0, indent: 2, indentSeq: true, aliasDuplicateObjects: false })).join('---\n');
    fs.writeFileSync(file, content);
  }
  fs.writeFileSync(path.join(staging, '.meshgen-output'), 'floor\n');
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.renameSync(staging, outDir);
}

main();
