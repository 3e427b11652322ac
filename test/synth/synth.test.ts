import * as path from 'path';
import { validateMeshSpec } from '../../lib/mesh-spec/parse';
import { readTree } from '../../lib/review/diff';
import { previewMesh, synthMesh } from '../../lib/synth/synth';
import { fixturePki, meshInput, ROOT, SEED_CLUSTERS, tempDir } from '../helpers';

/** Istio's samples/certs root (test/fixtures/istio-certs, see its NOTICE). */
const OTHER_ROOT = path.join(ROOT, 'test/fixtures/istio-certs/root-cert.pem');

function spec(ca: Record<string, unknown>) {
  const input = meshInput(SEED_CLUSTERS);
  input.spec.ca = ca;
  return validateMeshSpec(input);
}

describe('previewMesh', () => {
  test('GIVEN a root rotation (additionalRoots) THEN the preview is byte for byte what synth wrote, roots included', async () => {
    // The committed test PKI holds cluster1 and cluster2: no key is made.
    const cwd = tempDir();
    const s = spec({ dir: fixturePki(), keySize: 2048, additionalRoots: [OTHER_ROOT] });
    await synthMesh(s, { cwd, outDir: 'out', specFile: 'mesh.yaml' });
    const preview = previewMesh(s, { cwd, outDir: 'out', specFile: 'mesh.yaml' });
    expect([...preview.files.entries()]).toEqual([...readTree(path.join(cwd, 'out')).entries()]);
    expect(preview.files.get('cluster1/istioctl/control-plane.yaml')).toContain('ISTIO_MULTIROOT_MESH');
    expect(preview.secrets.size).toBe(0);
  });

  test('fails during a root rotation when the mesh root cannot be read', () => {
    expect(() => previewMesh(spec({ dir: 'nowhere', additionalRoots: [OTHER_ROOT] }), { cwd: tempDir() }))
      .toThrow(/^spec\.ca\.additionalRoots: the mesh root nowhere\/root-cert\.pem cannot be read/);
  });
});
