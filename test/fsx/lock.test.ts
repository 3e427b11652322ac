import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LOCK_FILE, lockDir, lockDirWaiting, tryLockDir } from '../../lib/fsx/lock';
import { tempDir } from '../helpers';

describe('lockDir', () => {
  test('takes the lock once; a second taker gets one line naming the holder', () => {
    const dir = tempDir();
    const lock = lockDir(dir, '--out');
    expect(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')).toBe(`${process.pid} ${os.hostname()}\n`);
    expect(() => lockDir(dir, '--out')).toThrow(`--out ${dir}: another meshgen (pid ${process.pid} on ${os.hostname()}) is writing it; wait for it to finish, or delete ${path.join(dir, LOCK_FILE)} if no meshgen is running`);
    lock.release();
    lock.release(); // idempotent
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('GIVEN a lock left by a process that no longer runs (a kill) THEN it is taken over', () => {
    const dir = tempDir();
    // pid 2^22+1 is above Linux's pid_max default range; no such process
    fs.writeFileSync(path.join(dir, LOCK_FILE), `4194305 ${os.hostname()}\n`);
    const lock = lockDir(dir, '--out');
    expect(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')).toBe(`${process.pid} ${os.hostname()}\n`);
    lock.release();
  });

  test('GIVEN a lock file cut short (killed while writing it) THEN it is taken over', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, LOCK_FILE), '');
    expect('release' in tryLockDir(dir)).toBe(true);
  });

  test('GIVEN a lock of another host THEN it is respected (it may run)', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, LOCK_FILE), '1 some-other-host\n');
    expect(() => lockDir(dir, 'PKI directory')).toThrow(/another meshgen \(pid 1 on some-other-host\)/);
  });

  test('lockDirWaiting waits for the holder to release, then takes the lock', async () => {
    const dir = tempDir();
    const first = lockDir(dir, 'x');
    const waiting = lockDirWaiting(dir, 'x', 60_000, 5);
    setTimeout(() => first.release(), 20);
    const second = await waiting;
    expect(fs.existsSync(second.file)).toBe(true);
    second.release();
  });

  test('fails with one line when the wait runs out', async () => {
    const dir = tempDir();
    const first = lockDir(dir, 'PKI directory');
    await expect(lockDirWaiting(dir, 'PKI directory', 0, 1)).rejects.toThrow(/^PKI directory .*: another meshgen/);
    first.release();
  });
});

test('GIVEN the temp file of a taker killed before it linked the lock THEN the next taker removes it', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, `${LOCK_FILE}.4194305-0`), `4194305 ${os.hostname()}\n`);
  const lock = lockDir(dir, '--out');
  lock.release();
  expect(fs.readdirSync(dir)).toEqual([]);
});
