import { validateMeshSpec } from '../../../lib/mesh-spec/parse';
import { planMesh } from '../../../lib/plan/planner';
import { checkPlanOrder } from '../../../lib/plan/steps/order';
import { planSteps } from '../../../lib/plan/steps/steps';
import { meshInput, SEED_CLUSTERS } from '../../helpers';

const stepsWith = (mode: string, opts = {}) => {
  const input = meshInput(SEED_CLUSTERS);
  input.spec.ca = { mode };
  return planSteps(planMesh(validateMeshSpec(input)), opts);
};

describe('plan steps for the plug-in CA', () => {
  test('GIVEN generated THEN each cluster applies its cacerts from the secrets output, after its namespace and before its control plane', () => {
    const steps = stepsWith('generated');
    const at = (id: string) => steps.findIndex((s) => s.id === id);
    expect(steps[at('cacerts.cluster2')].commands).toEqual(['kubectl --context=cluster2 apply -f .meshgen/secrets/cluster2/cacerts.yaml']);
    expect(at('namespace.cluster2')).toBeLessThan(at('cacerts.cluster2'));
    expect(at('cacerts.cluster2')).toBeLessThan(at('control-plane.cluster2'));
    expect(stepsWith('generated', { includeSecrets: true }).find((s) => s.id === 'cacerts.cluster1')!.commands).toEqual(['kubectl --context=cluster1 apply -f dist/cluster1/cacerts.yaml']);
  });

  test('GIVEN cert-manager THEN the root Secret, the Certificate and a wait for it', () => {
    const s = stepsWith('cert-manager').find((x) => x.id === 'cacerts.cluster1')!;
    expect(s.commands).toEqual([
      'kubectl --context=cluster1 -n istio-system create secret tls meshgen-root-ca --cert=root-cert.pem --key=root-key.pem',
      'kubectl --context=cluster1 apply -f dist/cluster1/cert-manager.yaml',
      'kubectl --context=cluster1 -n istio-system wait --for=condition=Ready certificate/cacerts --timeout=2m',
    ]);
  });

  test('GIVEN none THEN one step without commands stands for every cluster\'s CA, and the plan still checks', () => {
    const steps = stepsWith('none');
    const none = steps.find((s) => s.id === 'ca')!;
    expect(none.commands).toEqual([]);
    expect(none.makes).toEqual([{ kind: 'cacerts', cluster: 'cluster1' }, { kind: 'cacerts', cluster: 'cluster2' }]);
    expect(checkPlanOrder(steps)).toEqual([]);
  });
});
