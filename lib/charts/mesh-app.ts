import { App } from 'cdk8s';
import { ArgoCdSettings } from '../mesh-spec/types';
import { MeshPlan } from '../plan/planner';
import { ClusterChart } from './cluster-chart';
import { chartParts } from './parts/registry';

export interface MeshAppOptions {
  /**
   * spec.argocd, for the helm installer's Argo CD Applications.
   * @default - no Applications
   */
  readonly argocd?: ArgoCdSettings;
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
  const apps: App[] = [];
  const app = () => {
    apps.push(new App({ outdir: '.' }));
    return apps[apps.length - 1];
  };
  for (const cluster of plan.clusters) {
    new ClusterChart(app(), cluster.name, {
      mesh: plan,
      cluster,
      ...(opts.argocd ? { argocd: opts.argocd } : {}),
      ...(opts.trustRoots ? { trustRoots: opts.trustRoots } : {}),
    });
  }
  if (plan.karmada) {
    const { KarmadaChart } = chartParts.karmada();
    new KarmadaChart(app(), 'karmada', { mesh: plan });
  }
  return apps;
}
