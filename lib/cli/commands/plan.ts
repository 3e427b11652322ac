import * as fs from 'fs';
import * as path from 'path';
import { CommandModule } from 'yargs';
import { MeshgenError } from '../../errors';
import { OUTPUT_MARKER } from '../../fsx/write';
import { MeshState, parseMeshState } from '../../plan/upgrade-state';
import { planMesh } from '../../plan/planner';
import { formatPlan, planSteps } from '../../plan/steps/steps';
import { clusterCustomizations } from '../../plan/customizations';
import { formatPlanScript } from '../../plan/steps/script';
import { formatUpgradePlan, upgradeHeading, upgradeSteps } from '../../plan/steps/upgrade';
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
  readonly from?: string;
  readonly 'from-dist'?: string;
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
      .option('from', { type: 'string', describe: 'The spec the mesh runs now: print the upgrade steps from it to --spec (revisions, canary, tags)', requiresArg: true })
      .option('from-dist', { type: 'string', describe: 'The --out directory of the running mesh\'s synth: plan the upgrade from the state it records', requiresArg: true, conflicts: 'from' })
      .option('format', { alias: 'o', choices: ['text', 'json', 'sh'] as const, default: 'text' as const, describe: 'Output format: numbered steps, JSON, or a POSIX shell script (--from-step N resumes it)' })
      .example('$0 plan --spec mesh.yaml', 'numbered kubectl / istioctl commands')
      .example('$0 plan --spec mesh.yaml --format json', 'the same steps as JSON, with what each needs and makes')
      .example('$0 plan --spec mesh.yaml --format sh > install.sh && sh install.sh', 'the same steps as a script; sh install.sh --from-step N resumes it')
      .example('$0 plan --from mesh-before.yaml --spec mesh.yaml', 'the canary upgrade steps from the running mesh to the new spec')
      .example('$0 plan --from-dist dist --spec mesh.yaml', 'the same, from what the last synth into dist recorded (before synth of the new spec)'),
    handler: (args) => {
      const spec = loadSpecFile(args.spec, io);
      const plan = planMesh(spec);
      const options = { outDir: args.out, specFile: args.spec, secretsDir: args['secrets-out'], includeSecrets: args['include-secrets'] };
      if (args.from !== undefined || args['from-dist'] !== undefined) {
        const before = args.from !== undefined ? planMesh(loadSpecFile(args.from, io)) : readMeshState(args['from-dist']!, io.cwd);
        const upgrade = upgradeSteps(before, plan, options);
        if (args.format === 'json') io.out(JSON.stringify({ mesh: plan.meshId, from: before.istio, istio: plan.istio, steps: upgrade }, null, 2) + '\n');
        else if (args.format === 'sh') io.out(formatPlanScript(plan, upgrade, `${upgradeHeading(before, plan)}: the ${upgrade.length} steps of meshgen plan --from.`));
        else io.out(formatUpgradePlan(before, plan, upgrade));
        if (!args.quiet && args['from-dist'] !== undefined && upgrade.every((s) => s.id === 'synth' || s.id === 'istioctl')) {
          io.err(`warning: --from-dist ${args['from-dist']}: it records the spec given with --spec already (did synth of the new spec run?); plan from the running mesh's output, e.g. a checkout of the previous commit\n`);
        }
        return;
      }
      const steps = planSteps(plan, options);
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

/** `--from-dist DIR`: the running mesh as synth recorded it in DIR/.meshgen-output. */
function readMeshState(dir: string, cwd: string): MeshState {
  const file = path.join(path.resolve(cwd, dir), OUTPUT_MARKER);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new MeshgenError(`--from-dist ${dir}: no ${OUTPUT_MARKER} there; give the --out directory meshgen synth wrote for the running mesh (before synth of the new spec), or use --from OLD_SPEC`);
  }
  return parseMeshState(text, `--from-dist ${path.join(dir, OUTPUT_MARKER)}`);
}
