import { Fact, factKey, PlanStep } from './step';

/**
 * Orders steps so that every need is made by an earlier step: a topological order of
 * the graph "step -> the first step (in the given order) that makes what it needs",
 * where, among the steps whose needs are met, the one given first comes first. Steps
 * given in a valid order therefore keep it. Throws when a need is made by no step or
 * the needs form a cycle: both are bugs of the planner, not of the spec.
 */
export function orderSteps(steps: readonly PlanStep[]): PlanStep[] {
  const producer = new Map<string, number>();
  steps.forEach((s, i) => {
    for (const f of s.makes) if (!producer.has(factKey(f))) producer.set(factKey(f), i);
  });
  const dependents: number[][] = steps.map(() => []);
  const waiting = steps.map(() => 0);
  steps.forEach((s, i) => {
    const deps = new Set<number>();
    for (const f of s.needs) {
      const p = producer.get(factKey(f));
      if (p === undefined) throw new Error(`plan step ${s.id} needs ${factKey(f)}, which no step makes`);
      if (p !== i) deps.add(p);
    }
    for (const p of deps) dependents[p].push(i);
    waiting[i] = deps.size;
  });
  const ready = new MinHeap();
  waiting.forEach((n, i) => { if (n === 0) ready.push(i); });
  const out: PlanStep[] = [];
  while (ready.size > 0) {
    const i = ready.pop();
    out.push(steps[i]);
    for (const d of dependents[i]) if (--waiting[d] === 0) ready.push(d);
  }
  if (out.length !== steps.length) {
    const stuck = steps.filter((_, i) => waiting[i] > 0).map((s) => s.id);
    throw new Error(`plan steps wait on each other: ${stuck.join(', ')}`);
  }
  return out;
}

/**
 * Proves an order: every need of every step is made by an earlier step, and step ids
 * are unique. Returns the problems found, one line each (none for a valid plan).
 */
export function checkPlanOrder(steps: readonly Pick<PlanStep, 'id' | 'needs' | 'makes'>[]): string[] {
  const made = new Set<string>();
  const ids = new Set<string>();
  const problems: string[] = [];
  steps.forEach((s, i) => {
    if (ids.has(s.id)) problems.push(`step ${i + 1} (${s.id}): the id is used by an earlier step`);
    ids.add(s.id);
    for (const f of s.needs) {
      if (!made.has(factKey(f))) problems.push(`step ${i + 1} (${s.id}) needs ${factKey(f)}, which no earlier step makes`);
    }
    for (const f of s.makes) made.add(factKey(f));
  });
  return problems;
}

/** Which steps make a fact (for messages and tests). */
export function makersOf(steps: readonly PlanStep[], fact: Fact): PlanStep[] {
  const key = factKey(fact);
  return steps.filter((s) => s.makes.some((f) => factKey(f) === key));
}

/** A binary heap of step indices, smallest first. */
class MinHeap {
  private readonly items: number[] = [];
  get size(): number { return this.items.length; }
  push(x: number): void {
    const a = this.items;
    a.push(x);
    for (let i = a.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (a[p] <= a[i]) break;
      [a[p], a[i]] = [a[i], a[p]];
      i = p;
    }
  }
  pop(): number {
    const a = this.items;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l] < a[m]) m = l;
        if (r < a.length && a[r] < a[m]) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}
