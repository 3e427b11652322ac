import * as fs from 'fs';
import * as path from 'path';
import { writeOutput } from '../../../lib/fsx/write';
import { validateMeshSpec } from '../../../lib/mesh-spec/parse';
import { renderMesh } from '../../../lib/synth/render-mesh';
import { validateDir } from '../../../lib/schema';
import { docs, meshInput, tempDir } from '../../helpers';
import { hasKubectl, kustomizeEach } from '../../kustomize';

/**
 * As a new user would: the output is committed as `spec.gitops.path` of the repository;
 * every directory an Application or a Kustomization syncs must exist there, and build.
 */
const REPO = 'https://github.com/example/mesh.git';

function repoCheckout(tool: 'argocd' | 'flux', installer: 'helm' | 'sail'): { repo: string; files: Map<string, string> } {
  const input = meshInput([
    { name: 'cluster1', network: 'network1', role: 'primary', address: '34.75.71.237' },
    { name: 'cluster2', network: 'network2', role: 'remote', primary: 'cluster1' },
  ]);
  input.spec.istio = { installer };
  input.spec.gitops = { tool, repoURL: REPO, path: 'deploy/mesh' };
  const { files } = renderMesh(validateMeshSpec(input));
  const repo = tempDir();
  writeOutput(path.join(repo, 'deploy/mesh'), files, 'm');
  return { repo, files };
}

/** Every repository path a GitOps object of the output syncs. */
function syncedPaths(files: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [file, text] of files) {
    if (!file.endsWith('.yaml') || file.endsWith('kustomization.yaml')) continue;
    for (const o of docs(text)) {
      if (o.kind === 'Application' && o.spec.source.path) out.push(o.spec.source.path);
      if (o.kind === 'Kustomization' && o.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/')) out.push(o.spec.path.replace(/^\.\//, ''));
    }
  }
  return [...new Set(out)].sort();
}

describe.each([['argocd'], ['flux']] as const)('%s: the paths the objects sync', (tool) => {
  test.each([['helm'], ['sail']] as const)('%s: every one exists in the committed output, and the output validates', (installer) => {
    const { repo, files } = repoCheckout(tool, installer);
    const paths = syncedPaths(files);
    expect(paths.length).toBeGreaterThanOrEqual(tool === 'argocd' ? 4 : 10);
    for (const p of paths) {
      expect(p.startsWith('deploy/mesh/')).toBe(true);
      expect({ p, dir: fs.existsSync(path.join(repo, p)) && fs.statSync(path.join(repo, p)).isDirectory() }).toEqual({ p, dir: true });
    }
    expect(validateDir(path.join(repo, 'deploy/mesh'))).toEqual([]);
    if (!hasKubectl()) {
      console.warn('SKIPPED: kubectl is not installed; `kubectl kustomize` was not checked');
      return;
    }
    // built together per cluster (test/kustomize.ts), each alone when that fails
    const built = paths.filter((x) => fs.existsSync(path.join(repo, x, 'kustomization.yaml')));
    kustomizeEach(built.map((p) => path.join(repo, p)), (d) => path.relative(repo, d).split('/')[2]).forEach((r, i) => {
      expect({ p: built[i], stderr: r.stderr, status: r.status }).toEqual({ p: built[i], stderr: '', status: 0 });
    });
  });
});
