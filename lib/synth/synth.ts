import * as path from 'path';
import { MeshPlan, planMesh } from '../plan/planner';
import { meshStateLine } from '../plan/upgrade-state';
import { DEFAULT_SECRETS_DIR } from '../names/defaults';
import { MeshSpec } from '../mesh-spec/types';
import { prepareMeshCa } from '../pki/mesh-ca';
import { loadTrustRoots, readMeshRoot } from '../pki/trust-roots';
import { RenderResult, renderPlan } from './render-mesh';
import { generatedHeader } from '../render/render';
import { checkOutDir, openOutput, writeOutput, WriteOptions } from '../fsx/write';
import { checkKeyDir, checkSecretsOutside, writeSecretFiles } from '../fsx/write-secrets';


export interface SynthOptions {
  /** The spec file as the user typed it, for the steps in README.md. @default 'mesh.yaml' */
  readonly specFile?: string;
  /** The spec's path relative to its repository (`-`: standard input), for every file's header. @default - "from the mesh spec" */
  readonly source?: string;
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

/** The first line of dist/.meshgen-output; the list of files meshgen wrote follows it. */
export function outputMarker(meshName: string): string {
  return `meshgen output for mesh ${meshName}; \`meshgen synth\` rewrites the files listed below and deletes only those it no longer writes; other files are left alone.\n`;
}

/**
 * The one composer of meshgen: plans the mesh, makes or reads the plug-in CA, renders
 * the bundles (lib/charts -> lib/render, with the review README), writes the secrets
 * output, then the manifests output (lib/fsx: one crash-safe transaction, only changed
 * files). Everything that can be checked is checked before the first write (the
 * output, PKI and secrets directories, the output's lock), and nothing is written when
 * the spec, the CA or the rendering fails.
 */
export async function synthMesh(spec: MeshSpec, opts: SynthOptions = {}): Promise<SynthResult> {
  const plan = planMesh(spec);
  const cwd = opts.cwd ?? process.cwd();
  const outDir = opts.outDir ?? 'dist';
  const secretsDir = opts.secretsDir ?? DEFAULT_SECRETS_DIR;
  const includeSecrets = opts.includeSecrets ?? false;
  const usesPki = spec.ca.mode === 'generated' || spec.ca.mode === 'provided';
  const pkiDir = usesPki ? (opts.pkiDir ?? spec.ca.dir) : undefined;
  const specFile = opts.specFile && opts.specFile !== '-' ? { specFile: opts.specFile } : {};
  checkOutDir(outDir, { cwd, ...specFile, ...(pkiDir ? { pkiDir } : {}) });
  if (!includeSecrets) checkSecretsOutside(secretsDir, outDir, cwd);
  if (pkiDir) checkKeyDir(opts.pkiDir ? '--pki-dir' : 'spec.ca.dir:', pkiDir, cwd);
  if (!includeSecrets) checkKeyDir('--secrets-out', secretsDir, cwd);
  const out = openOutput(outDir, {
    cwd, ...specFile, ...(pkiDir ? { pkiDir } : {}), ...(includeSecrets ? {} : { secretsDir }),
  });
  try {
    const ca = usesPki
      ? await prepareMeshCa(spec, {
        cwd, ...(opts.pkiDir ? { pkiDir: opts.pkiDir } : {}), ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      })
      : undefined;
    const firstCa = ca ? [...ca.values()][0] : undefined;
    const trustRoots = spec.ca.additionalRoots && firstCa
      ? loadTrustRoots(spec, firstCa.rootCert, cwd)
      : undefined;
    const { files, secrets } = renderPlan(spec, plan, { ...(ca ? { ca } : {}), ...(trustRoots ? { trustRoots } : {}), includeSecrets, secretsDir, outDir, ...(opts.specFile ? { specFile: opts.specFile } : {}), ...(opts.source !== undefined ? { source: opts.source } : {}) });
    const secretFiles = secrets.size > 0 ? writeSecretFiles(path.resolve(cwd, secretsDir), secrets) : [];
    // the running mesh's state, for `meshgen plan --from-dist` (lib/plan/upgrade-state.ts)
    writeOutput(out.dir, withKeyGitignore(files, opts.source), outputMarker(spec.name) + meshStateLine(plan), { ...(opts.write ?? {}), lock: out.lock });
    return { plan, fileCount: files.size, secretFiles };
  } finally {
    out.close();
  }
}

/**
 * With --include-secrets the bundles hold private keys (`cacerts.yaml`): the output then
 * gets a `.gitignore` naming those files, so that `git add -A` does not take them.
 */
function withKeyGitignore(files: ReadonlyMap<string, string>, source: string | undefined): ReadonlyMap<string, string> {
  const keyFiles = [...files.keys()].filter((f) => path.posix.basename(f) === 'cacerts.yaml').sort();
  if (keyFiles.length === 0) return files;
  return new Map([...files, ['.gitignore', `${generatedHeader(source)}# written by meshgen --include-secrets: these files hold private keys; never commit them\n${keyFiles.map((f) => `/${f}\n`).join('')}`]]);
}

export interface PreviewOptions {
  /** The manifests output the preview stands for, as passed to synth. @default 'dist' */
  readonly outDir?: string;
  /** The spec file as the user typed it, for the steps in README.md. @default 'mesh.yaml' */
  readonly specFile?: string;
  /** The spec's path relative to its repository (`-`: standard input), for every file's header. @default - "from the mesh spec" */
  readonly source?: string;
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
    ...(opts.source !== undefined ? { source: opts.source } : {}),
    ...(trustRoots ? { trustRoots } : {}),
  });
}
