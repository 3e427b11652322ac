import * as fs from 'fs';
import * as path from 'path';
import { MeshSpec } from '../mesh-spec/types';
import { PkiError } from '../errors';
import {
  CA_CERT_FILE, CA_KEY_FILE, CERT_CHAIN_FILE, ClusterCaFiles, ensurePki, importProvided, protectPkiDir, readClusterCa, ROOT_CERT_FILE,
} from './pki-store';

export interface MeshCaOptions {
  /** Resolve relative paths (the PKI directory, provided files) from here. */
  readonly cwd: string;
  /** Overrides spec.ca.dir. */
  readonly pkiDir?: string;
  /** One line per step of key generation or import. */
  readonly onProgress?: (msg: string) => void;
}

/** The PKI directory a spec uses, absolute. */
export function pkiDirOf(spec: MeshSpec, opts: Pick<MeshCaOptions, 'cwd' | 'pkiDir'>): string {
  return path.resolve(opts.cwd, opts.pkiDir ?? spec.ca.dir);
}

/**
 * Makes sure every cluster of the mesh has its intermediate CA in the PKI directory
 * (made once, then read back; provided material is imported and checked), and returns
 * each cluster's four PEM files. Returns undefined when the mesh uses no plug-in CA
 * files (mode `none` or `cert-manager`).
 */
export async function prepareMeshCa(spec: MeshSpec, opts: MeshCaOptions): Promise<Map<string, ClusterCaFiles> | undefined> {
  const { ca } = spec;
  if (ca.mode === 'none' || ca.mode === 'cert-manager') return undefined;
  const dir = pkiDirOf(spec, opts);
  const clusters = spec.clusters.map((c) => c.name);
  const profile = {
    keyAlgorithm: ca.keyAlgorithm, keySize: ca.keySize, rootDays: ca.rootDays, intermediateDays: ca.intermediateDays, namespace: spec.istio.namespace,
  };

  if (ca.mode === 'provided') {
    if (ca.intermediates) {
      const src = path.resolve(opts.cwd, ca.intermediates);
      for (const cluster of clusters) {
        if (fs.existsSync(path.join(dir, cluster))) continue;
        const from = path.join(src, cluster);
        if (!fs.existsSync(path.join(from, CA_CERT_FILE)) && !ca.rootCert) {
          throw new PkiError(`spec.ca.intermediates: ${path.join(from, CA_CERT_FILE)} is missing; put ${cluster}'s ${CA_CERT_FILE}, ${CA_KEY_FILE}, ${CERT_CHAIN_FILE} and ${ROOT_CERT_FILE} in ${from}/`);
        }
        if (!fs.existsSync(path.join(from, CA_CERT_FILE))) continue; // made under the provided root below
        opts.onProgress?.(`importing the intermediate CA of ${cluster} from ${from}`);
        await importProvided({
          kind: 'intermediate', dir, cluster,
          caCert: path.join(from, CA_CERT_FILE), caKey: path.join(from, CA_KEY_FILE),
          certChain: path.join(from, CERT_CHAIN_FILE), rootCert: path.join(from, ROOT_CERT_FILE),
        });
      }
    }
    if (ca.rootCert && ca.rootKey) {
      const rootCert = path.resolve(opts.cwd, ca.rootCert);
      const existing = path.join(dir, ROOT_CERT_FILE);
      if (!fs.existsSync(existing)) {
        opts.onProgress?.(`importing the root CA from ${rootCert}`);
        await importProvided({ kind: 'root', dir, rootCert, rootKey: path.resolve(opts.cwd, ca.rootKey) });
      } else {
        let given: string;
        try {
          given = fs.readFileSync(rootCert, 'utf8');
        } catch {
          throw new PkiError(`spec.ca.rootCert: cannot read ${rootCert}; give the path of your root certificate (PEM)`, rootCert);
        }
        if (given.replace(/\r\n/g, '\n').trim() !== fs.readFileSync(existing, 'utf8').replace(/\r\n/g, '\n').trim()) {
          throw new PkiError(`spec.ca.rootCert: ${rootCert} is not the root already in ${dir}; meshgen never replaces a root silently: rotate roots as docs/ca.md "Rotating the root" says, or point spec.ca.dir at a new PKI directory`, rootCert);
        }
      }
    }
  }
  if (ca.mode === 'generated' || ca.rootCert) {
    await ensurePki({ dir, clusters, ...profile, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
  } else {
    await protectPkiDir(dir);
  }
  return new Map(clusters.map((c) => [c, readClusterCa(dir, c)]));
}
