import * as fs from 'fs';
import * as path from 'path';
import { CommandModule } from 'yargs';
import { MeshgenError } from '../../errors';
import { CliIO, GlobalOptions } from '../io';
import { loadSpecFile } from '../load-spec';
import { TX_DIR } from '../../fsx/atomic-writer';
import { OUTPUT_MARKER, ownedFiles } from '../../fsx/write';
import { shellQuote } from '../../names/shell';
import { work } from '../work';
import { controlPlaneFileOf } from '../../names/bundle-layout';

interface DiffArgs extends GlobalOptions {
  readonly spec: string;
  readonly against: string;
  readonly format: 'text' | 'markdown';
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
      .option('format', { choices: ['text', 'markdown'] as const, default: 'text' as const, describe: 'text: one line per change; markdown: a pull-request comment (clusters added, removed, changed; the files of each)' })
      .example('$0 diff --spec mesh.yaml --against dist', 'exit 0 and "no changes" when dist/ is up to date')
      .example('$0 diff --spec mesh.yaml --against base/dist --format markdown > comment.md', 'what a pull request changes, to post as a comment'),
    handler: async (args) => {
      let text: string;
      let summary: string;
      let markdown: string | undefined;
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
          for (const m of plan.missingAddresses) io.err(`warning: ${m.path}: not set; synth would not write ${m.remote}'s ${controlPlaneFileOf(plan.istio)}\n`);
        }
        if (!args.quiet && fs.existsSync(path.join(dir, TX_DIR))) {
          io.err(`warning: --against ${args.against}: a synth was interrupted there (${path.join(args.against, TX_DIR)}); the next meshgen synth completes or undoes it\n`);
        }
        // synth leaves files it did not write alone: compare only its own and those it would write.
        const ours = fs.existsSync(path.join(dir, OUTPUT_MARKER)) ? new Set([...ownedFiles(dir), ...files.keys()]) : undefined;
        const d = diffTrees(readTree(dir, ours), files);
        text = formatDiff(d);
        summary = diffSummary(d);
        if (args.format === 'markdown') markdown = (await work.diffMarkdown()).diffMarkdown(d, args.against);
      } catch (e) {
        if (e instanceof MeshgenError && e.exitCode === 1) throw new MeshgenError(e.message, EXIT_DIFF_ERROR);
        throw e;
      }
      if (markdown !== undefined) io.out(markdown);
      if (!text) {
        if (markdown === undefined) io.out(`no changes: ${args.against} is what synth renders from ${args.spec}\n`);
        return;
      }
      if (markdown === undefined) io.out(text);
      throw new MeshgenError(`meshgen diff: synth would change ${summary} in ${args.against}; run meshgen synth --spec ${shellQuote(args.spec)} --out ${shellQuote(args.against)} to update it`, EXIT_DIFFERENT);
    },
  };
}
