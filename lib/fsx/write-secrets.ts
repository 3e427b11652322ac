import * as fs from 'fs';
import * as path from 'path';
import { MeshgenError } from '../errors';
import { DEFAULT_SECRETS_DIR } from '../names/defaults';

/**
 * Writes files holding private keys or tokens into the secrets output (never dist/):
 * directories 0700, files 0600, each file written aside and renamed into place, and a
 * `.gitignore` of `*` so that git never picks them up. Other files in the directory
 * (e.g. remote secrets next to cacerts) are left alone.
 */
export function writeSecretFiles(secretsDir: string, files: ReadonlyMap<string, string>): string[] {
  const written: string[] = [];
  const root = path.resolve(secretsDir);
  fs.mkdirSync(root, { recursive: true, mode: 0o700 });
  const ignore = path.join(root, '.gitignore');
  if (!fs.existsSync(ignore)) fs.writeFileSync(ignore, '# written by meshgen: these files hold private keys and API credentials\n*\n', { mode: 0o600 });
  for (const [rel, content] of files) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, content, { mode: 0o600 });
    fs.chmodSync(tmp, 0o600);
    fs.renameSync(tmp, file);
    written.push(file);
  }
  return written;
}

/** Refuses a secrets output inside the manifests output (which users commit). */
export function checkSecretsOutside(secretsDir: string, outDir: string, cwd: string): void {
  const s = path.resolve(cwd, secretsDir);
  const o = path.resolve(cwd, outDir);
  const rel = path.relative(o, s);
  if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) {
    throw new MeshgenError(`--secrets-out ${secretsDir}: is inside --out ${outDir}, which is meant for Git; choose a directory outside it (default ${DEFAULT_SECRETS_DIR}), or use --include-secrets for throwaway clusters`, 2);
  }
}
