import * as path from 'path';
import { CommandModule } from 'yargs';
import { MeshgenError, fileReadReason } from '../../errors';
import { CliIO, GlobalOptions } from '../io';
import { loadCliKubeconfig, secretCommandOptions } from '../secret-command';
import { shellQuote } from '../../names/shell';
import { readRegularFile } from '../../mesh-spec/read-file';
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

/** A service-account token is about 1 KiB. */
const MAX_TOKEN_BYTES = 64 * 1024;

const SINGLE_ONLY = ['cluster', 'context', 'server', 'token-file'] as const;

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
      .option('token-file', { type: 'string', describe: "File holding the reader's token; then nothing is read from the cluster and the CA comes from the kubeconfig", requiresArg: true })
      .example('$0 remote-secret --cluster cluster2 --context=ctx2 | kubectl apply -f - --context=ctx1', 'let cluster1 read cluster2')
      .example('$0 remote-secret --cluster cluster2 --context=ctx2 --token-file token', "with the reader's token from a file")
      .example('$0 remote-secret --all --spec mesh.yaml', `write ${DEFAULT_SECRETS_DIR}/<primary>/istio-remote-secret-<cluster>.yaml for every pair`),
    handler: async (args) => {
      const { resolveContext } = await work.kubeconfig();
      const kubeconfig = await loadCliKubeconfig(args.kubeconfig, io);
      // What --insecure accepted is said even with --quiet.
      const warn = (w: string) => { if (!args.quiet || w.includes('--insecure:')) io.err(`warning: ${w}\n`); };

      if (args.all) {
        const { checkSecretsDir, createMeshRemoteSecrets, writeSecretFiles } = await work.meshSecrets();
        const plan = planMesh(loadSpecFile(args.spec!, io.cwd));
        checkSecretsDir(args['secrets-out'], io.cwd);
        if (plan.remoteSecrets.length === 0) {
          if (!args.quiet) io.err('meshgen: this mesh has a single cluster: no primary reads another cluster, no remote secret to write\n');
          return;
        }
        const result = await createMeshRemoteSecrets(plan, kubeconfig, {
          insecure: args.insecure,
          onCluster: (c, ctx) => { if (!args.quiet) io.err(`meshgen: reading the reader token of ${c} (context ${ctx})\n`); },
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
      let token: string | undefined;
      if (args['token-file']) {
        try {
          token = readRegularFile(path.resolve(io.cwd, args['token-file']), MAX_TOKEN_BYTES).toString('utf8');
        } catch (e) {
          throw new MeshgenError(`--token-file ${shellQuote(args['token-file'])}: cannot read it (${fileReadReason(e)}); write the reader's token into a file first (kubectl -n ${shellQuote(args.namespace)} get secret istio-reader-service-account-istio-remote-secret-token -o jsonpath='{.data.token}' | base64 -d > token)`);
        }
      }
      const created = await createRemoteSecret({
        clusterName: args.cluster!,
        namespace: args.namespace,
        connection,
        insecure: args.insecure,
        ...(args.server ? { serverOverride: args.server } : {}),
        ...(token !== undefined ? { token } : {}),
      });
      created.warnings.forEach(warn);
      io.out(created.text);
    },
  };
}
