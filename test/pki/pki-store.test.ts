import * as fs from 'fs';
import * as path from 'path';
import { PkiError } from '../../lib/errors';
import {
  createIntermediateCa, createRootCa, ensurePki, importProvided, pkiStatus, readClusterCa, rotateIntermediate,
} from '../../lib/pki';
import {
  FAST, ISTIO_CERTS, TEST_PKI, listAll, mode, opensslVerify, rm, snapshotTree, tempDir, testWithOpenssl, x509,
} from './helpers';

const NOW = new Date('2026-03-01T12:00:00Z');
let work: string;
beforeEach(() => { work = tempDir(); });
afterEach(() => rm(work));

function readPrevious(dir: string, cluster: string): Record<string, string> {
  const d = path.join(dir, cluster, 'previous');
  const r = (f: string): string => fs.readFileSync(path.join(d, f), 'utf8');
  return { caCert: r('ca-cert.pem'), caKey: r('ca-key.pem'), rootCert: r('root-cert.pem'), certChain: r('cert-chain.pem') };
}

function progressLog(): { msgs: string[]; onProgress: (m: string) => void; keygens: () => number } {
  const msgs: string[] = [];
  return { msgs, onProgress: (m) => msgs.push(m), keygens: () => msgs.filter((m) => m.startsWith('generating')).length };
}

async function freshPki(clusters = ['cluster1', 'cluster2']): Promise<string> {
  const dir = path.join(work, '.meshgen', 'pki');
  await ensurePki({ dir, clusters, ...FAST, now: NOW });
  return dir;
}

describe('ensurePki', () => {
  test('makes the root and one intermediate per cluster in the Makefile layout', async () => {
    // GIVEN no PKI directory
    const dir = path.join(work, '.meshgen', 'pki');
    const log = progressLog();
    // WHEN ensurePki runs for two clusters
    const report = await ensurePki({ dir, clusters: ['cluster2', 'cluster1'], ...FAST, now: NOW, onProgress: log.onProgress });
    // THEN the layout is root-*.pem plus <cluster>/{four files}, and three keys were made
    expect(report).toEqual({ dir, rootCreated: true, createdClusters: ['cluster1', 'cluster2'], existingClusters: [] });
    expect(listAll(dir)).toEqual([
      'cluster1/', 'cluster1/ca-cert.pem', 'cluster1/ca-key.pem', 'cluster1/cert-chain.pem', 'cluster1/root-cert.pem',
      'cluster2/', 'cluster2/ca-cert.pem', 'cluster2/ca-key.pem', 'cluster2/cert-chain.pem', 'cluster2/root-cert.pem',
      'root-cert.pem', 'root-key.pem',
    ]);
    expect(log.keygens()).toBe(3);
    const rootPem = fs.readFileSync(path.join(dir, 'root-cert.pem'), 'utf8');
    for (const c of ['cluster1', 'cluster2']) {
      const ca = readClusterCa(dir, c);
      expect(ca.rootCert).toBe(rootPem);
      expect(ca.certChain).toBe(ca.caCert + rootPem); // intermediate, then root
      expect(x509(ca.caCert).subject).toContain(`L=${c}`);
      expect(x509(ca.caCert).verify(x509(rootPem).publicKey)).toBe(true);
    }
  });

  test('keys are 0600, directories 0700, certificates 0644', async () => {
    const dir = await freshPki();
    expect(mode(dir)).toBe(0o700);
    expect(mode(path.join(dir, 'cluster1'))).toBe(0o700);
    expect(mode(path.join(dir, 'root-key.pem'))).toBe(0o600);
    expect(mode(path.join(dir, 'cluster1', 'ca-key.pem'))).toBe(0o600);
    expect(mode(path.join(dir, 'root-cert.pem'))).toBe(0o644);
    expect(mode(path.join(dir, 'cluster1', 'cert-chain.pem'))).toBe(0o644);
  });

  testWithOpenssl('openssl verifies every intermediate and cert-chain.pem', async () => {
    const dir = await freshPki();
    for (const c of ['cluster1', 'cluster2']) {
      const d = path.join(dir, c);
      expect(opensslVerify(['-CAfile', path.join(d, 'root-cert.pem'), path.join(d, 'ca-cert.pem')])).toMatch(/ca-cert.pem: OK/);
      expect(opensslVerify(['-CAfile', path.join(d, 'root-cert.pem'), '-untrusted', path.join(d, 'ca-cert.pem'), path.join(d, 'cert-chain.pem')])).toMatch(/cert-chain.pem: OK/);
    }
  });

  test('a second run makes no key and changes no byte, mtime or mode', async () => {
    // GIVEN a PKI
    const dir = await freshPki();
    const before = snapshotTree(dir);
    const log = progressLog();
    // WHEN ensurePki runs again with the same clusters
    const report = await ensurePki({ dir, clusters: ['cluster1', 'cluster2'], ...FAST, onProgress: log.onProgress });
    // THEN nothing was generated or written
    expect(log.keygens()).toBe(0);
    expect(report).toEqual({ dir, rootCreated: false, createdClusters: [], existingClusters: ['cluster1', 'cluster2'] });
    expect(snapshotTree(dir)).toEqual(before);
  });

  test('a new cluster gets a new intermediate under the existing root', async () => {
    const dir = await freshPki(['cluster1']);
    const before = snapshotTree(dir);
    const log = progressLog();
    const report = await ensurePki({ dir, clusters: ['cluster1', 'cluster3'], ...FAST, onProgress: log.onProgress });
    expect(report.createdClusters).toEqual(['cluster3']);
    expect(log.keygens()).toBe(1);
    const after = snapshotTree(dir);
    for (const k of Object.keys(before)) expect(after[k]).toEqual(before[k]);
    const root = x509(fs.readFileSync(path.join(dir, 'root-cert.pem'), 'utf8'));
    expect(x509(readClusterCa(dir, 'cluster3').caCert).verify(root.publicKey)).toBe(true);
  });

  test('fails when the root certificate has no key', async () => {
    const dir = await freshPki(['cluster1']);
    fs.rmSync(path.join(dir, 'root-key.pem'));
    await expect(ensurePki({ dir, clusters: ['cluster1', 'cluster2'], ...FAST })).rejects.toThrow(
      `${path.join(dir, 'root-key.pem')}: missing next to root-cert.pem, so no intermediate can be signed; restore the root key, or import the root with "meshgen ca import --root-cert ... --root-key ..."`,
    );
  });

  test('fails when the root key does not match the root certificate', async () => {
    const dir = await freshPki(['cluster1']);
    const other = await createRootCa(FAST);
    fs.writeFileSync(path.join(dir, 'root-key.pem'), other.keyPem);
    const err = await ensurePki({ dir, clusters: ['cluster1'], ...FAST }).catch((e) => e);
    expect(err).toBeInstanceOf(PkiError);
    expect(err.message).toBe(`${path.join(dir, 'root-key.pem')}: does not match root-cert.pem; restore the matching root key (every intermediate depends on it)`);
    expect(err.message).not.toContain('\n');
  });

  test('fails when a cluster directory is incomplete, and does not regenerate it', async () => {
    const dir = await freshPki(['cluster1']);
    fs.rmSync(path.join(dir, 'cluster1', 'ca-key.pem'));
    await expect(ensurePki({ dir, clusters: ['cluster1'], ...FAST })).rejects.toThrow(/cluster1\/ca-key.pem: missing from the intermediate CA of cluster1; restore it, or run "meshgen ca rotate --cluster cluster1"/);
  });

  test('fails on a cluster name that is not a DNS label', async () => {
    await expect(ensurePki({ dir: path.join(work, 'pki'), clusters: ['../etc'], ...FAST })).rejects.toThrow(
      'clusters[0]: "../etc" is not a valid cluster name for the PKI',
    );
  });

  test('fails on a directory with clusters but no root when a cluster needs an intermediate', async () => {
    const dir = await freshPki(['cluster1']);
    fs.rmSync(path.join(dir, 'root-key.pem'));
    fs.rmSync(path.join(dir, 'root-cert.pem'));
    await expect(ensurePki({ dir, clusters: ['cluster1', 'cluster2'], ...FAST })).rejects.toThrow(/root-key.pem: missing, so no intermediate can be made for cluster2/);
  });
});

describe('crash safety', () => {
  test('a failure before the first commit leaves no PKI directory and no temp directory', async () => {
    const dir = path.join(work, 'pki');
    const hooks = { beforeCommit: () => { throw new Error('simulated crash'); } };
    await expect(ensurePki({ dir, clusters: ['cluster1'], ...FAST, hooks })).rejects.toThrow('simulated crash');
    expect(fs.readdirSync(work)).toEqual([]);
  });

  test('a failure while adding a cluster leaves the old PKI as it was', async () => {
    const dir = await freshPki(['cluster1']);
    const before = snapshotTree(dir);
    let seen = '';
    const hooks = { beforeCommit: (s: { tempDir: string }) => {
      // THEN the temp dir holds the complete new cluster at that point
      seen = fs.readdirSync(s.tempDir).sort().join(',');
      throw new Error('simulated crash');
    } };
    await expect(ensurePki({ dir, clusters: ['cluster1', 'cluster2'], ...FAST, hooks })).rejects.toThrow('simulated crash');
    expect(seen).toBe('ca-cert.pem,ca-key.pem,cert-chain.pem,root-cert.pem');
    expect(snapshotTree(dir)).toEqual(before);
  });

  test('leftovers of a killed run are cleaned up and an interrupted swap is undone', async () => {
    const dir = await freshPki(['cluster1']);
    const original = readClusterCa(dir, 'cluster1');
    // GIVEN a half-written temp cluster and a swap that died between its renames
    fs.mkdirSync(path.join(dir, '.tmp-new-cluster2-abc123'));
    fs.writeFileSync(path.join(dir, '.tmp-new-cluster2-abc123', 'ca-key.pem'), 'half');
    fs.renameSync(path.join(dir, 'cluster1'), path.join(dir, '.tmp-old-cluster1-a1b2c3'));
    fs.mkdirSync(path.join(work, '.meshgen', '.pki.tmp-zzzzzz'));
    // WHEN ensurePki runs
    const report = await ensurePki({ dir, clusters: ['cluster1'], ...FAST });
    // THEN cluster1 is back untouched and the temp directories are gone
    expect(report.createdClusters).toEqual([]);
    expect(readClusterCa(dir, 'cluster1')).toEqual(original);
    expect(fs.readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
    expect(fs.existsSync(path.join(work, '.meshgen', '.pki.tmp-zzzzzz'))).toBe(false);
  });
});

describe('readClusterCa', () => {
  test('returns the four PEM files', async () => {
    const dir = await freshPki(['cluster1']);
    const ca = readClusterCa(dir, 'cluster1');
    expect(ca.caCert).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(ca.caKey).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    expect(ca.certChain.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
  });

  test('fails when the cluster has no intermediate', async () => {
    const dir = await freshPki(['cluster1']);
    expect(() => readClusterCa(dir, 'cluster9')).toThrow(`${path.join(dir, 'cluster9', 'ca-cert.pem')}: missing; run "meshgen ca init" to create the intermediate CA of cluster9`);
  });
});

describe('rotateIntermediate', () => {
  test('replaces the intermediate under the same root and keeps the previous one', async () => {
    const dir = await freshPki();
    const old = readClusterCa(dir, 'cluster1');
    const other = readClusterCa(dir, 'cluster2');
    const rootBefore = fs.readFileSync(path.join(dir, 'root-key.pem'), 'utf8');
    const report = await rotateIntermediate({ dir, cluster: 'cluster1', ...FAST });
    const now = readClusterCa(dir, 'cluster1');
    expect(now.caCert).not.toBe(old.caCert);
    expect(now.caKey).not.toBe(old.caKey);
    expect(now.rootCert).toBe(old.rootCert);
    expect(x509(now.caCert).verify(x509(now.rootCert).publicKey)).toBe(true);
    expect(readPrevious(dir, 'cluster1')).toEqual(old);
    expect(report.previousDir).toBe(path.join(dir, 'cluster1', 'previous'));
    expect(readClusterCa(dir, 'cluster2')).toEqual(other);
    expect(fs.readFileSync(path.join(dir, 'root-key.pem'), 'utf8')).toBe(rootBefore);
    expect(mode(path.join(dir, 'cluster1', 'previous', 'ca-key.pem'))).toBe(0o600);
  });

  test('a failure during rotate leaves the current intermediate in place', async () => {
    const dir = await freshPki(['cluster1']);
    const before = snapshotTree(dir);
    const hooks = { beforeCommit: () => { throw new Error('simulated crash'); } };
    await expect(rotateIntermediate({ dir, cluster: 'cluster1', ...FAST, hooks })).rejects.toThrow('simulated crash');
    expect(snapshotTree(dir)).toEqual(before);
  });

  test('fails for a cluster without an intermediate', async () => {
    const dir = await freshPki(['cluster1']);
    await expect(rotateIntermediate({ dir, cluster: 'cluster2', ...FAST })).rejects.toThrow(/cluster2: missing, so there is nothing to rotate for cluster cluster2; run "meshgen ca init"/);
  });
});

describe('importProvided: root', () => {
  async function writeRoot(name: string, opts = {}): Promise<{ cert: string; key: string }> {
    const root = await createRootCa({ ...FAST, ...opts });
    const cert = path.join(work, `${name}-cert.pem`);
    const key = path.join(work, `${name}-key.pem`);
    fs.writeFileSync(cert, root.certPem);
    fs.writeFileSync(key, root.keyPem);
    return { cert, key };
  }

  test('takes the user root; ensurePki then makes intermediates under it', async () => {
    const dir = path.join(work, 'pki');
    const user = await writeRoot('user');
    const report = await importProvided({ kind: 'root', dir, rootCert: user.cert, rootKey: user.key });
    expect(report.written).toEqual(['root-cert.pem', 'root-key.pem']);
    expect(mode(path.join(dir, 'root-key.pem'))).toBe(0o600);
    const ensured = await ensurePki({ dir, clusters: ['cluster1'], ...FAST });
    expect(ensured.rootCreated).toBe(false);
    expect(x509(readClusterCa(dir, 'cluster1').caCert).verify(x509(fs.readFileSync(user.cert, 'utf8')).publicKey)).toBe(true);
  });

  test('fails when the key does not match the certificate', async () => {
    const a = await writeRoot('a');
    const b = await writeRoot('b');
    await expect(importProvided({ kind: 'root', dir: path.join(work, 'pki'), rootCert: a.cert, rootKey: b.key })).rejects.toThrow(
      `${b.key}: does not match ${a.cert}; provide the private key of that certificate`,
    );
  });

  test('fails on an expired root', async () => {
    const old = await writeRoot('old', { rootDays: 1, now: new Date('2020-01-01T00:00:00Z') });
    await expect(importProvided({ kind: 'root', dir: path.join(work, 'pki'), rootCert: old.cert, rootKey: old.key })).rejects.toThrow(
      `${old.cert}: "O=Istio, CN=Root CA" expired on 2020-01-02T00:00:00.000Z; provide a certificate that is valid now`,
    );
  });

  test('refuses to replace another root without force, replaces it with force and names the stale clusters', async () => {
    const dir = await freshPki(['cluster1']);
    const user = await writeRoot('user');
    await expect(importProvided({ kind: 'root', dir, rootCert: user.cert, rootKey: user.key })).rejects.toThrow(/root-key.pem: a different root is already there; keep it, or pass force: true \(--force\)/);
    const report = await importProvided({ kind: 'root', dir, rootCert: user.cert, rootKey: user.key, force: true });
    expect(report.clustersNotUnderRoot).toEqual(['cluster1']);
    expect(fs.readFileSync(path.join(dir, 'root-cert.pem'), 'utf8')).toBe(fs.readFileSync(user.cert, 'utf8'));
  });
});

describe('importProvided: intermediate', () => {
  const sample = (f: string): string => path.join(ISTIO_CERTS, f);

  test("takes Istio's sample cacerts for a cluster", async () => {
    const dir = path.join(work, 'pki');
    const report = await importProvided({
      kind: 'intermediate', dir, cluster: 'cluster1',
      caCert: sample('ca-cert.pem'), caKey: sample('ca-key.pem'), certChain: sample('cert-chain.pem'), rootCert: sample('root-cert.pem'),
    });
    expect(report.written).toHaveLength(4);
    expect(readClusterCa(dir, 'cluster1').caCert).toBe(fs.readFileSync(sample('ca-cert.pem'), 'utf8'));
    expect(mode(path.join(dir, 'cluster1', 'ca-key.pem'))).toBe(0o600);
    expect(pkiStatus(dir, ['cluster1'], NOW).ok).toBe(true);
    // ensurePki has nothing to make for it, even without a root key
    expect((await ensurePki({ dir, clusters: ['cluster1'], ...FAST })).createdClusters).toEqual([]);
  });

  test("fails on Istio's alt-2 sample, whose key does not match its certificate", async () => {
    await expect(importProvided({
      kind: 'intermediate', dir: path.join(work, 'pki'), cluster: 'cluster2',
      caCert: sample('ca-cert-alt-2.pem'), caKey: sample('ca-key-alt-2.pem'), certChain: sample('cert-chain-alt-2.pem'), rootCert: sample('root-cert-alt.pem'),
    })).rejects.toThrow(`${sample('ca-key-alt-2.pem')}: does not match ${sample('ca-cert-alt-2.pem')}; provide the private key of that certificate`);
  });

  test('fails on an intermediate that does not chain to the root', async () => {
    await expect(importProvided({
      kind: 'intermediate', dir: path.join(work, 'pki'), cluster: 'cluster1',
      caCert: sample('ca-cert.pem'), caKey: sample('ca-key.pem'), certChain: sample('cert-chain.pem'), rootCert: sample('root-cert-alt.pem'),
    })).rejects.toThrow(/ca-cert.pem: "C=US, ST=California, L=Sunnyvale, O=Istio, CN=Istio CA" does not chain to .*root-cert-alt.pem/);
  });

  test('fails on an expired intermediate', async () => {
    const root = await createRootCa({ ...FAST, now: new Date('2020-01-01T00:00:00Z') });
    const inter = await createIntermediateCa('cluster1', root, { ...FAST, intermediateDays: 30, now: new Date('2020-01-01T00:00:00Z') });
    const f = (n: string, s: string): string => { const p = path.join(work, n); fs.writeFileSync(p, s); return p; };
    await expect(importProvided({
      kind: 'intermediate', dir: path.join(work, 'pki'), cluster: 'cluster1',
      caCert: f('ca-cert.pem', inter.certPem), caKey: f('ca-key.pem', inter.keyPem), certChain: f('cert-chain.pem', inter.certPem + root.certPem), rootCert: f('root-cert.pem', root.certPem),
    })).rejects.toThrow(`${path.join(work, 'ca-cert.pem')}: "O=Istio, CN=Intermediate CA, L=cluster1" expired on 2020-01-31T00:00:00.000Z; provide a certificate that is valid now`);
  });

  test('refuses to overwrite an existing intermediate without force; force keeps the old one in previous/', async () => {
    const dir = await freshPki(['cluster1']);
    fs.rmSync(path.join(dir, 'root-cert.pem')); fs.rmSync(path.join(dir, 'root-key.pem'));
    const opts = {
      kind: 'intermediate' as const, dir, cluster: 'cluster1',
      caCert: sample('ca-cert.pem'), caKey: sample('ca-key.pem'), certChain: sample('cert-chain.pem'), rootCert: sample('root-cert.pem'),
    };
    const old = readClusterCa(dir, 'cluster1');
    await expect(importProvided(opts)).rejects.toThrow(/cluster1\/ca-key.pem: cluster cluster1 already has an intermediate CA; keep it, or pass force: true/);
    expect(readClusterCa(dir, 'cluster1')).toEqual(old);
    await importProvided({ ...opts, force: true });
    expect(readPrevious(dir, 'cluster1')).toEqual(old);
  });
});

describe('pkiStatus', () => {
  test('reports subject, issuer, notAfter and days left, with no problem', async () => {
    const dir = await freshPki(['cluster1']);
    const s = pkiStatus(dir, ['cluster1'], new Date('2026-03-11T12:00:00Z'));
    expect(s.ok).toBe(true);
    expect(s.root.problems).toEqual([]);
    expect(s.clusters[0]).toEqual({
      cluster: 'cluster1',
      certificate: {
        subject: 'O=Istio, CN=Intermediate CA, L=cluster1', issuer: 'O=Istio, CN=Root CA',
        notBefore: '2026-03-01T12:00:00.000Z', notAfter: '2028-02-29T12:00:00.000Z', daysLeft: 720,
      },
      problems: [],
    });
  });

  test('warns under 30 days left', async () => {
    const dir = await freshPki(['cluster1']);
    const s = pkiStatus(dir, ['cluster1'], new Date('2028-02-10T12:00:00Z'));
    expect(s.ok).toBe(true);
    expect(s.clusters[0].problems).toEqual([{
      severity: 'warning', code: 'expires-soon',
      message: `${path.join(dir, 'cluster1', 'ca-cert.pem')}: expires in 19 day(s), on 2028-02-29T12:00:00.000Z; run "meshgen ca rotate --cluster cluster1"`,
    }]);
  });

  test('reports an expired intermediate as an error', async () => {
    const dir = await freshPki(['cluster1']);
    const s = pkiStatus(dir, ['cluster1'], new Date('2029-01-01T00:00:00Z'));
    expect(s.ok).toBe(false);
    expect(s.clusters[0].problems.map((p) => p.code)).toEqual(['expired']);
    expect(s.clusters[0].certificate?.daysLeft).toBeLessThan(0);
  });

  test('reports a missing cluster, a key mismatch and a broken chain', async () => {
    const dir = await freshPki(['cluster1', 'cluster2']);
    const stranger = await createIntermediateCa('cluster2', await createRootCa({ ...FAST, now: NOW }), { ...FAST, now: NOW });
    fs.writeFileSync(path.join(dir, 'cluster1', 'ca-key.pem'), stranger.keyPem);
    fs.writeFileSync(path.join(dir, 'cluster2', 'ca-cert.pem'), stranger.certPem);
    const s = pkiStatus(dir, ['cluster1', 'cluster2', 'cluster3'], NOW);
    expect(s.ok).toBe(false);
    const codes = Object.fromEntries(s.clusters.map((c) => [c.cluster, c.problems.map((p) => p.code)]));
    expect(codes).toEqual({
      cluster1: ['key-mismatch'],
      cluster2: ['key-mismatch', 'chain-broken', 'chain-broken'],
      cluster3: ['missing'],
    });
    expect(s.clusters[0].problems[0].message).toBe(`${path.join(dir, 'cluster1', 'ca-key.pem')}: does not match ca-cert.pem; restore the matching key or run "meshgen ca rotate --cluster cluster1"`);
  });

  test('the committed test PKI fixture is valid for a century', () => {
    const s = pkiStatus(TEST_PKI, ['cluster1', 'cluster2'], NOW);
    expect(s.ok).toBe(true);
    expect(s.clusters.every((c) => c.problems.length === 0 && (c.certificate?.daysLeft ?? 0) > 30000)).toBe(true);
  });
});
