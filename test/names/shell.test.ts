import { spawnSync } from 'child_process';
import { shellQuote } from '../../lib/names/shell';

/** What `sh` makes of `words`: each argument as printf prints it, one per line. */
function shWords(line: string): string[] {
  const r = spawnSync('sh', ['-c', `for a in ${line}; do :; done; set -- ${line}; for a in "$@"; do printf '%s\\0' "$a"; done`], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  return r.stdout.split('\0').slice(0, -1);
}

describe('shellQuote', () => {
  test('GIVEN names, paths and an EKS ARN THEN they are left as they are', () => {
    for (const s of ['cluster1', 'dist/cluster1/namespace.yaml', 'arn:aws:eks:us-east-1:123456789012:cluster/prod', 'gke_proj_us-east1_c1', 'user@ctx', 'a=b,c+d%']) {
      expect(shellQuote(s)).toBe(s);
    }
  });

  test('GIVEN shell syntax THEN the shell sees one word holding exactly the value', () => {
    const values = ['x; touch /tmp/p #', '$(touch p)', '`touch p`', "it's", '"q"', 'a b', '', '*', 'ctx?[a]', '-n', '\\', "''", 'a\'"\'b', '~root', 'x&y|z>w<v', 'ünïcode ctx'];
    for (const v of values) expect(shWords(shellQuote(v))).toEqual([v]);
  });

  test('GIVEN the empty string THEN it is two single quotes', () => {
    expect(shellQuote('')).toBe("''");
  });
});
