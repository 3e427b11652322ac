import { echoValue } from '../names/text';

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

/** A whole number from `min` to `max`, or undefined (with an issue unless absent). */
export function positiveInt(c: IssueSink, path: string, value: unknown, min: number, max: number, example: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    c.add(path, `${echoValue(value)} is not a whole number from ${min} to ${max}; e.g. ${example}`);
    return undefined;
  }
  return value;
}
