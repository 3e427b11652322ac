import * as path from 'path';
import { CommandModule } from 'yargs';
import { CliIO, GlobalOptions, progressLine } from '../io';
import { loadCliKubeconfig, secretCommandOptions } from '../secret-command';
import { shellQuote } from '../../names/shell';
import { DEFAULT_SECRETS_DIR } from '../../names/defaults';
import { loadSpecFile } from '../load-spec';
import { planMesh } from '../../plan/planner';
import { work } from '../work';
import { KIALI_REMOTE_ACCESS } from '../../names/objects';

interface KialiSecretArgs extends GlobalOptions {
  readonly cluster?: string;
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly server?: string;
  readonly namespace: string;
  readonly all: boolean;
  readonly spec?: string;
  readonly 'secrets-out': string;
  readonly insecure: boolean;
  readonly 'token-file'?: string;
}

const SINGLE_ONLY = ['cluster', 'context', 'server'] as const;

/**
 * `meshgen kiali-secret --cluster NAME`: prints `kiali-remote-cluster-secret-NAME`, the
 * secret through which Kiali reads cluster NAME (Kiali's kiali-prepare-remote-cluster.sh
 * format), from the cluster's `kiali-remote-access` token; `--all --spec FILE` writes
 * every one `spec.kiali` needs into --secrets-out.
 */
export function kialiSecretCommand(io: CliIO): CommandModule<GlobalOptions, KialiSecretArgs> {
  return {
    command: 'kiali-secret',
    describe: 'Print the Kiali remote cluster secret that lets Kiali read a cluster; --all writes every one spec.kiali needs',
    builder: (y) => secretCommandOptions(y, {
      cluster: 'Name (in the mesh spec) of the cluster Kiali reads',
      server: "API server URL written into the secret, when Kiali reaches it at another address than the kubeconfig's",
      namespace: "Namespace of Kiali and of the kiali-remote-access token Secret (--all uses the spec's)",
      all: 'Write every Kiali secret of spec.kiali (needs --spec); each cluster is reached through its spec context',
      secretsOut: 'With --all: where to write <kiali cluster>/kiali-remote-cluster-secret-<cluster>.yaml (never inside the bundles)',
      allNeedsSpec: 'spec.kiali says which cluster runs Kiali and which clusters it reads',
      nameTheCluster: 'name the cluster Kiali reads with --cluster NAME (or write them all with --all --spec FILE)',
      singleOnly: SINGLE_ONLY,
    })
      .option('token-file', { type: 'string', describe: "File holding the kiali-remote-access token; then nothing is read from the cluster and the CA comes from the kubeconfig. With --all, a pattern with {cluster}, e.g. 'tokens/{cluster}.token'", requiresArg: true })
      .check((a) => (a.all && typeof a['token-file'] === 'string' && !a['token-file'].includes('{cluster}')
        ? `--token-file ${JSON.stringify(a['token-file']).slice(0, 80)}: with --all it names one file per cluster; put {cluster} in it, e.g. --token-file 'tokens/{cluster}.token'`
        : true))
      .example('$0 kiali-secret --cluster west --context=west | kubectl apply -f - --context=east', 'let Kiali on east read west')
      .example('$0 kiali-secret --all --spec mesh.yaml', `write ${DEFAULT_SECRETS_DIR}/<kiali cluster>/kiali-remote-cluster-secret-<cluster>.yaml for every other cluster`),
    handler: async (args) => {
      const { resolveContext } = await work.kubeconfig();
      const kubeconfig = await loadCliKubeconfig(args.kubeconfig, io);
      // What --insecure accepted is said even with --quiet.
      const warn = (w: string) => { if (!args.quiet || w.includes('--insecure:')) io.err(`warning: ${w}\n`); };

      if (args.all) {
        const { checkSecretsDir, writeSecretFiles } = await work.meshSecrets();
        const { createMeshKialiSecrets } = await work.kialiSecret();
        const plan = planMesh(loadSpecFile(args.spec!, io));
        checkSecretsDir(args['secrets-out'], io.cwd);
        const { readTokenFile } = await work.tokenFile();
        const pattern = args['token-file'];
        const result = await createMeshKialiSecrets(plan, kubeconfig, {
          insecure: args.insecure,
          env: io.env ?? process.env,
          ...(pattern ? { tokenFor: (c: string) => readTokenFile(pattern, c, io.cwd, plan.istio.namespace, KIALI_REMOTE_ACCESS, plan.clusters.find((x) => x.name === c)?.context) } : {}),
          onCluster: (c, ctx) => progressLine(args, io)?.(`reading the kiali-remote-access token of ${c} (context ${ctx})`),
        });
        result.warnings.forEach(warn);
        if (result.files.size === 0) {
          if (!args.quiet) io.err(`meshgen: Kiali runs on the only cluster (${plan.kiali!.cluster}): no other cluster to read, no Kiali secret to write\n`);
          return;
        }
        const written = writeSecretFiles(args['secrets-out'], result.files, io.cwd);
        if (!args.quiet) {
          const home = plan.clusters.find((c) => c.name === plan.kiali!.cluster)!;
          io.err(`meshgen: wrote ${written.length} Kiali secret(s) to ${args['secrets-out']}/ (mode 0600; keep them out of git)\n`);
          io.err(`  apply with: kubectl --context=${shellQuote(home.context)} apply -f ${shellQuote(path.join(args['secrets-out'], home.name) + '/')}\n`);
        }
        return;
      }

      const { createKialiSecret } = await work.kialiSecret();
      const token = args['token-file'] ? (await work.tokenFile()).readTokenFile(args['token-file'], args.cluster!, io.cwd, args.namespace, KIALI_REMOTE_ACCESS, args.context) : undefined;
      const created = await createKialiSecret({
        clusterName: args.cluster!,
        namespace: args.namespace,
        connection: resolveContext(kubeconfig, args.context),
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
