import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MeshgenError } from '../errors';

/** The lock file meshgen holds in a directory while it writes there. */
export const LOCK_FILE = '.meshgen-lock';

/** A held lock; release() is idempotent. */
export interface DirLock {
  readonly dir: string;
  readonly file: string;
  release(): void;
}

interface Holder {
  readonly pid: number;
  readonly host: string;
}

/**
 * Takes `<dir>/.meshgen-lock` (created with O_EXCL, holding "pid host"), or returns who
 * holds it. A lock left by a process of this host that no longer runs (a killed run) is
 * taken over. `dir` must exist.
 */
export function tryLockDir(dir: string): DirLock | Holder {
  const file = path.join(dir, LOCK_FILE);
  const me = `${process.pid} ${os.hostname()}\n`;
  for (let attempt = 0; attempt < 3; attempt++) {
    // Written aside and linked into place, so that a lock file is never seen half written.
    const tmp = `${file}.${process.pid}-${attempt}`;
    try {
      fs.writeFileSync(tmp, me, { mode: 0o600 });
      try { fs.linkSync(tmp, file); } finally { fs.rmSync(tmp, { force: true }); }
      removeDeadTemps(dir, file);
      let released = false;
      return {
        dir,
        file,
        release: () => {
          if (released) return;
          released = true;
          try { if (fs.readFileSync(file, 'utf8') === me) fs.unlinkSync(file); } catch { /* gone already */ }
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new MeshgenError(`${dir}: cannot create ${LOCK_FILE} (${(e as NodeJS.ErrnoException).code ?? String(e)}); check that the directory is writable`);
      }
    }
    const seen = readText(file);
    const holder = seen === undefined ? undefined : parseHolder(seen);
    if (holder && isAlive(holder)) return holder;
    if (seen === undefined) continue; // released meanwhile: try again
    // A killed run (or a lock file cut short by a kill): take it over. Renamed aside first
    // and checked, so that a taker that lost the race puts back the fresh lock it moved.
    const claim = `${file}.${process.pid}-9`;
    try { fs.renameSync(file, claim); } catch { continue; }
    if (readText(claim) !== seen) {
      try { fs.linkSync(claim, file); } catch { /* a third taker: it holds the lock */ }
    }
    fs.rmSync(claim, { force: true });
  }
  return readHolder(file) ?? { pid: 0, host: '?' };
}

/** Takes the lock or throws one line saying who holds it and what to do. */
export function lockDir(dir: string, what: string): DirLock {
  const got = tryLockDir(dir);
  if ('release' in got) return got;
  throw busy(dir, what, got);
}

/**
 * Takes the lock, waiting for another meshgen to finish (polling, without blocking the
 * event loop) for up to `timeoutMs`; then throws one line.
 */
export async function lockDirWaiting(dir: string, what: string, timeoutMs = 300_000, pollMs = 50): Promise<DirLock> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = tryLockDir(dir);
    if ('release' in got) return got;
    if (Date.now() >= deadline) throw busy(dir, what, got);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Removes `<lock>.<pid>-<n>` files of processes that no longer run (killed while taking the lock). */
function removeDeadTemps(dir: string, file: string): void {
  const prefix = `${path.basename(file)}.`;
  let names: string[];
  try { names = fs.readdirSync(dir).filter((n) => n.startsWith(prefix)); } catch { return; }
  for (const n of names) {
    const pid = Number(/^(\d+)-\d+$/.exec(n.slice(prefix.length))?.[1]);
    if (pid && !isAlive({ pid, host: os.hostname() })) fs.rmSync(path.join(dir, n), { force: true });
  }
}

function busy(dir: string, what: string, h: Holder): MeshgenError {
  return new MeshgenError(`${what} ${dir}: another meshgen (pid ${h.pid} on ${h.host}) is writing it; wait for it to finish, or delete ${path.join(dir, LOCK_FILE)} if no meshgen is running`);
}

function readText(file: string): string | undefined {
  try { return fs.readFileSync(file, 'utf8'); } catch { return undefined; }
}

function parseHolder(text: string): Holder | undefined {
  const m = /^(\d+) (\S+)\n$/.exec(text);
  return m ? { pid: Number(m[1]), host: m[2] } : undefined;
}

function readHolder(file: string): Holder | undefined {
  const text = readText(file);
  return text === undefined ? undefined : parseHolder(text);
}

function isAlive(h: Holder): boolean {
  if (h.host !== os.hostname()) return true; // cannot tell: assume it runs
  if (h.pid === process.pid) return true; // another write of this process
  try {
    process.kill(h.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
