import * as fs from 'fs';
import * as path from 'path';
import { gitignoreFor } from '../../lib/fsx/gitignore';
import { tempDir } from '../helpers';

describe('gitignoreFor', () => {
  test('GIVEN no .gitignore THEN one of * is made', () => {
    expect(gitignoreFor(tempDir())).toMatch(/^# written by meshgen.*\n\*\n$/);
  });

  test('GIVEN a .gitignore ending with * THEN it is left as it is', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '.gitignore'), 'tmp/\n*\n# end\n\n');
    expect(gitignoreFor(dir)).toBeUndefined();
  });

  test('GIVEN a .gitignore that re-includes a key after * THEN * is appended (extended, not trusted)', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '.gitignore'), '*\n!ca-key.pem');
    expect(gitignoreFor(dir)).toBe('*\n!ca-key.pem\n# added by meshgen: this directory holds private keys or credentials\n*\n');
  });

  test('GIVEN an empty .gitignore THEN * is added', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '.gitignore'), '');
    expect(gitignoreFor(dir)).toMatch(/\n\*\n$/);
  });
});
