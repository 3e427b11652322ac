import { CommandModule } from 'yargs';
import { planMesh } from '../../plan/planner';
import { formatPlan, planSteps } from '../../plan/steps/steps';
import { clusterCustomizations } from '../../plan/customizations';
import { formatPlanScript } from '../../plan/steps/script';
import { CliIO, GlobalOptions } from '../io';
import { loadSpecFile } from '../load-spec';
import { gitopsOutWarning } from '../../mesh-spec/gitops';
import { DEFAULT_SECRETS_DIR } from '../../names/defaults';

interface PlanArgs extends GlobalOptions {
  readonly spec: string;
  readonly out: string;
  readonly format: 'text' | 'json' | 'sh';
  readonly 'secrets-out': string;
  readonly 'include-secrets': boolean;
}

/** `meshgen plan --spec FILE`: the ordered install steps, per cluster. */
export function planCommand(io: CliIO): CommandModule<GlobalOptions, PlanArgs> {
  return {
    command: 'plan',
    describe: 'Print the ordered steps that install the mesh: what to run on which cluster',
    builder: (y) => y
      .option('spec', { type: 'string', demandOption: true, describe: 'Mesh spec file (YAML); - reads it from stdin', requiresArg: true })
      .option('out', { type: 'string', default: 'dist', describe: 'Where the bundles are (as passed to synth)', requiresArg: true })
      .option('secrets-out', { type: 'string', default: DEFAULT_SECRETS_DIR, describe: 'Where synth wrote the cacerts Secrets', requiresArg: true })
      .option('include-secrets', { type: 'boolean', default: false, describe: 'synth ran with --include-secrets' })
      .option('format', { alias: 'o', choices: ['text', 'json', 'sh'] as const, default: 'text' as const, describe: 'Output format: numbered steps, JSON, or a POSIX shell script (--from-step N resumes it)' })
      .example('$0 plan --spec mesh.yaml', 'numbered kubectl / istioctl commands')
      .example('$0 plan --spec mesh.yaml --format json', 'the same steps as JSON, with what each needs and makes')
      .example('$0 plan --spec mesh.yaml --format sh > install.sh && sh install.sh', 'the same steps as a script; sh install.sh --from-step N resumes it'),
    handler: (args) => {
      const spec = loadSpecFile(args.spec, io);
      const plan = planMesh(spec);
      const steps = planSteps(plan, { outDir: args.out, specFile: args.spec, secretsDir: args['secrets-out'], includeSecrets: args['include-secrets'] });
      if (args.format === 'json') {
        io.out(JSON.stringify({ mesh: plan.meshId, istio: plan.istio, settings: clusterCustomizations(plan), steps }, null, 2) + '\n');
      } else if (args.format === 'sh') {
        io.out(formatPlanScript(plan, steps));
      } else {
        io.out(formatPlan(plan, steps));
      }
      if (!args.quiet) {
        for (const w of plan.warnings) io.err(`warning: ${w}\n`);
        const outWarning = gitopsOutWarning(spec.gitops, args.out);
        if (outWarning) io.err(`warning: ${outWarning}\n`);
      }
    },
  };
}
