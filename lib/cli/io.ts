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
}

/** The process's own streams. */
export const processIO: CliIO = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  cwd: process.cwd(),
};

/** Options every command takes. */
export interface GlobalOptions {
  readonly quiet: boolean;
}
