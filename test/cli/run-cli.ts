import { runCli } from '../../lib/cli';
import { CliIO } from '../../lib/cli/io';
import { ROOT } from '../helpers';

export interface CliRun { readonly code: number; readonly out: string; readonly err: string }

/**
 * Runs the CLI in this process (no spawn) with `cwd`, and returns its exit code and what it
 * printed on stdout and stderr. `env` and `stdin` are passed only when given, so a command
 * otherwise sees process.env and the process's stdin as it would from a shell.
 */
export async function runCliCaptured(args: readonly string[], cwd: string = ROOT, extra: Pick<CliIO, 'env' | 'stdin'> = {}): Promise<CliRun> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => { out += t; }, err: (t) => { err += t; }, cwd, ...extra };
  const code = await runCli(args, io);
  return { code, out, err };
}
