import * as fs from 'fs';
import * as path from 'path';
import { pkiStatus } from '../../../lib/pki';
import { FIXTURES, TEST_PKI, rm, tempDir } from '../helpers';

const BAD = path.join(FIXTURES, 'pki-import');
const NOW = new Date('2027-01-01T00:00:00Z');
let work: string;
beforeEach(() => { work = tempDir(); });
afterEach(() => rm(work));

/** A PKI directory laid out by hand from fixture files. */
function pki(root: string, cluster: { caCert: string; chain: string; key: string; root?: string }): string {
  const dir = path.join(work, 'pki');
  fs.mkdirSync(path.join(dir, 'cluster1'), { recursive: true });
  fs.copyFileSync(root, path.join(dir, 'root-cert.pem'));
  fs.copyFileSync(path.join(TEST_PKI, 'root-key.pem'), path.join(dir, 'root-key.pem'));
  fs.copyFileSync(cluster.caCert, path.join(dir, 'cluster1', 'ca-cert.pem'));
  fs.copyFileSync(cluster.key, path.join(dir, 'cluster1', 'ca-key.pem'));
  fs.copyFileSync(cluster.chain, path.join(dir, 'cluster1', 'cert-chain.pem'));
  fs.copyFileSync(cluster.root ?? root, path.join(dir, 'cluster1', 'root-cert.pem'));
  return dir;
}

describe('pkiStatus', () => {
  test('warns about an intermediate that outlives its root, with both dates', () => {
    const dir = pki(path.join(BAD, 'short-root-cert.pem'), {
      caCert: path.join(BAD, 'outliving-cert.pem'), chain: path.join(BAD, 'outliving-chain.pem'), key: path.join(TEST_PKI, 'cluster1', 'ca-key.pem'),
    });
    const s = pkiStatus(dir, ['cluster1'], NOW);
    expect(s.clusters[0].problems).toEqual([{
      severity: 'warning', code: 'outlives-root',
      message: `${path.join(dir, 'cluster1', 'ca-cert.pem')}: is valid until 2046-01-01T00:00:00.000Z, after its root expires (2036-01-01T00:00:00.000Z); from 2036-01-01 on nothing under it verifies, so rotate the root before then (docs/ca.md "Rotating the root")`,
    }]);
    expect(s.ok).toBe(true);
  });

  test('reports a root whose pathlen:0 forbids the intermediates as an error', () => {
    const dir = pki(path.join(BAD, 'pathlen0-root-cert.pem'), {
      caCert: path.join(BAD, 'under-pathlen0-cert.pem'), chain: path.join(BAD, 'under-pathlen0-chain.pem'), key: path.join(TEST_PKI, 'cluster1', 'ca-key.pem'),
    });
    const s = pkiStatus(dir, ['cluster1'], NOW);
    expect(s.ok).toBe(false);
    expect(s.root.problems.map((p) => p.code)).toEqual(['pathlen']);
    expect(s.root.problems[0].message).toMatch(/root-cert.pem: has pathlen:0, which forbids the intermediate CAs under it/);
  });
});
