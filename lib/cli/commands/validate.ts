import * as path from 'path';
import { CommandModule } from 'yargs';
import { MeshgenError } from '../../errors';
import { planMesh } from '../../plan/planner';
import { CliIO, GlobalOptions } from '../io';
import { loadSpecFile } from '../load-spec';
import { work } from '../work';

interface ValidateArgs extends GlobalOptions {
  readonly spec?: string;
  readonly dist?: string;
}

/**
 * `meshgen validate --spec FILE`: checks the spec without writing anything.
 * `meshgen validate --dist DIR`: checks every manifest under DIR offline against the
 * bundled schemas (Kubernetes 1.27 and the vendored CRDs).
 */
export function validateCommand(io: CliIO): CommandModule<GlobalOptions, ValidateArgs> {
  return {
    command: 'validate',
    describe: 'Check a mesh spec (--spec) or rendered manifests (--dist) and report every error, without writing anything',
    builder: (y) => y
      .option('spec', { type: 'string', describe: 'Mesh spec file (YAML)', requiresArg: true })
      .option('dist', { type: 'string', describe: 'Directory of manifests to check against the bundled schemas', requiresArg: true })
      .check((a) => {
        if (!a.spec && !a.dist) return 'validate needs --spec FILE (a mesh spec) or --dist DIR (rendered manifests)';
        return true;
      })
      .example('$0 validate --spec mesh.yaml', 'exit 0 when the spec is valid, 1 with one line per error')
      .example('$0 validate --dist dist', 'check every manifest under dist/ offline, like kubeconform -strict'),
    handler: async (args) => {
      if (args.spec) {
        const spec = loadSpecFile(args.spec, io.cwd);
        const plan = planMesh(spec);
        if (!args.quiet) {
          for (const w of plan.warnings) io.err(`warning: ${w}\n`);
          for (const m of plan.missingAddresses) {
            io.err(`warning: ${m.path}: not set; synth cannot write ${m.remote}'s control plane until it is (get it with: ${m.command})\n`);
          }
        }
        io.out(`${args.spec}: valid: mesh ${spec.name}, ${spec.clusters.length} cluster(s) on ${plan.networks.length} network(s)\n`);
      }
      if (args.dist) {
        const dir = path.resolve(io.cwd, args.dist);
        // Loaded here: only --dist needs ajv and the schemas.
        const { validateDir, formatSchemaError } = await work.schema();
        let errors;
        try {
          errors = validateDir(dir);
        } catch (e) {
          throw new MeshgenError(`--dist ${args.dist}: ${(e as Error).message.split('\n')[0]}; give a directory of YAML manifests, e.g. --dist dist`);
        }
        const rel = (e: (typeof errors)[number]) => ({ ...e, file: path.relative(io.cwd, path.resolve(dir, e.file)) || e.file });
        if (errors.length > 0) throw new MeshgenError(errors.map((e) => formatSchemaError(rel(e))).join('\n'));
        io.out(`${args.dist}: valid: every manifest matches its schema\n`);
      }
    },
  };
}
