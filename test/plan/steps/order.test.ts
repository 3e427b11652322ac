import { checkPlanOrder, orderSteps } from '../../../lib/plan/steps/order';
import { Fact, step } from '../../../lib/plan/steps/step';

const ns = (cluster: string): Fact => ({ kind: 'namespace', cluster, name: 'istio-system' });
const cp = (cluster: string): Fact => ({ kind: 'control-plane', cluster });
const s = (id: string, needs: Fact[] = [], makes: Fact[] = []) => step({ id, title: id, actions: [], needs, makes });

describe('orderSteps', () => {
  test('GIVEN steps in a valid order THEN it keeps it', () => {
    const steps = [s('a', [], [ns('c1')]), s('b', [ns('c1')], [cp('c1')]), s('c', [cp('c1')])];
    expect(orderSteps(steps).map((x) => x.id)).toEqual(['a', 'b', 'c']);
  });

  test('GIVEN a step before what it needs THEN it moves after it, and the others keep their order (stable ties)', () => {
    const steps = [s('install', [ns('c1')], [cp('c1')]), s('x'), s('namespace', [], [ns('c1')]), s('y')];
    expect(orderSteps(steps).map((x) => x.id)).toEqual(['x', 'namespace', 'install', 'y']);
  });

  test('fails on a need that no step makes', () => {
    expect(() => orderSteps([s('install', [ns('c1')])])).toThrow('plan step install needs namespace:c1:istio-system, which no step makes');
  });

  test('fails on steps that wait on each other', () => {
    expect(() => orderSteps([s('a', [cp('c2')], [cp('c1')]), s('b', [cp('c1')], [cp('c2')])])).toThrow('plan steps wait on each other: a, b');
  });
});

describe('checkPlanOrder', () => {
  test('GIVEN a valid order THEN no problem', () => {
    expect(checkPlanOrder([s('a', [], [ns('c1')]), s('b', [ns('c1')])])).toEqual([]);
  });

  test('fails when a need is made only later, or by no step, or an id repeats', () => {
    expect(checkPlanOrder([s('b', [ns('c1')]), s('a', [], [ns('c1')]), s('a', [{ kind: 'remote-secret', of: 'c2', on: 'c1' }])])).toEqual([
      'step 1 (b) needs namespace:c1:istio-system, which no earlier step makes',
      'step 3 (a): the id is used by an earlier step',
      'step 3 (a) needs remote-secret:c2:c1, which no earlier step makes',
    ]);
  });
});
