import * as crypto from 'crypto';
import { PkiError, reason } from '../errors';

/**
 * Small, pure checks on PEM material with Node's own X.509 code (it reads every key type,
 * where node-forge reads only RSA). Shared by the store, import and status.
 */

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Parses every certificate in a PEM text; throws PkiError naming `file` when none or bad. */
export function parseCertificates(pem: string, file: string): crypto.X509Certificate[] {
  const blocks = pem.match(PEM_CERT) ?? [];
  if (blocks.length === 0) {
    throw new PkiError(`${file}: holds no PEM certificate; provide a file that starts with "-----BEGIN CERTIFICATE-----"`, file);
  }
  return blocks.map((block, i) => {
    try {
      return new crypto.X509Certificate(block);
    } catch (err) {
      throw new PkiError(`${file}: certificate ${i + 1} cannot be parsed (${reason(err)}); provide a valid PEM certificate`, file);
    }
  });
}

/** Parses the first (and expected only) certificate of a PEM text. */
export function parseCertificate(pem: string, file: string): crypto.X509Certificate {
  return parseCertificates(pem, file)[0];
}

/** Parses a PEM private key (PKCS#1, PKCS#8, SEC1); throws PkiError naming `file`. */
export function parsePrivateKey(pem: string, file: string): crypto.KeyObject {
  try {
    return crypto.createPrivateKey(pem);
  } catch (err) {
    throw new PkiError(`${file}: is not a readable unencrypted PEM private key (${reason(err)}); provide the key without a passphrase`, file);
  }
}

/** True when the private key is the one of the certificate's public key. */
export function keyMatchesCertificate(key: crypto.KeyObject, cert: crypto.X509Certificate): boolean {
  const fromKey = crypto.createPublicKey(key).export({ type: 'spki', format: 'der' });
  const fromCert = cert.publicKey.export({ type: 'spki', format: 'der' });
  return fromKey.equals(fromCert);
}

/** True when `child` names `parent` as issuer and `parent`'s key verifies its signature. */
export function isIssuedBy(child: crypto.X509Certificate, parent: crypto.X509Certificate): boolean {
  try {
    return child.checkIssued(parent) && child.verify(parent.publicKey);
  } catch {
    return false;
  }
}

/** True when the certificate is self-issued and self-signed. */
export function isSelfSigned(cert: crypto.X509Certificate): boolean {
  return isIssuedBy(cert, cert);
}

/** Same certificate, byte for byte (DER). */
export function sameCertificate(a: crypto.X509Certificate, b: crypto.X509Certificate): boolean {
  return a.raw.equals(b.raw);
}

/** One-line distinguished name, e.g. "O=Istio, CN=Intermediate CA, L=cluster1". */
export function oneLineName(name: string): string {
  return name.split('\n').filter((s) => s.length > 0).join(', ');
}

/** Whole days from `now` to `notAfter` (negative once expired). */
export function daysLeft(cert: crypto.X509Certificate, now: Date): number {
  return Math.floor((new Date(cert.validTo).getTime() - now.getTime()) / 86_400_000);
}

/** `validTo` as an ISO date (e.g. 2028-11-20T19:31:18.000Z). */
export function notAfterIso(cert: crypto.X509Certificate): string {
  return new Date(cert.validTo).toISOString();
}

/** True when `now` is after notAfter. */
export function isExpired(cert: crypto.X509Certificate, now: Date): boolean {
  return new Date(cert.validTo).getTime() < now.getTime();
}

/** True when `now` is before notBefore. */
export function isNotYetValid(cert: crypto.X509Certificate, now: Date): boolean {
  return new Date(cert.validFrom).getTime() > now.getTime();
}

/**
 * Checks that `chain` (leaf first, as in cert-chain.pem) starts with `leaf` and links up
 * to `root`: each certificate is issued by the next one and the last one is the root or
 * is issued by it. Returns a problem description, or undefined when the chain holds.
 */
export function chainProblem(
  leaf: crypto.X509Certificate,
  chain: crypto.X509Certificate[],
  root: crypto.X509Certificate,
): string | undefined {
  if (chain.length === 0 || !sameCertificate(chain[0], leaf)) {
    return 'does not start with ca-cert.pem';
  }
  for (let i = 0; i + 1 < chain.length; i++) {
    if (!isIssuedBy(chain[i], chain[i + 1])) {
      return `certificate ${i + 1} (${oneLineName(chain[i].subject)}) is not signed by certificate ${i + 2} (${oneLineName(chain[i + 1].subject)})`;
    }
  }
  const last = chain[chain.length - 1];
  if (sameCertificate(last, root) || isIssuedBy(last, root)) return undefined;
  return `does not chain to the root (${oneLineName(root.subject)}): ${oneLineName(last.subject)} is not signed by it`;
}
