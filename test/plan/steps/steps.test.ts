import { planMesh } from '../../../lib/plan/planner';
import { formatPlan, planSteps } from '../../../lib/plan/steps/steps';
import { mesh, SEED_CLUSTERS, THREE_CLUSTERS } from '../../helpers';

const indexOf = (steps: ReturnType<typeof planSteps>, pred: (cmd: string) => boolean) =>
  steps.findIndex((s) => s.commands.some(pred));

describe('planSteps', () => {
  test('GIVEN the seed mesh THEN the steps follow the runbook order', () => {
    const steps = planSteps(planMesh(mesh(SEED_CLUSTERS)));
    const ns2 = indexOf(steps, (c) => c === 'kubectl --context=cluster2 apply -f dist/cluster2/namespace.yaml');
    const cp1 = indexOf(steps, (c) => c === 'istioctl install -y --context=cluster1 -f dist/cluster1/istioctl/control-plane.yaml');
    const ew1 = indexOf(steps, (c) => c === 'istioctl install -y --context=cluster1 -f dist/cluster1/istioctl/eastwest-gateway.yaml');
    const apply1 = indexOf(steps, (c) => c === 'kubectl --context=cluster1 apply -k dist/cluster1');
    const cp2 = indexOf(steps, (c) => c === 'istioctl install -y --context=cluster2 -f dist/cluster2/istioctl/control-plane.yaml');
    const ew2 = indexOf(steps, (c) => c.startsWith('istioctl install -y --context=cluster2 -f dist/cluster2/istioctl/eastwest-gateway.yaml'));
    const apply2 = indexOf(steps, (c) => c === 'kubectl --context=cluster2 apply -k dist/cluster2');
    const secret = indexOf(steps, (c) => c === 'meshgen remote-secret --cluster cluster2 --context=cluster2 | kubectl apply -f - --context=cluster1');
    const verify = indexOf(steps, (c) => c === 'istioctl remote-clusters --context=cluster1');
    const ca1 = indexOf(steps, (c) => c === 'kubectl --context=cluster1 apply -f .meshgen/secrets/cluster1/cacerts.yaml');
    const ca2 = indexOf(steps, (c) => c === 'kubectl --context=cluster2 apply -f .meshgen/secrets/cluster2/cacerts.yaml');
    for (const i of [ns2, ca1, ca2, cp1, ew1, apply1, cp2, ew2, apply2, secret, verify]) expect(i).toBeGreaterThanOrEqual(0);
    expect(ns2).toBeLessThan(ca1);
    expect(ca2).toBeLessThan(cp1);
    expect(ns2).toBeLessThan(cp1);
    expect(cp1).toBeLessThan(ew1);
    expect(ew1).toBeLessThan(apply1);
    expect(apply1).toBeLessThan(cp2);
    expect(cp2).toBeLessThan(ew2);
    expect(ew2).toBeLessThan(apply2);
    expect(apply2).toBeLessThan(secret);
    expect(verify).toBe(steps.length - 1);
    expect(steps[ew1].commands.some((c) => c.includes('get svc istio-eastwestgateway'))).toBe(true);
  });

  test('GIVEN the three-cluster mesh THEN cluster2 installs no control plane of its own and both remotes get a secret', () => {
    const steps = planSteps(planMesh(mesh(THREE_CLUSTERS)), { outDir: 'out/' });
    const commands = steps.flatMap((s) => s.commands);
    expect(commands).toContain('meshgen remote-secret --cluster cluster2 --context=cluster2 | kubectl apply -f - --context=cluster1');
    expect(commands).toContain('meshgen remote-secret --cluster cluster3 --context=cluster3 | kubectl apply -f - --context=cluster1');
    expect(commands).toContain('kubectl --context=cluster3 apply -k out/cluster3');
    expect(commands.filter((c) => c.includes('remote-secret'))).toHaveLength(2);
  });

  test('GIVEN a missing address THEN a step tells how to get it and to synth again, before the remote install', () => {
    const plan = planMesh(mesh([{ ...SEED_CLUSTERS[0], address: undefined }, SEED_CLUSTERS[1]]));
    const steps = planSteps(plan, { specFile: 'my-mesh.yaml' });
    const fill = steps.findIndex((s) => s.commands.includes('meshgen synth --spec my-mesh.yaml --out dist'));
    const cp2 = indexOf(steps, (c) => c.includes('dist/cluster2/istioctl/control-plane.yaml'));
    expect(fill).toBeGreaterThan(0);
    expect(fill).toBeLessThan(cp2);
    expect(steps[fill].note).toContain('spec.clusters[0].eastWestGateway.address');
  });

  test('formatPlan numbers the steps and names the cluster of each', () => {
    const plan = planMesh(mesh(SEED_CLUSTERS));
    const text = formatPlan(plan, planSteps(plan));
    expect(text.split('\n')[0]).toBe('Plan for mesh mesh1: Istio 1.30.3 with istioctl, 2 clusters on 2 networks');
    expect(text).toMatch(/^ 2\. \[cluster1\] Create namespace istio-system labelled topology\.istio\.io\/network=network1$/m);
    expect(text).toContain('$ istioctl install -y --context=cluster1 -f dist/cluster1/istioctl/control-plane.yaml');
  });
  test('GIVEN multi-primary on 3 clusters THEN every bundle (with its reader token Secret) is applied before the 6 meshgen remote-secret steps', () => {
    const plan = planMesh(mesh([
      { name: 'cluster1', network: 'network1', role: 'primary', address: '10.0.0.1' },
      { name: 'cluster2', network: 'network1', role: 'primary', address: '10.0.0.2' },
      { name: 'cluster3', network: 'network2', role: 'primary', address: '10.0.0.3' },
    ]));
    const steps = planSteps(plan);
    const secrets = steps.filter((s) => s.commands.some((c) => c.startsWith('meshgen remote-secret ')));
    expect(secrets.map((s) => s.commands[0])).toEqual(plan.remoteSecrets.map((p) =>
      `meshgen remote-secret --cluster ${p.target} --context=${p.target} | kubectl apply -f - --context=${p.reader}`));
    expect(secrets).toHaveLength(6);
    const firstSecret = steps.indexOf(secrets[0]);
    for (const c of ['cluster1', 'cluster2', 'cluster3']) {
      const apply = indexOf(steps, (cmd) => cmd === `kubectl --context=${c} apply -k dist/${c}`);
      expect(apply).toBeLessThan(firstSecret);
      expect(steps[apply].title).toContain('the reader token Secret for remote secrets');
    }
    expect(secrets[0].note).toContain('dist/cluster2/remote-secret-reader.yaml');
  });
});
