import * as fs from 'fs';
import * as path from 'path';
import { parseMeshSpecYaml, validateMeshSpec } from '../../lib/mesh-spec/parse';
import { MeshSpec } from '../../lib/mesh-spec/types';
import { SYNC_WAVE_ANNOTATION } from '../../lib/names/gitops';
import { planMesh } from '../../lib/plan/planner';
import { planSteps } from '../../lib/plan/steps/steps';
import { renderMesh } from '../../lib/synth/render-mesh';
import { ClusterInput, docs, meshInput, ROOT } from '../helpers';

/**
 * The order Argo CD (sync waves of the root's children) or Flux (dependsOn chains) syncs
 * each cluster in must be the order `meshgen plan` waits for them in, for the same mesh,
 * and must put what istiod needs (namespace label, cacerts) before istiod.
 */

const TOPOLOGIES: Record<string, ClusterInput[]> = {
  primaryRemote: [
    { name: 'cluster1', network: 'network1', role: 'primary', address: '34.75.71.237' },
    { name: 'cluster2', network: 'network2', role: 'remote', primary: 'cluster1' },
  ],
  multiPrimary: [
    { name: 'cluster1', network: 'network1', role: 'primary' },
    { name: 'cluster2', network: 'network2', role: 'primary' },
  ],
  threeSameNetwork: [
    { name: 'a', network: 'n1', role: 'primary', address: '10.0.0.1' },
    { name: 'b', network: 'n1', role: 'remote', primary: 'a' },
    { name: 'c', network: 'n1', role: 'primary' },
  ],
  remoteWithoutAddress: [
    { name: 'p', network: 'n1', role: 'primary' },
    { name: 'r', network: 'n2', role: 'remote', primary: 'p' },
  ],
};

function gitopsMesh(tool: 'argocd' | 'flux', installer: 'helm' | 'sail', clusters: ClusterInput[], caMode = 'generated'): MeshSpec {
  const input = meshInput(clusters);
  input.spec.istio = { installer };
  input.spec.ca = { mode: caMode };
  input.spec.gitops = { tool, repoURL: 'https://github.com/example/mesh.git' };
  return validateMeshSpec(input);
}

/** Per cluster: the names of what the controller syncs, in the order it syncs them, read from the rendered YAML. */
function dependencyOrder(spec: MeshSpec): Map<string, string[]> {
  const { files } = renderMesh(spec);
  const out = new Map<string, string[]>();
  for (const c of spec.clusters.map((x) => x.name)) {
    if (spec.gitops!.tool === 'argocd') {
      const apps = [...files.entries()].filter(([f]) => f.startsWith(`${c}/argocd/apps/`)).map(([, t]) => docs(t)[0]);
      const waves = apps.map((a) => Number(a.metadata.annotations[SYNC_WAVE_ANNOTATION])).sort((x, y) => x - y);
      // one Application per wave: each waits for the one before to be Healthy
      expect(waves).toEqual(waves.map((_, i) => i));
      out.set(c, apps.sort((a, b) => Number(a.metadata.annotations[SYNC_WAVE_ANNOTATION]) - Number(b.metadata.annotations[SYNC_WAVE_ANNOTATION])).map((a) => a.metadata.name));
    } else {
      const ks = docs(files.get(`${c}/flux/sync.yaml`)!);
      const after = new Map<string, string>();
      for (const k of ks) for (const d of k.spec.dependsOn ?? []) after.set(d.name, k.metadata.name);
      // a single chain: one start, each Kustomization depends on exactly one other
      const starts = ks.filter((k) => !k.spec.dependsOn);
      expect(starts).toHaveLength(1);
      expect(ks.every((k) => (k.spec.dependsOn ?? []).length <= 1)).toBe(true);
      const chain = [starts[0].metadata.name];
      while (after.has(chain[chain.length - 1])) chain.push(after.get(chain[chain.length - 1])!);
      expect(chain).toHaveLength(ks.length);
      out.set(c, chain);
    }
  }
  return out;
}

/** Per cluster: the units `meshgen plan` waits for, in the order of its steps. */
function planOrder(spec: MeshSpec): { order: Map<string, string[]>; commands: string[] } {
  const steps = planSteps(planMesh(spec));
  const order = new Map<string, string[]>();
  const commands = steps.flatMap((s) => s.commands);
  for (const s of steps) {
    for (const cmd of s.commands) {
      const m = /^argocd app wait (\S+) /.exec(cmd) ?? / wait kustomization\/(\S+) /.exec(cmd);
      if (m) order.set(s.cluster!, [...(order.get(s.cluster!) ?? []), m[1]]);
    }
  }
  return { order, commands };
}

const CASES = (['argocd', 'flux'] as const).flatMap((tool) => (['helm', 'sail'] as const).flatMap((installer) =>
  Object.keys(TOPOLOGIES).map((topology) => [tool, installer, topology] as const)));

describe('GitOps sync order vs the plan', () => {
  test.each(CASES)('%s / %s / %s: the waves or dependsOn chain of every cluster is the order the plan waits in', (tool, installer, topology) => {
    const spec = gitopsMesh(tool, installer, TOPOLOGIES[topology]);
    const deps = dependencyOrder(spec);
    const { order, commands } = planOrder(spec);
    expect(Object.fromEntries(order)).toEqual(Object.fromEntries(deps));

    for (const [cluster, units] of deps) {
      const at = (suffix: string) => units.indexOf(`${cluster}-${suffix}`);
      // the operator or istio/base (CRDs) first; the bundle (namespace label, cacerts) before istiod; the gateway after istiod
      expect(at(installer === 'sail' ? 'sail-operator' : 'istio-base')).toBe(0);
      expect(at('mesh-bundle')).toBe(1);
      if (at('istiod') >= 0) expect(at('istiod')).toBeGreaterThan(at('mesh-bundle'));
      if (at('istio-eastwestgateway') >= 0) expect(at('istio-eastwestgateway')).toBe(units.length - 1);
      // the plan creates the cacerts Secret by hand before it points the controller at the cluster
      const cacerts = commands.indexOf(`kubectl --context=${cluster} apply -f .meshgen/secrets/${cluster}/cacerts.yaml`);
      const root = commands.findIndex((cmd) => cmd.endsWith(`dist/${cluster}/${tool === 'argocd' ? 'argocd' : 'flux'}/root.yaml`));
      expect(cacerts).toBeGreaterThanOrEqual(0);
      expect(cacerts).toBeLessThan(root);
      expect(commands.some((cmd) => cmd.startsWith('helm ') || cmd.startsWith('istioctl install') || cmd.includes(' apply -k '))).toBe(false);
    }
  });

  test.each([
    ['argocd-sail-multi-primary'],
    ['flux-helm-primary-remote'],
    ['helm-three-clusters'],
  ])('examples/%s: the dependency order matches the plan\'s', (example) => {
    const file = path.join(ROOT, 'examples', example, 'mesh.yaml');
    const spec = parseMeshSpecYaml(fs.readFileSync(file, 'utf8'), file);
    expect(Object.fromEntries(planOrder(spec).order)).toEqual(Object.fromEntries(dependencyOrder(spec)));
  });

  test('GIVEN a remote THEN the plan waits for its istiod and gateway only after its primary has its remote secret', () => {
    const spec = gitopsMesh('flux', 'sail', TOPOLOGIES.primaryRemote);
    const steps = planSteps(planMesh(spec));
    const i = (pred: (c: string) => boolean) => steps.findIndex((s) => s.commands.some(pred));
    const secret = i((c) => c.startsWith('kubectl --context=cluster1 apply -f .meshgen/secrets/cluster1 '));
    const bundle = i((c) => c.includes('kustomization/cluster2-mesh-bundle '));
    const istiod = i((c) => c.includes('kustomization/cluster2-istiod '));
    expect(bundle).toBeLessThan(secret);
    expect(secret).toBeLessThan(istiod);
  });

  test('GIVEN Argo CD and the helm installer THEN the namespace gets its network label in the first wave, before istiod', () => {
    const spec = gitopsMesh('argocd', 'helm', TOPOLOGIES.primaryRemote);
    const apps = docs(renderMesh(spec).files.get('cluster2/argocd/apps/istio-base.yaml')!);
    expect(apps[0].metadata.annotations[SYNC_WAVE_ANNOTATION]).toBe('0');
    expect(apps[0].spec.syncPolicy.managedNamespaceMetadata.labels).toEqual({ 'topology.istio.io/network': 'network2' });
  });
});

describe('GitOps output is deterministic', () => {
  // README.md names spec.clusters[<index in the file>], which follows the file's order
  test.each([['argocd'], ['flux']] as const)('%s: shuffling the clusters in the spec changes no byte of the bundles', (tool) => {
    const clusters = [...TOPOLOGIES.threeSameNetwork];
    const bundles = (files: Map<string, string>) => [...files.entries()].filter(([f]) => f !== 'README.md');
    const a = renderMesh(gitopsMesh(tool, 'helm', clusters)).files;
    const b = renderMesh(gitopsMesh(tool, 'helm', [...clusters].reverse())).files;
    expect(bundles(b)).toEqual(bundles(a));
  });
});
