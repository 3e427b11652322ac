import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { runCliCaptured as run } from '../run-cli';
import { fixturePki, meshInput, ROOT, SEED_CLUSTERS, tempDir } from '../../helpers';

/* The ca commands and the key directories: one line, exit 1, nothing written. */


function workdir(): string {
  const dir = tempDir();
  const input = meshInput(SEED_CLUSTERS);
  input.spec.ca = { keySize: 2048 };
  fs.writeFileSync(path.join(dir, 'mesh.yaml'), YAML.stringify(input));
  return dir;
}

const BAD = path.join(ROOT, 'test', 'fixtures', 'pki-import');

describe('meshgen ca and key directories', () => {
  test.each([
    [['ca', 'init', '--pki-dir', '.'], /^--pki-dir \.: is the working directory; meshgen puts private keys and a \.gitignore of \* there/],
    [['ca', 'rotate', '--cluster', 'cluster1', '--pki-dir', '..'], /^--pki-dir \.\.: is the working directory or a parent of it;/],
    [['remote-secret', '--all', '--secrets-out', '.', '--kubeconfig', 'KUBECONFIG'], /^--secrets-out \.: is the working directory;/],
  ])('fails on %j with one line, exit 1, and writes nothing', async (args, msg) => {
    const dir = workdir();
    const kc = path.join(tempDir(), 'config');
    fs.writeFileSync(kc, 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n');
    const r = await run([...args.map((a) => (a === 'KUBECONFIG' ? kc : a)), '--spec', 'mesh.yaml'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(msg);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expect(fs.readdirSync(dir)).toEqual(['mesh.yaml']);
  });

  test('fails to import a pathlen:0 root with one line and no stack', async () => {
    const dir = workdir();
    const r = await run(['ca', 'import', '--spec', 'mesh.yaml', '--root-cert', path.join(BAD, 'pathlen0-root-cert.pem'), '--root-key', path.join(ROOT, 'test', 'fixtures', 'pki', 'root-key.pem')], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/pathlen0-root-cert.pem: "O=meshgen test, CN=Pathlen0 Root" has pathlen:0, which forbids the intermediate CA every cluster needs under it/);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expect(fs.existsSync(path.join(dir, '.meshgen'))).toBe(false);
  });

  test('GIVEN an intermediate that outlives its root THEN ca status warns with both dates', async () => {
    const dir = workdir();
    const pki = path.join(dir, '.meshgen', 'pki');
    fs.mkdirSync(path.dirname(pki));
    fs.cpSync(fixturePki(), pki, { recursive: true });
    for (const c of ['cluster1', 'cluster2']) {
      fs.copyFileSync(path.join(BAD, 'outliving-cert.pem'), path.join(pki, c, 'ca-cert.pem'));
      fs.copyFileSync(path.join(BAD, 'outliving-chain.pem'), path.join(pki, c, 'cert-chain.pem'));
      fs.copyFileSync(path.join(BAD, 'short-root-cert.pem'), path.join(pki, c, 'root-cert.pem'));
      fs.copyFileSync(path.join(pki, 'cluster1', 'ca-key.pem'), path.join(pki, c, 'ca-key.pem'));
    }
    fs.copyFileSync(path.join(BAD, 'short-root-cert.pem'), path.join(pki, 'root-cert.pem'));
    const r = await run(['ca', 'status', '--spec', 'mesh.yaml'], dir);
    expect(r.err).toContain('cluster1/ca-cert.pem: is valid until 2046-01-01T00:00:00.000Z, after its root expires (2036-01-01T00:00:00.000Z)');
    expect(r.out).toMatch(/cluster1 .*warning: outlives-root/);
  });
});
