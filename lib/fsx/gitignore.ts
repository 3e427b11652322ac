import * as fs from 'fs';
import * as path from 'path';

export const GITIGNORE = '.gitignore';

const FRESH = '# written by meshgen: this directory holds private keys or credentials; never commit it\n*\n';

/**
 * The `.gitignore` a directory holding keys must have: `*` as its last rule, so that
 * `git add -A` takes nothing from it (Git does not descend into an ignored directory,
 * so no deeper `.gitignore` can re-include a file). An existing file is extended, not
 * trusted: when its last rule is not `*` (e.g. `!ca-key.pem` after it), `*` is
 * appended. Returns the new content, or undefined when the file is right already.
 */
export function gitignoreFor(dir: string): string | undefined {
  let existing: string;
  try {
    existing = fs.readFileSync(path.join(dir, GITIGNORE), 'utf8');
  } catch {
    return FRESH;
  }
  const rules = existing.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  if (rules[rules.length - 1] === '*') return undefined;
  return `${existing}${existing === '' || existing.endsWith('\n') ? '' : '\n'}# added by meshgen: this directory holds private keys or credentials\n*\n`;
}
