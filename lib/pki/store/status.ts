import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import {
  chainProblem, daysLeft, isExpired, isIssuedBy, isNotYetValid, keyMatchesCertificate,
  notAfterIso, oneLineName, parseCertificate, parseCertificates, parsePrivateKey, pathLenConstraint, sameCertificate,
} from '../certificate-checks';
import { reason } from '../../errors';
import { CA_CERT_FILE, CA_KEY_FILE, CERT_CHAIN_FILE, CLUSTER_CA_FILES, ROOT_CERT_FILE, ROOT_KEY_FILE, checkClusterNames } from './layout';

export type PkiProblemCode =
  | 'missing' | 'unreadable' | 'expired' | 'not-yet-valid' | 'expires-soon'
  | 'chain-broken' | 'key-mismatch' | 'not-ca' | 'root-mismatch'
  | 'outlives-root' | 'pathlen';

export interface PkiProblem {
  /** error: istiod would fail or trust breaks; warning: act soon. */
  readonly severity: 'error' | 'warning';
  readonly code: PkiProblemCode;
  /** One line: the file, what is wrong, the fix. */
  readonly message: string;
}

export interface CertificateInfo {
  /** e.g. "O=Istio, CN=Intermediate CA, L=cluster1" */
  readonly subject: string;
  readonly issuer: string;
  /** ISO 8601 */
  readonly notBefore: string;
  /** ISO 8601 */
  readonly notAfter: string;
  /** Whole days until notAfter (negative once expired). */
  readonly daysLeft: number;
}

export interface RootStatus {
  /** Absent when root-cert.pem is missing or unreadable. */
  readonly certificate?: CertificateInfo;
  readonly hasKey: boolean;
  readonly problems: PkiProblem[];
}

export interface ClusterStatus {
  readonly cluster: string;
  /** The intermediate (ca-cert.pem); absent when missing or unreadable. */
  readonly certificate?: CertificateInfo;
  readonly problems: PkiProblem[];
}

export interface PkiStatus {
  readonly dir: string;
  readonly root: RootStatus;
  readonly clusters: ClusterStatus[];
  /** True when no problem of severity error was found. */
  readonly ok: boolean;
}

export interface PkiStatusOptions {
  /**
   * A certificate with fewer days left than this gets an `expires-soon` warning.
   * @default 30
   */
  readonly warnDays?: number;
}

/**
 * The state of the PKI for the given clusters: subject, issuer, validity and problems of
 * the root and of each intermediate. Pure data, reads only.
 */
export function pkiStatus(dir: string, clusters: readonly string[], now: Date = new Date(), opts: PkiStatusOptions = {}): PkiStatus {
  const warnDays = opts.warnDays ?? 30;
  const names = checkClusterNames(clusters);
  const rootStatus = statusOfRoot(dir, now, warnDays);
  const clusterStatuses = names.map((c) => statusOfCluster(dir, c, now, warnDays));
  const ok = [rootStatus.problems, ...clusterStatuses.map((s) => s.problems)].every((ps) => ps.every((p) => p.severity !== 'error'));
  return { dir, root: { certificate: rootStatus.certificate, hasKey: rootStatus.hasKey, problems: rootStatus.problems }, clusters: clusterStatuses, ok };
}

function statusOfRoot(dir: string, now: Date, warnDays: number): RootStatus & { cert?: crypto.X509Certificate } {
  const certPath = path.join(dir, ROOT_CERT_FILE);
  const keyPath = path.join(dir, ROOT_KEY_FILE);
  const problems: PkiProblem[] = [];
  const hasKey = fs.existsSync(keyPath);
  if (!fs.existsSync(certPath)) {
    // Provided intermediates without the root in the PKI are fine; the clusters say more.
    if (hasKey) problems.push(problem('error', 'missing', `${certPath}: missing while ${ROOT_KEY_FILE} is there; restore the root certificate`));
    return { hasKey, problems };
  }
  const loaded = tryLoadCert(certPath, problems);
  if (!loaded) return { hasKey, problems };
  validityProblems(loaded, certPath, now, warnDays, problems, 'root');
  if (!loaded.ca) problems.push(problem('error', 'not-ca', `${certPath}: has no CA:true basic constraint; replace it with a CA certificate`));
  if (pathLenConstraint(loaded) === 0) {
    problems.push(problem('error', 'pathlen', `${certPath}: has pathlen:0, which forbids the intermediate CAs under it, so every workload certificate fails to verify; make a new root without a path length limit and rotate every cluster (plan a root rotation)`));
  }
  if (hasKey) {
    try {
      if (!keyMatchesCertificate(parsePrivateKey(fs.readFileSync(keyPath, 'utf8'), keyPath), loaded)) {
        problems.push(problem('error', 'key-mismatch', `${keyPath}: does not match ${ROOT_CERT_FILE}; restore the matching root key`));
      }
    } catch (err) {
      problems.push(problem('error', 'unreadable', reason(err)));
    }
  }
  return { certificate: info(loaded, now), hasKey, problems, cert: loaded };
}

function statusOfCluster(dir: string, cluster: string, now: Date, warnDays: number): ClusterStatus {
  const clusterDir = path.join(dir, cluster);
  const problems: PkiProblem[] = [];
  const rotate = `run "meshgen ca rotate --cluster ${cluster}"`;
  const missing = CLUSTER_CA_FILES.filter((f) => !fs.existsSync(path.join(clusterDir, f)));
  if (missing.length === CLUSTER_CA_FILES.length) {
    problems.push(problem('error', 'missing', `${clusterDir}: no intermediate CA for ${cluster}; run "meshgen ca init"`));
    return { cluster, problems };
  }
  for (const f of missing) {
    problems.push(problem('error', 'missing', `${path.join(clusterDir, f)}: missing; restore it or ${rotate}`));
  }
  const caCertPath = path.join(clusterDir, CA_CERT_FILE);
  const cert = missing.includes(CA_CERT_FILE) ? undefined : tryLoadCert(caCertPath, problems);
  if (!cert) return { cluster, problems };

  validityProblems(cert, caCertPath, now, warnDays, problems, rotate);
  if (!cert.ca) problems.push(problem('error', 'not-ca', `${caCertPath}: has no CA:true basic constraint, so istiod cannot sign with it; ${rotate}`));
  const keyPath = path.join(clusterDir, CA_KEY_FILE);
  if (!missing.includes(CA_KEY_FILE)) {
    try {
      if (!keyMatchesCertificate(parsePrivateKey(fs.readFileSync(keyPath, 'utf8'), keyPath), cert)) {
        problems.push(problem('error', 'key-mismatch', `${keyPath}: does not match ${CA_CERT_FILE}; restore the matching key or ${rotate}`));
      }
    } catch (err) {
      problems.push(problem('error', 'unreadable', `${reason(err).replace(/;.*$/, '')}; restore it or ${rotate}`));
    }
  }
  const rootPath = path.join(clusterDir, ROOT_CERT_FILE);
  const root = missing.includes(ROOT_CERT_FILE) ? undefined : tryLoadCert(rootPath, problems);
  if (root) {
    const pkiRootPath = path.join(dir, ROOT_CERT_FILE);
    if (fs.existsSync(pkiRootPath)) {
      try {
        const pkiRoot = parseCertificate(fs.readFileSync(pkiRootPath, 'utf8'), pkiRootPath);
        if (!sameCertificate(pkiRoot, root)) {
          problems.push(problem('error', 'root-mismatch', `${rootPath}: is not the PKI root ${pkiRootPath}, so ${cluster} would not trust the other clusters; ${rotate}`));
        }
      } catch { /* reported with the root */ }
    }
    if (new Date(cert.validTo).getTime() > new Date(root.validTo).getTime()) {
      problems.push(problem('warning', 'outlives-root', `${caCertPath}: is valid until ${notAfterIso(cert)}, after its root expires (${notAfterIso(root)}); from ${notAfterIso(root).slice(0, 10)} on nothing under it verifies, so rotate the root before then (docs/ca.md "Rotating the root")`));
    }
    if (!isIssuedBy(cert, root)) {
      const chainPath = path.join(clusterDir, CERT_CHAIN_FILE);
      let linked = false;
      try { linked = chainLinksTo(cert, parseCertificates(fs.readFileSync(chainPath, 'utf8'), chainPath), root); } catch { /* below */ }
      if (!linked) problems.push(problem('error', 'chain-broken', `${caCertPath}: is not signed by ${ROOT_CERT_FILE} ("${oneLineName(root.subject)}"); ${rotate}`));
    }
    if (!missing.includes(CERT_CHAIN_FILE)) {
      const chainPath = path.join(clusterDir, CERT_CHAIN_FILE);
      try {
        const issue = chainProblem(cert, parseCertificates(fs.readFileSync(chainPath, 'utf8'), chainPath), root);
        if (issue) problems.push(problem('error', 'chain-broken', `${chainPath}: ${issue}; ${rotate}`));
      } catch (err) {
        problems.push(problem('error', 'unreadable', reason(err)));
      }
    }
  }
  return { cluster, certificate: info(cert, now), problems };
}


function chainLinksTo(leaf: crypto.X509Certificate, chain: crypto.X509Certificate[], root: crypto.X509Certificate): boolean {
  return chainProblem(leaf, chain, root) === undefined;
}

function tryLoadCert(file: string, problems: PkiProblem[]): crypto.X509Certificate | undefined {
  try {
    return parseCertificate(fs.readFileSync(file, 'utf8'), file);
  } catch (err) {
    problems.push(problem('error', 'unreadable', reason(err)));
    return undefined;
  }
}

function validityProblems(cert: crypto.X509Certificate, file: string, now: Date, warnDays: number, problems: PkiProblem[], fix: string): void {
  const left = daysLeft(cert, now);
  const action = fix === 'root' ? 'make a new root and rotate every cluster (plan a root rotation)' : fix;
  if (isExpired(cert, now)) {
    problems.push(problem('error', 'expired', `${file}: expired on ${notAfterIso(cert)}; ${action}`));
  } else if (isNotYetValid(cert, now)) {
    problems.push(problem('error', 'not-yet-valid', `${file}: not valid before ${new Date(cert.validFrom).toISOString()}; check the clock`));
  } else if (left < warnDays) {
    problems.push(problem('warning', 'expires-soon', `${file}: expires in ${left} day(s), on ${notAfterIso(cert)}; ${action}`));
  }
}

function info(cert: crypto.X509Certificate, now: Date): CertificateInfo {
  return {
    subject: oneLineName(cert.subject),
    issuer: oneLineName(cert.issuer),
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: notAfterIso(cert),
    daysLeft: daysLeft(cert, now),
  };
}

function problem(severity: PkiProblem['severity'], code: PkiProblemCode, message: string): PkiProblem {
  return { severity, code, message };
}
