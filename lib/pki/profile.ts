import * as crypto from 'crypto';
import type * as Forge from 'node-forge';

let forgeModule: typeof Forge | undefined;
/** node-forge, loaded on first use: a synth that only reads existing certificates never needs it. */
function forge(): typeof Forge {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (forgeModule ??= require('node-forge') as typeof Forge);
}
import { PkiError } from '../errors';
import { isDnsLabel } from '../names/dns';

/**
 * The certificate profile of Istio's `tools/certs/Makefile.selfsigned.mk` (variables and
 * openssl configs in `tools/certs/common.mk`), which every multicluster runbook uses to
 * make the `cacerts` secrets:
 *
 * | | root (`root-ca.conf`) | intermediate (`<cluster>/intermediate.conf`) |
 * |---|---|---|
 * | key | RSA `ROOTCA_KEYSZ` = 4096 | RSA `INTERMEDIATE_KEYSZ` = 4096 |
 * | days | `ROOTCA_DAYS` = 3650 | `INTERMEDIATE_DAYS` = 730 |
 * | subject | O=Istio, CN=Root CA | O=Istio, CN=Intermediate CA, L=<cluster> |
 * | basicConstraints | critical, CA:true | critical, CA:true, pathlen:0 |
 * | SAN | - | DNS:istiod.istio-system.svc |
 * | digest | sha256 | sha256 |
 *
 * Where this profile differs from upstream, on purpose:
 * - keyUsage. Upstream writes `critical, digitalSignature, nonRepudiation,
 *   keyEncipherment, keyCertSign` for both the root and the intermediate. Our root uses
 *   `critical, keyCertSign, cRLSign` (RFC 5280 4.2.1.3 profile of a CA that signs only
 *   certificates and CRLs); our intermediate keeps all of upstream's bits and adds
 *   `cRLSign`, so that it can also sign a CRL (istiod reads an optional `ca-crl.pem`
 *   from `cacerts` in recent releases).
 * - authorityKeyIdentifier on the intermediate names the root's subjectKeyIdentifier
 *   (openssl 3 adds it implicitly; we write it explicitly).
 * - the SAN follows the Istio namespace (`istiod.<namespace>.svc`); upstream's
 *   `INTERMEDIATE_SAN_DNS` is fixed to istio-system unless overridden.
 * - serial numbers are 16 random bytes (positive), not `-CAcreateserial` counters.
 */
export interface PkiProfileOptions {
  /**
   * RSA modulus length of every key made (root and intermediates).
   * @default 4096
   */
  readonly keySize?: number;
  /**
   * Lifetime of the root certificate, in days.
   * @default 3650
   */
  readonly rootDays?: number;
  /**
   * Lifetime of each intermediate certificate, in days.
   * @default 730
   */
  readonly intermediateDays?: number;
  /**
   * Namespace Istio runs in; the intermediate's SAN is `istiod.<namespace>.svc`.
   * @default "istio-system"
   */
  readonly namespace?: string;
}

/** The defaults of `PkiProfileOptions`, the values of Istio's common.mk. */
export const PKI_DEFAULTS = {
  keySize: 4096,
  rootDays: 3650,
  intermediateDays: 730,
  namespace: 'istio-system',
} as const;

export const ROOT_ORG = 'Istio';
export const ROOT_CN = 'Root CA';
export const INTERMEDIATE_ORG = 'Istio';
export const INTERMEDIATE_CN = 'Intermediate CA';

/** A certificate and its private key, both PEM. */
export interface CaMaterial {
  readonly certPem: string;
  readonly keyPem: string;
}

/** A fresh RSA key pair, PEM encoded (private key PKCS#1, like `openssl genrsa`). */
export interface RsaKeyPem {
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
}

/** `PkiProfileOptions` with every default filled in, after validation. */
export type ResolvedProfile = Required<PkiProfileOptions>;

/** Validates the options and fills in the defaults; throws PkiError naming the option. */
export function resolveProfile(opts: PkiProfileOptions = {}): ResolvedProfile {
  const keySize = opts.keySize ?? PKI_DEFAULTS.keySize;
  if (!Number.isInteger(keySize) || keySize < 1024 || keySize > 16384 || keySize % 256 !== 0) {
    throw new PkiError(`keySize: ${keySize} is not a supported RSA key size; use a multiple of 256 from 1024 to 16384 (default ${PKI_DEFAULTS.keySize})`, 'keySize');
  }
  const rootDays = checkDays('rootDays', opts.rootDays ?? PKI_DEFAULTS.rootDays);
  const intermediateDays = checkDays('intermediateDays', opts.intermediateDays ?? PKI_DEFAULTS.intermediateDays);
  const namespace = opts.namespace ?? PKI_DEFAULTS.namespace;
  if (!isDnsLabel(namespace)) {
    throw new PkiError(`namespace: "${namespace}" is not a valid Kubernetes namespace; use lowercase letters, digits and '-' (default ${PKI_DEFAULTS.namespace})`, 'namespace');
  }
  return { keySize, rootDays, intermediateDays, namespace };
}

function checkDays(name: string, days: number): number {
  if (!Number.isInteger(days) || days < 1 || days > 36500) {
    throw new PkiError(`${name}: ${days} is not a valid lifetime; use a whole number of days from 1 to 36500`, name);
  }
  return days;
}

/** The DNS SAN of the intermediate: the istiod service in the Istio namespace. */
export function istiodDnsName(namespace: string = PKI_DEFAULTS.namespace): string {
  return `istiod.${namespace}.svc`;
}

/**
 * Makes an RSA key pair with Node's native crypto, off the main thread (libuv pool), so
 * that several keys are made at once on all cores.
 */
export function generateRsaKey(bits: number): Promise<RsaKeyPem> {
  return new Promise((resolve, reject) => {
    crypto.generateKeyPair('rsa', {
      modulusLength: bits,
      publicExponent: 0x10001,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    }, (err, publicKeyPem, privateKeyPem) => {
      if (err) reject(err); else resolve({ publicKeyPem, privateKeyPem });
    });
  });
}

/** A positive serial number of 16 random bytes, as the hex string forge wants. */
export function randomSerial(): string {
  const bytes = crypto.randomBytes(16);
  bytes[0] = (bytes[0] & 0x7f) || 0x01; // positive, and no leading zero byte
  return bytes.toString('hex');
}

// upstream's req configs set utf8 = yes
const utf8 = () => forge().asn1.Type.UTF8;

// @types/node-forge types valueTagClass as asn1.Class; forge reads it as an asn1.Type.
function field(shortName: string, value: string): Forge.pki.CertificateField {
  return { shortName, value, valueTagClass: utf8() as unknown as Forge.asn1.Class };
}

function rootSubject(): Forge.pki.CertificateField[] {
  return [
    field('O', ROOT_ORG),
    field('CN', ROOT_CN),
  ];
}

function intermediateSubject(cluster: string): Forge.pki.CertificateField[] {
  return [
    field('O', INTERMEDIATE_ORG),
    field('CN', INTERMEDIATE_CN),
    field('L', cluster),
  ];
}

function validity(cert: Forge.pki.Certificate, now: Date, days: number): void {
  const start = Math.floor(now.getTime() / 1000) * 1000;
  cert.validity.notBefore = new Date(start);
  cert.validity.notAfter = new Date(start + days * 86_400_000);
}

/**
 * Signs a forge certificate with SHA-256 / RSA PKCS#1 v1.5 using Node's native RSA
 * (forge's JavaScript RSA takes ~0.3 s per 4096-bit signature). forge builds the
 * TBSCertificate and the digest; the key object only turns the digest into a signature.
 */
function signSha256(cert: Forge.pki.Certificate, privateKeyPem: string): void {
  const key = crypto.createPrivateKey(privateKeyPem);
  const nativeSigner = {
    sign(md: Forge.md.MessageDigest): string {
      const digest = Buffer.from(md.digest().getBytes(), 'binary');
      // DER DigestInfo prefix for SHA-256 (RFC 8017 9.2 note 1)
      const prefix = Buffer.from('3031300d060960864801650304020105000420', 'hex');
      const signature = crypto.privateEncrypt(
        { key, padding: crypto.constants.RSA_PKCS1_PADDING },
        Buffer.concat([prefix, digest]),
      );
      return signature.toString('binary');
    },
  };
  cert.sign(nativeSigner as unknown as Forge.pki.rsa.PrivateKey, forge().md.sha256.create());
}

/** Builds and self-signs the root certificate for a key pair. */
export function buildRootCertificate(key: RsaKeyPem, profile: ResolvedProfile, now: Date): string {
  const cert = forge().pki.createCertificate();
  cert.publicKey = forge().pki.publicKeyFromPem(key.publicKeyPem);
  cert.serialNumber = randomSerial();
  validity(cert, now, profile.rootDays);
  cert.setSubject(rootSubject());
  cert.setIssuer(rootSubject());
  cert.setExtensions([
    { name: 'basicConstraints', critical: true, cA: true },
    { name: 'keyUsage', critical: true, keyCertSign: true, cRLSign: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  signSha256(cert, key.privateKeyPem);
  return toPem(cert);
}

/**
 * Builds the intermediate certificate of one cluster and signs it with the root.
 * The issuer name is copied from the root as encoded (string types included), so chain
 * building that compares raw names (Go's crypto/x509, used by istiod) finds the root.
 */
export function buildIntermediateCertificate(
  cluster: string,
  key: RsaKeyPem,
  root: CaMaterial,
  profile: ResolvedProfile,
  now: Date,
): string {
  const rootCert = parseRsaCertificate(root.certPem, 'root-cert.pem');
  const cert = forge().pki.createCertificate();
  cert.publicKey = forge().pki.publicKeyFromPem(key.publicKeyPem);
  cert.serialNumber = randomSerial();
  validity(cert, now, profile.intermediateDays);
  cert.setSubject(intermediateSubject(cluster));
  cert.setIssuer(rootCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', critical: true, cA: true, pathLenConstraint: 0 },
    {
      name: 'keyUsage',
      critical: true,
      digitalSignature: true,
      nonRepudiation: true,
      keyEncipherment: true,
      keyCertSign: true,
      cRLSign: true,
    },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: subjectKeyIdentifierBytes(rootCert) },
    { name: 'subjectAltName', altNames: [{ type: 2, value: istiodDnsName(profile.namespace) }] },
  ]);
  signSha256(cert, root.keyPem);
  return toPem(cert);
}

/** PEM with LF line ends, as openssl writes it (forge writes CRLF). */
function toPem(cert: Forge.pki.Certificate): string {
  return forge().pki.certificateToPem(cert).replace(/\r\n/g, '\n');
}

/** The root's subjectKeyIdentifier (raw bytes), or the RFC 5280 method 1 hash of its key. */
function subjectKeyIdentifierBytes(rootCert: Forge.pki.Certificate): string {
  const ext = rootCert.getExtension('subjectKeyIdentifier') as { subjectKeyIdentifier?: string } | undefined;
  if (ext?.subjectKeyIdentifier) return forge().util.hexToBytes(ext.subjectKeyIdentifier);
  return rootCert.generateSubjectKeyIdentifier().getBytes();
}

function parseRsaCertificate(pem: string, file: string): Forge.pki.Certificate {
  try {
    return forge().pki.certificateFromPem(pem);
  } catch (err) {
    throw new PkiError(`${file}: cannot be used to sign intermediates (${(err as Error).message}); provide an RSA root certificate in PEM format`, file);
  }
}

/** Makes a new root CA (key and self-signed certificate). */
export async function createRootCa(opts: PkiProfileOptions & { now?: Date } = {}): Promise<CaMaterial> {
  const profile = resolveProfile(opts);
  const key = await generateRsaKey(profile.keySize);
  return { certPem: buildRootCertificate(key, profile, opts.now ?? new Date()), keyPem: key.privateKeyPem };
}

/** Makes a new intermediate CA for one cluster, signed by `root`. */
export async function createIntermediateCa(
  cluster: string,
  root: CaMaterial,
  opts: PkiProfileOptions & { now?: Date } = {},
): Promise<CaMaterial> {
  const profile = resolveProfile(opts);
  const key = await generateRsaKey(profile.keySize);
  return {
    certPem: buildIntermediateCertificate(cluster, key, root, profile, opts.now ?? new Date()),
    keyPem: key.privateKeyPem,
  };
}
