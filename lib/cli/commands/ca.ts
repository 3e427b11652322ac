import * as path from 'path';
import { Argv, CommandModule } from 'yargs';
import { MeshgenError } from '../../errors';
import { MeshSpec } from '../../mesh-spec/types';
import { CliIO, GlobalOptions, progressLine } from '../io';
import { loadSpecFile } from '../load-spec';
import { checkKeyDir } from '../../fsx/write-secrets';
import { DEFAULT_PKI_DIR } from '../../names/defaults';
import { work } from '../work';

interface CaArgs extends GlobalOptions {
  readonly spec: string;
  readonly 'pki-dir'?: string;
}

const specOptions = <T>(y: Argv<T>) => y
  .option('spec', { type: 'string', demandOption: true, describe: 'Mesh spec file (YAML); - reads it from stdin', requiresArg: true })
  .option('pki-dir', { type: 'string', describe: `PKI directory (overrides spec.ca.dir; default ${DEFAULT_PKI_DIR})`, requiresArg: true });

function pkiDir(spec: MeshSpec, args: CaArgs, io: CliIO): string {
  return path.resolve(io.cwd, args['pki-dir'] ?? spec.ca.dir);
}

/** The PKI directory a command writes: checked first (not the working directory, not under a file, ...). */
async function writablePkiDir(spec: MeshSpec, args: CaArgs, io: CliIO): Promise<string> {
  checkKeyDir(args['pki-dir'] ? '--pki-dir' : 'spec.ca.dir:', args['pki-dir'] ?? spec.ca.dir, io.cwd);
  return pkiDir(spec, args, io);
}

function requireFileCa(spec: MeshSpec, command: string): void {
  if (spec.ca.mode === 'none' || spec.ca.mode === 'cert-manager') {
    throw new MeshgenError(`spec.ca.mode: "${spec.ca.mode}" keeps no CA files, so "meshgen ca ${command}" has nothing to do; set mode: generated or provided`);
  }
}

const progress = (io: CliIO, args: GlobalOptions) => {
  const onProgress = progressLine(args, io);
  return onProgress ? { onProgress } : {};
};

function initCommand(io: CliIO): CommandModule<GlobalOptions, CaArgs> {
  return {
    command: 'init',
    describe: 'Make the root CA and an intermediate per cluster (once; existing material is kept)',
    builder: (y) => specOptions(y).example('$0 ca init --spec mesh.yaml', `makes ${DEFAULT_PKI_DIR}/`),
    handler: async (args) => {
      const spec = loadSpecFile(args.spec, io);
      requireFileCa(spec, 'init');
      await writablePkiDir(spec, args, io);
      const { prepareMeshCa } = await work.meshCa();
      await prepareMeshCa(spec, { cwd: io.cwd, ...(args['pki-dir'] ? { pkiDir: args['pki-dir'] } : {}), ...progress(io, args) });
      io.out(`${path.relative(io.cwd, pkiDir(spec, args, io)) || '.'}: root CA and ${spec.clusters.length} intermediate CA(s) ready\n`);
    },
  };
}

interface StatusArgs extends CaArgs {
  readonly format: 'text' | 'json';
}

function statusCommand(io: CliIO): CommandModule<GlobalOptions, StatusArgs> {
  return {
    command: 'status',
    describe: 'Per cluster: subject, issuer, not after, days left; exit 1 when a certificate is expired or a chain is broken',
    builder: (y) => specOptions(y)
      .option('format', { alias: 'o', choices: ['text', 'json'] as const, default: 'text' as const, describe: 'text: a table; json: {dir, root, clusters, ok} with each certificate and problem (docs/cli.md)' })
      .example('$0 ca status --spec mesh.yaml', 'warns under 30 days left')
      .example('$0 ca status --spec mesh.yaml -o json | jq \'.clusters[] | [.cluster, .certificate.daysLeft]\'', 'days left per cluster, for a script'),
    handler: async (args) => {
      const spec = loadSpecFile(args.spec, io);
      requireFileCa(spec, 'status');
      const { pkiStatus } = await work.pkiStore();
      const dir = pkiDir(spec, args, io);
      const status = pkiStatus(dir, spec.clusters.map((c) => c.name));
      if (args.format === 'json') io.out(JSON.stringify({ ...status, dir: path.relative(io.cwd, dir).split(path.sep).join('/') || '.' }, null, 2) + '\n');
      const rows: string[][] = [['CLUSTER', 'SUBJECT', 'ISSUER', 'NOT AFTER', 'DAYS LEFT', 'STATUS']];
      const state = (problems: { severity: string; code: string }[]) =>
        problems.length === 0 ? 'ok' : problems.map((p) => `${p.severity === 'error' ? 'ERROR' : 'warning'}: ${p.code}`).join(', ');
      if (status.root.certificate) {
        const r = status.root.certificate;
        rows.push(['(root)', r.subject, r.issuer, r.notAfter, String(r.daysLeft), state(status.root.problems)]);
      } else rows.push(['(root)', '-', '-', '-', '-', state(status.root.problems)]);
      for (const c of status.clusters) {
        const x = c.certificate;
        rows.push([c.cluster, x?.subject ?? '-', x?.issuer ?? '-', x?.notAfter ?? '-', x ? String(x.daysLeft) : '-', state(c.problems)]);
      }
      const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
      if (args.format === 'text') io.out(rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')).join('\n') + '\n');
      const problems = [...status.root.problems, ...status.clusters.flatMap((c) => c.problems)];
      for (const p of problems.filter((x) => x.severity === 'warning')) io.err(`warning: ${p.message}\n`);
      const errors = problems.filter((x) => x.severity === 'error');
      if (errors.length > 0) throw new MeshgenError(errors.map((e) => e.message).join('\n'));
    },
  };
}

interface RotateArgs extends CaArgs {
  readonly cluster: string;
}

function rotateCommand(io: CliIO): CommandModule<GlobalOptions, RotateArgs> {
  return {
    command: 'rotate',
    describe: 'Give one cluster a new intermediate CA under the same root (the old one is kept in previous/)',
    builder: (y) => specOptions(y)
      .option('cluster', { type: 'string', demandOption: true, describe: 'The cluster whose intermediate is replaced', requiresArg: true })
      .example('$0 ca rotate --spec mesh.yaml --cluster cluster2', 'then synth and apply cluster2\'s cacerts Secret, and restart istiod'),
    handler: async (args) => {
      const spec = loadSpecFile(args.spec, io);
      requireFileCa(spec, 'rotate');
      if (!spec.clusters.some((c) => c.name === args.cluster)) {
        throw new MeshgenError(`--cluster ${args.cluster}: is not a cluster of mesh ${spec.name}; use one of ${spec.clusters.map((c) => c.name).join(', ')}`, 2);
      }
      const { rotateIntermediate } = await work.pkiStore();
      const report = await rotateIntermediate({
        dir: await writablePkiDir(spec, args, io), cluster: args.cluster, keySize: spec.ca.keySize, intermediateDays: spec.ca.intermediateDays,
        namespace: spec.istio.namespace, ...progress(io, args),
      });
      io.out(`${args.cluster}: new intermediate CA, valid until ${report.notAfter}; run "meshgen synth", apply ${args.cluster}'s cacerts Secret, then: kubectl -n ${spec.istio.namespace} rollout restart deployment/istiod\n`);
    },
  };
}

interface ImportArgs extends CaArgs {
  readonly cluster?: string;
  readonly 'root-cert'?: string;
  readonly 'root-key'?: string;
  readonly 'ca-cert'?: string;
  readonly 'ca-key'?: string;
  readonly 'cert-chain'?: string;
  readonly force: boolean;
}

function importCommand(io: CliIO): CommandModule<GlobalOptions, ImportArgs> {
  return {
    command: 'import',
    describe: 'Import your own root (--root-cert/--root-key) or one cluster\'s ready-made intermediate into the PKI directory',
    builder: (y) => specOptions(y)
      .option('cluster', { type: 'string', describe: 'Import an intermediate for this cluster', requiresArg: true })
      .option('root-cert', { type: 'string', describe: 'Root certificate (PEM)', requiresArg: true })
      .option('root-key', { type: 'string', describe: 'Root private key (PEM); with --root-cert and no --cluster', requiresArg: true })
      .option('ca-cert', { type: 'string', describe: 'Intermediate certificate (PEM)', requiresArg: true })
      .option('ca-key', { type: 'string', describe: 'Intermediate private key (PEM)', requiresArg: true })
      .option('cert-chain', { type: 'string', describe: 'Intermediate then root (PEM)', requiresArg: true })
      .option('force', { type: 'boolean', default: false, describe: 'Replace existing material' })
      .example('$0 ca import --spec mesh.yaml --root-cert root-cert.pem --root-key root-key.pem', 'meshgen then makes the intermediates')
      .example('$0 ca import --spec mesh.yaml --cluster cluster1 --ca-cert ca-cert.pem --ca-key ca-key.pem --cert-chain cert-chain.pem --root-cert root-cert.pem', 'a ready-made intermediate'),
    handler: async (args) => {
      const spec = loadSpecFile(args.spec, io);
      requireFileCa(spec, 'import');
      const abs = (p: string | undefined, flag: string) => {
        if (!p) throw new MeshgenError(`--${flag}: is required for this import; give the PEM file`, 2);
        return path.resolve(io.cwd, p);
      };
      const { importProvided } = await work.pkiStore();
      const dir = await writablePkiDir(spec, args, io);
      const report = args.cluster
        ? await importProvided({
          kind: 'intermediate', dir, cluster: args.cluster, force: args.force,
          caCert: abs(args['ca-cert'], 'ca-cert'), caKey: abs(args['ca-key'], 'ca-key'),
          certChain: abs(args['cert-chain'], 'cert-chain'), rootCert: abs(args['root-cert'], 'root-cert'),
        })
        : await importProvided({ kind: 'root', dir, force: args.force, rootCert: abs(args['root-cert'], 'root-cert'), rootKey: abs(args['root-key'], 'root-key') });
      io.out(`imported ${report.kind} into ${path.relative(io.cwd, dir) || '.'}: ${report.written.map((f) => path.relative(dir, f)).join(', ')}\n`);
      if (report.clustersNotUnderRoot.length) io.err(`warning: ${report.clustersNotUnderRoot.join(', ')} are not under the new root; run "meshgen ca rotate --cluster X" for each\n`);
    },
  };
}

/** `meshgen ca init|status|rotate|import`: the plug-in CA in the PKI directory. */
export function caCommand(io: CliIO): CommandModule<GlobalOptions, GlobalOptions> {
  return {
    command: 'ca',
    describe: 'Manage the plug-in CA: one root, an intermediate per cluster',
    builder: (y) => y
      .command(initCommand(io))
      .command(statusCommand(io))
      .command(rotateCommand(io))
      .command(importCommand(io))
      .demandCommand(1, 'name a ca command: init, status, rotate or import')
      .example('$0 ca status --spec mesh.yaml', 'days left per cluster') as unknown as Argv<GlobalOptions>,
    handler: () => undefined,
  };
}
