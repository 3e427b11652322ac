import * as fs from 'fs';
import * as path from 'path';
import { MeshgenError } from '../errors';

/** File systems that are not storage: writing there fails in odd ways or does harm. */
const KERNEL_FS = ['/proc', '/sys', '/dev'];
/** Under the kernel file systems, the one meant for files: /dev/shm is a tmpfs (memory-backed storage). */
const TMPFS_UNDER_DEV = '/dev/shm';

/** The real path of `p` (absolute): symlinks of its longest existing prefix resolved. */
export function realish(p: string): string {
  const abs = path.resolve(p);
  let existing = abs;
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync(existing), ...rest.reverse());
    } catch {
      const up = path.dirname(existing);
      if (up === existing) return abs;
      rest.push(path.basename(existing));
      existing = up;
    }
  }
}

/** True when `child` is `parent` or below it (both absolute, already real). */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Checks, before anything is written, that `given` (resolved from `cwd`) can be a
 * directory meshgen writes into: a directory or absent, not under a file, not a dangling
 * symlink, not on /proc, /sys or /dev, and writable. Returns the real path to write to:
 * a symlinked directory is written through, and the link keeps pointing where it points.
 * Throws one line naming the option (`flag`), the value and the fix.
 */
export function checkWritableDir(flag: string, given: string, cwd: string): string {
  const abs = path.resolve(cwd, given);
  const say = (what: string) => new MeshgenError(`${flag} ${given}: ${what}`);
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(abs);
  } catch (e) {
    if (!['ENOENT', 'ENOTDIR'].includes((e as NodeJS.ErrnoException).code ?? '')) throw say(`cannot be read (${(e as NodeJS.ErrnoException).code}); choose another directory`);
  }
  if (st?.isSymbolicLink()) {
    try {
      st = fs.statSync(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') throw say('is a symlink loop; remove the link or choose another directory');
      let to = '?';
      try { to = fs.readlinkSync(abs); } catch { /* keep ? */ }
      throw say(`is a symlink to ${to}, which does not exist; create that directory, remove the link, or choose another directory`);
    }
  }
  if (st && !st.isDirectory()) throw say('is a file, not a directory; choose a directory');
  let existing = abs;
  if (!st) {
    // The nearest existing ancestor must be a directory we may create entries in.
    for (;;) {
      existing = path.dirname(existing);
      try {
        const a = fs.statSync(existing);
        if (!a.isDirectory()) throw say(`${existing} is a file, so no directory can be made under it; choose another path`);
        break;
      } catch (e) {
        if (e instanceof MeshgenError) throw e;
        if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') continue;
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw say(`${existing} cannot be read (${(e as NodeJS.ErrnoException).code}); choose another path`);
      }
    }
  }
  const real = realish(abs);
  const kernel = isInside(TMPFS_UNDER_DEV, real) ? undefined : KERNEL_FS.find((k) => isInside(k, real));
  if (kernel) throw say(`is under ${kernel}, a kernel file system, not storage; choose a directory on disk`);
  try {
    fs.accessSync(existing, fs.constants.W_OK | fs.constants.X_OK);
  } catch {
    throw say(`${existing === abs ? 'is' : `${existing} is`} not writable (permission denied); choose a directory you can write to`);
  }
  return real;
}

/**
 * Refuses a directory that is the working directory or one of its parents (meshgen
 * would fill, or with --out delete files of, the project itself).
 */
export function refuseWorkingDir(flag: string, given: string, real: string, cwd: string, why: string): void {
  if (isInside(real, realish(cwd))) {
    throw new MeshgenError(`${flag} ${given}: is the working directory${real === realish(cwd) ? '' : ' or a parent of it'}; ${why}`);
  }
}
