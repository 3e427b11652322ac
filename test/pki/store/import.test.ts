import * as path from 'path';
import { importProvided } from '../../../lib/pki';
import { FIXTURES, TEST_PKI, rm, tempDir } from '../helpers';

/* What `ca import` (and spec.ca.mode: provided) refuses, from committed fixtures (no key made). */

const BAD = path.join(FIXTURES, 'pki-import');
const ROOT_KEY = path.join(TEST_PKI, 'root-key.pem');
const INTER_KEY = path.join(TEST_PKI, 'cluster1', 'ca-key.pem');
const NOW = new Date('2027-01-01T00:00:00Z');
let work: string;
beforeEach(() => { work = tempDir(); });
afterEach(() => rm(work));

async function refusal(p: Promise<unknown>): Promise<string> {
  const err = await p.then(() => undefined, (e) => e as Error);
  expect(err).toBeDefined();
  expect(err!.message).not.toContain('\n');
  return err!.message;
}

describe('importProvided refuses', () => {
  test('fails on a root with a key under 2048 bits', async () => {
    const cert = path.join(BAD, 'weak-root-cert.pem');
    expect(await refusal(importProvided({ kind: 'root', dir: path.join(work, 'pki'), rootCert: cert, rootKey: path.join(BAD, 'weak-key.pem'), now: NOW })))
      .toBe(`${cert}: "O=meshgen test, CN=Weak Root" has a 1024-bit RSA key; meshgen refuses CA keys under 2048 bits (RSA) or 256 bits (EC), so provide a stronger CA`);
  });

  test('fails on a root whose pathlen:0 forbids the intermediates', async () => {
    const cert = path.join(BAD, 'pathlen0-root-cert.pem');
    expect(await refusal(importProvided({ kind: 'root', dir: path.join(work, 'pki'), rootCert: cert, rootKey: ROOT_KEY, now: NOW })))
      .toBe(`${cert}: "O=meshgen test, CN=Pathlen0 Root" has pathlen:0, which forbids the intermediate CA every cluster needs under it (each workload certificate would fail to verify); provide a root without a path length limit or with pathlen of at least 1`);
  });

  test('fails on an intermediate under a pathlen:0 root', async () => {
    const root = path.join(BAD, 'pathlen0-root-cert.pem');
    expect(await refusal(importProvided({
      kind: 'intermediate', dir: path.join(work, 'pki'), cluster: 'cluster1', now: NOW,
      caCert: path.join(BAD, 'under-pathlen0-cert.pem'), caKey: INTER_KEY, certChain: path.join(BAD, 'under-pathlen0-chain.pem'), rootCert: root,
    }))).toBe(`${root}: "O=meshgen test, CN=Pathlen0 Root" has pathlen:0, which forbids the 1 CA(s) under it down to ca-cert.pem (every workload certificate would fail to verify); provide a chain whose path length constraints allow it`);
  });

  test('fails on an intermediate that outlives its root, with both dates', async () => {
    const cert = path.join(BAD, 'outliving-cert.pem');
    expect(await refusal(importProvided({
      kind: 'intermediate', dir: path.join(work, 'pki'), cluster: 'cluster1', now: NOW,
      caCert: cert, caKey: INTER_KEY, certChain: path.join(BAD, 'outliving-chain.pem'), rootCert: path.join(BAD, 'short-root-cert.pem'),
    }))).toBe(`${cert}: "O=meshgen test, CN=Outliving Intermediate" is valid until 2046-01-01T00:00:00.000Z, after its root "O=meshgen test, CN=Short Root" expires (2036-01-01T00:00:00.000Z); from then on nothing under it verifies, so provide an intermediate that ends by 2036-01-01T00:00:00.000Z`);
  });

  test('fails on an intermediate with a key under 2048 bits', async () => {
    const cert = path.join(BAD, 'weak-intermediate-cert.pem');
    expect(await refusal(importProvided({
      kind: 'intermediate', dir: path.join(work, 'pki'), cluster: 'cluster1', now: NOW,
      caCert: cert, caKey: path.join(BAD, 'weak-key.pem'), certChain: path.join(BAD, 'weak-intermediate-chain.pem'), rootCert: path.join(BAD, 'short-root-cert.pem'),
    }))).toMatch(new RegExp(`^${cert}: "O=meshgen test, CN=Weak Intermediate" has a 1024-bit RSA key; meshgen refuses CA keys under 2048 bits`));
  });

  test('fails on /dev/zero as a root certificate with one line (never reads it)', async () => {
    expect(await refusal(importProvided({ kind: 'root', dir: path.join(work, 'pki'), rootCert: '/dev/zero', rootKey: ROOT_KEY, now: NOW })))
      .toBe('/dev/zero: cannot be read (is a character device, not a regular file); give the path of a PEM file');
  });

  test('writes nothing when it refuses', async () => {
    const dir = path.join(work, 'pki');
    await refusal(importProvided({ kind: 'root', dir, rootCert: path.join(BAD, 'pathlen0-root-cert.pem'), rootKey: ROOT_KEY, now: NOW }));
    expect(require('fs').existsSync(dir)).toBe(false);
  });
});
