/**
 * What the spec checkers in their own files (load-balancer.ts, verify.ts) need from
 * parse.ts's Checker: it collects issues while the spec is walked.
 */
export interface IssueSink {
  add(path: string, message: string): void;
  /** Reports keys of `obj` that are not in `allowed`, with a did-you-mean. */
  keys(path: string, obj: Record<string, unknown>, allowed: readonly string[]): void;
  object(path: string, value: unknown, required: boolean): Record<string, unknown> | undefined;
  string(path: string, value: unknown, required: boolean, example: string): string | undefined;
}
