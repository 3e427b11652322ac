import { DEFAULT_SECRETS_DIR } from '../../names/defaults';
import { shellQuote } from '../../names/shell';
import type { ClusterPlan } from '../planner';

/**
 * A fact about the clusters (or the workstation) that a step needs before it runs, or
 * makes true when it has run. The planner orders steps so that every need is made by
 * an earlier step (lib/plan/steps/order.ts), and checkPlanOrder proves it for any plan.
 * Facts outside meshgen's reach (the clusters exist, kubectl works) are never declared.
 */
export type Fact =
  /** A workstation tool at the release the bundles are written for. */
  | { readonly kind: 'cli'; readonly name: 'istioctl' | `istio-${string}/bin/istioctl` }
  /** `helm repo add istio` ran on the workstation. */
  | { readonly kind: 'helm-repo' }
  /** The Sail operator runs on the cluster. */
  | { readonly kind: 'sail-operator'; readonly cluster: string }
  | { readonly kind: 'namespace'; readonly cluster: string; readonly name: string }
  /** Istio's CRDs are installed on the cluster. */
  | { readonly kind: 'crds'; readonly cluster: string }
  /** The Gateway API CRDs are installed on the cluster (ambient mode: the east-west gateway is a Gateway). */
  | { readonly kind: 'gateway-api-crds'; readonly cluster: string }
  /** The cluster's cacerts Secret (or, with ca.mode none, the decision to go without). */
  | { readonly kind: 'cacerts'; readonly cluster: string }
  /** MetalLB hands out LoadBalancer addresses on the cluster. */
  | { readonly kind: 'load-balancer'; readonly cluster: string }
  /** The Sail operator's `Istio` resource is applied (the operator installs from it). */
  | { readonly kind: 'istio-resource'; readonly cluster: string }
  /** Sail's IstioCNI resource is Ready (spec.istio.cni) */
  | { readonly kind: 'istio-cni'; readonly cluster: string }
  /** A primary's istiod is ready; a remote's control-plane configuration is installed. */
  | { readonly kind: 'control-plane'; readonly cluster: string }
  /** The cluster's sidecar-injection webhook has its caBundle: pods can be created and injected. */
  | { readonly kind: 'webhook-cabundle'; readonly cluster: string }
  /** The east-west gateway's pods are deployed. */
  | { readonly kind: 'east-west-gateway'; readonly cluster: string }
  /** The east-west gateway's Service has an address. */
  | { readonly kind: 'gateway-address'; readonly cluster: string }
  /** The person running the plan has written the gateway's address into the spec. */
  | { readonly kind: 'address-written'; readonly cluster: string }
  /** The spec, and the bundles synthesized from it, carry the gateway's actual address. */
  | { readonly kind: 'spec-address'; readonly cluster: string }
  /** A primary's control plane runs with the final values.global.meshNetworks. */
  | { readonly kind: 'mesh-networks'; readonly cluster: string }
  /** The cluster's bundle (`apply -k <out>/<cluster>`) is applied. */
  | { readonly kind: 'bundle'; readonly cluster: string }
  /** istiod-gateway / istiod-vs: a primary's istiod is reachable through its east-west gateway. */
  | { readonly kind: 'istiod-exposed'; readonly cluster: string }
  /** The reader token Secret a remote secret is made from. */
  | { readonly kind: 'reader-token'; readonly cluster: string }
  /** `meshgen remote-secret --all` wrote every remote secret to the secrets output. */
  | { readonly kind: 'remote-secret-files' }
  /** The remote secret of cluster `of` is applied on the primary `on`. */
  | { readonly kind: 'remote-secret'; readonly of: string; readonly on: string }
  /** Every remote secret the primary `on` needs is applied. */
  | { readonly kind: 'remote-secrets'; readonly on: string }
  /** Every primary lists the clusters it reads as synced. */
  | { readonly kind: 'mesh-synced' }
  /** The Karmada bundle, and the cacerts template, on the karmada-apiserver. */
  | { readonly kind: 'karmada-bundle' }
  | { readonly kind: 'karmada-cacerts' }
  /** Prometheus (Istio's addon) runs on the cluster. */
  | { readonly kind: 'prometheus'; readonly cluster: string }
  | { readonly kind: 'kiali-operator'; readonly cluster: string }
  /** Kiali's remote-access ServiceAccount and token on the cluster. */
  | { readonly kind: 'kiali-access'; readonly cluster: string }
  | { readonly kind: 'kiali-secret'; readonly of: string; readonly on: string }
  | { readonly kind: 'kiali'; readonly cluster: string }
  /** spec.gitops: the controller is set up (Argo CD's health checks; Flux where it reaches clusters by kubeconfig). */
  | { readonly kind: 'gitops-controller' }
  /** spec.gitops: the controller can install on the cluster (registered in Argo CD, Flux installed or given its kubeconfig). */
  | { readonly kind: 'gitops-access'; readonly cluster: string }
  /** spec.gitops: the bundles are committed and pushed where the controller syncs from. */
  | { readonly kind: 'gitops-commit' }
  /** spec.gitops: the controller syncs the cluster's root object (app of apps, root Kustomization). */
  | { readonly kind: 'gitops-root'; readonly cluster: string }
  /** spec.gitops: one sync unit (Argo CD Application, Flux Kustomization) is synced and healthy. */
  | { readonly kind: 'synced'; readonly cluster: string; readonly name: string }
  /** The verification workload is deployed on the cluster. */
  | { readonly kind: 'verify-workload'; readonly cluster: string }
  | { readonly kind: 'verified'; readonly cluster: string }
  // Upgrades (`meshgen plan --from`, lib/plan/steps/upgrade.ts):
  /** The new spec's bundles are written (meshgen synth) where the steps apply them from. */
  | { readonly kind: 'bundles-written' }
  /** The revision's control plane runs on the cluster: istiod-<name> ready on a primary, its webhooks and Service on a remote. */
  | { readonly kind: 'revision'; readonly cluster: string; readonly name: string }
  /** istiod-vs-<name> routes the revision's SNI through the primary's east-west gateway. */
  | { readonly kind: 'revision-exposed'; readonly cluster: string; readonly name: string }
  /** The east-west gateway runs the proxy of revision `name`. */
  | { readonly kind: 'gateway-revision'; readonly cluster: string; readonly name: string }
  /** The revision tag points at a revision on the cluster; name is `<tag>=<revision>`. */
  | { readonly kind: 'tag'; readonly cluster: string; readonly name: string }
  /** The workloads of the namespaces that opted into a flipped tag run the new proxies. */
  | { readonly kind: 'restarted'; readonly cluster: string }
  /** The namespaces of the tags the new spec drops opted into a tag it keeps. */
  | { readonly kind: 'relabelled'; readonly cluster: string }
  /** The tags the new spec drops are deleted. */
  | { readonly kind: 'untagged'; readonly cluster: string }
  /** The revision is uninstalled from the cluster. */
  | { readonly kind: 'revision-removed'; readonly cluster: string; readonly name: string };

export type FactKind = Fact['kind'];

/** A stable text key for a fact: its kind and its fields in a fixed order. */
export function factKey(f: Fact): string {
  const r = f as { kind: string; cluster?: string; name?: string; of?: string; on?: string };
  let key = r.kind;
  if (r.cluster !== undefined) key += ':' + r.cluster;
  if (r.name !== undefined) key += ':' + r.name;
  if (r.of !== undefined) key += ':' + r.of;
  if (r.on !== undefined) key += ':' + r.on;
  return key;
}

/** One program and its arguments (never shell syntax: each argument reaches the program as is). */
export type Argv = readonly string[];

/** What a step runs; rendered as shell text by commandText and as a script by lib/plan/steps/script.ts. */
export type Action =
  /** Programs connected by pipes (`a | b`), usually one; skipped when `unless` succeeds (its output discarded). */
  | { readonly kind: 'run'; readonly pipeline: readonly Argv[]; readonly unless?: Argv }
  /** Poll `argv` until it succeeds, prints something, or prints `equals`; fail after timeoutSeconds. */
  | {
    readonly kind: 'wait'; readonly argv: Argv; readonly until: 'succeeds' | 'non-empty' | 'equals';
    readonly equals?: string; readonly timeoutSeconds: number; readonly intervalSeconds: number;
  }
  /** `argv` must print `equals`; otherwise the plan stops with `otherwise` (a fix, then resume). */
  | { readonly kind: 'check'; readonly argv: Argv; readonly equals: string; readonly otherwise: string }
  /** A person must act (the message says how); the script stops and is resumed with the next step. */
  | { readonly kind: 'stop'; readonly message: string };

/** One step of the install: what to run, on which cluster, what it needs and what it makes. */
export interface PlanStep {
  /** Unique in a plan, kebab-case words and a cluster name after a '.', e.g. `control-plane.cluster1`. */
  readonly id: string;
  /** The cluster the commands run against; undefined for steps on the workstation. */
  readonly cluster?: string;
  readonly title: string;
  /** The one source of the commands: the text, JSON and script forms are rendered from it. */
  readonly actions: readonly Action[];
  /** The actions as shell text, in order (what `meshgen plan` prints). */
  readonly commands: readonly string[];
  /** Why, or what to check. */
  readonly note?: string;
  /** Commands whose output says whether it is safe to go on (upgrades: `check:` lines; comments in the script). */
  readonly checks?: readonly string[];
  readonly needs: readonly Fact[];
  readonly makes: readonly Fact[];
}

export interface StepOptions {
  /** The output directory the bundles were written to, as the user typed it. @default 'dist' */
  readonly outDir?: string;
  /** The spec file, for the "run synth again" step. @default 'mesh.yaml' */
  readonly specFile?: string;
  /** Where synth wrote the cacerts Secrets. @default '.meshgen/secrets' */
  readonly secretsDir?: string;
  /** synth ran with --include-secrets (the Secrets are in the bundles). @default false */
  readonly includeSecrets?: boolean;
  /**
   * How a step names a field of a cluster in the spec.
   * @default `spec.clusters[<index in the file>].<field>`
   */
  readonly clusterField?: (cluster: ClusterPlan, field: string) => string;
}

/** StepOptions with every default applied, as the step builders use them. */
export interface StepContext {
  readonly out: string;
  readonly specFile: string;
  readonly secretsDir: string;
  readonly includeSecrets: boolean;
  readonly field: (cluster: ClusterPlan, field: string) => string;
}


export function stepContext(opts: StepOptions = {}): StepContext {
  return {
    out: (opts.outDir ?? 'dist').replace(/\/+$/, '') || '.',
    specFile: opts.specFile ?? 'mesh.yaml',
    secretsDir: (opts.secretsDir ?? DEFAULT_SECRETS_DIR).replace(/\/+$/, '') || '.',
    includeSecrets: opts.includeSecrets ?? false,
    field: opts.clusterField ?? ((c, f) => `spec.clusters[${c.specIndex}].${f}`),
  };
}

/** A step from its parts; `commands` is rendered from `actions`. */
export function step(s: Omit<PlanStep, 'commands' | 'needs' | 'makes'> & { needs?: readonly Fact[]; makes?: readonly Fact[] }): PlanStep {
  return {
    id: s.id,
    ...(s.cluster !== undefined ? { cluster: s.cluster } : {}),
    title: s.title,
    actions: s.actions,
    commands: s.actions.flatMap(commandText),
    ...(s.note !== undefined ? { note: s.note } : {}),
    ...(s.checks !== undefined && s.checks.length > 0 ? { checks: s.checks } : {}),
    needs: s.needs ?? [],
    makes: s.makes ?? [],
  };
}

export const run = (...argv: string[]): Action => ({ kind: 'run', pipeline: [argv] });
export const pipe = (...pipeline: Argv[]): Action => ({ kind: 'run', pipeline });
/** `pipeline` unless `argv` succeeds: `argv > /dev/null 2>&1 || { pipeline; }` (POSIX sh). */
export const runUnless = (argv: Argv, ...pipeline: Argv[]): Action => ({ kind: 'run', pipeline, unless: argv });

/** A run action as one line of POSIX shell. */
export function runText(a: Extract<Action, { kind: 'run' }>): string {
  const line = a.pipeline.map(argvText).join(' | ');
  return a.unless ? `${argvText(a.unless)} > /dev/null 2>&1 || { ${line}; }` : line;
}
export function waitFor(argv: Argv, until: 'succeeds' | 'non-empty', timeoutSeconds = 600, intervalSeconds = 5): Action {
  return { kind: 'wait', argv, until, timeoutSeconds, intervalSeconds };
}
export function waitEquals(argv: Argv, equals: string, timeoutSeconds = 600, intervalSeconds = 2): Action {
  return { kind: 'wait', argv, until: 'equals', equals, timeoutSeconds, intervalSeconds };
}

/** `argv` as one line of POSIX shell, each argument quoted where it must be. */
export function argvText(argv: Argv): string {
  return argv.map(shellQuote).join(' ');
}

/** An action as the shell lines a person would paste (a stop has none: its message is the step's note). */
export function commandText(a: Action): string[] {
  switch (a.kind) {
    case 'run':
      return [runText(a)];
    case 'wait': {
      const cmd = argvText(a.argv);
      const cond = a.until === 'succeeds' ? `${cmd} >/dev/null 2>&1`
        : a.until === 'non-empty' ? `[ -n "$(${cmd})" ]`
          : `[ "$(${cmd})" = ${shellQuote(a.equals ?? '')} ]`;
      return [`until ${cond}; do sleep ${a.intervalSeconds}; done`];
    }
    case 'check':
      return [`[ "$(${argvText(a.argv)})" = ${shellQuote(a.equals)} ]`];
    case 'stop':
      return [];
  }
}

/** `kubectl --context=<context>` and the rest. */
export const kubectl = (context: string, ...args: string[]): string[] => ['kubectl', `--context=${context}`, ...args];


/** Names for a title or a note: all of them when few, else how many (so that text grows linearly with the mesh). */
export function someNames(names: readonly string[], noun: string, max = 5): string {
  return names.length <= max ? names.join(', ') : `${names.length} ${noun}`;
}
