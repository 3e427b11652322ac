import * as fs from 'fs';
import * as path from 'path';
import { isIssuedBy, notAfterIso, parseCertificate } from '../certificate-checks';
import { PkiError } from '../../errors';
import { PkiProfileOptions, resolveProfile } from '../profile';
import { generateKeys, intermediateMaterial, checkFitsUnderRoot } from './init';
import {
  CA_CERT_FILE, PkiHooks, PREVIOUS_DIR, ROOT_CERT_FILE, ROOT_KEY_FILE,
  checkClusterNames, clusterFiles, commitPki, loadRoot, readClusterCa, readRootState, withPkiLock,
} from './layout';

export interface RotateIntermediateOptions extends PkiProfileOptions {
  /** The PKI directory. */
  readonly dir: string;
  /** The cluster whose intermediate CA is replaced. */
  readonly cluster: string;
  /** @default the current time */
  readonly now?: Date;
  readonly onProgress?: (msg: string) => void;
  readonly hooks?: PkiHooks;
}

export interface RotateReport {
  readonly cluster: string;
  /** Directory holding the replaced four files (`<dir>/<cluster>/previous`). */
  readonly previousDir: string;
  /** notAfter of the new intermediate, ISO 8601. */
  readonly notAfter: string;
}

/**
 * Replaces the intermediate CA of one cluster with a new one under the same root.
 * The replaced four files are kept in `<dir>/<cluster>/previous/` (only the last
 * generation: an older `previous/` is overwritten). Refuses when the PKI has no usable
 * root, when the cluster has no intermediate yet (use ensurePki), or when the current
 * intermediate is not under this root (rotating would move the cluster to another root).
 * The new files and previous/ are one transaction.
 */
export async function rotateIntermediate(opts: RotateIntermediateOptions): Promise<RotateReport> {
  const profile = resolveProfile(opts);
  const dir = opts.dir;
  const [cluster] = checkClusterNames([opts.cluster]);
  const now = opts.now ?? new Date();
  const progress = opts.onProgress ?? (() => undefined);

  return withPkiLock(dir, async (lock) => {
    const state = readRootState(dir);
    if (state.kind === 'none') {
      throw new PkiError(`${path.join(dir, ROOT_KEY_FILE)}: missing, so ${cluster} cannot get a new intermediate; run "meshgen ca init", or set spec.ca.mode: provided with rootCert and rootKey`, path.join(dir, ROOT_KEY_FILE));
    }
    const root = loadRoot(dir, state);
    const clusterDir = path.join(dir, cluster);
    if (!fs.existsSync(clusterDir)) {
      throw new PkiError(`${clusterDir}: missing, so there is nothing to rotate for cluster ${cluster}; run "meshgen ca init" to create its first intermediate`, clusterDir);
    }
    const current = readClusterCa(dir, cluster);
    const currentCert = parseCertificate(current.caCert, path.join(clusterDir, CA_CERT_FILE));
    if (!isIssuedBy(currentCert, parseCertificate(root.certPem, path.join(dir, ROOT_CERT_FILE)))) {
      throw new PkiError(`${path.join(clusterDir, CA_CERT_FILE)}: is not issued by ${path.join(dir, ROOT_CERT_FILE)}, so rotating would move ${cluster} to another root; import a new intermediate for it with "meshgen ca import --cluster ${cluster} --force" instead`, path.join(clusterDir, CA_CERT_FILE));
    }
    checkFitsUnderRoot(root, profile, now, cluster);

    const keys = await generateKeys([cluster], profile, progress);
    const material = intermediateMaterial(cluster, keys.get(cluster)!, root, profile, now);
    const files = clusterFiles(cluster, material);
    for (const [k, v] of clusterFiles(`${cluster}/${PREVIOUS_DIR}`, current)) files.set(k, v);
    await commitPki(dir, lock, { kind: 'rotate', target: clusterDir }, files, opts.hooks);
    progress(`rotated the intermediate CA of ${cluster}; the previous one is in ${path.join(clusterDir, PREVIOUS_DIR)}`);
    const cert = parseCertificate(material.caCert, path.join(clusterDir, CA_CERT_FILE));
    return { cluster, previousDir: path.join(clusterDir, PREVIOUS_DIR), notAfter: notAfterIso(cert) };
  });
}
