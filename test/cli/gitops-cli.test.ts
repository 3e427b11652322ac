import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { runCliCaptured as run } from './run-cli';
import { listFiles, meshInput, ROOT, SEED_CLUSTERS, tempDir } from '../helpers';


function specWith(dir: string, patch: (input: any) => void): string {
  const input = meshInput(SEED_CLUSTERS);
  input.spec.ca = { mode: 'cert-manager' };
  patch(input);
  const file = path.join(dir, 'mesh.yaml');
  fs.writeFileSync(file, YAML.stringify(input));
  return file;
}

describe('meshgen with spec.gitops', () => {
  test('GIVEN --out other than spec.gitops.path THEN synth writes the bundles and warns on one line', async () => {
    const dir = tempDir();
    const spec = specWith(dir, (i) => { i.spec.istio = { installer: 'sail' }; i.spec.gitops = { tool: 'flux', repoURL: 'https://github.com/example/mesh.git' }; });
    const r = await run(['synth', '--spec', spec, '--out', 'build'], dir);
    expect(r.code).toBe(0);
    const warnings = r.err.split('\n').filter((l) => l.startsWith('warning: '));
    expect(warnings).toEqual(['warning: --out build: the Flux Kustomizations sync dist/<cluster> of https://github.com/example/mesh.git, not this directory; commit the output as dist/ in that repository, or set spec.gitops.path: build (its path inside the repository)']);
    expect(listFiles(path.join(dir, 'build'))).toContain('cluster1/flux/root.yaml');
    const same = await run(['synth', '--spec', spec, '--out', 'dist'], dir);
    expect(same.err).not.toContain('warning:');
  });

  test('GIVEN the deprecated spec.argocd THEN plan warns once and still plans the Argo CD sync', async () => {
    const dir = tempDir();
    const spec = specWith(dir, (i) => { i.spec.istio = { installer: 'helm' }; i.spec.argocd = { repoURL: 'https://github.com/example/mesh.git' }; });
    const r = await run(['plan', '--spec', spec], dir);
    expect(r.code).toBe(0);
    expect(r.err).toBe('warning: spec.argocd is deprecated and will be removed: rename it to spec.gitops and add tool: argocd (its fields keep their meaning)\n');
    expect(r.out).toContain('argocd app wait cluster1-istiod --sync --health');
  });

  test('fails with exit 1 on --include-secrets, which would put private keys into the committed output', async () => {
    const dir = tempDir();
    const spec = specWith(dir, (i) => { i.spec.ca = { mode: 'generated' }; i.spec.istio = { installer: 'helm' }; i.spec.gitops = { tool: 'argocd', repoURL: 'https://github.com/example/mesh.git' }; });
    const r = await run(['synth', '--spec', spec, '--include-secrets'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toBe('--include-secrets: spec.gitops commits dist/ to https://github.com/example/mesh.git, and the cacerts Secrets hold private keys; drop --include-secrets and create them as meshgen plan says\n');
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  test('fails with exit 1 and one line naming sail or helm when the installer is istioctl', async () => {
    const dir = tempDir();
    const spec = specWith(dir, (i) => { i.spec.gitops = { tool: 'argocd', repoURL: 'https://github.com/example/mesh.git' }; });
    const r = await run(['validate', '--spec', spec], dir);
    expect(r.code).toBe(1);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expect(r.err).toContain('spec.gitops: GitOps delivery needs spec.istio.installer: sail or helm');
  });
});
