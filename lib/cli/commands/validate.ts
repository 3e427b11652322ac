import * as path from 'path';
import { CommandModule } from 'yargs';
import { MeshgenError, SpecError } from '../../errors';
import { planMesh } from '../../plan/planner';
import { CliIO, GlobalOptions } from '../io';
import { loadSpecFile, STDIN_NAME } from '../load-spec';
import { work } from '../work';

interface ValidateArgs extends GlobalOptions {
  readonly spec?: string;
  readonly dist?: string;
  readonly format: 'text' | 'json';
}

/**
 * What `meshgen validate --format json` prints on stdout (docs/cli.md): one key per input
 * checked. Errors are also printed on stderr, one line each, and the exit code is the same
 * as in text mode; a file that cannot be read prints no JSON.
 */
export interface ValidateJson {
  spec?: {
    readonly file: string;
    readonly valid: boolean;
    readonly mesh?: string;
    readonly clusters?: number;
    readonly networks?: number;
    readonly warnings: readonly string[];
    readonly errors: readonly { readonly path: string; readonly message: string }[];
  };
  dist?: {
    readonly dir: string;
    readonly valid: boolean;
    /** file (relative to the working directory), object (`Kind/namespace/name`), path, message, line when known. */
    readonly errors: readonly { readonly file: string; readonly object: string; readonly path: string; readonly message: string; readonly line?: number }[];
  };
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
      .option('spec', { type: 'string', describe: 'Mesh spec file (YAML); - reads it from stdin', requiresArg: true })
      .option('dist', { type: 'string', describe: 'Directory of manifests to check against the bundled schemas', requiresArg: true })
      .option('format', { alias: 'o', choices: ['text', 'json'] as const, default: 'text' as const, describe: 'text: one line per result; json: {spec, dist} with every error (docs/cli.md); errors also go to stderr' })
      .check((a) => {
        if (!a.spec && !a.dist) return 'validate needs --spec FILE (a mesh spec) or --dist DIR (rendered manifests)';
        return true;
      })
      .example('$0 validate --spec mesh.yaml', 'exit 0 when the spec is valid, 1 with one line per error')
      .example('$0 validate --dist dist', 'check every manifest under dist/ offline, like kubeconform -strict')
      .example('cat mesh.yaml | $0 validate --spec - -o json', 'the spec from stdin; the result as JSON'),
    handler: async (args) => {
      const json = args.format === 'json';
      const result: ValidateJson = {};
      let failure: MeshgenError | undefined;
      if (args.spec) {
        const warnings: string[] = [];
        try {
          const spec = loadSpecFile(args.spec, io);
          const plan = planMesh(spec);
          if (spec.overlays || (spec.istio.installer === 'sail' && (spec.istio.values || spec.clusters.some((c) => c.istioValues)))) {
            // Overlay targets and Sail's value keys are known only once rendered (in memory, no CA).
            (await work.render()).renderMesh(spec, { specFile: args.spec === '-' ? STDIN_NAME : args.spec });
          }
          warnings.push(...plan.warnings, ...plan.missingAddresses.map((m) => `${m.path}: not set; synth cannot write ${m.remote}'s control plane until it is (get it with: ${m.command})`));
          result.spec = { file: args.spec, valid: true, mesh: spec.name, clusters: spec.clusters.length, networks: plan.networks.length, warnings, errors: [] };
          if (!json) io.out(`${args.spec}: valid: mesh ${spec.name}, ${spec.clusters.length} cluster(s) on ${plan.networks.length} network(s)\n`);
        } catch (e) {
          // A spec that reads but does not validate is a result; anything else (an unreadable file) only an error.
          if (!(e instanceof SpecError)) throw e;
          result.spec = { file: args.spec, valid: false, warnings, errors: e.issues.map((i) => ({ path: i.path, message: i.message })) };
          failure = e;
        }
        if (!args.quiet) for (const w of warnings) io.err(`warning: ${w}\n`);
      }
      if (args.dist && !failure) {
        const dir = path.resolve(io.cwd, args.dist);
        // Loaded here: only --dist needs ajv and the schemas.
        const { validateDir, formatSchemaError } = await work.schema();
        let errors;
        try {
          errors = validateDir(dir);
        } catch (e) {
          throw new MeshgenError(`--dist ${args.dist}: ${(e as Error).message.split('\n')[0]}; give a directory of YAML manifests, e.g. --dist dist`);
        }
        const rel = (e: (typeof errors)[number]) => ({ ...e, file: path.relative(io.cwd, path.resolve(dir, e.file)).split(path.sep).join('/') || e.file });
        result.dist = { dir: args.dist, valid: errors.length === 0, errors: errors.map(rel) };
        if (errors.length > 0) failure = new MeshgenError(errors.map((e) => formatSchemaError(rel(e))).join('\n'));
        else if (!json) io.out(`${args.dist}: valid: every manifest matches its schema\n`);
      }
      if (json) io.out(JSON.stringify(result, null, 2) + '\n');
      if (failure) throw failure;
    },
  };
}
