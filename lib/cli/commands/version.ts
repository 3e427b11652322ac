import { CommandModule } from 'yargs';
import { DEFAULT_ISTIO_VERSION } from '../../mesh-spec/types';
import { MESHGEN_VERSION } from '../../names/version';
import { CliIO, GlobalOptions } from '../io';

interface VersionArgs extends GlobalOptions {
  readonly format: 'text' | 'json';
}

/** What `meshgen version --format json` prints (docs/cli.md "version"). */
export interface VersionInfo {
  /** meshgen's own version (also in every generated file's header). */
  readonly meshgen: string;
  /** The Istio version a spec gets when it sets no spec.istio.version. */
  readonly defaultIstio: string;
  /** The Node.js running meshgen. */
  readonly node: string;
}

export function versionInfo(): VersionInfo {
  return { meshgen: MESHGEN_VERSION, defaultIstio: DEFAULT_ISTIO_VERSION, node: process.version };
}

/** `meshgen version [--format json]`: like `kubectl version --client`, `helm version`. */
export function versionCommand(io: CliIO): CommandModule<GlobalOptions, VersionArgs> {
  return {
    command: 'version',
    describe: 'Print the version of meshgen (and the Istio version a spec gets by default)',
    builder: (y) => y
      .option('format', { alias: 'o', choices: ['text', 'json'] as const, default: 'text' as const, describe: 'text, or json: {"meshgen", "defaultIstio", "node"}' })
      .example('$0 version', `meshgen ${MESHGEN_VERSION}`)
      .example('$0 version -o json', 'the same as JSON, for scripts'),
    handler: (args) => {
      const v = versionInfo();
      io.out(args.format === 'json' ? JSON.stringify(v, null, 2) + '\n'
        : `meshgen ${v.meshgen}\ndefault Istio ${v.defaultIstio}\nnode ${v.node}\n`);
    },
  };
}
