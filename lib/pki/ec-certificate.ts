import * as crypto from 'crypto';
import type * as Forge from 'node-forge';
import { forge } from './forge';

/**
 * ECDSA P-256 certificates. node-forge builds and encodes X.509 but knows only RSA keys, so
 * forge builds the TBSCertificate (names, validity, extensions) as it does for RSA, and this
 * file puts the EC subjectPublicKeyInfo and the ecdsa-with-SHA256 algorithm into it, signs
 * the DER with Node's native ECDSA, and assembles the certificate (RFC 5280 4.1, RFC 5758 3.2:
 * the AlgorithmIdentifier of ecdsa-with-SHA256 has no parameters).
 *
 * istiod loads such a plug-in CA: security/pkg/pki/util ParsePemEncodedKey takes
 * `EC PRIVATE KEY` (SEC 1) and PKCS#8 keys, and the CA signs workload CSRs with whatever
 * crypto.Signer the key is (x509.CreateCertificate).
 */

/** OID of ecdsa-with-SHA256 (RFC 5758). */
export const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';


/** Makes a P-256 key pair off the main thread; the private key as SEC 1 PEM (`openssl ecparam -genkey`). */
export function generateEcKey(): Promise<{ privateKeyPem: string; publicKeyPem: string }> {
  return new Promise((resolve, reject) => {
    crypto.generateKeyPair('ec', {
      namedCurve: 'prime256v1',
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'sec1', format: 'pem' },
    }, (err, publicKeyPem, privateKeyPem) => {
      if (err) reject(err); else resolve({ publicKeyPem, privateKeyPem });
    });
  });
}

/** The DER of a PEM public key's SubjectPublicKeyInfo. */
function spkiDer(publicKeyPem: string): Buffer {
  return crypto.createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
}

/**
 * RFC 5280 4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING's value (without the
 * unused-bits byte), as forge's generateSubjectKeyIdentifier computes it for RSA keys.
 */
export function subjectKeyIdentifierHex(publicKeyPem: string): string {
  const spki = forge().asn1.fromDer(forge().util.createBuffer(spkiDer(publicKeyPem).toString('binary')));
  const bitString = (spki.value as Forge.asn1.Asn1[])[1].value as string;
  return crypto.createHash('sha1').update(Buffer.from(bitString.slice(1), 'binary')).digest('hex');
}

/**
 * The subjectKeyIdentifier extension of an EC key, for forge's setExtensions (which otherwise
 * hashes the certificate's RSA key).
 */
export function subjectKeyIdentifierExtension(publicKeyPem: string): { name: string; value: Forge.asn1.Asn1 } {
  const a = forge().asn1;
  const bytes = forge().util.hexToBytes(subjectKeyIdentifierHex(publicKeyPem));
  return { name: 'subjectKeyIdentifier', value: a.create(a.Class.UNIVERSAL, a.Type.OCTETSTRING, false, bytes) };
}

function algorithmIdentifier(oid: string): Forge.asn1.Asn1 {
  const a = forge().asn1;
  return a.create(a.Class.UNIVERSAL, a.Type.SEQUENCE, true, [
    a.create(a.Class.UNIVERSAL, a.Type.OID, false, a.oidToDer(oid).getBytes()),
  ]);
}

/** Whether meshgen can sign intermediates with `key`: an RSA key, or an EC key on P-256. */
export function canSignWith(key: crypto.KeyObject): boolean {
  return key.asymmetricKeyType === 'rsa' || (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1');
}

/** Describes a key for an error line: `rsa`, `ec (secp384r1)`, `ed25519`. */
export function describeKey(key: crypto.KeyObject): string {
  const curve = key.asymmetricKeyDetails?.namedCurve;
  return curve ? `${key.asymmetricKeyType} (${curve})` : String(key.asymmetricKeyType);
}

/** Whether a PEM private key is an EC key (else RSA). */
export function isEcKey(privateKeyPem: string): boolean {
  return crypto.createPrivateKey(privateKeyPem).asymmetricKeyType === 'ec';
}

/**
 * Finishes `cert` (everything but its key and signature set by forge) with `subjectPublicKeyPem`
 * as its key (EC or RSA), signed ecdsa-with-SHA256 by the EC `issuerKeyPem`; `issuerName`, when
 * given, is the issuer's subject as encoded in its certificate. Returns PEM (LF).
 */
export function signWithEcdsa(cert: Forge.pki.Certificate, subjectPublicKeyPem: string, issuerKeyPem: string, issuerName?: Forge.asn1.Asn1): string {
  const f = forge();
  const a = f.asn1;
  // forge encodes the TBSCertificate only around an RSA key: give it a throwaway one, then
  // replace it and the signature algorithm
  cert.publicKey = placeholderRsaKey();
  cert.siginfo.algorithmOid = f.pki.oids.sha256WithRSAEncryption;
  const tbs = (f.pki as unknown as { getTBSCertificate(c: Forge.pki.Certificate): Forge.asn1.Asn1 }).getTBSCertificate(cert);
  const fields = tbs.value as Forge.asn1.Asn1[];
  // TBSCertificate: [0] version, serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo, [3] extensions
  fields[2] = algorithmIdentifier(ECDSA_WITH_SHA256);
  if (issuerName) fields[3] = issuerName;
  fields[6] = a.fromDer(f.util.createBuffer(spkiDer(subjectPublicKeyPem).toString('binary')));
  const tbsDer = Buffer.from(a.toDer(tbs).getBytes(), 'binary');
  const signature = crypto.sign('sha256', tbsDer, { key: issuerKeyPem, dsaEncoding: 'der' });
  const certificate = a.create(a.Class.UNIVERSAL, a.Type.SEQUENCE, true, [
    tbs,
    algorithmIdentifier(ECDSA_WITH_SHA256),
    a.create(a.Class.UNIVERSAL, a.Type.BITSTRING, false, `\u0000${signature.toString('binary')}`),
  ]);
  const der = Buffer.from(a.toDer(certificate).getBytes(), 'binary');
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}

let placeholder: Forge.pki.rsa.PublicKey | undefined;
/** A fixed small RSA public key that only lets forge encode a TBSCertificate; it never appears in output. */
function placeholderRsaKey(): Forge.pki.rsa.PublicKey {
  const f = forge();
  placeholder ??= f.pki.setRsaPublicKey(new f.jsbn.BigInteger('c5', 16), new f.jsbn.BigInteger('10001', 16));
  return placeholder;
}

/** Subject name (raw ASN.1, as encoded) and subjectKeyIdentifier of a certificate of any key type. */
export function issuerParts(certPem: string): { subject: Forge.asn1.Asn1; subjectKeyIdentifier?: string } {
  const f = forge();
  const der = new crypto.X509Certificate(certPem).raw;
  const cert = f.asn1.fromDer(f.util.createBuffer(der.toString('binary')));
  const tbs = (cert.value as Forge.asn1.Asn1[])[0];
  const fields = tbs.value as Forge.asn1.Asn1[];
  const subject = fields[5];
  let subjectKeyIdentifier: string | undefined;
  const extensions = fields.find((x) => x.tagClass === f.asn1.Class.CONTEXT_SPECIFIC && x.type === 3);
  for (const ext of ((extensions?.value as Forge.asn1.Asn1[] | undefined)?.[0]?.value as Forge.asn1.Asn1[] | undefined) ?? []) {
    const parts = ext.value as Forge.asn1.Asn1[];
    if (f.asn1.derToOid(f.util.createBuffer(parts[0].value as string)) !== '2.5.29.14') continue;
    const octets = parts[parts.length - 1].value as string;
    subjectKeyIdentifier = Buffer.from((f.asn1.fromDer(f.util.createBuffer(octets)).value as string), 'binary').toString('hex');
  }
  return { subject, ...(subjectKeyIdentifier ? { subjectKeyIdentifier } : {}) };
}
