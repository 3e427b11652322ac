import * as fs from 'fs';
import * as path from 'path';
import { planMesh } from '../../../lib/plan/planner';
import { checkPlanOrder } from '../../../lib/plan/steps/order';
import { formatPlan, planSteps } from '../../../lib/plan/steps/steps';
import { PlanStep } from '../../../lib/plan/steps/step';
import { parseMeshSpecYaml, validateMeshSpec } from '../../../lib/mesh-spec/parse';
import { mesh, meshInput, ROOT, SEED_CLUSTERS, THREE_CLUSTERS } from '../../helpers';

const indexOf = (steps: readonly PlanStep[], pred: (cmd: string) => boolean) =>
  steps.findIndex((s) => s.commands.some(pred));
const exampleNames = fs.readdirSync(path.join(ROOT, 'examples')).filter((d) => fs.existsSync(path.join(ROOT, 'examples', d, 'mesh.yaml'))).sort();
const example = (name: string) => planMesh(parseMeshSpecYaml(fs.readFileSync(path.join(ROOT, 'examples', name, 'mesh.yaml'), 'utf8'), `examples/${name}/mesh.yaml`));

function withInstaller(input: any, installer: 'istioctl' | 'sail' | 'helm') {
  input.spec.istio = { installer };
  return planMesh(validateMeshSpec(input));
}

describe('planSteps', () => {
  test('GIVEN the seed mesh THEN the steps follow the runbook order, the remote secret before the remote\'s east-west gateway', () => {
    const steps = planSteps(planMesh(mesh(SEED_CLUSTERS)));
    const at = (cmd: string) => indexOf(steps, (c) => c === cmd);
    const ns2 = at('kubectl --context=cluster2 apply -f dist/cluster2/namespace.yaml');
    const ca1 = at('kubectl --context=cluster1 apply -f .meshgen/secrets/cluster1/cacerts.yaml');
    const ca2 = at('kubectl --context=cluster2 apply -f .meshgen/secrets/cluster2/cacerts.yaml');
    const cp1 = at('istioctl install -y --context=cluster1 -f dist/cluster1/istioctl/control-plane.yaml');
    const ew1 = at('istioctl install -y --context=cluster1 -f dist/cluster1/istioctl/eastwest-gateway.yaml');
    const apply1 = at('kubectl --context=cluster1 apply -k dist/cluster1');
    const cp2 = at('istioctl install -y --context=cluster2 -f dist/cluster2/istioctl/control-plane.yaml');
    const apply2 = at('kubectl --context=cluster2 apply -k dist/cluster2');
    const write = at('meshgen remote-secret --all --spec mesh.yaml');
    const secret = at('kubectl --context=cluster1 apply -f .meshgen/secrets/cluster1 -l istio/multiCluster=true');
    const webhook = steps.findIndex((s) => s.id === 'injection-webhook.cluster2');
    const ew2 = at('istioctl install -y --context=cluster2 -f dist/cluster2/istioctl/eastwest-gateway.yaml');
    const verify = at('istioctl remote-clusters --context=cluster1');
    const order = [ns2, ca1, ca2, cp1, ew1, apply1, cp2, apply2, write, secret, webhook, ew2, verify];
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(verify).toBe(steps.length - 1);
    expect(steps[ew1 + 1].commands.some((c) => c.includes('get svc istio-eastwestgateway'))).toBe(true);
    expect(checkPlanOrder(steps)).toEqual([]);
  });

  test('GIVEN the three-cluster mesh THEN one meshgen remote-secret --all and one apply for the one reading primary', () => {
    const steps = planSteps(planMesh(mesh(THREE_CLUSTERS)), { outDir: 'out/' });
    const commands = steps.flatMap((s) => s.commands);
    expect(commands.filter((c) => c.startsWith('meshgen remote-secret'))).toEqual(['meshgen remote-secret --all --spec mesh.yaml']);
    expect(commands.filter((c) => c.includes('istio/multiCluster=true'))).toEqual(['kubectl --context=cluster1 apply -f .meshgen/secrets/cluster1 -l istio/multiCluster=true']);
    expect(commands).toContain('kubectl --context=cluster3 apply -k out/cluster3');
    const apply = steps.find((s) => s.id === 'remote-secrets.cluster1')!;
    expect(apply.makes).toEqual([
      { kind: 'remote-secret', of: 'cluster2', on: 'cluster1' },
      { kind: 'remote-secret', of: 'cluster3', on: 'cluster1' },
      { kind: 'remote-secrets', on: 'cluster1' },
    ]);
  });

  test('GIVEN --secrets-out THEN remote-secret --all writes there and each primary applies from there', () => {
    const commands = planSteps(planMesh(mesh(SEED_CLUSTERS)), { secretsDir: 'secrets/' }).flatMap((s) => s.commands);
    expect(commands).toContain('meshgen remote-secret --all --spec mesh.yaml --secrets-out secrets');
    expect(commands).toContain('kubectl --context=cluster1 apply -f secrets/cluster1 -l istio/multiCluster=true');
  });

  test('GIVEN a missing address THEN the plan prints it and stops for it to be written, then synthesizes again, before the remote install', () => {
    const plan = planMesh(mesh([{ ...SEED_CLUSTERS[0], address: undefined }, SEED_CLUSTERS[1]]));
    const steps = planSteps(plan, { specFile: 'my-mesh.yaml' });
    const set = steps.findIndex((s) => s.id === 'set-address.cluster1');
    const synth = indexOf(steps, (c) => c === 'meshgen synth --spec my-mesh.yaml --out dist');
    const cp2 = indexOf(steps, (c) => c.includes('dist/cluster2/istioctl/control-plane.yaml'));
    expect(0 < set && set < synth && synth < cp2).toBe(true);
    expect(steps[set].actions.map((a) => a.kind)).toEqual(['run', 'stop']);
    expect(steps[set].note).toContain('spec.clusters[0].eastWestGateway.address');
    expect(steps[set].note).toContain('dist/cluster2/istioctl/control-plane.yaml is not written until then');
    expect(checkPlanOrder(steps)).toEqual([]);
  });

  test('formatPlan numbers the steps and names the cluster of each', () => {
    const plan = planMesh(mesh(SEED_CLUSTERS));
    const text = formatPlan(plan, planSteps(plan));
    expect(text.split('\n')[0]).toBe('Plan for mesh mesh1: Istio 1.30.3 with istioctl, 2 clusters on 2 networks');
    expect(text).toMatch(/^ 2\. \[cluster1\] Create namespace istio-system labelled topology\.istio\.io\/network=network1$/m);
    expect(text).toContain('$ istioctl install -y --context=cluster1 -f dist/cluster1/istioctl/control-plane.yaml');
  });

  test('GIVEN multi-primary on 3 clusters THEN every bundle (with its reader token Secret) is applied before remote-secret --all, then one apply per primary', () => {
    const plan = planMesh(mesh([
      { name: 'cluster1', network: 'network1', role: 'primary', address: '10.0.0.1' },
      { name: 'cluster2', network: 'network1', role: 'primary', address: '10.0.0.2' },
      { name: 'cluster3', network: 'network2', role: 'primary', address: '10.0.0.3' },
    ]));
    const steps = planSteps(plan);
    const write = indexOf(steps, (c) => c.startsWith('meshgen remote-secret --all'));
    const applies = steps.filter((s) => s.id.startsWith('remote-secrets.'));
    expect(applies.map((s) => s.commands)).toEqual(['cluster1', 'cluster2', 'cluster3'].map((c) => [`kubectl --context=${c} apply -f .meshgen/secrets/${c} -l istio/multiCluster=true`]));
    for (const c of ['cluster1', 'cluster2', 'cluster3']) {
      const apply = indexOf(steps, (cmd) => cmd === `kubectl --context=${c} apply -k dist/${c}`);
      expect(apply).toBeLessThan(write);
      expect(steps[apply].title).toContain('the reader token Secret for remote secrets');
    }
    expect(steps[write].needs).toEqual(['cluster1', 'cluster2', 'cluster3'].map((cluster) => ({ kind: 'reader-token', cluster })));
    expect(steps[write].note).toContain('dist/<cluster>/remote-secret-reader.yaml');
  });

  test('GIVEN meshes of 10, 20 and 40 multi-primary clusters THEN steps and text grow linearly (no step per pair)', () => {
    const sizes = [10, 20, 40].map((n) => {
      const plan = planMesh(mesh(Array.from({ length: n }, (_, i) => ({ name: `c${i + 100}`, network: `n${i + 100}`, role: 'primary' as const, address: `10.0.0.${i + 1}` }))));
      const steps = planSteps(plan);
      return { steps: steps.length, text: formatPlan(plan, steps).length, pairs: plan.remoteSecrets.length };
    });
    expect(sizes[2].pairs).toBe(40 * 39);
    expect(sizes[2].steps - sizes[1].steps).toBe(2 * (sizes[1].steps - sizes[0].steps));
    expect((sizes[1].steps - sizes[0].steps) / 10).toBeLessThanOrEqual(8);
    expect(sizes[2].text / sizes[1].text).toBeLessThan(2.1);
  });
});

describe('defect: the remote secret comes before the remote\'s east-west gateway (every primary-remote flow)', () => {
  const cases: [string, () => ReturnType<typeof planMesh>][] = [
    ['istioctl', () => withInstaller(meshInput(SEED_CLUSTERS), 'istioctl')],
    ['sail', () => withInstaller(meshInput(SEED_CLUSTERS), 'sail')],
    ['helm', () => withInstaller(meshInput(SEED_CLUSTERS), 'helm')],
    ...exampleNames.filter((n) => example(n).clusters.some((c) => c.role === 'remote')).map((n): [string, () => ReturnType<typeof planMesh>] => [`example ${n}`, () => example(n)]),
  ];
  test.each(cases)('%s', (_, plan) => {
    const p = plan();
    const steps = planSteps(p);
    expect(checkPlanOrder(steps)).toEqual([]);
    for (const r of p.clusters.filter((c) => c.role === 'remote' && c.eastWestGateway)) {
      const secret = steps.findIndex((s) => s.makes.some((f) => f.kind === 'remote-secret' && f.of === r.name && f.on === r.primary));
      // the injection-webhook step, or with spec.gitops the wait for the remote's istiod
      const webhook = steps.findIndex((s) => s.makes.some((f) => f.kind === 'webhook-cabundle' && f.cluster === r.name));
      const gateway = steps.findIndex((s) => s.makes.some((f) => f.kind === 'east-west-gateway' && f.cluster === r.name));
      expect(steps[secret].commands).toEqual([`kubectl --context=${p.clusters.find((c) => c.name === r.primary)!.context} apply -f .meshgen/secrets/${r.primary} -l istio/multiCluster=true`]);
      expect(secret).toBeGreaterThan(0);
      expect(secret).toBeLessThan(webhook);
      expect(webhook).toBeLessThan(gateway);
      expect(steps[gateway].needs).toContainEqual({ kind: 'webhook-cabundle', cluster: r.name });
    }
  });
});

describe('defect: explicit meshNetworks re-installs the primaries after the gateway addresses are checked', () => {
  test('GIVEN the legacy example THEN each address is checked, and then cluster1\'s control plane is installed again', () => {
    const steps = planSteps(example('shared-control-plane-gateways'));
    const check1 = steps.findIndex((s) => s.id === 'check-address.cluster1');
    const check2 = steps.findIndex((s) => s.id === 'check-address.cluster2');
    const again = steps.findIndex((s) => s.id === 'mesh-networks.cluster1');
    expect(steps[check1].commands).toEqual(["[ \"$(kubectl --context=cluster1 -n istio-system get svc istio-eastwestgateway -o 'jsonpath={.status.loadBalancer.ingress[0].ip}{.status.loadBalancer.ingress[0].hostname}')\" = 192.168.1.246 ]"]);
    expect(steps[check1].note).toContain('update spec.clusters[0].eastWestGateway.address (mesh.yaml) to the address printed and run: meshgen synth');
    expect(check1).toBeGreaterThan(0);
    expect(check2).toBeGreaterThan(check1);
    expect(again).toBeGreaterThan(check2);
    expect(steps[again].commands).toEqual(['istioctl install -y --context=cluster1 -f dist/cluster1/istioctl/control-plane.yaml']);
    expect(steps[again].needs).toEqual(expect.arrayContaining([{ kind: 'spec-address', cluster: 'cluster1' }, { kind: 'spec-address', cluster: 'cluster2' }]));
    expect(steps.find((s) => s.id === 'verify-workload')!.needs).toContainEqual({ kind: 'mesh-networks', cluster: 'cluster1' });
    expect(checkPlanOrder(steps)).toEqual([]);
  });

  test.each(['sail', 'helm'] as const)('GIVEN %s and a primary address to write THEN every primary is installed again after synth', (installer) => {
    const input = meshInput([
      { name: 'cluster1', network: 'network1', role: 'primary' },
      { name: 'cluster2', network: 'network2', role: 'remote', primary: 'cluster1' },
      { name: 'cluster3', network: 'network3', role: 'primary', address: '10.0.0.3' },
    ]);
    input.spec.meshNetworks = 'explicit';
    const steps = planSteps(withInstaller(input, installer));
    const synth = steps.findIndex((s) => s.id === 'synth-again');
    const check3 = steps.findIndex((s) => s.id === 'check-address.cluster3');
    for (const p of ['cluster1', 'cluster3']) {
      const again = steps.findIndex((s) => s.id === `mesh-networks.${p}`);
      expect(again).toBeGreaterThan(synth);
      expect(again).toBeGreaterThan(check3);
    }
    expect(checkPlanOrder(steps)).toEqual([]);
  });

  test('GIVEN labels (the default) THEN nothing is installed twice', () => {
    expect(planSteps(planMesh(mesh(SEED_CLUSTERS))).some((s) => s.id.startsWith('mesh-networks.'))).toBe(false);
  });
});

describe('every example', () => {
  test.each(exampleNames)('%s: the plan passes the order checker and its step ids are unique', (name) => {
    const plan = example(name);
    const steps = planSteps(plan);
    expect(checkPlanOrder(steps)).toEqual([]);
    expect(new Set(steps.map((s) => s.id)).size).toBe(steps.length);
  });
});
