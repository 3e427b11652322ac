import { validateMeshSpec } from '../../../lib/mesh-spec/parse';
import { planMesh } from '../../../lib/plan/planner';
import { planSteps } from '../../../lib/plan/steps/steps';
import { meshInput } from '../../helpers';

function plan(tool: 'argocd' | 'flux', installer: 'helm' | 'sail', extra: (input: any) => void = () => undefined) {
  const input = meshInput([
    { name: 'cluster1', network: 'network1', role: 'primary' },
    { name: 'cluster2', network: 'network2', role: 'remote', primary: 'cluster1' },
  ]);
  input.spec.istio = { installer };
  input.spec.gitops = { tool, repoURL: 'https://github.com/example/mesh.git' };
  extra(input);
  return planSteps(planMesh(validateMeshSpec(input)));
}

describe('plan steps with spec.gitops', () => {
  test('GIVEN Argo CD THEN argocd-cm first, clusters registered, a commit, then per cluster its root Application and argocd app wait per Application', () => {
    const steps = plan('argocd', 'helm', (i) => { i.spec.gitops.context = 'mgmt'; i.spec.gitops.destinations = { cluster1: { server: 'https://kubernetes.default.svc' } }; });
    const inCluster = plan('argocd', 'helm', (i) => { i.spec.gitops.destinations = { cluster2: { name: 'in-cluster' } }; }).flatMap((s) => s.commands);
    expect(inCluster.filter((c) => c.startsWith('argocd cluster add'))).toEqual(['argocd cluster add cluster1 --name cluster1 --yes']);
    const commands = steps.flatMap((s) => s.commands);
    expect(commands).toContain('kubectl --context=mgmt apply --server-side --field-manager=meshgen -f dist/cluster1/argocd/argocd-cm.yaml');
    // cluster1 is Argo CD's own cluster: nothing to register
    expect(commands.filter((c) => c.startsWith('argocd cluster add'))).toEqual(['argocd cluster add cluster2 --name cluster2 --yes']);
    expect(commands).toContain('kubectl --context=mgmt apply -f dist/cluster1/argocd/root.yaml');
    expect(commands.filter((c) => c.startsWith('argocd app wait cluster1-'))).toEqual([
      'argocd app wait cluster1-istio-base --sync --health --timeout 900',
      'argocd app wait cluster1-mesh-bundle --sync --health --timeout 900',
      'argocd app wait cluster1-istiod --sync --health --timeout 900',
      'argocd app wait cluster1-istio-eastwestgateway --sync --health --timeout 900',
    ]);
  });

  test('GIVEN Flux THEN flux install per cluster, the root Kustomization applied, kubectl wait on each Kustomization with flux get kustomizations to watch', () => {
    const steps = plan('flux', 'sail');
    const commands = steps.flatMap((s) => s.commands);
    expect(commands).toEqual(expect.arrayContaining(['flux install --context=cluster1', 'flux install --context=cluster2', 'kubectl --context=cluster1 apply -f dist/cluster1/flux/root.yaml']));
    const wait = steps.find((s) => s.commands[0]?.includes('kustomization/cluster1-istiod'))!;
    expect(wait.commands).toEqual(['kubectl --context=cluster1 -n flux-system wait kustomization/cluster1-istiod --for=condition=Ready --timeout=900s']);
    expect(wait.note).toBe('it starts only once the cacerts Secret exists in istio-system (the bundle\'s health check)');
    const first = steps.find((s) => s.commands[0]?.includes('kustomization/cluster1-sail-operator'))!;
    expect(first.note).toBe('flux get kustomizations --context=cluster1 -n flux-system shows every unit\'s state');
  });

  test('GIVEN what stays manual THEN the cacerts Secrets (generated CA) and the remote secrets are steps; with cert-manager only its root Secret', () => {
    const generated = plan('flux', 'helm').flatMap((s) => s.commands);
    expect(generated).toContain('kubectl --context=cluster2 apply -f .meshgen/secrets/cluster2/cacerts.yaml');
    expect(generated).toContain('meshgen remote-secret --all --spec mesh.yaml');
    expect(generated).toContain('kubectl --context=cluster1 apply -f .meshgen/secrets/cluster1 -l istio/multiCluster=true');
    const cm = plan('flux', 'helm', (i) => { i.spec.ca = { mode: 'cert-manager' }; }).flatMap((s) => s.commands);
    expect(cm.filter((c) => c.includes('cacerts') || c.includes('cert-manager'))).toEqual([]);
    expect(cm).toContain('kubectl --context=cluster1 -n istio-system create secret tls meshgen-root-ca --cert=root-cert.pem --key=root-key.pem');
  });

  test('GIVEN a remote whose primary has no address yet THEN the plan renders it after the gateway is up, and pushes the new commit', () => {
    const steps = plan('argocd', 'sail');
    const write = steps.findIndex((s) => s.id === 'set-address.cluster1');
    const render = steps.find((s) => s.id === 'synth-again')!;
    expect(render.commands).toEqual(['meshgen synth --spec mesh.yaml --out dist', 'git add dist', "git commit -m 'meshgen synth: remote control planes'", 'git push']);
    const address = steps.findIndex((s) => s.title === 'Read the address of cluster1\'s east-west gateway');
    expect(address).toBeGreaterThanOrEqual(0);
    expect(address).toBeLessThan(write);
    expect(write).toBeLessThan(steps.indexOf(render));
    expect(steps.flatMap((s) => s.commands).some((c) => c.includes('cluster2-istiod'))).toBe(false);
  });

  test('GIVEN Flux with kubeConfigSecret destinations THEN the kubeconfig Secret is created in the Flux cluster, and the waits run there', () => {
    const steps = plan('flux', 'helm', (i) => { i.spec.gitops.context = 'mgmt'; i.spec.gitops.destinations = { cluster2: { kubeConfigSecret: 'cluster2-kubeconfig' } }; });
    const commands = steps.flatMap((s) => s.commands);
    expect(commands.filter((c) => c.startsWith('flux install'))).toEqual(['flux install --context=mgmt', 'flux install --context=cluster1']);
    expect(commands).toContain('kubectl --context=mgmt -n flux-system create secret generic cluster2-kubeconfig --from-file=value=cluster2.kubeconfig');
    expect(commands).toContain('kubectl --context=mgmt apply -f dist/cluster2/flux/root.yaml');
    expect(commands).toContain('kubectl --context=mgmt -n flux-system wait kustomization/cluster2-mesh-bundle --for=condition=Ready --timeout=900s');
  });
});

describe('plan steps with spec.gitops: quoting', () => {
  test('GIVEN a hostile controller context and destination name THEN each reaches the command as one shell word', () => {
    const steps = plan('argocd', 'helm', (i) => { i.spec.gitops.context = 'mgmt; touch /tmp/p #'; i.spec.gitops.destinations = { cluster2: { name: "it's $(x)" } }; });
    const commands = steps.flatMap((s) => s.commands);
    expect(commands).toContain("kubectl '--context=mgmt; touch /tmp/p #' apply -f dist/cluster1/argocd/root.yaml");
    expect(commands).toContain(`argocd cluster add cluster2 --name 'it'"'"'s $(x)' --yes`);
  });
});
