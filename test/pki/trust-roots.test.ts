import { X509Certificate } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { MeshgenError, SpecError } from '../../lib/errors';
import { loadTrustRoots, readMeshRoot } from '../../lib/pki/trust-roots';
import { synthMesh } from '../../lib/synth/synth';
import { validateMeshSpec } from '../../lib/mesh-spec/parse';
import { fixturePki, listFiles, meshInput, ROOT, SEED_CLUSTERS, tempDir, THREE_CLUSTERS } from '../helpers';
import { testPki } from '../cluster-access/fake-api-server';

const MESH_ROOT = fs.readFileSync(path.join(ROOT, 'test/fixtures/pki/root-cert.pem'), 'utf8');
/** Istio's samples/certs root (test/fixtures/istio-certs, see its NOTICE): another root, CA:true, valid until 2117. */
const OTHER_ROOT = path.join(ROOT, 'test/fixtures/istio-certs/root-cert.pem');
/** Istio's alternative sample root: valid until 2033-12-08. */
const ALT_ROOT = path.join(ROOT, 'test/fixtures/istio-certs/root-cert-alt.pem');

function spec(ca: Record<string, unknown>, clusters = SEED_CLUSTERS, installer?: string) {
  const input = meshInput(clusters);
  input.spec.ca = ca;
  if (installer) input.spec.istio = { ...(input.spec.istio ?? {}), installer };
  return validateMeshSpec(input);
}

function issuesOf(ca: Record<string, unknown>): { path: string; message: string }[] {
  try {
    spec(ca);
    return [];
  } catch (e) {
    if (e instanceof SpecError) return [...e.issues];
    throw e;
  }
}

const pemOf = (file: string) => new X509Certificate(fs.readFileSync(file)).toString().replace(/\r\n/g, '\n').trimEnd() + '\n';

describe('spec.ca.additionalRoots validation', () => {
  test('GIVEN a list of paths THEN it is kept, in order', () => {
    expect(spec({ additionalRoots: ['b.pem', 'a.pem'] }).ca.additionalRoots).toEqual(['b.pem', 'a.pem']);
    expect(spec({}).ca.additionalRoots).toBeUndefined();
  });

  test('fails on an empty list, a string and a non-string entry', () => {
    expect(issuesOf({ additionalRoots: [] })[0]).toEqual({ path: 'spec.ca.additionalRoots', message: expect.stringContaining('must be a non-empty list of PEM files') });
    expect(issuesOf({ additionalRoots: 'r.pem' })[0].path).toBe('spec.ca.additionalRoots');
    expect(issuesOf({ additionalRoots: ['ok.pem', 3] })).toEqual([{ path: 'spec.ca.additionalRoots[1]', message: expect.stringContaining('must be a string') }]);
  });

  test('fails with mode cert-manager or none: meshgen does not hold the mesh root', () => {
    expect(issuesOf({ mode: 'cert-manager', additionalRoots: ['r.pem'] })).toEqual([{
      path: 'spec.ca.additionalRoots',
      message: expect.stringContaining('is only used with mode: generated or provided (mode is cert-manager)'),
    }]);
    expect(issuesOf({ mode: 'none', additionalRoots: ['r.pem'] })[0].message).toContain('there is no mesh root');
  });
});

describe('loadTrustRoots', () => {
  test('GIVEN no additionalRoots THEN undefined (nothing multi-root is written)', () => {
    expect(loadTrustRoots(spec({}), MESH_ROOT, '/')).toBeUndefined();
  });

  test('GIVEN another root THEN the mesh root comes first, then it, as canonical PEM', () => {
    const roots = loadTrustRoots(spec({ additionalRoots: [OTHER_ROOT] }), MESH_ROOT, '/')!;
    expect(roots).toEqual([pemOf(path.join(ROOT, 'test/fixtures/pki/root-cert.pem')), pemOf(OTHER_ROOT)]);
    expect(new X509Certificate(roots[1]).subject).toContain('emailAddress=testrootca@istio.io');
  });

  test('GIVEN a relative path THEN it is read from the working directory', () => {
    expect(loadTrustRoots(spec({ additionalRoots: ['test/fixtures/istio-certs/root-cert.pem'] }), MESH_ROOT, ROOT)).toHaveLength(2);
  });

  test('fails on a missing file, naming the field and the file', () => {
    expect(() => loadTrustRoots(spec({ additionalRoots: [OTHER_ROOT, 'nope.pem'] }), MESH_ROOT, '/tmp'))
      .toThrow(new MeshgenError('spec.ca.additionalRoots[1]: cannot read nope.pem (no such file); give the PEM file of the root to trust, e.g. .meshgen/pki-2/root-cert.pem'));
  });

  test('fails on a file that is no certificate, or holds two', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'junk.pem'), 'hello\n');
    fs.writeFileSync(path.join(dir, 'two.pem'), fs.readFileSync(OTHER_ROOT, 'utf8') + fs.readFileSync(ALT_ROOT, 'utf8'));
    expect(() => loadTrustRoots(spec({ additionalRoots: ['junk.pem'] }), MESH_ROOT, dir)).toThrow(/^spec\.ca\.additionalRoots\[0\]: junk\.pem holds 0 PEM certificates; give one root certificate per file/);
    expect(() => loadTrustRoots(spec({ additionalRoots: ['two.pem'] }), MESH_ROOT, dir)).toThrow(/holds 2 PEM certificates/);
  });

  test('fails on a certificate that is not a CA', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'leaf.pem'), testPki().clientCertPem);
    expect(() => loadTrustRoots(spec({ additionalRoots: ['leaf.pem'] }), MESH_ROOT, dir)).toThrow(/^spec\.ca\.additionalRoots\[0\]: leaf\.pem \(.*\) is not a CA certificate \(no basicConstraints CA:true\)/);
  });

  test('fails on an expired root', () => {
    expect(() => loadTrustRoots(spec({ additionalRoots: [ALT_ROOT] }), MESH_ROOT, '/', new Date('2034-01-01T00:00:00Z')))
      .toThrow(/^spec\.ca\.additionalRoots\[0\]: .*root-cert-alt\.pem expired on 2033-12-08T.*; a root that has expired cannot verify anything/);
  });

  test('fails on the mesh root itself and on a repeated root', () => {
    expect(() => loadTrustRoots(spec({ additionalRoots: [path.join(ROOT, 'test/fixtures/pki/root-cert.pem')] }), MESH_ROOT, '/')).toThrow(/is the mesh root itself/);
    expect(() => loadTrustRoots(spec({ additionalRoots: [OTHER_ROOT, OTHER_ROOT] }), MESH_ROOT, '/')).toThrow(/^spec\.ca\.additionalRoots\[1\]: .* repeats a root listed before it/);
  });

  test('readMeshRoot fails with the command to run when the PKI has no root yet', () => {
    expect(() => readMeshRoot(spec({ dir: 'pki' }), tempDir())).toThrow(/^spec\.ca\.additionalRoots: the mesh root pki\/root-cert\.pem cannot be read; .*run meshgen ca init/);
  });
});

describe('synthMesh with spec.ca.additionalRoots', () => {
  test('GIVEN the fixture PKI and another root THEN the primaries\' control planes trust both and the remotes are unchanged', async () => {
    const cwd = tempDir();
    const dir = fixturePki(['cluster1', 'cluster2', 'cluster3']);
    const roots = [pemOf(path.join(dir, 'root-cert.pem')), pemOf(OTHER_ROOT)];
    await synthMesh(spec({ dir, keySize: 2048, additionalRoots: [OTHER_ROOT] }, THREE_CLUSTERS), { cwd, outDir: 'out' });
    const primary = YAML.parse(fs.readFileSync(path.join(cwd, 'out/cluster1/istioctl/control-plane.yaml'), 'utf8'));
    expect(primary.spec.meshConfig.caCertificates).toEqual(roots.map((pem) => ({ pem })));
    expect(primary.spec.values.pilot.env).toEqual({ EXTERNAL_ISTIOD: true, ISTIO_MULTIROOT_MESH: true });

    const plain = tempDir();
    await synthMesh(spec({ dir, keySize: 2048 }, THREE_CLUSTERS), { cwd: plain, outDir: 'out' });
    for (const remote of ['cluster2', 'cluster3']) {
      const f = `out/${remote}/istioctl/control-plane.yaml`;
      expect(fs.readFileSync(path.join(cwd, f), 'utf8')).toBe(fs.readFileSync(path.join(plain, f), 'utf8'));
    }
  });

  test('fails on an unreadable root before writing anything', async () => {
    const cwd = tempDir();
    await expect(synthMesh(spec({ dir: fixturePki(), additionalRoots: ['missing.pem'] }), { cwd, outDir: 'out' }))
      .rejects.toThrow(/^spec\.ca\.additionalRoots\[0\]: cannot read missing\.pem/);
    expect(listFiles(cwd)).toEqual([]);
  });
});
