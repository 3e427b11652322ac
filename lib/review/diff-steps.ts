import type { MeshPlan } from '../plan/planner';
import { planSteps } from '../plan/steps/steps';
import { Fact, factKey, PlanStep, StepOptions } from '../plan/steps/step';
import type { OutputDiff } from './diff';
import { phaseOf } from './runbook';

/** The clusters a fact is about (its cluster, or both ends of a remote or Kiali secret). */
const clustersOf = (f: Fact): string[] => {
  const r = f as { cluster?: string; of?: string; on?: string };
  return [r.cluster, r.of, r.on].filter((c): c is string => c !== undefined);
};

/**
 * The steps of the plan to run for this change only, in plan order:
 * - the steps on a cluster that is added or changed, or that apply one of its files;
 * - the steps elsewhere that need a fact about such a cluster (the remote secrets of a
 *   new remote, written on the workstation and applied on its primaries);
 * - then the remote-secret and verification steps that need what those make.
 * A removed cluster has no steps in the new plan (the comment says what to do there).
 */
export function changeSteps(plan: MeshPlan, d: OutputDiff, opts: StepOptions = {}): PlanStep[] {
  const touched = new Set(d.groups.filter((g) => g.group && g.change !== 'removed').map((g) => g.group));
  if (touched.size === 0) return [];
  const steps = planSteps(plan, opts);
  const out = (opts.outDir ?? 'dist').replace(/\/+$/, '') || '.';
  const files = d.groups.filter((g) => g.group).flatMap((g) => [...g.files.map((f) => f.file), ...g.objects.map((o) => o.file)].map((f) => `${out}/${g.group}/${f}`));
  const selected = new Set<PlanStep>();
  for (const s of steps) {
    if ((s.cluster !== undefined && touched.has(s.cluster))
      || s.needs.some((f) => clustersOf(f).some((c) => touched.has(c)))
      || s.commands.some((c) => files.some((f) => c.includes(f)))) selected.add(s);
  }
  const made = new Set([...selected].flatMap((s) => s.makes.map(factKey)));
  for (const s of steps) {
    if (selected.has(s) || !['connect', 'verify'].includes(phaseOf(s))) continue;
    if (s.needs.some((f) => made.has(factKey(f)))) {
      selected.add(s);
      for (const f of s.makes) made.add(factKey(f));
    }
  }
  return steps.filter((s) => selected.has(s));
}
