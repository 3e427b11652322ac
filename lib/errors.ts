/**
 * An error a user can act on: one line naming what is wrong, the value given and
 * the fix. The CLI prints `message` without a stack trace and exits with `exitCode`.
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
