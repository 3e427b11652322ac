import * as fs from 'fs';
import * as path from 'path';
import { MeshgenError } from '../errors';
import { DirLock, LOCK_FILE, lockDir } from './lock';

/*
 * The one atomic writer of meshgen: dist/, the secrets output and the PKI all go through
 * commitTree(). It writes only the files whose bytes (or mode) change, and a change of
 * many files is all-or-nothing across a crash.
 *
 * A commit to directory D (which stays where it is: its mode, owner and any symlink to it
 * are kept) goes:
 *
 *   1. lock     take D/.meshgen-lock (O_EXCL; a lock of a dead process is taken over)
 *   2. recover  finish or undo what a killed run left in D/.meshgen-tx (see below)
 *   3. compare  each file with what is on disk; an identical file is not touched (mtime kept)
 *   4. stage    D/.meshgen-tx/ (0700) gets its .gitignore of `*` first, then every changed
 *               file, complete and with its final mode, as f<n> (a file of an existing
 *               directory) or under d<n>/ (a directory that does not exist yet, staged
 *               whole); fsynced when durable
 *   5. journal  D/.meshgen-tx/journal.tmp lists the files to put (staged name -> path) and
 *               to delete; it is written, fsynced, then renamed to `journal`.
 *               That rename is the COMMIT POINT.
 *   6. apply    each staged file (or new directory) is renamed over its path (atomic), then each
 *               file to delete is unlinked and directories left empty are removed
 *   7. clean    `journal` is unlinked, D/.meshgen-tx removed, the lock released
 *
 * Why a kill at any point leaves the old or the new tree, never a mix (once recovered):
 * - Before the commit point nothing under D outside .meshgen-tx has changed. Recovery
 *   sees no `journal` and removes .meshgen-tx: D is the old tree.
 * - From the commit point on, the journal names every change. Each put is either still
 *   staged (its rename has not happened) or already at its path (rename is atomic, so
 *   never half there); each delete is done or not. Recovery replays the journal, which is
 *   idempotent (rename what is still staged, unlink what is still there), then removes
 *   it: D is the new tree. A kill during recovery is recovered the same way.
 * - Recovery runs under the lock at the start of every commit, so the next meshgen run
 *   that writes D completes or undoes the killed one before doing anything else.
 * - Keys are staged inside D/.meshgen-tx, whose own .gitignore is `*` and is written
 *   before any staged file: `git add -A` never takes a staged key.
 * Until that next run, a killed run can leave D part way through step 6; tools other
 * than meshgen see that state (meshgen's readers skip .meshgen-*).
 * Durable mode (PKI, secrets) also fsyncs the staged files before the journal and the
 * directories after each rename, so that the same holds across a power loss.
 */

/** The transaction directory inside a directory being written. */
export const TX_DIR = '.meshgen-tx';
const JOURNAL = 'journal';

/** A file to write: its bytes and, when it matters (keys: 0600), its mode. */
export interface FileSpec {
  readonly content: string | Buffer;
  /** @default 0o666 minus the umask for a new file */
  readonly mode?: number;
}
export type FileContent = string | FileSpec;

export interface TreeChanges {
  /** Files to write: path relative to the directory ('/'-separated) -> content. */
  readonly put: ReadonlyMap<string, FileContent>;
  /** Files to delete (relative paths). Paths also in `put` are written, not deleted. */
  readonly delete?: readonly string[];
}

/** Thrown by a test's onStep hook: the writer stops as a kill would, cleaning nothing. */
export class SimulatedCrash extends Error {
  constructor(step: string) {
    super(`simulated crash at: ${step}`);
    this.name = 'SimulatedCrash';
  }
}

export interface CommitOptions {
  /** Mode of directories made. @default 0o777 minus the umask */
  readonly dirMode?: number;
  /** fsync files and directories, for power-loss safety. @default false */
  readonly durable?: boolean;
  /** A lock on the directory that the caller already holds; else one is taken here. */
  readonly lock?: DirLock;
  /** How errors name the directory, e.g. "--out". @default the path */
  readonly what?: string;
  /** Test seam: called before each step ("stage <path>", "journal", "commit", "apply <path>", "delete <path>", "clean"). */
  readonly onStep?: (step: string) => void;
  /** Test seam: called after each file is staged. */
  readonly afterStage?: (rel: string) => void;
}

export interface CommitReport {
  /** Paths written (new or changed), sorted. */
  readonly written: string[];
  /** Paths whose bytes and mode were already right, left untouched, sorted. */
  readonly unchanged: string[];
  /** Paths deleted, sorted. */
  readonly deleted: string[];
}

interface Journal {
  readonly puts: { readonly staged: string; readonly target: string }[];
  readonly deletes: string[];
  readonly dirMode?: number;
  readonly durable: boolean;
}

/** Writes `changes` into `dir` as one crash-safe transaction (see the comment above). */
export function commitTree(dir: string, changes: TreeChanges, opts: CommitOptions = {}): CommitReport {
  const root = path.resolve(dir);
  const what = opts.what ? `${opts.what} ${dir}` : dir;
  fs.mkdirSync(root, { recursive: true, ...(opts.dirMode !== undefined ? { mode: opts.dirMode } : {}) });
  const lock = opts.lock ?? lockDir(root, opts.what ?? 'directory');
  const step = (s: string) => opts.onStep?.(s);
  const tx = path.join(root, TX_DIR);
  let committed = false;
  try {
    recoverTree(root);
    const puts = [...changes.put.keys()].map((rel) => checkRel(rel, what)).sort();
    const dirs = new Map<string, boolean>(); // directory under root -> exists
    const missing = new Map<string, string>(); // file -> top-most directory on its way that does not exist
    const written: string[] = [];
    const unchanged: string[] = [];
    const data = new Map<string, { content: string | Buffer; mode?: number }>();
    for (const rel of puts) {
      const c = changes.put.get(rel)!;
      const content = typeof c === 'string' ? c : c.content;
      const mode = typeof c === 'string' ? undefined : c.mode;
      const top = checkParents(root, rel, what, dirs);
      if (top === undefined && sameFile(path.join(root, rel), content, mode)) { unchanged.push(rel); continue; }
      written.push(rel);
      data.set(rel, { content, mode });
      if (top !== undefined) missing.set(rel, top);
    }
    const putSet = new Set(puts);
    const deleted = [...new Set(changes.delete ?? [])].map((rel) => checkRel(rel, what))
      .filter((rel) => !putSet.has(rel) && isFileOrLink(path.join(root, rel))).sort();
    if (written.length === 0 && deleted.length === 0) return { written, unchanged, deleted };

    fs.mkdirSync(tx, { mode: 0o700 });
    writeNew(path.join(tx, '.gitignore'), Buffer.from('# meshgen staging: may hold private keys\n*\n'), 0o600, opts.durable);
    const journal: Journal = { puts: [], deletes: deleted, durable: opts.durable ?? false, ...(opts.dirMode !== undefined ? { dirMode: opts.dirMode } : {}) };
    // A file in a directory that exists is staged alone (f<n>) and renamed over its path;
    // files under a directory that does not exist yet are staged in that whole directory
    // (d<n>/...), renamed into place at once (fewer renames on a first write).
    const newDirs = new Map<string, string>();
    const stagedDirs = new Set<string>();
    let n = 0;
    for (const rel of written) {
      step(`stage ${rel}`);
      const { content, mode } = data.get(rel)!;
      const top = missing.get(rel);
      let file: string;
      if (top === undefined) {
        const name = `f${n++}`;
        journal.puts.push({ staged: name, target: rel });
        file = path.join(tx, name);
      } else {
        let name = newDirs.get(top);
        if (!name) {
          name = `d${n++}`;
          newDirs.set(top, name);
          journal.puts.push({ staged: name, target: top });
        }
        file = path.join(tx, name, rel.slice(top.length + 1));
        const parent = path.dirname(file);
        if (!stagedDirs.has(parent)) {
          fs.mkdirSync(parent, { recursive: true, mode: opts.dirMode ?? 0o777 });
          stagedDirs.add(parent);
        }
      }
      writeNew(file, content, mode, opts.durable);
      opts.afterStage?.(rel);
    }
    if (opts.durable) for (const d of stagedDirs) fsyncDir(d);
    step('journal');
    writeNew(path.join(tx, `${JOURNAL}.tmp`), Buffer.from(JSON.stringify(journal)), 0o600, opts.durable);
    if (opts.durable) fsyncDir(tx);
    step('commit');
    fs.renameSync(path.join(tx, `${JOURNAL}.tmp`), path.join(tx, JOURNAL));
    committed = true;
    if (opts.durable) fsyncDir(tx);
    applyJournal(root, journal, step);
    step('clean');
    finish(root);
    return { written, unchanged, deleted };
  } catch (e) {
    if (e instanceof SimulatedCrash) throw e;
    let done = !committed;
    if (!committed) removeQuietly(tx); // roll back: nothing outside .meshgen-tx changed
    else { try { recoverTree(root); done = true; } catch { /* left for the next run, which replays the journal */ } }
    throw asOneLine(e, what, committed ? (done ? 'the new files are in place' : 'the next meshgen run completes the write') : 'nothing was changed');
  } finally {
    if (!opts.lock) lock.release();
  }
}

/** A file-system error (disk full, permission denied) as the one line the CLI prints. */
function asOneLine(e: unknown, what: string, state: string): unknown {
  const err = e as NodeJS.ErrnoException;
  if (e instanceof MeshgenError || typeof err?.code !== 'string') return e;
  return new MeshgenError(`${what}: cannot write${err.path ? ` ${err.path}` : ''} (${err.code}); ${state}: free space or fix the permissions and run again`);
}

/**
 * Completes (journal present) or undoes (no journal) a transaction that a killed run left
 * in `dir`. Call it holding the directory's lock. Returns what was done.
 */
export function recoverTree(dir: string): 'nothing' | 'rolled back' | 'rolled forward' {
  const root = path.resolve(dir);
  const tx = path.join(root, TX_DIR);
  if (!fs.existsSync(tx)) return 'nothing';
  const jf = path.join(tx, JOURNAL);
  if (!fs.existsSync(jf)) {
    removeQuietly(tx);
    return 'rolled back';
  }
  applyJournal(root, readJournal(jf, root), () => undefined);
  finish(root);
  return 'rolled forward';
}

function readJournal(file: string, root: string): Journal {
  const bad = () => new MeshgenError(`${file}: is not a journal meshgen can replay (edited or damaged); check ${root} by hand, then delete ${path.dirname(file)} and run again`);
  let j: Journal;
  try {
    j = JSON.parse(fs.readFileSync(file, 'utf8')) as Journal;
  } catch {
    throw bad();
  }
  const ok = j && Array.isArray(j.puts) && Array.isArray(j.deletes)
    && j.puts.every((p) => typeof p?.staged === 'string' && /^[fd]\d+$/.test(p.staged) && typeof p.target === 'string' && isSafeRel(p.target))
    && j.deletes.every((d) => typeof d === 'string' && isSafeRel(d));
  if (!ok) throw bad();
  return j;
}

/** Replays a journal; every step is idempotent. */
function applyJournal(root: string, j: Journal, step: (s: string) => void): void {
  const tx = path.join(root, TX_DIR);
  const dirs = new Set<string>();
  for (const p of j.puts) {
    step(`apply ${p.target}`);
    const staged = path.join(tx, p.staged);
    if (!fs.existsSync(staged)) continue; // renamed before the kill
    const target = path.join(root, p.target);
    const parent = path.dirname(target);
    if (!dirs.has(parent)) {
      fs.mkdirSync(parent, { recursive: true, ...(j.dirMode !== undefined ? { mode: j.dirMode } : {}) });
      dirs.add(parent);
    }
    fs.renameSync(staged, target);
  }
  for (const d of j.deletes) {
    step(`delete ${d}`);
    const target = path.join(root, d);
    if (isFileOrLink(target)) fs.unlinkSync(target);
    pruneEmpty(root, path.dirname(target));
    dirs.add(path.dirname(target));
  }
  if (j.durable) for (const d of dirs) fsyncDir(d);
}

function finish(root: string): void {
  const tx = path.join(root, TX_DIR);
  fs.rmSync(path.join(tx, JOURNAL), { force: true });
  removeQuietly(tx);
}

/** Removes `dir` and its parents up to (not including) `root` while they are empty. */
function pruneEmpty(root: string, dir: string): void {
  for (let d = dir; d !== root && d.startsWith(root + path.sep); d = path.dirname(d)) {
    try { fs.rmdirSync(d); } catch { return; }
  }
}

function checkRel(rel: string, what: string): string {
  if (!isSafeRel(rel)) throw new MeshgenError(`${what}: "${rel}" is not a relative path inside the directory; this is a bug in the caller`);
  return rel;
}

function isSafeRel(rel: string): boolean {
  if (rel === '' || path.isAbsolute(rel) || rel.includes('\\') || rel.includes('\0')) return false;
  const parts = rel.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) return false;
  return parts[0] !== TX_DIR && parts[0] !== LOCK_FILE;
}

/**
 * Every directory on the way to `rel` must be a real directory (not a symlink out of the
 * tree, not a file), and `rel` must not be a directory. Returns the top-most directory on
 * the way that does not exist yet, if any. `dirs` caches what is known (path -> exists).
 */
function checkParents(root: string, rel: string, what: string, dirs: Map<string, boolean>): string | undefined {
  const parts = rel.split('/');
  let sub = '';
  for (let i = 0; i < parts.length - 1; i++) {
    sub = sub ? `${sub}/${parts[i]}` : parts[i];
    let exists = dirs.get(sub);
    if (exists === undefined) {
      const st = fs.lstatSync(path.join(root, sub), { throwIfNoEntry: false });
      if (st && !st.isDirectory()) {
        throw new MeshgenError(`${what}: ${sub} is ${st.isSymbolicLink() ? 'a symlink' : 'a file'} where meshgen writes the directory ${sub}/; move it away and run again`);
      }
      exists = st !== undefined;
      dirs.set(sub, exists);
    }
    if (!exists) return sub;
  }
  const st = fs.lstatSync(path.join(root, rel), { throwIfNoEntry: false });
  if (st?.isDirectory()) throw new MeshgenError(`${what}: ${rel} is a directory where meshgen writes a file; move it away and run again`);
  return undefined;
}

function sameFile(file: string, content: string | Buffer, mode: number | undefined): boolean {
  const st = fs.lstatSync(file, { throwIfNoEntry: false });
  if (!st || !st.isFile() || st.size !== Buffer.byteLength(content)) return false;
  if (mode !== undefined && (st.mode & 0o777) !== mode) return false;
  try {
    const bytes = fs.readFileSync(file);
    return bytes.equals(typeof content === 'string' ? Buffer.from(content) : content);
  } catch {
    return false;
  }
}

function isFileOrLink(p: string): boolean {
  const st = fs.lstatSync(p, { throwIfNoEntry: false });
  return st !== undefined && (st.isFile() || st.isSymbolicLink());
}

/** Creates a new file with its bytes and final mode (not widened by the umask, nor narrowed). */
function writeNew(file: string, bytes: string | Buffer, mode: number | undefined, durable?: boolean): void {
  const fd = fs.openSync(file, 'wx', mode ?? 0o666);
  try {
    fs.writeFileSync(fd, bytes);
    if (mode !== undefined) fs.fchmodSync(fd, mode);
    if (durable) fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export function fsyncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
  } catch { /* not supported everywhere; the renames are still atomic */ }
}

function removeQuietly(p: string): void {
  try { fs.rmSync(p, { recursive: true, force: true }); } catch { /* best effort */ }
}
