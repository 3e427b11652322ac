import { didYouMean } from './did-you-mean';
import { echoValue } from '../names/text';
import { IssueSink } from './sink';
import { child } from './text';
import { isDnsLabel, isDnsSubdomain } from '../names/dns';
import { LONGEST_SYNC_UNIT_SUFFIX } from '../names/gitops';
import { ClusterSpec, GITOPS_TOOLS, GitOpsDestination, GitOpsSettings, GitOpsTool, Installer } from './types';

export const GITOPS_KEYS = ['tool', 'repoURL', 'targetRevision', 'path', 'namespace', 'project', 'context', 'secretName', 'destinations'];
/** The keys the deprecated `spec.argocd` took (all of them mean the same under spec.gitops). */
export const DEPRECATED_ARGOCD_KEYS = ['repoURL', 'targetRevision', 'path', 'namespace', 'project'];
const TOOL_ONLY: Record<string, GitOpsTool> = { project: 'argocd', secretName: 'flux' };
export const DESTINATION_KEYS: Record<GitOpsTool, readonly string[]> = { argocd: ['name', 'server'], flux: ['kubeConfigSecret'] };

/** What spec.gitops.repoURL must look like. */
export const GIT_URL = /^(https?:\/\/|ssh:\/\/|git@)\S+$/;

/** What checkGitOps needs to know of the rest of the spec. */
export interface GitOpsContext {
  readonly installer: Installer;
  readonly clusters: readonly ClusterSpec[];
  /** spec.federation.karmada is set. */
  readonly karmada: boolean;
}

/**
 * Checks `spec.gitops`, or the deprecated `spec.argocd` (taken as `tool: argocd` with the
 * same fields; the planner warns about it). Both at once is an error.
 */
export function checkGitOps(c: IssueSink, spec: Record<string, unknown>, ctx: GitOpsContext): GitOpsSettings | undefined {
  const hasGitops = spec.gitops !== undefined && spec.gitops !== null;
  const hasArgocd = spec.argocd !== undefined && spec.argocd !== null;
  if (hasGitops && hasArgocd) {
    c.add('spec.argocd', 'is the old spelling of spec.gitops and both are set; move its fields into spec.gitops (tool: argocd) and remove spec.argocd');
    return undefined;
  }
  if (!hasGitops && !hasArgocd) return undefined;
  const base = hasGitops ? 'spec.gitops' : 'spec.argocd';
  const obj = c.object(base, hasGitops ? spec.gitops : spec.argocd, false);
  if (!obj) return undefined;
  c.keys(base, obj, hasGitops ? GITOPS_KEYS : DEPRECATED_ARGOCD_KEYS);

  let tool: GitOpsTool | undefined = 'argocd';
  if (hasGitops) {
    const raw = c.string(`${base}.tool`, obj.tool, true, 'argocd');
    tool = raw === undefined ? undefined : oneOfTool(c, `${base}.tool`, raw);
  }
  if (ctx.installer === 'istioctl') {
    c.add(base, 'GitOps delivery needs spec.istio.installer: sail or helm; the istioctl installer writes IstioOperator files that only istioctl applies, and Argo CD or Flux do not run istioctl');
  }
  if (ctx.karmada) {
    c.add(base, 'cannot be combined with spec.federation.karmada yet (the Karmada control plane propagates the namespace and cacerts); remove one of them');
  }

  const repoURL = c.string(`${base}.repoURL`, obj.repoURL, true, 'https://github.com/example/mesh-config.git');
  if (repoURL !== undefined && !GIT_URL.test(repoURL)) {
    c.add(`${base}.repoURL`, `${echoValue(repoURL)} is not a Git repository URL; use https://..., ssh://... or git@host:org/repo.git`);
  }
  const defaultRevision = tool === 'flux' ? 'main' : 'HEAD';
  const targetRevision = c.string(`${base}.targetRevision`, obj.targetRevision, false, 'main') ?? defaultRevision;
  if (tool === 'flux' && (targetRevision === 'HEAD' || targetRevision.trim() === '')) {
    c.add(`${base}.targetRevision`, `${echoValue(targetRevision)} does not name a branch for Flux; give the branch (e.g. main), refs/tags/<tag> or a commit SHA`);
  }
  const path = (c.string(`${base}.path`, obj.path, false, 'dist') ?? 'dist').replace(/^\.?\/+|\/+$/g, '');
  if (path === '' || path.split('/').includes('..')) {
    c.add(`${base}.path`, `${echoValue(obj.path)} is not a directory inside the repository; give the synth output directory relative to the repository root, e.g. dist`);
  }
  const defaultNamespace = tool === 'flux' ? 'flux-system' : 'argocd';
  const namespace = c.string(`${base}.namespace`, obj.namespace, false, defaultNamespace) ?? defaultNamespace;
  if (obj.namespace !== undefined && !isDnsLabel(namespace)) {
    c.add(`${base}.namespace`, `${echoValue(namespace)} is not a valid namespace name; use at most 63 lowercase letters, digits and '-' (e.g. ${defaultNamespace})`);
  }
  for (const [key, only] of Object.entries(TOOL_ONLY)) {
    if (tool && obj[key] !== undefined && tool !== only) {
      c.add(`${base}.${key}`, `is only used with tool: ${only} (tool is ${tool}); remove it`);
    }
  }
  const project = c.string(`${base}.project`, obj.project, false, 'default') ?? 'default';
  const context = c.string(`${base}.context`, obj.context, false, 'argocd-cluster');
  if (context !== undefined && context.trim() === '') c.add(`${base}.context`, 'is empty; give the kubectl context of the cluster the controller runs in, or remove the field');
  const secretName = c.string(`${base}.secretName`, obj.secretName, false, 'mesh-config-auth');
  if (secretName !== undefined) subdomain(c, `${base}.secretName`, secretName, 'mesh-config-auth');
  for (const cl of ctx.clusters) {
    const longest = cl.name + LONGEST_SYNC_UNIT_SUFFIX;
    if (longest.length > 63) {
      c.add(`spec.clusters[${cl.index}].name`, `"${cl.name}" is too long for GitOps: the object ${longest} must fit in a 63-character label value; use at most ${63 - LONGEST_SYNC_UNIT_SUFFIX.length} characters`);
    }
  }
  const destinations = tool ? checkDestinations(c, `${base}.destinations`, obj.destinations, tool, ctx.clusters) : {};

  if (repoURL === undefined || tool === undefined) return undefined;
  return {
    tool, repoURL, targetRevision, path, namespace, project, destinations,
    ...(context !== undefined ? { context } : {}),
    ...(secretName !== undefined && tool === 'flux' ? { secretName } : {}),
    ...(hasArgocd ? { fromDeprecatedArgocd: true } : {}),
  };
}

function oneOfTool(c: IssueSink, path: string, value: string): GitOpsTool | undefined {
  if ((GITOPS_TOOLS as readonly string[]).includes(value)) return value as GitOpsTool;
  const guess = didYouMean(value, GITOPS_TOOLS);
  c.add(path, `${echoValue(value)} is not one of ${GITOPS_TOOLS.join(' | ')}${guess ? `; did you mean "${guess}"?` : ''}`);
  return undefined;
}

function subdomain(c: IssueSink, path: string, value: string, example: string): boolean {
  if (isDnsSubdomain(value)) return true;
  c.add(path, `${echoValue(value)} is not a valid Kubernetes object name; use lowercase letters, digits, '-' and '.' (e.g. ${example})`);
  return false;
}

/** `destinations`: cluster name -> where that cluster's objects go (argocd: name or server; flux: kubeConfigSecret). */
function checkDestinations(c: IssueSink, path: string, value: unknown, tool: GitOpsTool, clusters: readonly ClusterSpec[]): Record<string, GitOpsDestination> {
  const obj = c.object(path, value, false);
  if (!obj) return {};
  const names = clusters.map((cl) => cl.name).sort();
  const out: Record<string, GitOpsDestination> = {};
  for (const [cluster, raw] of Object.entries(obj).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const p = child(path, cluster);
    if (!names.includes(cluster)) {
      const guess = didYouMean(cluster, names);
      c.add(p, `${echoValue(cluster)} is not a cluster of this mesh; use one of: ${names.join(', ')}${guess ? `, did you mean "${guess}"?` : ''}`);
      continue;
    }
    const d = c.object(p, raw, true);
    if (!d) continue;
    const allowed = DESTINATION_KEYS[tool];
    for (const key of Object.keys(d)) {
      if (allowed.includes(key)) continue;
      const other = (Object.keys(DESTINATION_KEYS) as GitOpsTool[]).find((t) => DESTINATION_KEYS[t].includes(key));
      c.add(child(p, key), other
        ? `is only used with tool: ${other} (tool is ${tool}); use ${allowed.join(' or ')}`
        : `unknown field ${echoValue(key)}; allowed fields here: ${allowed.join(', ')}`);
    }
    if (tool === 'argocd') {
      const name = c.string(`${p}.name`, d.name, false, cluster);
      const server = c.string(`${p}.server`, d.server, false, 'https://kubernetes.default.svc');
      if (name !== undefined && server !== undefined) {
        c.add(p, 'sets both name and server; Argo CD takes one of them: keep name (the cluster as registered in Argo CD) or server (its API URL)');
      } else if (server !== undefined && !/^https:\/\/\S+$/.test(server)) {
        c.add(`${p}.server`, `${echoValue(server)} is not an API server URL; use https://..., e.g. https://kubernetes.default.svc for the cluster Argo CD runs in`);
      } else if (name !== undefined && name.trim() === '') {
        c.add(`${p}.name`, 'is empty; give the cluster name as registered in Argo CD (argocd cluster list)');
      } else if (name !== undefined || server !== undefined) {
        out[cluster] = name !== undefined ? { name } : { server: server! };
      } else if (Object.keys(d).length === 0) {
        c.add(p, `is empty; give name (the cluster as registered in Argo CD) or server (its API URL), or remove ${cluster}`);
      }
    } else {
      const secret = c.string(`${p}.kubeConfigSecret`, d.kubeConfigSecret, true, `${cluster}-kubeconfig`);
      if (secret !== undefined && subdomain(c, `${p}.kubeConfigSecret`, secret, `${cluster}-kubeconfig`)) out[cluster] = { kubeConfigSecret: secret };
    }
  }
  return out;
}

/**
 * A warning when synth writes somewhere other than the directory the GitOps objects point
 * at (spec.gitops.path): the Applications or Kustomizations would sync a path that does
 * not exist once the output is committed. `outDir` is --out as typed.
 */
export function gitopsOutWarning(gitops: GitOpsSettings | undefined, outDir: string): string | undefined {
  if (!gitops) return undefined;
  const out = outDir.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/\/+$/, '').replace(/\/\.$/, '');
  if (out === gitops.path || out.endsWith(`/${gitops.path}`)) return undefined;
  const field = gitops.fromDeprecatedArgocd ? 'spec.argocd.path' : 'spec.gitops.path';
  const who = gitops.tool === 'flux' ? 'the Flux Kustomizations' : 'the Argo CD Applications';
  return `--out ${outDir}: ${who} sync ${gitops.path}/<cluster> of ${gitops.repoURL}, not this directory; commit the output as ${gitops.path}/ in that repository, or set ${field}: ${out || '.'} (its path inside the repository)`;
}
