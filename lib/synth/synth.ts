import * as path from 'path';
import { MeshPlan, planMesh } from '../plan/planner';
import { DEFAULT_SECRETS_DIR } from '../names/defaults';
import { MeshSpec } from '../mesh-spec/types';
import { prepareMeshCa } from '../pki/mesh-ca';
import { loadTrustRoots, readMeshRoot } from '../pki/trust-roots';
import { RenderResult, renderPlan } from './render-mesh';
import { writeOutput, WriteOptions } from '../fsx/write';
import { checkSecretsOutside, writeSecretFiles } from '../fsx/write-secrets';


export interface SynthOptions {
  /** The spec file as the user typed it, for the steps in README.md. @default 'mesh.yaml' */
  readonly specFile?: string;
  /** The manifests output directory. @default 'dist' */
  readonly outDir?: string;
  /** Resolve relative paths from here. @default process.cwd() */
  readonly cwd?: string;
  /** Overrides spec.ca.dir. */
  readonly pkiDir?: string;
  /** The secrets output. @default '.meshgen/secrets' */
  readonly secretsDir?: string;
  /** Put the cacerts Secrets into the bundles. @default false */
  readonly includeSecrets?: boolean;
  /** Progress lines (key generation). */
  readonly onProgress?: (msg: string) => void;
  /** Test hook for the manifests writer. */
  readonly write?: WriteOptions;
}

export interface SynthResult {
  readonly plan: MeshPlan;
  /** Number of files written to the manifests output (not counting the output marker). */
  readonly fileCount: number;
  /** Absolute paths of the files written to the secrets output. */
  readonly secretFiles: readonly string[];
}

/**
 * The one composer of meshgen: plans the mesh, makes or reads the plug-in CA, renders
 * the bundles (lib/charts -> lib/render, with the review README), writes the secrets
 * output, then replaces the manifests output atomically (lib/fsx). Nothing is written
 * when the spec, the CA or the rendering fails.
 */
export async function synthMesh(spec: MeshSpec, opts: SynthOptions = {}): Promise<SynthResult> {
  const plan = planMesh(spec);
  const cwd = opts.cwd ?? process.cwd();
  const outDir = opts.outDir ?? 'dist';
  const secretsDir = opts.secretsDir ?? DEFAULT_SECRETS_DIR;
  if (!opts.includeSecrets) checkSecretsOutside(secretsDir, outDir, cwd);
  const ca = spec.ca.mode === 'generated' || spec.ca.mode === 'provided'
    ? await prepareMeshCa(spec, {
      cwd, ...(opts.pkiDir ? { pkiDir: opts.pkiDir } : {}), ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    })
    : undefined;
  const firstCa = ca ? [...ca.values()][0] : undefined;
  const trustRoots = spec.ca.additionalRoots && firstCa
    ? loadTrustRoots(spec, firstCa.rootCert, cwd)
    : undefined;
  const { files, secrets } = renderPlan(spec, plan, { ...(ca ? { ca } : {}), ...(trustRoots ? { trustRoots } : {}), includeSecrets: opts.includeSecrets ?? false, secretsDir, outDir, ...(opts.specFile ? { specFile: opts.specFile } : {}) });
  const secretFiles = secrets.size > 0 ? writeSecretFiles(path.resolve(cwd, secretsDir), secrets) : [];
  writeOutput(path.resolve(cwd, outDir), files, `meshgen output for mesh ${spec.name}; this directory is replaced whole by \`meshgen synth\`.\n`, opts.write ?? {});
  return { plan, fileCount: files.size, secretFiles };
}

export interface PreviewOptions {
  /** The manifests output the preview stands for, as passed to synth. @default 'dist' */
  readonly outDir?: string;
  /** The spec file as the user typed it, for the steps in README.md. @default 'mesh.yaml' */
  readonly specFile?: string;
  /** Resolve relative paths from here. @default process.cwd() */
  readonly cwd?: string;
}

/**
 * What synth would write to the manifests output, in memory, without making, reading
 * or changing the CA's keys (`meshgen diff`). During a root rotation
 * (spec.ca.additionalRoots) the trusted roots are read as synth reads them.
 */
export function previewMesh(spec: MeshSpec, opts: PreviewOptions = {}): RenderResult {
  const cwd = opts.cwd ?? process.cwd();
  const trustRoots = spec.ca.additionalRoots ? loadTrustRoots(spec, readMeshRoot(spec, cwd), cwd) : undefined;
  return renderPlan(spec, planMesh(spec), {
    ...(opts.outDir ? { outDir: opts.outDir } : {}),
    ...(opts.specFile ? { specFile: opts.specFile } : {}),
    ...(trustRoots ? { trustRoots } : {}),
  });
}
