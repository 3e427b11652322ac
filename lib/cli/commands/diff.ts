import * as fs from 'fs';
import * as path from 'path';
import { CommandModule } from 'yargs';
import { MeshgenError } from '../../errors';
import { CliIO, GlobalOptions } from '../io';
import { loadSpecFile } from '../load-spec';
import { shellQuote } from '../../names/shell';
import { work } from '../work';

interface DiffArgs extends GlobalOptions {
  readonly spec: string;
  readonly against: string;
}

/** `meshgen diff` exit code when synth would change the directory. */
export const EXIT_DIFFERENT = 1;
/** `meshgen diff` exit code when it cannot compare (bad spec, no such directory). */
export const EXIT_DIFF_ERROR = 4;

/**
 * `meshgen diff --spec FILE --against DIR`: renders the mesh in memory and reports
 * what `meshgen synth --spec FILE --out DIR` would add, remove or change in DIR.
 * Exit 0 when nothing, 1 when something (a CI gate), 4 when it cannot compare.
 */
export function diffCommand(io: CliIO): CommandModule<GlobalOptions, DiffArgs> {
  return {
    command: 'diff',
    describe: 'Show what synth would add, remove or change in an output directory; exit 1 when anything would change',
    builder: (y) => y
      .option('spec', { type: 'string', demandOption: true, describe: 'Mesh spec file (YAML)', requiresArg: true })
      .option('against', { type: 'string', demandOption: true, describe: 'The output directory to compare with (as passed to synth --out)', requiresArg: true })
      .example('$0 diff --spec mesh.yaml --against dist', 'exit 0 and "no changes" when dist/ is up to date'),
    handler: async (args) => {
      let text: string;
      let summary: string;
      try {
        const spec = loadSpecFile(args.spec, io.cwd);
        const dir = path.resolve(io.cwd, args.against);
        if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
          throw new MeshgenError(`--against ${shellQuote(args.against)}: ${fs.existsSync(dir) ? 'is a file' : 'no such directory'}; give the directory that meshgen synth wrote (e.g. --against dist), or run meshgen synth --spec ${shellQuote(args.spec)} --out ${shellQuote(args.against)} first`);
        }
        // Loaded here: only a render needs cdk8s.
        const { previewMesh } = await work.synth();
        const { diffTrees, formatDiff, diffSummary, readTree } = await work.diff();
        const { files, plan } = previewMesh(spec, { outDir: args.against, specFile: args.spec, cwd: io.cwd });
        if (!args.quiet) {
          for (const w of plan.warnings) io.err(`warning: ${w}\n`);
          for (const m of plan.missingAddresses) io.err(`warning: ${m.path}: not set; synth would not write ${m.remote}'s istioctl/control-plane.yaml\n`);
        }
        const d = diffTrees(readTree(dir), files);
        text = formatDiff(d);
        summary = diffSummary(d);
      } catch (e) {
        if (e instanceof MeshgenError && e.exitCode === 1) throw new MeshgenError(e.message, EXIT_DIFF_ERROR);
        throw e;
      }
      if (!text) {
        io.out(`no changes: ${args.against} is what synth renders from ${args.spec}\n`);
        return;
      }
      io.out(text);
      throw new MeshgenError(`meshgen diff: synth would change ${summary} in ${args.against}; run meshgen synth --spec ${shellQuote(args.spec)} --out ${shellQuote(args.against)} to update it`, EXIT_DIFFERENT);
    },
  };
}
