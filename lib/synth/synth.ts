import * as path from 'path';
import { MeshPlan } from '../plan/planner';
import { MeshSpec } from '../mesh-spec/types';
import { renderMesh } from '../render/render';
import { checkOutDir, openOutput, writeOutput, WriteOptions } from '../fsx/write';
import { checkKeyDir, checkSecretsOutside, writeSecretFiles } from '../fsx/write-secrets';

/** Where secret material goes unless --secrets-out says otherwise. */
export const DEFAULT_SECRETS_DIR = '.meshgen/secrets';

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

/** The first line of dist/.meshgen-output; the list of files meshgen wrote follows it. */
export function outputMarker(meshName: string): string {
  return `meshgen output for mesh ${meshName}; \`meshgen synth\` rewrites the files listed below and deletes only those it no longer writes; other files are left alone.\n`;
}

/**
 * Makes or reads the plug-in CA, renders the mesh, writes the secrets output, then
 * writes the manifests output (one crash-safe transaction, only changed files).
 * Everything that can be checked is checked before the first write (the output, PKI and
 * secrets directories, the output's lock), and nothing is written when the spec, the CA
 * or the rendering fails.
 */
export async function synthMesh(spec: MeshSpec, opts: SynthOptions = {}): Promise<SynthResult> {
  const cwd = opts.cwd ?? process.cwd();
  const outDir = opts.outDir ?? 'dist';
  const secretsDir = opts.secretsDir ?? DEFAULT_SECRETS_DIR;
  const includeSecrets = opts.includeSecrets ?? false;
  checkOutDir(outDir, { cwd });
  if (!includeSecrets) checkSecretsOutside(secretsDir, outDir, cwd);
  const usesPki = spec.ca.mode === 'generated' || spec.ca.mode === 'provided';
  const pkiDir = usesPki ? (opts.pkiDir ?? spec.ca.dir) : undefined;
  if (pkiDir) checkKeyDir(opts.pkiDir ? '--pki-dir' : 'spec.ca.dir:', pkiDir, cwd);
  if (!includeSecrets) checkKeyDir('--secrets-out', secretsDir, cwd);
  const out = openOutput(outDir, {
    cwd, ...(opts.specFile ? { specFile: opts.specFile } : {}), ...(pkiDir ? { pkiDir } : {}), ...(includeSecrets ? {} : { secretsDir }),
  });
  try {
    // Loaded only when needed: node-forge and the PKI code cost start-up time.
    const ca = usesPki
      ? await (await import('../pki/mesh-ca')).prepareMeshCa(spec, {
        cwd, ...(opts.pkiDir ? { pkiDir: opts.pkiDir } : {}), ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      })
      : undefined;
    const firstCa = ca ? [...ca.values()][0] : undefined;
    const trustRoots = spec.ca.additionalRoots && firstCa
      ? (await import('../pki/trust-roots')).loadTrustRoots(spec, firstCa.rootCert, cwd)
      : undefined;
    const { files, secrets, plan } = renderMesh(spec, { ...(ca ? { ca } : {}), ...(trustRoots ? { trustRoots } : {}), includeSecrets, secretsDir, outDir, ...(opts.specFile ? { specFile: opts.specFile } : {}) });
    const secretFiles = secrets.size > 0 ? writeSecretFiles(path.resolve(cwd, secretsDir), secrets) : [];
    writeOutput(out.dir, withKeyGitignore(files), outputMarker(spec.name), { ...(opts.write ?? {}), lock: out.lock });
    return { plan, fileCount: files.size, secretFiles };
  } finally {
    out.close();
  }
}

/**
 * With --include-secrets the bundles hold private keys (`cacerts.yaml`): the output then
 * gets a `.gitignore` naming those files, so that `git add -A` does not take them.
 */
function withKeyGitignore(files: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  const keyFiles = [...files.keys()].filter((f) => path.posix.basename(f) === 'cacerts.yaml').sort();
  if (keyFiles.length === 0) return files;
  return new Map([...files, ['.gitignore', `# written by meshgen --include-secrets: these files hold private keys; never commit them\n${keyFiles.map((f) => `/${f}\n`).join('')}`]]);
}
