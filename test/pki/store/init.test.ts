import * as fs from 'fs';
import * as path from 'path';
import { SimulatedCrash } from '../../../lib/fsx/atomic-writer';
import { ensurePki, readClusterCa } from '../../../lib/pki';
import { FAST, listAll, rm, tempDir, x509 } from '../helpers';

const NOW = new Date('2026-03-01T12:00:00Z');
const COMPLETE = [
  '.gitignore',
  'cluster1/', 'cluster1/ca-cert.pem', 'cluster1/ca-key.pem', 'cluster1/cert-chain.pem', 'cluster1/root-cert.pem',
  'root-cert.pem', 'root-key.pem',
];
let work: string;
beforeEach(() => { work = tempDir(); });
afterEach(() => rm(work));

function keygens(): { onProgress: (m: string) => void; count: () => number } {
  let n = 0;
  return { onProgress: (m) => { if (m.startsWith('generating')) n++; }, count: () => n };
}

describe('ensurePki: two at once', () => {
  test('GIVEN two first-time inits of one PKI at once THEN neither crashes: one makes the root, the other finds it', async () => {
    const dir = path.join(work, '.meshgen', 'pki');
    const [a, b] = await Promise.all([
      ensurePki({ dir, clusters: ['cluster1'], ...FAST, now: NOW }),
      ensurePki({ dir, clusters: ['cluster1'], ...FAST, now: NOW }),
    ]);
    expect([a.rootCreated, b.rootCreated].sort()).toEqual([false, true]);
    expect(listAll(dir)).toEqual(COMPLETE);
    const ca = readClusterCa(dir, 'cluster1');
    expect(x509(ca.caCert).verify(x509(fs.readFileSync(path.join(dir, 'root-cert.pem'), 'utf8')).publicKey)).toBe(true);
  });
});

describe('ensurePki: crash at a step of the first init', () => {
  // Representative steps (every step of the writer is covered in test/fsx): before and after the commit point.
  test.each([
    ['stage .gitignore', false],
    ['stage root-key.pem', false],
    ['commit', false],
    ['apply cluster1', true],
    ['clean', true],
  ])('GIVEN a crash at "%s" THEN the next run finds no PKI or the complete one (committed: %s), never a root without its clusters', async (at, committed) => {
    const dir = path.join(work, 'pki');
    const hooks = { onStep: (s: string) => { if (s === at) throw new SimulatedCrash(s); } };
    await expect(ensurePki({ dir, clusters: ['cluster1'], ...FAST, now: NOW, hooks })).rejects.toThrow(SimulatedCrash);
    const log = keygens();
    const report = await ensurePki({ dir, clusters: ['cluster1'], ...FAST, now: NOW, onProgress: log.onProgress });
    // THEN: before the commit point nothing was made, so the next run makes it all; after it, the next run completes it and makes no key
    expect(report.rootCreated).toBe(!committed);
    expect(log.count()).toBe(committed ? 0 : 2);
    expect(listAll(dir)).toEqual(COMPLETE);
    expect(readClusterCa(dir, 'cluster1').rootCert).toBe(fs.readFileSync(path.join(dir, 'root-cert.pem'), 'utf8'));
  });
});
