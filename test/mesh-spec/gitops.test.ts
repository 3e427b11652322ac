import { SpecError } from '../../lib/errors';
import { gitopsOutWarning } from '../../lib/mesh-spec/gitops';
import { validateMeshSpec } from '../../lib/mesh-spec/parse';
import { planMesh } from '../../lib/plan/planner';
import { meshInput, SEED_CLUSTERS } from '../helpers';

function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    validateMeshSpec(input);
  } catch (e) {
    if (e instanceof SpecError) return [...e.issues];
    throw e;
  }
  throw new Error('expected the spec to be rejected');
}

/** The seed mesh with an installer and a spec.gitops (or, with key 'argocd', the old spelling). */
function withGitops(gitops: Record<string, unknown>, installer = 'helm', key = 'gitops'): any {
  const input = meshInput(SEED_CLUSTERS);
  input.spec.istio = { installer };
  input.spec[key] = gitops;
  return input;
}

const REPO = 'https://github.com/example/mesh.git';

describe('spec.gitops', () => {
  test('GIVEN tool argocd THEN it is defaulted (HEAD, dist, argocd, default, no destinations)', () => {
    expect(validateMeshSpec(withGitops({ tool: 'argocd', repoURL: REPO })).gitops).toEqual({
      tool: 'argocd', repoURL: REPO, targetRevision: 'HEAD', path: 'dist', namespace: 'argocd', project: 'default', destinations: {},
    });
  });

  test('GIVEN tool flux with the sail installer THEN it is defaulted (branch main, flux-system)', () => {
    const g = validateMeshSpec(withGitops({ tool: 'flux', repoURL: REPO, path: './clusters/mesh/' }, 'sail')).gitops!;
    expect([g.tool, g.targetRevision, g.namespace, g.path]).toEqual(['flux', 'main', 'flux-system', 'clusters/mesh']);
  });

  test('GIVEN destinations THEN argocd keeps name or server per cluster, flux a kubeconfig Secret', () => {
    const argo = validateMeshSpec(withGitops({ tool: 'argocd', repoURL: REPO, destinations: { cluster1: { name: 'east' }, cluster2: { server: 'https://10.0.0.1:6443' } } }));
    expect(argo.gitops!.destinations).toEqual({ cluster1: { name: 'east' }, cluster2: { server: 'https://10.0.0.1:6443' } });
    const flux = validateMeshSpec(withGitops({ tool: 'flux', repoURL: REPO, context: 'mgmt', destinations: { cluster2: { kubeConfigSecret: 'cluster2-kubeconfig' } } }));
    expect(flux.gitops!.destinations).toEqual({ cluster2: { kubeConfigSecret: 'cluster2-kubeconfig' } });
    expect(flux.gitops!.context).toBe('mgmt');
  });

  test('GIVEN the deprecated spec.argocd THEN it is tool argocd with the same fields, with the sail installer too, and the plan warns', () => {
    const spec = validateMeshSpec(withGitops({ repoURL: REPO, targetRevision: 'main' }, 'sail', 'argocd'));
    expect(spec.gitops).toEqual({
      tool: 'argocd', repoURL: REPO, targetRevision: 'main', path: 'dist', namespace: 'argocd', project: 'default', destinations: {}, fromDeprecatedArgocd: true,
    });
    expect(planMesh(spec).warnings).toEqual(['spec.argocd is deprecated and will be removed: rename it to spec.gitops and add tool: argocd (its fields keep their meaning)']);
  });

  test('fails with one line naming sail or helm when the installer is istioctl', () => {
    for (const [gitops, key] of [[{ tool: 'flux', repoURL: REPO }, 'gitops'], [{ repoURL: REPO }, 'argocd']] as const) {
      const issues = issuesOf(withGitops(gitops, 'istioctl', key));
      expect(issues).toEqual([{
        path: `spec.${key}`,
        message: 'GitOps delivery needs spec.istio.installer: sail or helm; the istioctl installer writes IstioOperator files that only istioctl applies, and Argo CD or Flux do not run istioctl',
      }]);
    }
  });

  test('fails on both spellings at once', () => {
    const input = withGitops({ tool: 'argocd', repoURL: REPO });
    input.spec.argocd = { repoURL: REPO };
    expect(issuesOf(input).map((i) => i.path)).toEqual(['spec.argocd']);
  });

  test('fails on a missing tool, a misspelt tool and a missing repoURL, with a did-you-mean', () => {
    expect(issuesOf(withGitops({ repoURL: REPO })).map((i) => i.path)).toEqual(['spec.gitops.tool']);
    const issues = issuesOf(withGitops({ tool: 'fluxcd' }));
    expect(issues.map((i) => i.path)).toEqual(['spec.gitops.tool', 'spec.gitops.repoURL']);
    expect(issues[0].message).toBe('"fluxcd" is not one of argocd | flux; did you mean "flux"?');
  });

  test('fails on fields of the other tool and on HEAD for Flux', () => {
    const flux = issuesOf(withGitops({ tool: 'flux', repoURL: REPO, targetRevision: 'HEAD', project: 'mesh' }));
    expect(flux.map((i) => i.path)).toEqual(['spec.gitops.targetRevision', 'spec.gitops.project']);
    expect(flux[1].message).toBe('is only used with tool: argocd (tool is flux); remove it');
    const argo = issuesOf(withGitops({ tool: 'argocd', repoURL: REPO, secretName: 'git-auth' }));
    expect(argo.map((i) => i.path)).toEqual(['spec.gitops.secretName']);
  });

  test('fails on a path that leaves the repository and on a bad repoURL', () => {
    const issues = issuesOf(withGitops({ tool: 'argocd', repoURL: 'github.com/example', path: '../dist' }));
    expect(issues.map((i) => i.path)).toEqual(['spec.gitops.repoURL', 'spec.gitops.path']);
  });

  test('fails on destinations: an unknown cluster, both name and server, a server that is not https, a key of the other tool', () => {
    const issues = issuesOf(withGitops({
      tool: 'argocd', repoURL: REPO,
      destinations: { clustr1: { name: 'a' }, cluster2: { name: 'b', server: 'https://x' } },
    }));
    expect(issues.map((i) => i.path)).toEqual(['spec.gitops.destinations.cluster2', 'spec.gitops.destinations.clustr1']);
    expect(issues[1].message).toContain('did you mean "cluster1"?');
    expect(issuesOf(withGitops({ tool: 'argocd', repoURL: REPO, destinations: { cluster1: { server: 'http://x' } } })).map((i) => i.path))
      .toEqual(['spec.gitops.destinations.cluster1.server']);
    const other = issuesOf(withGitops({ tool: 'argocd', repoURL: REPO, destinations: { cluster1: { kubeConfigSecret: 'k' } } }));
    expect(other[0]).toEqual({ path: 'spec.gitops.destinations.cluster1.kubeConfigSecret', message: 'is only used with tool: flux (tool is argocd); use name or server' });
  });

  test('fails on a destination key that is no cluster, with the key quoted in the path', () => {
    const issues = issuesOf(withGitops({ tool: 'flux', repoURL: REPO, destinations: { '': { kubeConfigSecret: 'k' }, 'a b': {} } }));
    expect(issues.map((i) => i.path)).toEqual(['spec.gitops.destinations[""]', 'spec.gitops.destinations["a b"]']);
    expect(issues[0].message).toBe('"" is not a cluster of this mesh; use one of: cluster1, cluster2');
  });

  test('fails on a cluster name too long for the object names', () => {
    const input = meshInput([{ name: `c${'x'.repeat(45)}`, network: 'n1', role: 'primary' }]);
    input.spec.istio = { installer: 'helm' };
    input.spec.gitops = { tool: 'flux', repoURL: REPO };
    const issues = issuesOf(input);
    expect(issues.map((i) => i.path)).toEqual(['spec.clusters[0].name']);
    expect(issues[0].message).toContain('use at most 41 characters');
  });

  test('fails with spec.federation.karmada', () => {
    const input = withGitops({ tool: 'argocd', repoURL: REPO });
    input.spec.federation = { karmada: {} };
    expect(issuesOf(input).map((i) => i.path)).toEqual(['spec.gitops']);
  });
});

describe('gitopsOutWarning', () => {
  const gitops = validateMeshSpec(withGitops({ tool: 'argocd', repoURL: REPO, path: 'dist' })).gitops;

  test('GIVEN --out that is the repository path (relative, ./, absolute in a checkout) THEN no warning', () => {
    for (const out of ['dist', './dist/', '/home/me/mesh-config/dist']) expect(gitopsOutWarning(gitops, out)).toBeUndefined();
    expect(gitopsOutWarning(undefined, 'elsewhere')).toBeUndefined();
  });

  test('GIVEN another --out THEN a warning naming the path the Applications sync and the field to set', () => {
    expect(gitopsOutWarning(gitops, 'build/out')).toBe(
      `--out build/out: the Argo CD Applications sync dist/<cluster> of ${REPO}, not this directory; commit the output as dist/ in that repository, or set spec.gitops.path: build/out (its path inside the repository)`,
    );
  });
});
