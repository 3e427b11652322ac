/**
 * The one error type of lib/pki. Its message is a single line that names the file or
 * field, the value found and how to fix it, e.g.
 *
 *     .meshgen/pki/cluster2/ca-key.pem: does not match ca-cert.pem; restore the matching
 *     key or run "meshgen ca rotate --cluster cluster2"
 *
 * The CLI prints `message` as is (no stack) and exits 1.
 */
export class PkiError extends Error {
  /** The file (or option) the error is about, when there is one. */
  public readonly file?: string;

  constructor(message: string, file?: string) {
    // Keep the promise of one line even when a wrapped error brings its own newlines.
    super(message.replace(/\s*\n\s*/g, ' ').trim());
    this.name = 'PkiError';
    this.file = file;
  }
}

/** The message of an unknown thrown value, on one line. */
export function reason(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
