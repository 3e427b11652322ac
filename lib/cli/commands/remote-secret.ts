import * as path from 'path';
import { CommandModule } from 'yargs';
import { CliIO, GlobalOptions, progressLine } from '../io';
import { loadCliKubeconfig, secretCommandOptions } from '../secret-command';
import { shellQuote } from '../../names/shell';
import { DEFAULT_SECRETS_DIR } from '../../names/defaults';
import { loadSpecFile } from '../load-spec';
import { planMesh } from '../../plan/planner';
import { work } from '../work';

interface RemoteSecretArgs extends GlobalOptions {
  readonly cluster?: string;
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly server?: string;
  readonly 'token-file'?: string;
  readonly namespace: string;
  readonly all: boolean;
  readonly spec?: string;
  readonly 'secrets-out': string;
  readonly insecure: boolean;
}

const SINGLE_ONLY = ['cluster', 'context', 'server'] as const;
/** The token Secret a --token-file's token comes from (for the hint). */
const READER_TOKEN_SECRET = 'istio-reader-service-account-istio-remote-secret-token';

/**
 * `meshgen remote-secret --cluster NAME`: prints the remote secret that lets a
 * primary's istiod read cluster NAME, in `istioctl create-remote-secret`'s format;
 * `--all --spec FILE` writes every secret every primary needs into --secrets-out.
 */
export function remoteSecretCommand(io: CliIO): CommandModule<GlobalOptions, RemoteSecretArgs> {
  return {
    command: 'remote-secret',
    describe: 'Print the remote secret (istioctl create-remote-secret format) that lets primaries read a cluster; --all writes every one the mesh needs',
    builder: (y) => secretCommandOptions(y, {
      cluster: 'Istio cluster name the secret is for (its name in the mesh spec)',
      server: "API server URL written into the secret, when the primaries reach it at another address than the kubeconfig's",
      namespace: "Istio namespace of the reader token Secret and the remote secret (--all uses the spec's)",
      all: 'Write every remote secret of the mesh (needs --spec); each cluster is reached through its spec context',
      secretsOut: 'With --all: where to write <reader>/istio-remote-secret-<cluster>.yaml (never inside the bundles)',
      allNeedsSpec: 'the mesh spec says which primaries read which clusters',
      nameTheCluster: 'name the cluster the secret is for with --cluster NAME (or write them all with --all --spec FILE)',
      singleOnly: SINGLE_ONLY,
    })
      .option('token-file', { type: 'string', describe: "File holding the reader's token; then nothing is read from the cluster and the CA comes from the kubeconfig. With --all, a pattern with {cluster}, e.g. 'tokens/{cluster}.token'", requiresArg: true })
      .check((a) => (a.all && typeof a['token-file'] === 'string' && !a['token-file'].includes('{cluster}')
        ? `--token-file ${JSON.stringify(a['token-file']).slice(0, 80)}: with --all it names one file per cluster; put {cluster} in it, e.g. --token-file 'tokens/{cluster}.token'`
        : true))
      .example('$0 remote-secret --cluster cluster2 --context=ctx2 | kubectl apply -f - --context=ctx1', 'let cluster1 read cluster2')
      .example('$0 remote-secret --cluster cluster2 --context=ctx2 --token-file token', "with the reader's token from a file")
      .example('$0 remote-secret --all --spec mesh.yaml', `write ${DEFAULT_SECRETS_DIR}/<primary>/istio-remote-secret-<cluster>.yaml for every pair`)
      .example("$0 remote-secret --all --spec mesh.yaml --token-file 'tokens/{cluster}.token'", "with each cluster's reader token from its own file"),
    handler: async (args) => {
      const { resolveContext } = await work.kubeconfig();
      const kubeconfig = await loadCliKubeconfig(args.kubeconfig, io);
      // What --insecure accepted is said even with --quiet.
      const warn = (w: string) => { if (!args.quiet || w.includes('--insecure:')) io.err(`warning: ${w}\n`); };

      if (args.all) {
        const { checkSecretsDir, createMeshRemoteSecrets, writeSecretFiles } = await work.meshSecrets();
        const plan = planMesh(loadSpecFile(args.spec!, io));
        checkSecretsDir(args['secrets-out'], io.cwd);
        if (plan.remoteSecrets.length === 0) {
          if (!args.quiet) io.err('meshgen: this mesh has a single cluster: no primary reads another cluster, no remote secret to write\n');
          return;
        }
        const { readTokenFile } = await work.tokenFile();
        const pattern = args['token-file'];
        const result = await createMeshRemoteSecrets(plan, kubeconfig, {
          insecure: args.insecure,
          env: io.env ?? process.env,
          ...(pattern ? { tokenFor: (c: string) => readTokenFile(pattern, c, io.cwd, plan.istio.namespace, READER_TOKEN_SECRET, plan.clusters.find((x) => x.name === c)?.context) } : {}),
          onCluster: (c, ctx) => progressLine(args, io)?.(`reading the reader token of ${c} (context ${ctx})`),
        });
        result.warnings.forEach(warn);
        const written = writeSecretFiles(args['secrets-out'], result.files, io.cwd);
        if (!args.quiet) {
          io.err(`meshgen: wrote ${written.length} remote secret(s) to ${args['secrets-out']}/ (mode 0600; keep them out of git)\n`);
          const readers = [...new Set(plan.remoteSecrets.map((s) => s.reader))].sort();
          for (const r of readers) {
            const ctx = plan.clusters.find((c) => c.name === r)!.context;
            io.err(`  apply with: kubectl --context=${shellQuote(ctx)} apply -f ${shellQuote(path.join(args['secrets-out'], r) + '/')}\n`);
          }
        }
        return;
      }

      const { createRemoteSecret } = await work.remoteSecret();
      const connection = resolveContext(kubeconfig, args.context);
      const token = args['token-file'] ? (await work.tokenFile()).readTokenFile(args['token-file'], args.cluster!, io.cwd, args.namespace, READER_TOKEN_SECRET, args.context) : undefined;
      const created = await createRemoteSecret({
        clusterName: args.cluster!,
        namespace: args.namespace,
        connection,
        insecure: args.insecure,
        env: io.env ?? process.env,
        ...(args.server ? { serverOverride: args.server } : {}),
        ...(token !== undefined ? { token } : {}),
      });
      created.warnings.forEach(warn);
      io.out(created.text);
    },
  };
}
