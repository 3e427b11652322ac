import { App } from 'cdk8s';
import { MeshPlan } from '../plan/planner';
import { ClusterChart } from './cluster-chart';
import { chartParts } from './parts/registry';

export interface MeshAppOptions {
  /**
   * During a root rotation (spec.ca.additionalRoots): the PEMs every primary trusts,
   * the mesh root first.
   * @default - one root: no multi-root settings
   */
  readonly trustRoots?: readonly string[];
}

/**
 * The cdk8s Apps of a mesh, one per bundle: a ClusterChart per cluster
 * (`<out>/<cluster>/`) and, with spec.federation.karmada, the KarmadaChart
 * (`<out>/karmada/`). Builds constructs only; lib/render turns them into files.
 *
 * A bundle is applied on its own and shares no construct with another, so each gets
 * its own App: `Chart.toJson()` resolves and validates the whole App of the chart it
 * renders, and one App per bundle keeps rendering linear in the number of clusters.
 */
export function meshApp(plan: MeshPlan, opts: MeshAppOptions = {}): App[] {
  return [...meshApps(plan, opts)];
}

/**
 * meshApp one App at a time, each built when the iteration reaches it: a caller that renders
 * each before asking for the next (lib/synth, when nothing applies across bundles) holds one
 * bundle's constructs at a time instead of the whole mesh's.
 */
export function* meshApps(plan: MeshPlan, opts: MeshAppOptions = {}): Generator<App> {
  for (const cluster of plan.clusters) {
    const app = new App({ outdir: '.' });
    new ClusterChart(app, cluster.name, {
      mesh: plan,
      cluster,
      ...(opts.trustRoots ? { trustRoots: opts.trustRoots } : {}),
    });
    yield app;
  }
  if (plan.karmada) {
    const { KarmadaChart } = chartParts.karmada();
    const app = new App({ outdir: '.' });
    new KarmadaChart(app, 'karmada', { mesh: plan });
    yield app;
  }
}
