import { renderMesh } from '../../lib/synth/render-mesh';
import { parseMeshSpecYaml } from '../../lib/mesh-spec/parse';
import { planMesh } from '../../lib/plan/planner';
import { planSteps } from '../../lib/plan/steps/steps';
import { checkUpgradeOrder, factsOf, upgradeSteps } from '../../lib/plan/steps/upgrade';
import { validateObject } from '../../lib/schema';
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../../lib/cli';
import { docs, primaryRemoteSpecYaml, tempDir } from '../helpers';

const spec = (istio: string, argocd = '') => primaryRemoteSpecYaml(`    installer: helm\n${istio}`, argocd);
const ARGO = '  argocd: {repoURL: https://example.com/mesh.git}\n';
const BEFORE = spec('    version: "1.29.6"\n    revision: 1-29-6\n    tags: {prod-stable: 1-29-6}');
const CANARY_ISTIO = '    version: "1.29.6"\n    revision: 1-29-6\n    canary: {version: "1.30.3", revision: 1-30-3}\n    tags: {prod-stable: 1-29-6, prod-canary: 1-30-3}';
const CANARY = spec(CANARY_ISTIO);
const CANARY_ARGO = spec(CANARY_ISTIO, ARGO);
const PROMOTED = spec('    version: "1.30.3"\n    revision: 1-30-3\n    tags: {prod-stable: 1-30-3}');

describe('helm bundles with a canary', () => {
  const { files } = renderMesh(parseMeshSpecYaml(CANARY_ARGO));

  test('an istiod release per revision: istiod-<rev>.values.yaml with the chart\'s revision; the gateway on spec.istio.revision', () => {
    for (const c of ['cluster1', 'cluster2']) {
      for (const rev of ['1-29-6', '1-30-3']) {
        const [values] = docs(files.get(`${c}/helm/istiod-${rev}.values.yaml`)!);
        expect(values.revision).toBe(rev);
        if (c === 'cluster2') expect(values.profile).toBe('remote');
      }
      expect(files.has(`${c}/helm/istiod.values.yaml`)).toBe(false);
      expect(docs(files.get(`${c}/helm/eastwest-gateway.values.yaml`)!)[0].revision).toBe('1-29-6');
    }
  });

  test('revision tags: the istiod chart\'s revision-tags-mwc.yaml objects in helm/revision-tags.yaml, valid, distinct', () => {
    const tags = docs(renderMesh(parseMeshSpecYaml(CANARY)).files.get('cluster1/helm/revision-tags.yaml')!);
    expect(tags.map((t) => [t.metadata.name, t.metadata.labels['istio.io/rev']])).toEqual([
      ['istio-revision-tag-prod-canary', '1-30-3'], ['istio-revision-tag-prod-stable', '1-29-6'],
    ]);
    for (const t of tags) expect(validateObject(t)).toEqual([]);
  });

  test('Argo CD: one Application per istiod release, at its own chart version; names do not collide', () => {
    const apps = [...files.entries()].filter(([f]) => f.startsWith('cluster1/argocd/')).flatMap(([, t]) => docs(t));
    const istiods = apps.filter((a) => a.spec?.source?.chart === 'istiod');
    expect(istiods.map((a) => [a.metadata.name, a.spec.source.targetRevision])).toEqual([
      ['cluster1-istiod-1-29-6', '1.29.6'], ['cluster1-istiod-1-30-3', '1.30.3'],
    ]);
    const names = apps.map((a) => a.metadata.name);
    expect(new Set(names).size).toBe(names.length);
    for (const a of apps) expect(validateObject(a)).toEqual([]);
    // each Application carries its own release's values (the canary's revision value)
    expect(istiods.map((a) => a.spec.source.helm.valuesObject.revision)).toEqual(['1-29-6', '1-30-3']);
    // the tags: their own directory and Application, in the wave after both istiod releases
    const waves = Object.fromEntries(apps.filter((a) => a.metadata.annotations?.['argocd.argoproj.io/sync-wave'] !== undefined).map((a) => [a.metadata.name, Number(a.metadata.annotations['argocd.argoproj.io/sync-wave'])]));
    expect(waves['cluster1-revision-tags']).toBeGreaterThan(waves['cluster1-istiod-1-30-3']);
    expect(waves['cluster1-istiod-1-30-3']).toBeGreaterThan(waves['cluster1-istiod-1-29-6']);
    expect(docs(files.get('cluster1/revision-tags/kustomization.yaml')!)[0].resources).toEqual(['revision-tags.yaml']);
    expect(files.has('cluster1/helm/revision-tags.yaml')).toBe(false);
  });

  test('Argo CD: the install plan waits for both istiod releases, then the tags', () => {
    const ids = planSteps(planMesh(parseMeshSpecYaml(CANARY_ARGO))).map((s) => s.id);
    for (const c of ['cluster1', 'cluster2']) {
      expect(ids.indexOf(`sync-istiod-1-30-3.${c}`)).toBeGreaterThan(ids.indexOf(`sync-istiod-1-29-6.${c}`));
      expect(ids.indexOf(`sync-revision-tags.${c}`)).toBeGreaterThan(ids.indexOf(`sync-istiod-1-30-3.${c}`));
    }
  });

  test('plan --from with spec.gitops is refused with the fix', () => {
    expect(() => upgradeSteps(planMesh(parseMeshSpecYaml(CANARY_ARGO)), planMesh(parseMeshSpecYaml(CANARY_ARGO)))).toThrow(/spec.gitops: .*commit the new bundles/);
  });

  test('the install plan runs helm per release at its version, then the tags', () => {
    const steps = planSteps(planMesh(parseMeshSpecYaml(CANARY)));
    const cmds = steps.flatMap((s) => s.commands);
    expect(cmds).toContain('helm upgrade --install istiod-1-30-3 istio/istiod --version 1.30.3 --namespace istio-system --create-namespace --kube-context cluster1 -f dist/cluster1/helm/istiod-1-30-3.values.yaml --wait');
    expect(cmds).toContain('kubectl --context=cluster2 apply -f dist/cluster2/helm/revision-tags.yaml');
  });

  test('upgrade plans: helm per revision, helm uninstall of the old release last; needs met', () => {
    const [before, canary, promoted] = [BEFORE, CANARY, PROMOTED].map((s) => planMesh(parseMeshSpecYaml(s)));
    const up = upgradeSteps(before, canary);
    expect(up.find((s) => s.id === 'control-plane-1-30-3.cluster1')!.commands).toEqual([
      'helm upgrade --install istiod-1-30-3 istio/istiod --version 1.30.3 --namespace istio-system --kube-context cluster1 -f dist/cluster1/helm/istiod-1-30-3.values.yaml --wait',
      'kubectl --context=cluster1 -n istio-system rollout status deployment/istiod-1-30-3 --timeout=5m',
    ]);
    expect(checkUpgradeOrder(up, factsOf(before))).toEqual([]);
    const done = upgradeSteps(canary, promoted);
    expect(checkUpgradeOrder(done, factsOf(canary))).toEqual([]);
    expect(done[done.length - 1].commands).toContain('helm uninstall istiod-1-29-6 --namespace istio-system --kube-context cluster1');
    expect(done.find((s) => s.id === 'gateway.cluster1')!.commands[0]).toMatch(/^helm upgrade --install istio-eastwestgateway istio\/gateway --version 1.30.3 /);
  });
});

describe('a remote whose primary\'s address is missing', () => {
  test('the README and the plan name the installer\'s own file of the revision, not istioctl/control-plane.yaml', () => {
    const noAddress = CANARY.replace('      eastWestGateway: {address: 172.18.0.10}\n', '      eastWestGateway: {}\n');
    const spec = parseMeshSpecYaml(noAddress);
    const readme = renderMesh(spec).files.get('README.md')!;
    expect(readme).toContain('> - `cluster2/helm/istiod-1-29-6.values.yaml`: set `eastWestGateway.address` of cluster cluster1 in the spec');
    expect(readme).not.toContain('istioctl/control-plane.yaml');
    const set = planSteps(planMesh(spec)).find((s) => s.id === 'set-address.cluster1')!;
    expect(set.note).toContain('dist/cluster2/helm/istiod-1-29-6.values.yaml is not written until then');
  });

  test('synth says which file it did not write (sail, no revision)', async () => {
    const sail = `apiVersion: meshgen/v1alpha1
kind: Mesh
metadata: {name: m}
spec:
  istio: {installer: sail}
  ca: {mode: none}
  clusters:
    - {name: c1, network: n1, role: primary, eastWestGateway: {}}
    - {name: c2, network: n2, role: remote, primary: c1}
`;
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'mesh.yaml'), sail);
    let err = '';
    const code = await runCli(['synth', '--spec', 'mesh.yaml'], { out: () => undefined, err: (t) => { err += t; }, cwd: dir });
    expect(code).toBe(3);
    expect(err).toMatch(/spec.clusters\[0\].eastWestGateway.address: not set, so c2's istio.yaml \(remotePilotAddress\) was not written; /);
  });
});
