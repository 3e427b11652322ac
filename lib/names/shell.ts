/**
 * Quoting for the commands meshgen prints for people to paste (`meshgen plan`, the
 * install steps of dist/README.md, error and warning hints). One function, so that a
 * value written in the spec or on the command line (a kubectl context, a directory)
 * always reaches the program as one argument and never as shell syntax.
 */

/** Characters that need no quoting in any POSIX shell (Python's shlex.quote set). */
const SAFE = /^[A-Za-z0-9@%+=:,./_-]+$/;

/**
 * `s` as one POSIX shell word: unchanged when it holds only safe characters
 * (`cluster1`, `dist/cluster1`, an EKS ARN such as `arn:aws:eks:us-east-1:123:cluster/x`),
 * else in single quotes with every `'` written as `'"'"'`. The empty string is `''`.
 */
export function shellQuote(s: string): string {
  if (SAFE.test(s)) return s;
  return `'${s.replace(/'/g, `'"'"'`)}'`;
}
