import * as fs from 'fs';
import * as path from 'path';
import { FileSpec } from '../../fsx/atomic-writer';
import { recoverTree } from '../../fsx/atomic-writer';
import { GITIGNORE, gitignoreFor } from '../../fsx/gitignore';
import { DirLock, LOCK_FILE, lockDirWaiting } from '../../fsx/lock';
import { SECRET_DIR_MODE, writeKeyFiles } from '../../fsx/write-secrets';
import { keyMatchesCertificate, parseCertificate, parsePrivateKey } from '../certificate-checks';
import { fileReadReason, PkiError, reason } from '../../errors';
import { isDnsLabel } from '../../names/dns';
import { MAX_PEM_BYTES, readRegularFile } from '../../mesh-spec/read-file';
import { CaMaterial } from '../profile';

/*
 * On-disk layout of a PKI directory (default .meshgen/pki/, chosen by the caller):
 *
 *   <dir>/.gitignore             `*` (made, or an existing one extended): Git takes nothing
 *   <dir>/root-cert.pem          root certificate            0644
 *   <dir>/root-key.pem           root private key            0600
 *   <dir>/<cluster>/ca-cert.pem  intermediate certificate    0644   \
 *   <dir>/<cluster>/ca-key.pem   intermediate private key    0600    | the four keys of
 *   <dir>/<cluster>/root-cert.pem  copy of the root          0644    | the cacerts Secret
 *   <dir>/<cluster>/cert-chain.pem intermediate, then root   0644   /
 *   <dir>/<cluster>/previous/    the four files replaced by the last rotate or forced import
 *
 * Directories are 0700. Every change (a new PKI, a new cluster, a rotation, an import) is
 * one transaction of lib/fsx's atomic writer, fsynced, under <dir>/.meshgen-lock: a run
 * that dies leaves the old material or the new, completed or undone by the next run. Two
 * runs at once wait for each other (the second then finds the material the first made).
 */

export const ROOT_CERT_FILE = 'root-cert.pem';
export const ROOT_KEY_FILE = 'root-key.pem';
export const CA_CERT_FILE = 'ca-cert.pem';
export const CA_KEY_FILE = 'ca-key.pem';
export const CERT_CHAIN_FILE = 'cert-chain.pem';
/** Where rotateIntermediate and a forced importProvided keep the replaced files. */
export const PREVIOUS_DIR = 'previous';
/** The four files of a cluster directory, in the order of the cacerts Secret. */
export const CLUSTER_CA_FILES = [CA_CERT_FILE, CA_KEY_FILE, ROOT_CERT_FILE, CERT_CHAIN_FILE] as const;

const LEGACY_TMP_PREFIX = '.tmp-';
const KEY_MODE = 0o600;
const CERT_MODE = 0o644;

/** The four PEM files of one cluster, as the `cacerts` Secret wants them. */
export interface ClusterCaFiles {
  /** ca-cert.pem: the cluster's intermediate certificate. */
  readonly caCert: string;
  /** ca-key.pem: the intermediate's private key. */
  readonly caKey: string;
  /** root-cert.pem: the mesh root certificate. */
  readonly rootCert: string;
  /** cert-chain.pem: the intermediate, then the root. */
  readonly certChain: string;
}

/** A change about to be committed; tests use it to simulate a failure. */
export interface PkiCommitStep {
  /** What is committed: a whole new PKI, one cluster, a rotation, an import. */
  readonly kind: 'pki' | 'cluster' | 'rotate' | 'import-root' | 'import-intermediate';
  /** The directory (PKI or cluster) that is about to change. */
  readonly target: string;
  /** The files about to be written, relative to the PKI directory, sorted. */
  readonly files: readonly string[];
}

/** Test seams. Not for production use. */
export interface PkiHooks {
  /** Called with the complete new material, just before it is committed. */
  readonly beforeCommit?: (step: PkiCommitStep) => void | Promise<void>;
  /** Passed to the atomic writer: called before each of its steps (crash injection). */
  readonly onStep?: (step: string) => void;
}

/**
 * Runs `fn` holding the PKI directory's lock (made 0700 when absent), after completing
 * or undoing what a killed run left. Waits while another meshgen holds the lock.
 */
export async function withPkiLock<T>(dir: string, fn: (lock: DirLock) => Promise<T>): Promise<T> {
  const made = !fs.existsSync(dir);
  fs.mkdirSync(dir, { recursive: true, mode: SECRET_DIR_MODE });
  const lock = await lockDirWaiting(path.resolve(dir), 'PKI directory');
  try {
    recoverLegacy(dir);
    recoverTree(dir);
    // A PKI made by an older meshgen has no .gitignore (or one that is not trusted): fix it first.
    if (!isEmptyPki(dir) && gitignoreFor(dir) !== undefined) writeKeyFiles(dir, new Map(), { lock, what: 'PKI directory' });
    return await fn(lock);
  } finally {
    lock.release();
    // A first run that failed leaves no empty PKI directory behind.
    if (made) { try { fs.rmdirSync(dir); } catch { /* holds the new PKI */ } }
  }
}

/** Gives an existing PKI directory its `.gitignore` of `*` (made, or extended) when it lacks it. */
export async function protectPkiDir(dir: string): Promise<void> {
  if (fs.existsSync(dir)) await withPkiLock(dir, async () => undefined);
}

/** Commits `files` (relative to the PKI directory) as one transaction: keys 0600, certificates 0644. */
export async function commitPki(
  dir: string, lock: DirLock, step: Omit<PkiCommitStep, 'files'>, files: Map<string, string>, hooks?: PkiHooks,
): Promise<void> {
  await hooks?.beforeCommit?.({ ...step, files: [...files.keys()].sort() });
  const specs = new Map<string, FileSpec>();
  for (const [rel, content] of files) specs.set(rel, { content, mode: path.basename(rel).endsWith('-key.pem') ? KEY_MODE : CERT_MODE });
  writeKeyFiles(dir, specs, { lock, what: 'PKI directory', ...(hooks?.onStep ? { onStep: hooks.onStep } : {}) });
}

/** The two root files, for commitPki. */
export function rootFiles(root: CaMaterial): Map<string, string> {
  return new Map([[ROOT_KEY_FILE, root.keyPem], [ROOT_CERT_FILE, ensureTrailingNewline(root.certPem)]]);
}

/** The four files of a cluster under `prefix` (e.g. "cluster1" or "cluster1/previous"), for commitPki. */
export function clusterFiles(prefix: string, files: ClusterCaFiles): Map<string, string> {
  return new Map([
    [`${prefix}/${CA_CERT_FILE}`, files.caCert],
    [`${prefix}/${CA_KEY_FILE}`, files.caKey],
    [`${prefix}/${ROOT_CERT_FILE}`, files.rootCert],
    [`${prefix}/${CERT_CHAIN_FILE}`, files.certChain],
  ]);
}

/** Reads the four cacerts files of one cluster. Throws PkiError when one is missing. */
export function readClusterCa(dir: string, cluster: string): ClusterCaFiles {
  checkClusterNames([cluster]);
  const read = (file: string): string => {
    const p = path.join(dir, cluster, file);
    try {
      return fs.readFileSync(p, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new PkiError(`${p}: missing; run "meshgen ca init" to create the intermediate CA of ${cluster}`, p);
      }
      throw new PkiError(`${p}: cannot be read (${reason(err)}); check the file's permissions`, p);
    }
  };
  return { caCert: read(CA_CERT_FILE), caKey: read(CA_KEY_FILE), rootCert: read(ROOT_CERT_FILE), certChain: read(CERT_CHAIN_FILE) };
}

export type RootState = { kind: 'none' } | { kind: 'both' } | { kind: 'cert-only' } | { kind: 'key-only' };

export function readRootState(dir: string): RootState {
  const cert = fs.existsSync(path.join(dir, ROOT_CERT_FILE));
  const key = fs.existsSync(path.join(dir, ROOT_KEY_FILE));
  if (cert && key) return { kind: 'both' };
  if (cert) return { kind: 'cert-only' };
  if (key) return { kind: 'key-only' };
  return { kind: 'none' };
}

/** Loads and checks the root pair; throws PkiError when a file is missing or they differ. */
export function loadRoot(dir: string, state: RootState): CaMaterial {
  const certPath = path.join(dir, ROOT_CERT_FILE);
  const keyPath = path.join(dir, ROOT_KEY_FILE);
  if (state.kind === 'cert-only') {
    throw new PkiError(`${keyPath}: missing next to ${ROOT_CERT_FILE}, so no intermediate can be signed; restore the root key, or import the root with "meshgen ca import --root-cert ... --root-key ..."`, keyPath);
  }
  if (state.kind === 'key-only') {
    throw new PkiError(`${certPath}: missing next to ${ROOT_KEY_FILE}; restore the root certificate, or move ${dir} away to start a new PKI`, certPath);
  }
  const certPem = fs.readFileSync(certPath, 'utf8');
  const keyPem = fs.readFileSync(keyPath, 'utf8');
  const cert = parseCertificate(certPem, certPath);
  const key = parsePrivateKey(keyPem, keyPath);
  if (!keyMatchesCertificate(key, cert)) {
    throw new PkiError(`${keyPath}: does not match ${ROOT_CERT_FILE}; restore the matching root key (every intermediate depends on it)`, keyPath);
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new PkiError(`${keyPath}: is a ${key.asymmetricKeyType} key; meshgen signs intermediates with RSA roots only, so provide the intermediates yourself ("meshgen ca import --cluster ...")`, keyPath);
  }
  return { certPem, keyPem };
}

export function checkClusterNames(clusters: readonly string[]): string[] {
  clusters.forEach((c, i) => {
    if (typeof c !== 'string' || !isDnsLabel(c) || c === PREVIOUS_DIR) {
      throw new PkiError(`clusters[${i}]: "${c}" is not a valid cluster name for the PKI; use lowercase letters, digits and '-' (e.g. cluster1), not "${PREVIOUS_DIR}"`, `clusters[${i}]`);
    }
  });
  return [...new Set(clusters)].sort();
}

export function checkClusterComplete(dir: string, cluster: string): void {
  for (const f of CLUSTER_CA_FILES) {
    const p = path.join(dir, cluster, f);
    if (!fs.existsSync(p)) {
      throw new PkiError(`${p}: missing from the intermediate CA of ${cluster}; restore it, or run "meshgen ca rotate --cluster ${cluster}" to make a new intermediate`, p);
    }
  }
}

export function listClusterDirs(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
}

/** True when `dir` holds nothing but what meshgen keeps there (lock, .gitignore). */
export function isEmptyPki(dir: string): boolean {
  return fs.readdirSync(dir).every((n) => n === GITIGNORE || n === LOCK_FILE || n.startsWith('.meshgen-'));
}

export function ensureTrailingNewline(s: string): string {
  return s.endsWith('\n') ? s : `${s}\n`;
}

/** Reads a PEM file the user gives (a regular file of at most 1 MiB: never a FIFO or /dev/zero). */
export function readInput(file: string): string {
  try {
    return readRegularFile(file, MAX_PEM_BYTES).toString('utf8');
  } catch (err) {
    throw new PkiError(`${file}: cannot be read (${fileReadReason(err)}); give the path of a PEM file`, file);
  }
}

/**
 * Undoes what a run of meshgen before the one writer left: `.tmp-*` directories in the
 * PKI (a half-done swap `.tmp-old-<cluster>-*` is renamed back) and `.<dir>.tmp-*` beside it.
 */
function recoverLegacy(dir: string): void {
  const parent = path.dirname(path.resolve(dir));
  const base = path.basename(path.resolve(dir));
  for (const name of fs.readdirSync(parent)) {
    if (name.startsWith(`.${base}${LEGACY_TMP_PREFIX}`)) removeQuietly(path.join(parent, name));
  }
  for (const name of fs.readdirSync(dir).sort()) {
    if (!name.startsWith(LEGACY_TMP_PREFIX)) continue;
    const full = path.join(dir, name);
    const old = /^\.tmp-old-(.+)-[A-Za-z0-9]{6}$/.exec(name);
    if (old && !fs.existsSync(path.join(dir, old[1]))) fs.renameSync(full, path.join(dir, old[1]));
    else removeQuietly(full);
  }
}

function removeQuietly(p: string): void {
  try { fs.rmSync(p, { recursive: true, force: true }); } catch { /* best effort */ }
}
