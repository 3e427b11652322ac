import { CommandModule } from 'yargs';
import { planMesh } from '../../plan/planner';
import { CliIO, GlobalOptions } from '../io';
import { loadSpecFile } from '../load-spec';

interface ValidateArgs extends GlobalOptions {
  readonly spec: string;
}

/** `meshgen validate --spec FILE`: checks the spec without writing anything. */
export function validateCommand(io: CliIO): CommandModule<GlobalOptions, ValidateArgs> {
  return {
    command: 'validate',
    describe: 'Check a mesh spec and report every error, without writing anything',
    builder: (y) => y
      .option('spec', { type: 'string', demandOption: true, describe: 'Mesh spec file (YAML)', requiresArg: true })
      .example('$0 validate --spec mesh.yaml', 'exit 0 when the spec is valid, 1 with one line per error'),
    handler: (args) => {
      const spec = loadSpecFile(args.spec, io.cwd);
      const plan = planMesh(spec);
      for (const w of plan.warnings) io.err(`warning: ${w}\n`);
      for (const m of plan.missingAddresses) {
        io.err(`warning: ${m.path}: not set; synth cannot write ${m.remote}'s control plane until it is (get it with: ${m.command})\n`);
      }
      io.out(`${args.spec}: valid: mesh ${spec.name}, ${spec.clusters.length} cluster(s) on ${plan.networks.length} network(s)\n`);
    },
  };
}
