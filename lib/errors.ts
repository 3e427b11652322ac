import { echoValue, printableLine } from './names/text';

/**
 * The ground floor of meshgen's errors. Every error a user can act on is a
 * MeshgenError: one line naming what is wrong, the value given and the fix. The CLI
 * (and main.ts) print it with reportError(): the message, no stack trace, and exit
 * with `exitCode`. Anything else is a bug and is printed with its stack.
 */
export class MeshgenError extends Error {
  /** Process exit code the CLI uses for this error. */
  public readonly exitCode: number;

  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'MeshgenError';
    this.exitCode = exitCode;
  }
}

/** One problem in a mesh spec, located by its path (`spec.clusters[1].primary`). */
export interface SpecIssue {
  /** Path of the offending field, e.g. `spec.clusters[1].primary`. */
  readonly path: string;
  /** What is wrong, the value given and the fix, on one line. */
  readonly message: string;
}

/** Formats a spec issue as the one line the CLI prints. */
export function formatIssue(issue: SpecIssue, file?: string): string {
  return `${file ? `${file}: ` : ''}${issue.path}: ${issue.message}`;
}

/** A mesh spec that failed validation; holds every issue found, in document order. */
export class SpecError extends MeshgenError {
  public readonly issues: readonly SpecIssue[];
  public readonly file?: string;

  constructor(issues: readonly SpecIssue[], file?: string) {
    super(issues.map((i) => formatIssue(i, file)).join('\n'), 1);
    this.name = 'SpecError';
    this.issues = issues;
    this.file = file;
  }
}

/**
 * The error of lib/pki. Its message is a single line that names the file or field,
 * the value found and how to fix it, e.g.
 *
 *     .meshgen/pki/cluster2/ca-key.pem: does not match ca-cert.pem; restore the matching
 *     key or run "meshgen ca rotate --cluster cluster2"
 */
export class PkiError extends MeshgenError {
  /** The file (or option) the error is about, when there is one. */
  public readonly file?: string;

  constructor(message: string, file?: string) {
    // Keep the promise of one line even when a wrapped error brings its own newlines.
    super(oneLine(message), 1);
    this.name = 'PkiError';
    this.file = file;
  }
}

/**
 * The offline schema validator (lib/schema) cannot run: no such directory, its
 * schemas are missing from the package.
 */
export class SchemaError extends MeshgenError {
  constructor(message: string) {
    super(message, 1);
    this.name = 'SchemaError';
  }
}

/** A message on one line: newlines and the blanks around them become one space. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** The message of an unknown thrown value, on one line. */
export function reason(err: unknown): string {
  return oneLine(err instanceof Error ? err.message : String(err));
}

/** Why a file could not be read, in words for an error line ("no such file", ...). */
export function fileReadReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT': return 'no such file';
    case 'EACCES': return 'permission denied';
    case 'EISDIR': return 'is a directory';
    case 'ENOTREG': return `is ${(e as { kind?: string }).kind ?? 'not a regular file'}, not a regular file`;
    case 'EFBIG': return `is ${(e as { size?: number }).size} bytes, over the limit of ${(e as { max?: number }).max}`;
    case 'ELOOP': return 'a symbolic link loop';
    default: return code ?? String(e);
  }
}

/**
 * How an error line shows a value it did not expect: `a list`, `a mapping`, `null`,
 * or its type and JSON (`number 3`, `string "x"`).
 */
export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${echoValue(value)}`;
}

/** Exit code of an unexpected error (a bug): sysexits' EX_SOFTWARE. */
export const EXIT_INTERNAL = 70;

/**
 * Prints an error and returns the exit code. A MeshgenError prints its message, one
 * line per line of it, with no stack; anything else is a bug and prints its stack.
 */
export function reportError(e: unknown, stderr: (text: string) => void): number {
  if (e instanceof MeshgenError) {
    // One issue per line; no line may carry a terminal escape from a file or a server.
    for (const line of e.message.split('\n')) stderr(`${printableLine(line, 4000)}\n`);
    return e.exitCode;
  }
  stderr(`meshgen: internal error (please report it): ${(e as Error)?.stack ?? String(e)}\n`);
  return EXIT_INTERNAL;
}
