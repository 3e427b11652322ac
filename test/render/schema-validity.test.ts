import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { renderMesh } from '../../lib/synth/render-mesh';
import { writeOutput } from '../../lib/fsx/write';
import { validateDir, validateObject } from '../../lib/schema';
import { docs, mesh, SEED_CLUSTERS, tempDir, THREE_CLUSTERS } from '../helpers';

const MESHES = {
  seed: SEED_CLUSTERS,
  three: THREE_CLUSTERS,
  sameNetwork: [
    { name: 'a', network: 'n', role: 'primary' as const, address: '10.0.0.1' },
    { name: 'b', network: 'n', role: 'remote' as const, primary: 'a' },
  ],
};

describe('every emitted object validates against its schema', () => {
  test.each(Object.keys(MESHES))('%s: IstioOperator (crd-operator.yaml), networking.istio.io (crd-all.gen.yaml), Namespace (Kubernetes 1.27)', (name) => {
    const { files } = renderMesh(mesh(MESHES[name as keyof typeof MESHES]));
    const kinds = new Set<string>();
    for (const [file, content] of files) {
      if (file.endsWith('kustomization.yaml') || !file.endsWith('.yaml')) continue;
      for (const obj of docs(content)) {
        kinds.add(`${obj.apiVersion}/${obj.kind}`);
        expect({ file, name: obj.metadata.name, errors: validateObject(obj) }).toEqual({ file, name: obj.metadata.name, errors: [] });
      }
    }
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['install.istio.io/v1alpha1/IstioOperator', 'v1/Namespace']));
  });

  test('the whole written output passes validateDir (kustomization resources exist)', () => {
    const out = path.join(tempDir(), 'dist');
    writeOutput(out, renderMesh(mesh(THREE_CLUSTERS)).files, 'm');
    expect(validateDir(out)).toEqual([]);
  });

  test('kubectl kustomize builds every bundle (skipped, loudly, without kubectl)', () => {
    const probe = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
    if (probe.error || probe.status !== 0) {
      console.warn('SKIPPED: kubectl is not installed; `kubectl kustomize` was not checked');
      return;
    }
    const out = path.join(tempDir(), 'dist');
    const { files } = renderMesh(mesh(THREE_CLUSTERS));
    writeOutput(out, files, 'm');
    for (const cluster of ['cluster1', 'cluster2', 'cluster3']) {
      const r = spawnSync('kubectl', ['kustomize', path.join(out, cluster)], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const built = docs(r.stdout).map((o) => `${o.kind}/${o.metadata.name}`).sort();
      const expected = [...files.entries()].filter(([f]) => f.startsWith(`${cluster}/`) && !f.includes('istioctl/') && !f.endsWith('kustomization.yaml'))
        .flatMap(([, c]) => docs(c)).map((o) => `${o.kind}/${o.metadata.name}`).sort();
      expect(built).toEqual(expected);
    }
    expect(fs.existsSync(out)).toBe(true);
  });
});
