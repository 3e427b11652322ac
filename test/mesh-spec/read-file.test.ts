import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { fileReadReason } from '../../lib/errors';
import { readRegularFile } from '../../lib/mesh-spec/read-file';
import { tempDir } from '../helpers';

function reason(file: string, max = 1024): string {
  try {
    readRegularFile(file, max);
  } catch (e) {
    return fileReadReason(e);
  }
  return 'read';
}

describe('readRegularFile', () => {
  test('GIVEN a regular file under the cap THEN it returns its bytes', () => {
    const f = path.join(tempDir(), 'a');
    fs.writeFileSync(f, 'hello');
    expect(readRegularFile(f, 5).toString()).toBe('hello');
  });

  test('fails on a FIFO, a device, a directory and a missing file without blocking', () => {
    const dir = tempDir();
    execFileSync('mkfifo', [path.join(dir, 'fifo')]);
    expect(reason(path.join(dir, 'fifo'))).toBe('is a FIFO (named pipe), not a regular file');
    expect(reason('/dev/zero')).toBe('is a character device, not a regular file');
    expect(reason(dir)).toBe('is a directory');
    expect(reason(path.join(dir, 'none'))).toBe('no such file');
  });

  test('fails on a file over the cap', () => {
    const f = path.join(tempDir(), 'big');
    fs.writeFileSync(f, Buffer.alloc(2048));
    expect(reason(f, 1024)).toBe('is 2048 bytes, over the limit of 1024');
  });

  test('GIVEN a symbolic link to a regular file THEN it is read; to a FIFO, refused', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'real'), 'x');
    fs.symlinkSync(path.join(dir, 'real'), path.join(dir, 'link'));
    expect(readRegularFile(path.join(dir, 'link'), 10).toString()).toBe('x');
    execFileSync('mkfifo', [path.join(dir, 'fifo')]);
    fs.symlinkSync(path.join(dir, 'fifo'), path.join(dir, 'fifolink'));
    expect(reason(path.join(dir, 'fifolink'))).toContain('FIFO');
  });
});
