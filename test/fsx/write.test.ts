import * as fs from 'fs';
import * as path from 'path';
import { OUTPUT_MARKER, writeOutput } from '../../lib/fsx/write';
import { listFiles, tempDir } from '../helpers';

describe('writeOutput', () => {
  test('GIVEN an earlier run THEN files that no longer belong are gone', () => {
    const out = path.join(tempDir(), 'dist');
    writeOutput(out, new Map([['a/x.yaml', 'x'], ['b/y.yaml', 'y']]), 'm');
    writeOutput(out, new Map([['a/x.yaml', 'x2']]), 'm');
    expect(listFiles(out)).toEqual([OUTPUT_MARKER, 'a/x.yaml']);
    expect(fs.readFileSync(path.join(out, 'a/x.yaml'), 'utf8')).toBe('x2');
  });

  test('fails half way and leaves the previous output untouched, with no staging directory behind', () => {
    const parent = tempDir();
    const out = path.join(parent, 'dist');
    writeOutput(out, new Map([['a/x.yaml', 'old']]), 'm');
    expect(() => writeOutput(out, new Map([['a/x.yaml', 'new'], ['b/y.yaml', 'y']]), 'm', {
      afterFile: (rel) => { if (rel === 'a/x.yaml') throw new Error('disk full'); },
    })).toThrow('disk full');
    expect(listFiles(out)).toEqual([OUTPUT_MARKER, 'a/x.yaml']);
    expect(fs.readFileSync(path.join(out, 'a/x.yaml'), 'utf8')).toBe('old');
    expect(fs.readdirSync(parent)).toEqual(['dist']);
  });

  test('fails on a non-empty directory meshgen did not write, and leaves it alone', () => {
    const out = tempDir();
    fs.writeFileSync(path.join(out, 'precious.txt'), 'keep');
    expect(() => writeOutput(out, new Map([['a.yaml', 'a']]), 'm')).toThrow(/is not empty and was not written by meshgen/);
    expect(fs.readdirSync(out)).toEqual(['precious.txt']);
  });

  test('GIVEN a missing parent directory THEN it is created', () => {
    const out = path.join(tempDir(), 'deep', 'er', 'dist');
    writeOutput(out, new Map([['c/a.yaml', 'a']]), 'm');
    expect(listFiles(out)).toEqual([OUTPUT_MARKER, 'c/a.yaml']);
  });
});
