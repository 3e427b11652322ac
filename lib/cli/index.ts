import yargs, { Argv } from 'yargs';
import { MeshgenError, reportError } from '../errors';
import { CONTROL_CHAR, echoValue, printableLine } from '../names/text';
import { caCommand } from './commands/ca';
import { diffCommand } from './commands/diff';
import { graphCommand } from './commands/graph';
import { initCommand } from './commands/init';
import { kialiSecretCommand } from './commands/kiali-secret';
import { planCommand } from './commands/plan';
import { remoteSecretCommand } from './commands/remote-secret';
import { synthCommand } from './commands/synth';
import { validateCommand } from './commands/validate';
import { completionCommand } from './commands/completion';
import { versionCommand } from './commands/version';
import { MESHGEN_VERSION } from '../names/version';
import { CliIO, GlobalOptions, processIO } from './io';

/** Exit code for bad command-line usage. */
export const EXIT_USAGE = 2;

class UsageError extends Error {}

/** What to show after an option given without its value. */
const VALUE_EXAMPLES: Readonly<Record<string, string>> = {
  spec: 'mesh.yaml', out: 'dist', against: 'dist', dist: 'dist', cluster: 'cluster2', 'pki-dir': '.meshgen/pki',
  'secrets-out': '.meshgen/secrets', kubeconfig: '~/.kube/config', context: 'ctx2', server: 'https://10.0.0.5:6443',
};

/** Builds the meshgen command line over `argv` (without node and the script). */
export function buildCli(argv: readonly string[], io: CliIO = processIO): Argv<GlobalOptions> {
  return yargs([...argv])
    .scriptName('meshgen')
    .usage('$0 <command> [options]\n\nRender one Istio multi-cluster mesh spec into per-cluster YAML bundles.')
    .option('quiet', { type: 'boolean', default: false, describe: 'Print no progress or warnings on stderr' })
    .option('progress', { type: 'boolean', describe: 'Print progress on stderr [default: when stderr is a terminal]' })
    .command(synthCommand(io))
    .command(planCommand(io))
    .command(validateCommand(io))
    .command(caCommand(io))
    .command(remoteSecretCommand(io))
    .command(kialiSecretCommand(io))
    .command(graphCommand(io))
    .command(diffCommand(io))
    .command(versionCommand(io))
    .command(completionCommand(io))
    .command(initCommand(io))
    .example('$0 synth --spec mesh.yaml --out dist', 'render dist/<cluster>/ bundles')
    .example('$0 plan --spec mesh.yaml', 'print the ordered install steps')
    .example('$0 diff --spec mesh.yaml --against dist', 'what synth would change in dist/ (exit 1 when something would)')
    .demandCommand(1, 'name a command: init, synth, plan, validate, graph, diff, ca, remote-secret, kiali-secret, version or completion')
    .recommendCommands()
    .strict()
    .help()
    .alias('h', 'help')
    .version('version', 'Print the version of meshgen', MESHGEN_VERSION)
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((msg, err) => {
      // yargs passes a message for every usage problem (an option without its value, a
      // failed check()); an error thrown by a command's handler comes without one.
      if (err instanceof UsageError) throw err;
      if (msg) throw new UsageError(printableLine(msg, 300));
      if (err?.name === 'YError') throw new UsageError(printableLine(err.message, 300));
      throw err;
    }) as unknown as Argv<GlobalOptions>;
}

/**
 * yargs renders a command's whole help text after every command handler it starts, to show if
 * the handler's promise rejects while showHelpOnFail is on; here it is off and nothing else
 * reads that text, so rendering it was the largest part of a run of a quick command (string
 * widths of every help line). This skips it. It reaches into yargs 17's internal methods: if
 * they are not there, yargs renders the text as before.
 */
function skipHelpCache(cli: Argv<GlobalOptions>): void {
  const usage = (cli as unknown as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } })
    .getInternalMethods?.().getUsageInstance?.();
  if (typeof usage?.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => undefined;
}

/**
 * Runs the CLI and returns the exit code: 0 success, 1 bad input, 2 bad usage,
 * 3 bundles written but incomplete. Errors a user can fix print one line each, no
 * stack; an unexpected bug prints its stack.
 */
export async function runCli(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  let helpShown = false;
  const bad = argv.findIndex((a) => CONTROL_CHAR.test(a));
  if (bad >= 0) {
    io.err(`meshgen: argument ${bad + 1} ${echoValue(argv[bad])} holds a control character (a newline, ESC ...); no option value takes one; run "meshgen --help" for usage\n`);
    return EXIT_USAGE;
  }
  try {
    const cli = buildCli(argv, io);
    cli.showHelpOnFail(false);
    skipHelpCache(cli);
    await cli.parseAsync([...argv], {}, (_err, _argv, output) => {
      if (output) {
        helpShown = true;
        io.out(output.endsWith('\n') ? output : output + '\n');
      }
    });
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      const missingValue = /^Not enough arguments following: (\S+)$/.exec(e.message);
      const msg = /^Did you mean/.test(e.message) ? `unknown command "${argv[0]}"; ${e.message.replace(/^D/, 'd')}`
        : missingValue ? `--${missingValue[1]} needs a value (e.g. --${missingValue[1]} ${VALUE_EXAMPLES[missingValue[1]] ?? 'VALUE'})`
          : e.message;
      io.err(`meshgen: ${msg}; run "meshgen --help" for usage\n`);
      return EXIT_USAGE;
    }
    if (helpShown && !(e instanceof MeshgenError)) return 0;
    return reportError(e, io.err);
  }
}
