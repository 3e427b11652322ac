import * as path from 'path';
import { CommandModule } from 'yargs';
import { MeshgenError } from '../../errors';
import { CliIO, GlobalOptions, progressLine } from '../io';
import { loadSpecFile, specSource } from '../load-spec';
import { gitopsOutWarning } from '../../mesh-spec/gitops';
import { DEFAULT_SECRETS_DIR, DEFAULT_PKI_DIR } from '../../names/defaults';
import { work } from '../work';
import { controlPlaneFileOf } from '../../names/bundle-layout';

interface SynthArgs extends GlobalOptions {
  readonly spec: string;
  readonly out: string;
  readonly 'pki-dir'?: string;
  readonly 'secrets-out': string;
  readonly 'include-secrets': boolean;
}

/** Exit code when bundles were written but a remote's control plane is still missing. */
export const EXIT_INCOMPLETE = 3;

/** `meshgen synth --spec FILE --out DIR`: writes the per-cluster bundles. */
export function synthCommand(io: CliIO): CommandModule<GlobalOptions, SynthArgs> {
  return {
    command: 'synth',
    describe: 'Render the mesh spec into per-cluster bundles under --out',
    builder: (y) => y
      .option('spec', { type: 'string', demandOption: true, describe: 'Mesh spec file (YAML); - reads it from stdin', requiresArg: true })
      .option('out', { type: 'string', default: 'dist', describe: 'Output directory; meshgen writes the files that change and deletes only files it wrote there', requiresArg: true })
      .option('pki-dir', { type: 'string', describe: `PKI directory (overrides spec.ca.dir; default ${DEFAULT_PKI_DIR})`, requiresArg: true })
      .option('secrets-out', { type: 'string', default: DEFAULT_SECRETS_DIR, describe: 'Where the cacerts Secrets (private keys) are written; never inside --out', requiresArg: true })
      .option('include-secrets', { type: 'boolean', default: false, describe: 'Put the cacerts Secrets into the bundles instead (throwaway test clusters only)' })
      .example('$0 synth --spec mesh.yaml --out dist', `writes dist/<cluster>/... and ${DEFAULT_SECRETS_DIR}/<cluster>/cacerts.yaml`),
    handler: async (args) => {
      const spec = loadSpecFile(args.spec, io);
      if (args['include-secrets'] && spec.gitops && (spec.ca.mode === 'generated' || spec.ca.mode === 'provided')) {
        // The output of a GitOps mesh is committed to Git: no private key may be in it.
        throw new MeshgenError(`--include-secrets: spec.gitops commits ${args.out}/ to ${spec.gitops.repoURL}, and the cacerts Secrets hold private keys; drop --include-secrets and create them as meshgen plan says`);
      }
      // Loaded here, not at start-up: validate and plan do not need cdk8s.
      const { synthMesh } = await work.synth();
      const onProgress = progressLine(args, io);
      const result = await synthMesh(spec, {
        outDir: args.out,
        cwd: io.cwd,
        specFile: args.spec,
        source: specSource(args.spec, io.cwd),
        secretsDir: args['secrets-out'],
        includeSecrets: args['include-secrets'],
        ...(args['pki-dir'] ? { pkiDir: args['pki-dir'] } : {}),
        ...(onProgress ? { onProgress } : {}),
      });
      if (!args.quiet) {
        for (const w of result.plan.warnings) io.err(`warning: ${w}\n`);
        const outWarning = gitopsOutWarning(spec.gitops, args.out);
        if (outWarning) io.err(`warning: ${outWarning}\n`);
        if (args['include-secrets'] && spec.ca.mode !== 'none' && spec.ca.mode !== 'cert-manager') {
          io.err(`warning: --include-secrets: ${args.out}/<cluster>/cacerts.yaml holds private keys; do not commit ${args.out}/\n`);
        }
        const secrets = result.secretFiles.length
          ? ` and ${result.secretFiles.length} cacerts Secret(s) to ${path.relative(io.cwd, path.resolve(io.cwd, args['secrets-out'])) || '.'}/ (apply them out of band; never commit them)`
          : '';
        io.err(`meshgen: wrote ${result.fileCount} files for ${spec.clusters.length} cluster(s) to ${args.out}/${secrets}\n`);
      }
      const missing = result.plan.missingAddresses;
      if (missing.length > 0) {
        const m = missing[0];
        const others = missing.length > 1 ? ` (and ${missing.length - 1} more remote(s): ${missing.slice(1).map((x) => x.remote).join(', ')})` : '';
        throw new MeshgenError(
          `${m.path}: not set, so ${m.remote}'s ${controlPlaneFileOf(result.plan.istio)} (remotePilotAddress) was not written${others}; ` +
          `install ${m.primary} and its east-west gateway, get the address with: ${m.command} ; set it in the spec and run synth again`,
          EXIT_INCOMPLETE,
        );
      }
    },
  };
}
