import * as fs from 'fs';
import * as path from 'path';
import { CommandModule } from 'yargs';
import { MeshgenError } from '../../errors';
import { CliIO, GlobalOptions } from '../io';
import { loadSpecFile, specSource } from '../load-spec';
import { TX_DIR } from '../../fsx/atomic-writer';
import { OUTPUT_MARKER, ownedFiles } from '../../fsx/write';
import { shellQuote } from '../../names/shell';
import { work } from '../work';
import { controlPlaneFileOf } from '../../names/bundle-layout';
import type { OutputDiff } from '../../review/diff';

interface DiffArgs extends GlobalOptions {
  readonly spec: string;
  readonly against: string;
  readonly format: 'text' | 'markdown' | 'json' | 'unified';
}

/** `meshgen diff` exit code when synth would change the directory. */
export const EXIT_DIFFERENT = 1;
/** `meshgen diff` exit code when it cannot compare (bad spec, no such directory). */
export const EXIT_DIFF_ERROR = 4;

/**
 * What `meshgen diff --format json` prints (docs/cli.md "diff --format json"): `changed`
 * (exit 1 when true), and per group (a cluster bundle; `""` for top-level files such as
 * README.md) the files added, removed or changed as bytes and the objects added, removed
 * or changed with each changed field's `path`, `before` and `after` (absent: the field is).
 */
export function diffJson(d: OutputDiff, against: string) {
  return { against, changed: d.groups.length > 0, groups: d.groups };
}

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
      .option('spec', { type: 'string', demandOption: true, describe: 'Mesh spec file (YAML); - reads it from stdin', requiresArg: true })
      .option('against', { type: 'string', demandOption: true, describe: 'The output directory to compare with (as passed to synth --out)', requiresArg: true })
      .option('format', {
        alias: 'o', choices: ['text', 'markdown', 'json', 'unified'] as const, default: 'text' as const,
        describe: 'text: one line per change; markdown: a pull-request comment (clusters added, removed, changed; the files of each); json: the changes per cluster, object and field (docs/cli.md); unified: a unified diff of the files (git apply reads it)',
      })
      .example('$0 diff --spec mesh.yaml --against dist', 'exit 0 and "no changes" when dist/ is up to date')
      .example('$0 diff --spec mesh.yaml --against base/dist --format markdown > comment.md', 'what a pull request changes, to post as a comment')
      .example('$0 diff --spec mesh.yaml --against dist --format unified > synth.diff', 'the same change as a unified diff'),
    handler: async (args) => {
      let text: string;
      let summary: string;
      let printed: string | undefined;
      try {
        const spec = loadSpecFile(args.spec, io);
        const dir = path.resolve(io.cwd, args.against);
        if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
          throw new MeshgenError(`--against ${shellQuote(args.against)}: ${fs.existsSync(dir) ? 'is a file' : 'no such directory'}; give the directory that meshgen synth wrote (e.g. --against dist), or run meshgen synth --spec ${shellQuote(args.spec)} --out ${shellQuote(args.against)} first`);
        }
        // Loaded here: only a render needs cdk8s.
        const { previewMesh } = await work.synth();
        const { diffTrees, formatDiff, diffSummary, readTree } = await work.diff();
        const { files, plan } = previewMesh(spec, { outDir: args.against, specFile: args.spec, source: specSource(args.spec, io.cwd), cwd: io.cwd });
        if (!args.quiet) {
          for (const w of plan.warnings) io.err(`warning: ${w}\n`);
          for (const m of plan.missingAddresses) io.err(`warning: ${m.path}: not set; synth would not write ${m.remote}'s ${controlPlaneFileOf(plan.istio)}\n`);
        }
        if (!args.quiet && fs.existsSync(path.join(dir, TX_DIR))) {
          io.err(`warning: --against ${args.against}: a synth was interrupted there (${path.join(args.against, TX_DIR)}); the next meshgen synth completes or undoes it\n`);
        }
        // synth leaves files it did not write alone: compare only its own and those it would write.
        const ours = fs.existsSync(path.join(dir, OUTPUT_MARKER)) ? new Set([...ownedFiles(dir), ...files.keys()]) : undefined;
        const before = readTree(dir, ours);
        const d = diffTrees(before, files);
        text = formatDiff(d);
        summary = diffSummary(d);
        if (args.format === 'markdown') printed = (await work.diffMarkdown()).diffMarkdown(d, args.against, { plan, steps: { outDir: args.against, specFile: args.spec } });
        if (args.format === 'json') printed = JSON.stringify(diffJson(d, args.against), null, 2) + '\n';
        if (args.format === 'unified') printed = (await work.diffUnified()).unifiedDiff(before, files, path.relative(io.cwd, dir).split(path.sep).join('/'));
      } catch (e) {
        if (e instanceof MeshgenError && e.exitCode === 1) throw new MeshgenError(e.message, EXIT_DIFF_ERROR);
        throw e;
      }
      if (printed !== undefined) io.out(printed);
      if (!text) {
        if (args.format === 'text') io.out(`no changes: ${args.against} is what synth renders from ${args.spec}\n`);
        return;
      }
      if (printed === undefined) io.out(text);
      throw new MeshgenError(`meshgen diff: synth would change ${summary} in ${args.against}; run meshgen synth --spec ${shellQuote(args.spec)} --out ${shellQuote(args.against)} to update it`, EXIT_DIFFERENT);
    },
  };
}
