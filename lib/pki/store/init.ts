import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { notAfterIso } from '../certificate-checks';
import { PkiError } from '../../errors';
import {
  CaMaterial, PkiProfileOptions, ResolvedProfile, RsaKeyPem,
  buildIntermediateCertificate, buildRootCertificate, generateKey, resolveProfile,
} from '../profile';
import {
  ClusterCaFiles, PkiHooks, ROOT_CERT_FILE, ROOT_KEY_FILE,
  checkClusterComplete, checkClusterNames, clusterFiles, commitPki, ensureTrailingNewline, isEmptyPki, listClusterDirs,
  loadRoot, readRootState, rootFiles, withPkiLock,
} from './layout';

export interface EnsurePkiOptions extends PkiProfileOptions {
  /** The PKI directory, e.g. `.meshgen/pki`. Created (0700) when absent. */
  readonly dir: string;
  /** Clusters that need an intermediate CA. Names are DNS labels (e.g. cluster1). */
  readonly clusters: readonly string[];
  /**
   * Start of validity of new certificates.
   * @default the current time
   */
  readonly now?: Date;
  /** Receives one line per step (each key generation starts with "generating"). */
  readonly onProgress?: (msg: string) => void;
  /** Test seams. */
  readonly hooks?: PkiHooks;
}

export interface PkiReport {
  readonly dir: string;
  /** True when this call made the root CA. */
  readonly rootCreated: boolean;
  /** Clusters that got a new intermediate in this call, sorted. */
  readonly createdClusters: string[];
  /** Clusters that already had one (left untouched), sorted. */
  readonly existingClusters: string[];
}

/**
 * Makes the root CA once and an intermediate CA for every cluster that lacks one.
 * Never regenerates existing material: a second call makes no key and changes no byte.
 * Keys of all new CAs are generated concurrently (native RSA, off the main thread).
 * Two calls at once on one directory are serialised by its lock: the second finds what
 * the first made.
 */
export async function ensurePki(opts: EnsurePkiOptions): Promise<PkiReport> {
  const profile = resolveProfile(opts);
  const dir = opts.dir;
  const clusters = checkClusterNames(opts.clusters);
  const now = opts.now ?? new Date();
  const progress = opts.onProgress ?? (() => undefined);

  return withPkiLock(dir, async (lock) => {
    const state = readRootState(dir);
    const existing = clusters.filter((c) => fs.existsSync(path.join(dir, c)));
    const missing = clusters.filter((c) => !existing.includes(c));
    for (const c of existing) checkClusterComplete(dir, c);

    if (state.kind === 'none') {
      const orphans = listClusterDirs(dir);
      if (orphans.length > 0) {
        if (missing.length === 0) {
          // Provided intermediates only (the root key stays with its owner): nothing to make.
          return { dir, rootCreated: false, createdClusters: [], existingClusters: existing };
        }
        throw new PkiError(`${path.join(dir, ROOT_KEY_FILE)}: missing, so no intermediate can be made for ${missing.join(', ')} (the PKI already holds ${orphans.join(', ')}); set spec.ca.mode: provided with rootCert and rootKey, or provide the intermediates of ${missing.join(', ')}`, path.join(dir, ROOT_KEY_FILE));
      }
      if (!isEmptyPki(dir)) {
        throw new PkiError(`${dir}: holds files but no ${ROOT_CERT_FILE}, so it is not a meshgen PKI; empty it or choose another PKI directory`, dir);
      }
      if (profile.intermediateDays > profile.rootDays) {
        throw new PkiError(`spec.ca.intermediateDays: ${profile.intermediateDays} is more than rootDays (${profile.rootDays}); an intermediate must not outlive its root, so set intermediateDays to at most ${profile.rootDays}`);
      }
      // The root key and all intermediate keys are independent: make them all at once.
      const keys = await generateKeys(['', ...clusters], profile, progress);
      const rootKey = keys.get('')!;
      const root: CaMaterial = { certPem: buildRootCertificate(rootKey, profile, now), keyPem: rootKey.privateKeyPem };
      const files = rootFiles(root);
      for (const c of clusters) for (const [k, v] of clusterFiles(c, intermediateMaterial(c, keys.get(c)!, root, profile, now))) files.set(k, v);
      await commitPki(dir, lock, { kind: 'pki', target: dir }, files, opts.hooks);
      progress(`wrote the root CA and ${clusters.length} intermediate CA(s) to ${dir}`);
      return { dir, rootCreated: true, createdClusters: clusters, existingClusters: [] };
    }

    const root = loadRoot(dir, state);
    if (missing.length > 0) {
      checkFitsUnderRoot(root, profile, now, missing[0]);
      const keys = await generateKeys(missing, profile, progress);
      for (const cluster of missing) {
        const files = clusterFiles(cluster, intermediateMaterial(cluster, keys.get(cluster)!, root, profile, now));
        await commitPki(dir, lock, { kind: 'cluster', target: path.join(dir, cluster) }, files, opts.hooks);
        progress(`wrote the intermediate CA of ${cluster} to ${path.join(dir, cluster)}`);
      }
    }
    return { dir, rootCreated: false, createdClusters: missing, existingClusters: existing };
  });
}

export async function generateKeys(names: string[], profile: ResolvedProfile, progress: (m: string) => void): Promise<Map<string, RsaKeyPem>> {
  const keys = await Promise.all(names.map((name) => {
    progress(`generating ${name === '' ? 'root CA' : `intermediate CA for ${name}`} key (${profile.keyAlgorithm === 'rsa' ? `RSA ${profile.keySize}` : 'ECDSA P-256'})`);
    return generateKey(profile);
  }));
  return new Map(names.map((n, i) => [n, keys[i]]));
}

/**
 * The four files of a new intermediate under `root`. Refuses one that would outlive its
 * root: from the root's expiry on, no certificate under it verifies.
 */
export function intermediateMaterial(cluster: string, key: RsaKeyPem, root: CaMaterial, profile: ResolvedProfile, now: Date): ClusterCaFiles {
  checkFitsUnderRoot(root, profile, now, cluster);
  const caCert = buildIntermediateCertificate(cluster, key, root, profile, now);
  const rootCert = ensureTrailingNewline(root.certPem);
  return { caCert, caKey: key.privateKeyPem, rootCert, certChain: caCert + rootCert };
}

/** Refuses a new intermediate (intermediateDays from `now`) that would outlive `root`, before any key is made. */
export function checkFitsUnderRoot(root: CaMaterial, profile: ResolvedProfile, now: Date, cluster: string): void {
  const rootX = new crypto.X509Certificate(root.certPem);
  const rootEnd = new Date(rootX.validTo).getTime();
  const end = Math.floor(now.getTime() / 1000) * 1000 + profile.intermediateDays * 86_400_000;
  if (end > rootEnd) {
    const days = Math.max(Math.floor((rootEnd - now.getTime()) / 86_400_000), 0);
    throw new PkiError(`${ROOT_CERT_FILE}: expires on ${notAfterIso(rootX)}, before a new ${profile.intermediateDays}-day intermediate for ${cluster} would (${new Date(end).toISOString()}); rotate the root (docs/ca.md "Rotating the root") or set spec.ca.intermediateDays to at most ${days}`, ROOT_CERT_FILE);
  }
}
