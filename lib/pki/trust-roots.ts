import { X509Certificate } from 'crypto';
import * as path from 'path';
import { MeshgenError, fileReadReason } from '../errors';
import { MeshSpec } from '../mesh-spec/types';
import { ROOT_CERT_FILE } from './pki-store';
import { MAX_PEM_BYTES, readRegularFile } from '../mesh-spec/read-file';

/**
 * The roots every primary trusts during a root rotation (`spec.ca.additionalRoots`):
 * the mesh root (`meshRootPem`), then each additional root in spec order, each as its
 * canonical PEM. Undefined without additionalRoots. Each file must be readable and hold
 * one CA certificate (basicConstraints CA:true) that is not expired and is not the mesh
 * root itself; errors are one line naming the field, the file and the fix.
 */
export function loadTrustRoots(spec: MeshSpec, meshRootPem: string, cwd: string, now: Date = new Date()): string[] | undefined {
  const paths = spec.ca.additionalRoots;
  if (!paths || paths.length === 0) return undefined;
  const meshRoot = new X509Certificate(meshRootPem);
  const roots = [canonical(meshRoot)];
  paths.forEach((file, i) => {
    const field = `spec.ca.additionalRoots[${i}]`;
    const abs = path.resolve(cwd, file);
    let text: string;
    try {
      text = readRegularFile(abs, MAX_PEM_BYTES).toString('utf8');
    } catch (e) {
      throw new MeshgenError(`${field}: cannot read ${file} (${fileReadReason(e)}); give the PEM file of the root to trust, e.g. .meshgen/pki-2/root-cert.pem`);
    }
    const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    if (blocks.length !== 1) {
      throw new MeshgenError(`${field}: ${file} holds ${blocks.length} PEM certificates; give one root certificate per file (split a bundle into one file each)`);
    }
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(blocks[0]);
    } catch (e) {
      throw new MeshgenError(`${field}: ${file} is not a valid X.509 certificate (${(e as Error).message}); give a PEM root certificate`);
    }
    if (!cert.ca) {
      throw new MeshgenError(`${field}: ${file} (${cert.subject.replace(/\n/g, ', ')}) is not a CA certificate (no basicConstraints CA:true); give the root CA's certificate, not a workload or intermediate leaf`);
    }
    if (new Date(cert.validTo) < now) {
      throw new MeshgenError(`${field}: ${file} expired on ${new Date(cert.validTo).toISOString()}; a root that has expired cannot verify anything: remove it from the list`);
    }
    if (cert.fingerprint256 === meshRoot.fingerprint256) {
      throw new MeshgenError(`${field}: ${file} is the mesh root itself (spec.ca.dir's ${ROOT_CERT_FILE}), which every primary trusts already; list only the other roots`);
    }
    const pem = canonical(cert);
    if (roots.includes(pem)) throw new MeshgenError(`${field}: ${file} repeats a root listed before it; list each root once`);
    roots.push(pem);
  });
  return roots;
}

/** The mesh root of the PKI directory, for commands that render without making the CA (diff). */
export function readMeshRoot(spec: MeshSpec, cwd: string, pkiDir?: string): string {
  const file = path.resolve(cwd, pkiDir ?? spec.ca.dir, ROOT_CERT_FILE);
  try {
    return readRegularFile(file, MAX_PEM_BYTES).toString('utf8');
  } catch {
    throw new MeshgenError(`spec.ca.additionalRoots: the mesh root ${path.relative(cwd, file) || file} cannot be read; it is the first root every primary trusts: run meshgen ca init (or meshgen synth) first`);
  }
}

function canonical(cert: X509Certificate): string {
  return cert.toString().replace(/\r\n/g, '\n').trimEnd() + '\n';
}
