import * as fs from 'fs';
import * as path from 'path';
import { CommandModule } from 'yargs';
import { MeshgenError } from '../../errors';
import { parseMeshSpecYaml } from '../../mesh-spec/parse';
import { INSTALLERS, Installer, ROLES } from '../../mesh-spec/types';
import { isDnsLabel, isLabelValue } from '../../names/dns';
import { shellQuote } from '../../names/shell';
import { echoValue } from '../../names/text';
import { DEFAULT_INIT_CLUSTERS, initFiles, InitCluster, meshgenVersions, packageNameFor } from '../init-skeleton';
import { CliIO, GlobalOptions } from '../io';

interface InitArgs extends GlobalOptions {
  readonly dir: string;
  readonly clusters?: string[];
  readonly installer: Installer;
  readonly name: string;
}

const CLUSTER_FLAG = /^([^=@]*)=([^=@]*)@([^=@]*)$/;

/** `--clusters NAME=ROLE@NETWORK ...` as clusters, or the reason it is not (a usage error). */
export function parseInitClusters(values: readonly string[]): InitCluster[] | string {
  const out: InitCluster[] = [];
  for (const v of values) {
    const m = CLUSTER_FLAG.exec(v);
    if (!m) return `--clusters ${echoValue(v)} is not NAME=ROLE@NETWORK; write e.g. --clusters cluster1=primary@network1 cluster2=remote@network2`;
    const [, name, role, network] = m;
    if (!isDnsLabel(name)) return `--clusters ${echoValue(v)}: ${echoValue(name)} is not a valid cluster name; use at most 63 lowercase letters, digits and '-' (e.g. cluster1)`;
    if (!(ROLES as readonly string[]).includes(role)) return `--clusters ${echoValue(v)}: ${echoValue(role)} is not a role; use ${ROLES.join(' or ')} (e.g. ${name}=primary@${network || 'network1'})`;
    if (!isLabelValue(network)) return `--clusters ${echoValue(v)}: ${echoValue(network)} is not a valid network name; use letters, digits, '-', '_' or '.' (e.g. network1)`;
    if (out.some((c) => c.name === name)) return `--clusters: ${echoValue(name)} is given twice; give each cluster once`;
    out.push({ name, role: role as InitCluster['role'], network });
  }
  if (!out.some((c) => c.role === 'primary')) return `--clusters: no cluster is a primary; make one NAME=primary@NETWORK (the remotes use the first primary)`;
  return out;
}

/**
 * `meshgen init [DIR]`: writes a GitOps repository skeleton (mesh.yaml, cdk8s.yaml,
 * package.json, .gitignore, a GitHub Actions workflow) into DIR. Writes nothing when any
 * of those files exists.
 */
export function initCommand(io: CliIO): CommandModule<GlobalOptions, InitArgs> {
  return {
    command: 'init [dir]',
    describe: 'Start a mesh repository: mesh.yaml, cdk8s.yaml, package.json, .gitignore and a CI workflow',
    builder: (y) => y
      .positional('dir', { type: 'string', default: '.', describe: 'The directory to write into (made when missing)' })
      .option('clusters', { type: 'string', array: true, requiresArg: true, describe: 'The clusters, as NAME=ROLE@NETWORK (default: cluster1=primary@network1 cluster2=remote@network2); remotes use the first primary' })
      .option('installer', { choices: INSTALLERS, default: 'istioctl' as Installer, describe: 'How Istio is installed (spec.istio.installer)' })
      .option('name', { type: 'string', default: 'mesh1', requiresArg: true, describe: 'The mesh ID (metadata.name)' })
      .check((a) => {
        if (!isDnsLabel(a.name)) return `--name ${echoValue(a.name)} is not a valid mesh ID; use at most 63 lowercase letters, digits and '-' (e.g. mesh1)`;
        const clusters = a.clusters === undefined ? undefined : parseInitClusters(a.clusters.map(String));
        return typeof clusters === 'string' ? clusters : true;
      })
      .example('$0 init my-mesh', 'two clusters, primary and remote, on two networks (Istio\'s primary-remote guide)')
      .example('$0 init my-mesh --clusters east=primary@net1 west=primary@net2 --installer helm', 'multi-primary, installed with Helm'),
    handler: (args) => {
      const clusters = args.clusters ? parseInitClusters(args.clusters.map(String)) as InitCluster[] : DEFAULT_INIT_CLUSTERS;
      const dir = path.resolve(io.cwd, args.dir);
      const files = initFiles({ meshName: args.name, installer: args.installer, clusters, packageName: packageNameFor(dir), versions: meshgenVersions() });
      // The skeleton's spec must be valid: a failure here is meshgen's bug, not the user's.
      parseMeshSpecYaml(files.get('mesh.yaml')!, 'mesh.yaml');

      const shown = (f: string) => path.relative(io.cwd, path.join(dir, f)) || f;
      if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) {
        throw new MeshgenError(`init ${shellQuote(args.dir)}: is a file, not a directory; give a new or existing directory`);
      }
      const existing = [...files.keys()].filter((f) => fs.existsSync(path.join(dir, f)));
      if (existing.length > 0) {
        throw new MeshgenError(`init: ${existing.map(shown).join(', ')} already exist${existing.length === 1 ? 's' : ''}; meshgen init writes only new files and wrote nothing: move ${existing.length === 1 ? 'it' : 'them'} away or init another directory`);
      }
      for (const [f, text] of files) {
        fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
        fs.writeFileSync(path.join(dir, f), text, { flag: 'wx' });
      }
      const cd = path.relative(io.cwd, dir) ? `cd ${shellQuote(path.relative(io.cwd, dir))} && ` : '';
      io.out(`wrote ${[...files.keys()].map(shown).join(', ')}\n`);
      if (!args.quiet) {
        io.err(`next: ${cd}npm install (commit package-lock.json: CI runs npm ci); edit mesh.yaml; npx meshgen plan --spec mesh.yaml; npx cdk8s synth; commit mesh.yaml and dist/\n`);
      }
    },
  };
}
