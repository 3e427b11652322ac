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
 * The cdk8s App of a mesh: one ClusterChart per cluster (`<out>/<cluster>/`) and, with
 * spec.federation.karmada, the KarmadaChart (`<out>/karmada/`). Builds constructs only;
 * lib/render turns the App into files.
 */
export function meshApp(plan: MeshPlan, opts: MeshAppOptions = {}): App {
  const app = new App({ outdir: '.' });
  for (const cluster of plan.clusters) {
    new ClusterChart(app, cluster.name, {
      mesh: plan,
      cluster,
      ...(opts.argocd ? { argocd: opts.argocd } : {}),
      ...(opts.trustRoots ? { trustRoots: opts.trustRoots } : {}),
    });
  }
  if (plan.karmada) {
    const { KarmadaChart } = chartParts.karmada();
    new KarmadaChart(app, 'karmada', { mesh: plan });
  }
  return app;
}
