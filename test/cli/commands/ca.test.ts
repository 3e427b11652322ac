import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { runCliCaptured as run } from '../run-cli';
import { validateObject } from '../../../lib/schema';
import { docs, fixturePki, listFiles, meshInput, SEED_CLUSTERS, tempDir } from '../../helpers';


/** A working directory with mesh.yaml and a copy of the test PKI at .meshgen/pki. */
function workdir(ca: Record<string, unknown> = {}): string {
  const dir = tempDir();
  const input = meshInput(SEED_CLUSTERS);
  input.spec.ca = { keySize: 2048, ...ca };
  fs.writeFileSync(path.join(dir, 'mesh.yaml'), YAML.stringify(input));
  fs.mkdirSync(path.join(dir, '.meshgen'));
  fs.cpSync(fixturePki(), path.join(dir, '.meshgen', 'pki'), { recursive: true });
  return dir;
}

describe('meshgen synth with the plug-in CA', () => {
  test('GIVEN the default mode THEN cacerts Secrets go to .meshgen/secrets (0600), never into dist/', async () => {
    const dir = workdir();
    const r = await run(['synth', '--spec', 'mesh.yaml'], dir);
    expect(r.code).toBe(0);
    expect(listFiles(path.join(dir, '.meshgen', 'secrets'))).toEqual(['.gitignore', 'cluster1/cacerts.yaml', 'cluster2/cacerts.yaml']);
    const file = path.join(dir, '.meshgen', 'secrets', 'cluster2', 'cacerts.yaml');
    expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');
    const [secret] = docs(fs.readFileSync(file, 'utf8'));
    expect(secret.metadata).toEqual({ name: 'cacerts', namespace: 'istio-system' });
    expect(Object.keys(secret.data).sort()).toEqual(['ca-cert.pem', 'ca-key.pem', 'cert-chain.pem', 'root-cert.pem']);
    expect(Buffer.from(secret.data['ca-cert.pem'], 'base64').toString()).toBe(fs.readFileSync(path.join(dir, '.meshgen', 'pki', 'cluster2', 'ca-cert.pem'), 'utf8'));
    expect(validateObject(secret)).toEqual([]);
    for (const f of listFiles(path.join(dir, 'dist'))) {
      expect(fs.readFileSync(path.join(dir, 'dist', f), 'utf8')).not.toMatch(/PRIVATE KEY|ca-key\.pem/);
    }
  });

  test('GIVEN --include-secrets THEN the Secrets are in the bundles, right after the namespace in the kustomization', async () => {
    const dir = workdir();
    const r = await run(['synth', '--spec', 'mesh.yaml', '--include-secrets'], dir);
    expect(r.code).toBe(0);
    expect(r.err).toContain('warning: --include-secrets');
    const [k] = docs(fs.readFileSync(path.join(dir, 'dist', 'cluster1', 'kustomization.yaml'), 'utf8'));
    expect(k.resources.slice(0, 2)).toEqual(['namespace.yaml', 'cacerts.yaml']);
    expect(fs.existsSync(path.join(dir, '.meshgen', 'secrets'))).toBe(false);
    // the keys in the bundles are git-ignored
    expect(fs.readFileSync(path.join(dir, 'dist', '.gitignore'), 'utf8')).toMatch(/^\/cluster1\/cacerts.yaml\n\/cluster2\/cacerts.yaml\n$/m);
  });

  test('fails when --secrets-out is inside --out', async () => {
    const dir = workdir();
    const r = await run(['synth', '--spec', 'mesh.yaml', '--secrets-out', 'dist/secrets'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^--secrets-out dist\/secrets: is inside --out dist/);
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  test('GIVEN mode cert-manager THEN each bundle holds an Issuer and a Certificate that validate, and no key is written anywhere', async () => {
    const dir = workdir({ mode: 'cert-manager' });
    const r = await run(['synth', '--spec', 'mesh.yaml'], dir);
    expect(r.code).toBe(0);
    const objs = docs(fs.readFileSync(path.join(dir, 'dist', 'cluster2', 'cert-manager.yaml'), 'utf8'));
    expect(objs.map((o) => o.kind)).toEqual(['Issuer', 'Certificate']);
    const cert = objs[1];
    expect(cert.spec).toMatchObject({ isCA: true, secretName: 'cacerts', issuerRef: { name: 'meshgen-root-ca', kind: 'Issuer' } });
    expect(cert.spec.subject.localities).toEqual(['cluster2']);
    for (const o of objs) expect(validateObject(o)).toEqual([]);
    expect(fs.existsSync(path.join(dir, '.meshgen', 'secrets'))).toBe(false);
    const plan = await run(['plan', '--spec', 'mesh.yaml'], dir);
    expect(plan.out).toContain('kubectl --context=cluster2 apply -f dist/cluster2/cert-manager.yaml');
  });

  test('GIVEN mode none THEN synth warns that clusters will not trust each other', async () => {
    const dir = workdir({ mode: 'none' });
    const r = await run(['synth', '--spec', 'mesh.yaml'], dir);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^warning: spec\.ca\.mode: none: .*will not trust each other/m);
  });

  test('fails on a bad spec.ca with the field and the fix', async () => {
    const dir = workdir({ mode: 'provided' });
    const r = await run(['validate', '--spec', 'mesh.yaml'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('spec.ca: mode: provided needs rootCert + rootKey');
    const d2 = workdir({ keySize: 1000 });
    expect((await run(['validate', '--spec', 'mesh.yaml'], d2)).err).toContain('spec.ca.keySize: 1000 is not a whole number from 2048 to 8192');
  });
});

describe('meshgen ca', () => {
  test('status prints subject, issuer, not after and days left per cluster', async () => {
    const dir = workdir();
    const r = await run(['ca', 'status', '--spec', 'mesh.yaml'], dir);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^CLUSTER\s+SUBJECT\s+ISSUER\s+NOT AFTER\s+DAYS LEFT\s+STATUS$/);
    expect(lines.map((l) => l.split(/\s{2,}/)[0])).toEqual(['CLUSTER', '(root)', 'cluster1', 'cluster2']);
    expect(lines[2]).toMatch(/Intermediate CA/);
    expect(lines[2]).toMatch(/ ok$/);
  });

  test('fails (exit 1) when a cluster\'s key does not match its certificate', async () => {
    const dir = workdir();
    const pki = path.join(dir, '.meshgen', 'pki');
    fs.copyFileSync(path.join(pki, 'cluster1', 'ca-key.pem'), path.join(pki, 'cluster2', 'ca-key.pem'));
    const r = await run(['ca', 'status', '--spec', 'mesh.yaml'], dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/cluster2 .*ERROR: key-mismatch/);
  });

  test('rotate gives one cluster a new intermediate under the same root; init then changes nothing', async () => {
    const dir = workdir();
    const pki = path.join(dir, '.meshgen', 'pki');
    const before = fs.readFileSync(path.join(pki, 'cluster2', 'ca-cert.pem'), 'utf8');
    const c1 = fs.readFileSync(path.join(pki, 'cluster1', 'ca-cert.pem'), 'utf8');
    const r = await run(['ca', 'rotate', '--spec', 'mesh.yaml', '--cluster', 'cluster2'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^cluster2: new intermediate CA, valid until /);
    expect(fs.readFileSync(path.join(pki, 'cluster2', 'ca-cert.pem'), 'utf8')).not.toBe(before);
    expect(fs.readFileSync(path.join(pki, 'cluster1', 'ca-cert.pem'), 'utf8')).toBe(c1);
    expect((await run(['ca', 'status', '--spec', 'mesh.yaml'], dir)).code).toBe(0);
    const init = await run(['ca', 'init', '--progress', '--spec', 'mesh.yaml'], dir);
    expect(init.code).toBe(0);
    expect(init.err).not.toContain('generating');
  });

  test('fails to rotate a cluster that is not in the mesh', async () => {
    const r = await run(['ca', 'rotate', '--spec', 'mesh.yaml', '--cluster', 'nope'], workdir());
    expect(r.code).toBe(2);
    expect(r.err).toBe('--cluster nope: is not a cluster of mesh mesh1; use one of cluster1, cluster2\n');
  });
});

describe('meshgen ca status --format json', () => {
  test('GIVEN the test PKI THEN {dir, root, clusters, ok} with each certificate, exit 0', async () => {
    const dir = workdir();
    const r = await run(['ca', 'status', '--spec', 'mesh.yaml', '-o', 'json'], dir);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(Object.keys(s).sort()).toEqual(['clusters', 'dir', 'ok', 'root']);
    expect(s.dir).toBe('.meshgen/pki');
    expect(s.ok).toBe(true);
    expect(s.root).toMatchObject({ hasKey: true, problems: [] });
    expect(Object.keys(s.root.certificate).sort()).toEqual(['daysLeft', 'issuer', 'notAfter', 'notBefore', 'subject']);
    expect(s.clusters.map((c: any) => c.cluster)).toEqual(['cluster1', 'cluster2']);
    expect(s.clusters[1].certificate.subject).toMatch(/Intermediate CA/);
    expect(typeof s.clusters[1].certificate.daysLeft).toBe('number');
  });

  test('fails (exit 1) with the problem in the JSON and the error on stderr', async () => {
    const dir = workdir();
    const pki = path.join(dir, '.meshgen', 'pki');
    fs.copyFileSync(path.join(pki, 'cluster1', 'ca-key.pem'), path.join(pki, 'cluster2', 'ca-key.pem'));
    const r = await run(['ca', 'status', '--spec', 'mesh.yaml', '--format', 'json'], dir);
    expect(r.code).toBe(1);
    const s = JSON.parse(r.out);
    expect(s.ok).toBe(false);
    expect(s.clusters[1].problems).toEqual([expect.objectContaining({ severity: 'error', code: 'key-mismatch' })]);
    expect(r.err).toContain(s.clusters[1].problems[0].message);
  });
});
