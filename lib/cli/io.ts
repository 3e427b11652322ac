import * as fs from 'fs';

/** Where the CLI writes; tests pass their own to drive it in-process. */
export interface CliIO {
  /** Standard output: the command's result (a plan, a manifest). */
  out(text: string): void;
  /** Standard error: progress, warnings and errors. */
  err(text: string): void;
  /** The directory relative paths are resolved from. */
  readonly cwd: string;
  /** Environment (KUBECONFIG, HOME) for commands that talk to clusters. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Standard error is a terminal: progress lines are shown. @default false */
  readonly errIsTTY?: boolean;
  /** Standard input, read by `--spec -`. @default the process's stdin */
  readonly stdin?: () => Buffer;
}

/** The largest spec `--spec -` reads (as lib/mesh-spec/read-file.ts MAX_SPEC_BYTES). */
const MAX_STDIN_BYTES = 4 * 1024 * 1024;

/**
 * The process's standard input, whole, read synchronously (as kubectl -f - does): at most
 * MAX_STDIN_BYTES + 1 bytes, so that a larger input is seen as too large. Refuses a terminal
 * (nothing was piped in; reading would wait for typing).
 */
export function readProcessStdin(): Buffer {
  if (process.stdin.isTTY) throw Object.assign(new Error('standard input is a terminal'), { code: 'ETTY' });
  const chunks: Buffer[] = [];
  let total = 0;
  const buf = Buffer.alloc(64 * 1024);
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(0, buf, 0, buf.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10); continue; }
      if (code === 'EOF') break;
      throw e;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
    total += n;
    if (total > MAX_STDIN_BYTES) break;
  }
  return Buffer.concat(chunks);
}

/** The process's own streams. */
export const processIO: CliIO = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  cwd: process.cwd(),
  errIsTTY: process.stderr.isTTY === true,
  stdin: readProcessStdin,
};

/** Options every command takes. */
export interface GlobalOptions {
  readonly quiet: boolean;
  /** Print progress even when stderr is not a terminal (false: never). @default - when stderr is a terminal */
  readonly progress?: boolean;
}

/**
 * The progress callback of long work (key generation, reading each cluster): lines on
 * stderr when it is a terminal or with --progress, never with --quiet, so that a CI log
 * or a script's stderr holds only warnings and errors.
 */
export function progressLine(args: GlobalOptions, io: CliIO): ((m: string) => void) | undefined {
  if (args.quiet || !(args.progress ?? io.errIsTTY ?? false)) return undefined;
  return (m) => io.err(`meshgen: ${m}\n`);
}
