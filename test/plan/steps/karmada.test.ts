import * as fs from 'fs';
import * as path from 'path';
import { planMesh } from '../../../lib/plan/planner';
import { formatPlan, planSteps } from '../../../lib/plan/steps/steps';
import { validateMeshSpec } from '../../../lib/mesh-spec/parse';
import { docs, ROOT } from '../../helpers';

function example(edit: (spec: any) => void = () => undefined) {
  const input = docs(fs.readFileSync(path.join(ROOT, 'examples/karmada/mesh.yaml'), 'utf8'))[0];
  edit(input.spec);
  return planMesh(validateMeshSpec(input));
}

const index = (steps: { commands: readonly string[] }[], needle: string) => steps.findIndex((s) => s.commands.some((c) => c.includes(needle)));

describe('planSteps with spec.federation.karmada', () => {
  const steps = planSteps(example(), { outDir: 'dist' });

  test('GIVEN the example THEN the karmada bundle (server-side) and the cacerts secrets come before anything on the members', () => {
    const bundle = index(steps, 'kubectl --context=karmada-apiserver apply --server-side -k dist/karmada');
    const secrets = index(steps, 'kubectl --context=karmada-apiserver apply -f .meshgen/secrets/karmada/cacerts.yaml');
    const waitMember1 = index(steps, "kubectl --context=member1 get namespace istio-system -o 'jsonpath={.metadata.labels.topology\\.istio\\.io/network}')\" = network1");
    const install = index(steps, 'istioctl install -y --context=member1 -f dist/member1/istioctl/control-plane.yaml');
    expect(bundle).toBeGreaterThan(0);
    expect([bundle < secrets, secrets < waitMember1, waitMember1 < install]).toEqual([true, true, true]);
    expect(steps[bundle].cluster).toBe('karmada');
  });

  test('GIVEN the example THEN no member applies its own namespace or cacerts', () => {
    expect(index(steps, 'dist/member1/namespace.yaml')).toBe(-1);
    expect(index(steps, '.meshgen/secrets/member1/cacerts.yaml')).toBe(-1);
  });

  test('GIVEN the example THEN each member is checked for its own intermediate (L=<member>)', () => {
    const wait = steps.find((s) => s.cluster === 'member2' && s.title.startsWith('Wait for Karmada'))!;
    expect(wait.note).toContain('L=member2');
    expect(wait.commands).toContain("kubectl --context=member2 -n istio-system get secret cacerts -o 'jsonpath={.data.ca-cert\\.pem}' | base64 -d | openssl x509 -noout -subject");
    expect(wait.makes).toEqual([{ kind: 'namespace', cluster: 'member2', name: 'istio-system' }, { kind: 'cacerts', cluster: 'member2' }]);
  });

  test('GIVEN propagated verify THEN the workload is applied on the karmada-apiserver and each member waits for its Job', () => {
    const apply = index(steps, 'kubectl --context=karmada-apiserver apply -k dist/karmada/verify');
    expect(apply).toBeGreaterThan(index(steps, 'istioctl remote-clusters --context=member1'));
    expect(index(steps, 'kubectl --context=member2 -n sample wait --for=condition=complete job/verify-helloworld --timeout=600s')).toBeGreaterThan(apply);
    expect(index(steps, 'dist/member1/verify')).toBe(-1);
  });

  test('GIVEN --include-secrets THEN the cacerts come from the karmada bundle', () => {
    const s = planSteps(example(), { includeSecrets: true });
    expect(index(s, 'kubectl --context=karmada-apiserver apply -f dist/karmada/cacerts.yaml')).toBeGreaterThan(0);
  });

  test('GIVEN propagate: [] THEN the members get their namespace and cacerts directly, as without Karmada', () => {
    const s = planSteps(example((spec) => { spec.federation.karmada.propagate = []; }));
    expect(index(s, 'kubectl --context=member1 apply -f dist/member1/namespace.yaml')).toBeGreaterThan(0);
    expect(index(s, 'kubectl --context=member2 apply -f .meshgen/secrets/member2/cacerts.yaml')).toBeGreaterThan(0);
    expect(s.some((st) => st.title.startsWith('Wait for Karmada'))).toBe(false);
  });

  test('GIVEN a context THEN every karmada-apiserver command uses it', () => {
    const text = formatPlan(example(), planSteps(example((spec) => { spec.federation.karmada.context = 'kk'; })));
    expect(text).toContain('kubectl --context=kk apply --server-side -k dist/karmada');
    expect(text).not.toContain('--context=karmada-apiserver');
  });
});
