import { bundleSecretObjects } from '../charts/bundle-secrets';
import { meshApp, meshApps } from '../charts/mesh-app';
import { MeshSpec } from '../mesh-spec/types';
import { ClusterCaFiles } from '../pki/pki-store';
import { MeshPlan, planMesh } from '../plan/planner';
import type { StepOptions } from '../plan/steps/step';
import { renderApp, RenderedFiles, sortedByPath } from '../render/render';
import { README_FILE, reviewReadme } from '../review/readme';
import { applySpecToApps, specAppliesToApps } from './overlays';

export interface RenderOptions extends StepOptions {
  /** Each cluster's plug-in CA files; each becomes a `cacerts` Secret. */
  readonly ca?: ReadonlyMap<string, ClusterCaFiles>;
  /**
   * Put the `cacerts` Secrets into the bundles (and their kustomization) instead of
   * the secrets output. For throwaway test clusters only.
   * @default false
   */
  readonly includeSecrets?: boolean;
  /**
   * During a root rotation (spec.ca.additionalRoots): the PEMs every primary trusts, the
   * mesh root first (lib/pki/trust-roots.ts reads and checks them).
   * @default - one root: no multi-root settings
   */
  readonly trustRoots?: readonly string[];
  /**
   * Where the spec came from, for the provenance header of every file: its path relative
   * to its repository, `-` for standard input (lib/names/version.ts).
   * @default - "from the mesh spec"
   */
  readonly source?: string;
}

export interface RenderResult {
  /** Path relative to the output directory -> file content. Sorted by path. */
  readonly files: RenderedFiles;
  /** Files holding private keys, relative to the secrets output (`<cluster>/cacerts.yaml`). */
  readonly secrets: RenderedFiles;
  readonly plan: MeshPlan;
}

/**
 * Renders a validated mesh spec into per-cluster bundles, in memory: plan -> meshApp
 * (lib/charts) -> renderApp (lib/render) -> the review README (lib/review). Pure: the
 * same spec gives the same bytes, whatever the order of its clusters. `synthMesh`
 * adds the CA before and the writing after.
 */
export function renderMesh(spec: MeshSpec, opts: RenderOptions = {}): RenderResult {
  return renderPlan(spec, planMesh(spec), opts);
}

/** renderMesh for a spec already planned. */
export function renderPlan(spec: MeshSpec, plan: MeshPlan, opts: RenderOptions = {}): RenderResult {
  const appOpts = opts.trustRoots ? { trustRoots: opts.trustRoots } : {};
  // spec.overlays and, with sail, spec.istio.values against the Sail CRDs (lib/render/overlays.ts)
  // work on every bundle before any is rendered; without them each bundle is rendered as soon as
  // it is built and its constructs dropped (a mesh of hundreds of clusters never holds them all).
  const app = specAppliesToApps(spec) ? meshApp(plan, appOpts) : meshApps(plan, appOpts);
  const applied = Array.isArray(app) ? applySpecToApps(spec, app, opts.specFile) : undefined;
  const { files, secrets } = renderApp(app, {
    secretObjects: (target) => bundleSecretObjects(plan, target, opts.ca),
    includeSecrets: opts.includeSecrets ?? false,
    ...(opts.source !== undefined ? { source: opts.source } : {}),
  });
  files.set(README_FILE, reviewReadme(plan, files.keys(), opts, applied, opts.source));
  return { files: sortedByPath(files), secrets, plan };
}
