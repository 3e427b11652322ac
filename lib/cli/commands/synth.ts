import { CommandModule } from 'yargs';
import { MeshgenError } from '../../errors';
import { CliIO, GlobalOptions } from '../io';
import { loadSpecFile } from '../load-spec';

interface SynthArgs extends GlobalOptions {
  readonly spec: string;
  readonly out: string;
}

/** Exit code when bundles were written but a remote's control plane is still missing. */
export const EXIT_INCOMPLETE = 3;

/** `meshgen synth --spec FILE --out DIR`: writes the per-cluster bundles. */
export function synthCommand(io: CliIO): CommandModule<GlobalOptions, SynthArgs> {
  return {
    command: 'synth',
    describe: 'Render the mesh spec into per-cluster bundles under --out',
    builder: (y) => y
      .option('spec', { type: 'string', demandOption: true, describe: 'Mesh spec file (YAML)', requiresArg: true })
      .option('out', { type: 'string', default: 'dist', describe: 'Output directory; replaced whole on success', requiresArg: true })
      .example('$0 synth --spec mesh.yaml --out dist', 'writes dist/<cluster>/... for every cluster'),
    handler: async (args) => {
      const spec = loadSpecFile(args.spec, io.cwd);
      // Loaded here, not at start-up: validate and plan do not need cdk8s.
      const { synthToDirectory } = await import('../../render/synth');
      const result = synthToDirectory(spec, args.out, io.cwd, { specFile: args.spec });
      if (!args.quiet) {
        for (const w of result.plan.warnings) io.err(`warning: ${w}\n`);
        io.err(`meshgen: wrote ${result.fileCount} files for ${spec.clusters.length} cluster(s) to ${args.out}/\n`);
      }
      const missing = result.plan.missingAddresses;
      if (missing.length > 0) {
        const m = missing[0];
        const others = missing.length > 1 ? ` (and ${missing.length - 1} more remote(s): ${missing.slice(1).map((x) => x.remote).join(', ')})` : '';
        throw new MeshgenError(
          `${m.path}: not set, so ${m.remote}'s istioctl/control-plane.yaml (remotePilotAddress) was not written${others}; ` +
          `install ${m.primary} and its east-west gateway, get the address with: ${m.command} ; set it in the spec and run synth again`,
          EXIT_INCOMPLETE,
        );
      }
    },
  };
}
