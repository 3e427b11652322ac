import * as path from 'path';
import { MeshgenError } from '../errors';
import { DEFAULT_SECRETS_DIR } from '../names/defaults';
import { commitTree, CommitOptions, FileSpec } from './atomic-writer';
import { GITIGNORE, gitignoreFor } from './gitignore';
import { checkWritableDir, isInside, realish, refuseWorkingDir } from './paths';

/** Mode of every file in a directory holding keys. */
export const SECRET_FILE_MODE = 0o600;
/** Mode of every directory meshgen makes to hold keys. */
export const SECRET_DIR_MODE = 0o700;

/**
 * Checks a directory meshgen writes keys into (the secrets output, the PKI) before
 * anything is written: a directory meshgen may write (see checkWritableDir), and not the
 * working directory or a parent of it (its `.gitignore` of `*` would hide the project
 * from Git). Returns its real path.
 */
export function checkKeyDir(flag: string, dir: string, cwd: string): string {
  const real = checkWritableDir(flag, dir, cwd);
  refuseWorkingDir(flag, dir, real, cwd, `meshgen puts private keys and a .gitignore of * there, so choose a subdirectory (e.g. ${DEFAULT_SECRETS_DIR})`);
  return real;
}

/**
 * Writes files into a directory holding keys, as one crash-safe transaction (lib/fsx/
 * atomic-writer.ts, fsynced): files 0600 unless given their own mode, directories 0700,
 * only files whose bytes change are rewritten, and the directory's `.gitignore` ends
 * with `*` (made, or an existing one extended). Other files there are left alone.
 * Returns the absolute paths of `files` (written or already right), sorted.
 */
export function writeKeyFiles(dir: string, files: ReadonlyMap<string, string | FileSpec>, opts: Pick<CommitOptions, 'lock' | 'onStep' | 'what'> = {}): string[] {
  const root = path.resolve(dir);
  const put = new Map<string, FileSpec>();
  for (const [rel, c] of files) put.set(rel, typeof c === 'string' ? { content: c, mode: SECRET_FILE_MODE } : { mode: SECRET_FILE_MODE, ...c });
  const ignore = gitignoreFor(root);
  if (ignore !== undefined) put.set(GITIGNORE, { content: ignore, mode: SECRET_FILE_MODE });
  commitTree(root, { put }, { ...opts, dirMode: SECRET_DIR_MODE, durable: true });
  return [...files.keys()].map((f) => path.join(root, f)).sort();
}

/**
 * Writes files holding private keys or tokens into the secrets output (never dist/).
 * See writeKeyFiles.
 */
export function writeSecretFiles(secretsDir: string, files: ReadonlyMap<string, string>): string[] {
  return writeKeyFiles(secretsDir, files, { what: '--secrets-out' });
}

/** Refuses a secrets output inside the manifests output (which users commit). */
export function checkSecretsOutside(secretsDir: string, outDir: string, cwd: string): void {
  const s = realish(path.resolve(cwd, secretsDir));
  const o = realish(path.resolve(cwd, outDir));
  if (isInside(o, s)) {
    throw new MeshgenError(`--secrets-out ${secretsDir}: is inside --out ${outDir}, which is meant for Git; choose a directory outside it (default ${DEFAULT_SECRETS_DIR}), or use --include-secrets for throwaway clusters`, 2);
  }
}
