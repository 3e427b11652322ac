import * as fs from 'fs';
import * as path from 'path';
import { prepareMeshCa } from '../../lib/pki/mesh-ca';
import { validateMeshSpec } from '../../lib/mesh-spec/parse';
import { fixturePki, meshInput, ROOT, SEED_CLUSTERS, tempDir, THREE_CLUSTERS } from '../helpers';

function spec(ca: Record<string, unknown>, clusters = SEED_CLUSTERS) {
  const input = meshInput(clusters);
  input.spec.ca = ca;
  return validateMeshSpec(input);
}

describe('prepareMeshCa', () => {
  test('GIVEN an existing PKI THEN it reads every cluster back and makes no key', async () => {
    const dir = fixturePki();
    const progress: string[] = [];
    const ca = await prepareMeshCa(spec({ dir }), { cwd: '/', onProgress: (m) => progress.push(m) });
    expect([...ca!.keys()]).toEqual(['cluster1', 'cluster2']);
    expect(ca!.get('cluster1')!.caCert).toBe(fs.readFileSync(path.join(dir, 'cluster1', 'ca-cert.pem'), 'utf8'));
    expect(progress.filter((m) => m.startsWith('generating'))).toEqual([]);
  });

  test('GIVEN a new cluster THEN it gets an intermediate under the existing root', async () => {
    const dir = fixturePki();
    const root = fs.readFileSync(path.join(dir, 'root-cert.pem'), 'utf8');
    const ca = await prepareMeshCa(spec({ dir, keySize: 2048 }, THREE_CLUSTERS), { cwd: '/' });
    expect(ca!.get('cluster3')!.rootCert).toBe(root);
    expect(ca!.get('cluster3')!.certChain.endsWith(root)).toBe(true);
  });

  test('GIVEN mode none or cert-manager THEN there are no CA files', async () => {
    expect(await prepareMeshCa(spec({ mode: 'none' }), { cwd: tempDir() })).toBeUndefined();
    expect(await prepareMeshCa(spec({ mode: 'cert-manager' }), { cwd: tempDir() })).toBeUndefined();
  });

  test('GIVEN a provided root THEN it is imported and the intermediates are made under it', async () => {
    const fixture = path.join(ROOT, 'test', 'fixtures', 'pki');
    const dir = path.join(tempDir(), 'pki');
    const ca = await prepareMeshCa(spec({ mode: 'provided', dir, keySize: 2048, rootCert: path.join(fixture, 'root-cert.pem'), rootKey: path.join(fixture, 'root-key.pem') }), { cwd: '/' });
    expect(ca!.get('cluster2')!.rootCert).toBe(fs.readFileSync(path.join(fixture, 'root-cert.pem'), 'utf8'));
    expect((fs.statSync(path.join(dir, 'cluster2', 'ca-key.pem')).mode & 0o777).toString(8)).toBe('600');
  });

  test('GIVEN provided intermediates THEN they are imported as they are', async () => {
    const fixture = path.join(ROOT, 'test', 'fixtures', 'pki');
    const dir = path.join(tempDir(), 'pki');
    const ca = await prepareMeshCa(spec({ mode: 'provided', dir, intermediates: fixture }), { cwd: '/' });
    expect(ca!.get('cluster1')!.caCert).toBe(fs.readFileSync(path.join(fixture, 'cluster1', 'ca-cert.pem'), 'utf8'));
    expect(fs.existsSync(path.join(dir, 'root-key.pem'))).toBe(false);
  });

  test('fails when the provided root differs from the root already in the PKI', async () => {
    const dir = fixturePki();
    const other = path.join(ROOT, 'test', 'fixtures', 'istio-certs');
    await expect(prepareMeshCa(spec({ mode: 'provided', dir, rootCert: path.join(other, 'root-cert.pem'), rootKey: path.join(other, 'ca-key.pem') }), { cwd: '/' }))
      .rejects.toThrow(/^spec\.ca\.rootCert: .* is not the root already in /);
  });

  test('fails when a provided intermediate is missing for a cluster', async () => {
    const src = tempDir();
    await expect(prepareMeshCa(spec({ mode: 'provided', dir: path.join(tempDir(), 'pki'), intermediates: src }), { cwd: '/' }))
      .rejects.toThrow(/^spec\.ca\.intermediates: .*cluster1\/ca-cert\.pem is missing/);
  });
});
