import { App } from 'cdk8s';
import { MeshgenError } from '../errors';
import { checkOutDir, openOutput, writeOutput } from '../fsx/write';
import { renderApp, RenderedFiles } from '../render/render';

export interface SynthBundlesOptions {
  /** The manifests output directory. @default 'dist' */
  readonly outDir?: string;
  /** Resolve relative paths from here. @default process.cwd() */
  readonly cwd?: string;
  /**
   * What the provenance header of every file names as the source, e.g. the app's
   * `main.ts` or a spec path relative to the repository (see docs/output.md).
   * @default - the header says "from the mesh spec"
   */
  readonly source?: string;
  /**
   * The first line of the output marker (`<outDir>/.meshgen-output`), which lists the files written.
   * @default 'meshgen output of a cdk8s app'
   */
  readonly marker?: string;
}

export interface SynthBundlesResult {
  /** What was written, `<target>/<file>` -> content, sorted by path. */
  readonly files: RenderedFiles;
  /** The real path of the output directory. */
  readonly outDir: string;
}

/**
 * The library's way to the CLI's layout from constructs: renders every BundleChart of the
 * app(s) (one per cluster, `new BundleChart(app, id, '<cluster>')`, or a ClusterChart) through
 * `Chart.toJson()`, so every construct's validation runs, and writes `<outDir>/<cluster>/...`
 * with a kustomization.yaml per bundle, with the CLI's writer: one crash-safe transaction,
 * only changed files, a user's own files left alone, and a non-empty directory that meshgen
 * did not write refused. Other charts of the app are left to `app.synth()`. From a spec,
 * `synthMesh` does the same and makes the CA.
 */
export function synthBundles(app: App | readonly App[], opts: SynthBundlesOptions = {}): SynthBundlesResult {
  const cwd = opts.cwd ?? process.cwd();
  const outDir = opts.outDir ?? 'dist';
  checkOutDir(outDir, { cwd });
  const { files } = renderApp(app, opts.source ? { source: opts.source } : {});
  if (files.size === 0) {
    throw new MeshgenError('synthBundles: the app has no BundleChart, so there is no bundle to write; make one per cluster with new BundleChart(app, id, \'<cluster>\') and its addFile(), or write plain charts with app.synth()');
  }
  const out = openOutput(outDir, { cwd });
  try {
    writeOutput(out.dir, files, opts.marker ?? 'meshgen output of a cdk8s app', { lock: out.lock });
  } finally {
    out.close();
  }
  return { files, outDir: out.dir };
}
