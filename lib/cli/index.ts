import yargs, { Argv } from 'yargs';
import { MeshgenError, reportError } from '../errors';
import { caCommand } from './commands/ca';
import { diffCommand } from './commands/diff';
import { graphCommand } from './commands/graph';
import { kialiSecretCommand } from './commands/kiali-secret';
import { planCommand } from './commands/plan';
import { remoteSecretCommand } from './commands/remote-secret';
import { synthCommand } from './commands/synth';
import { validateCommand } from './commands/validate';
import { CliIO, GlobalOptions, processIO } from './io';

/** Exit code for bad command-line usage. */
export const EXIT_USAGE = 2;

class UsageError extends Error {}

/** Builds the meshgen command line over `argv` (without node and the script). */
export function buildCli(argv: readonly string[], io: CliIO = processIO): Argv<GlobalOptions> {
  return yargs([...argv])
    .scriptName('meshgen')
    .usage('$0 <command> [options]\n\nRender one Istio multi-cluster mesh spec into per-cluster YAML bundles.')
    .option('quiet', { type: 'boolean', default: false, describe: 'Print no progress or warnings on stderr' })
    .command(synthCommand(io))
    .command(planCommand(io))
    .command(validateCommand(io))
    .command(caCommand(io))
    .command(remoteSecretCommand(io))
    .command(kialiSecretCommand(io))
    .command(graphCommand(io))
    .command(diffCommand(io))
    .example('$0 synth --spec mesh.yaml --out dist', 'render dist/<cluster>/ bundles')
    .example('$0 plan --spec mesh.yaml', 'print the ordered install steps')
    .example('$0 diff --spec mesh.yaml --against dist', 'what synth would change in dist/ (exit 1 when something would)')
    .demandCommand(1, 'name a command: synth, plan, validate, graph, diff, ca, remote-secret or kiali-secret')
    .recommendCommands()
    .strict()
    .help()
    .version(false)
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((msg, err) => {
      // A check() that returns a message passes it as `err` too: that is a usage error.
      if (err && typeof err !== 'string') throw err;
      throw new UsageError(msg);
    }) as unknown as Argv<GlobalOptions>;
}

/**
 * Runs the CLI and returns the exit code: 0 success, 1 bad input, 2 bad usage,
 * 3 bundles written but incomplete. Errors a user can fix print one line each, no
 * stack; an unexpected bug prints its stack.
 */
export async function runCli(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  let helpShown = false;
  try {
    const cli = buildCli(argv, io);
    cli.showHelpOnFail(false);
    await cli.parseAsync([...argv], {}, (_err, _argv, output) => {
      if (output) {
        helpShown = true;
        io.out(output.endsWith('\n') ? output : output + '\n');
      }
    });
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      const msg = /^Did you mean/.test(e.message) ? `unknown command "${argv[0]}"; ${e.message.replace(/^D/, 'd')}` : e.message;
      io.err(`meshgen: ${msg}; run "meshgen --help" for usage\n`);
      return EXIT_USAGE;
    }
    if (helpShown && !(e instanceof MeshgenError)) return 0;
    return reportError(e, io.err);
  }
}
