import { commandText, factKey, step, stepContext } from '../../../lib/plan/steps/step';

describe('commandText', () => {
  test('GIVEN a pipeline THEN each argument is quoted only where the shell needs it', () => {
    expect(commandText({ kind: 'run', pipeline: [['meshgen', 'kiali-secret', '--context=ctx 1'], ['kubectl', 'apply', '-f', '-']] }))
      .toEqual(["meshgen kiali-secret '--context=ctx 1' | kubectl apply -f -"]);
  });

  test('GIVEN waits THEN until-loops; GIVEN a check THEN a test; GIVEN a stop THEN no command', () => {
    expect(commandText({ kind: 'wait', argv: ['kubectl', 'get', 'job/x'], until: 'succeeds', timeoutSeconds: 60, intervalSeconds: 2 }))
      .toEqual(['until kubectl get job/x >/dev/null 2>&1; do sleep 2; done']);
    expect(commandText({ kind: 'wait', argv: ['kubectl', 'get', 'svc', '-o', 'jsonpath={.x}'], until: 'non-empty', timeoutSeconds: 60, intervalSeconds: 5 }))
      .toEqual(['until [ -n "$(kubectl get svc -o \'jsonpath={.x}\')" ]; do sleep 5; done']);
    expect(commandText({ kind: 'wait', argv: ['kubectl', 'get', 'ns'], until: 'equals', equals: 'network 1', timeoutSeconds: 60, intervalSeconds: 2 }))
      .toEqual(['until [ "$(kubectl get ns)" = \'network 1\' ]; do sleep 2; done']);
    expect(commandText({ kind: 'check', argv: ['kubectl', 'get', 'svc'], equals: '10.0.0.1', otherwise: 'fix it' })).toEqual(['[ "$(kubectl get svc)" = 10.0.0.1 ]']);
    expect(commandText({ kind: 'stop', message: 'write the address' })).toEqual([]);
  });
});

describe('step', () => {
  test('THEN commands are rendered from the actions, needs and makes default to none', () => {
    const s = step({ id: 'x.c1', cluster: 'c1', title: 't', actions: [{ kind: 'run', pipeline: [['true']] }] });
    expect(s).toEqual({ id: 'x.c1', cluster: 'c1', title: 't', actions: [{ kind: 'run', pipeline: [['true']] }], commands: ['true'], needs: [], makes: [] });
  });

  test('factKey names the kind and the fields in a fixed order', () => {
    expect(factKey({ kind: 'remote-secret', of: 'c2', on: 'c1' })).toBe('remote-secret:c2:c1');
    expect(factKey({ kind: 'namespace', cluster: 'c1', name: 'istio-system' })).toBe('namespace:c1:istio-system');
    expect(factKey({ kind: 'helm-repo' })).toBe('helm-repo');
  });

  test('stepContext applies the defaults and drops trailing slashes', () => {
    const ctx = stepContext({ outDir: 'out/', secretsDir: 'secrets//' });
    expect([ctx.out, ctx.secretsDir, ctx.specFile, ctx.includeSecrets]).toEqual(['out', 'secrets', 'mesh.yaml', false]);
    expect(stepContext().out).toBe('dist');
  });
});
