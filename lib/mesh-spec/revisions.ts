import { isDnsLabel, isIpAddress } from '../names/dns';
import { SAIL_ISTIO_VERSIONS } from '../names/sail';
import { echoValue } from '../names/text';
import { child } from './text';
import { IssueSink } from './sink';
import { CanarySettings, ClusterSpec, Dataplane, Installer } from './types';

export const CANARY_KEYS = ['version', 'revision'];
const VERSION = /^(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?$/;

/** The conventional revision name of a release: `1.30.3` -> `1-30-3` (Istio's canary upgrade guide). */
export function revisionOf(version: string): string {
  return version.replace(/[^0-9A-Za-z-]/g, '-').toLowerCase();
}

function parts(v: string): [number, number, number] | undefined {
  const m = VERSION.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function revisionName(c: IssueSink, path: string, value: unknown, example: string): string | undefined {
  const r = c.string(path, value, false, example);
  if (r === undefined) return undefined;
  if (r === 'default') {
    c.add(path, `"default" names the control plane without a revision; give a revision name such as ${example}, or remove the field`);
    return undefined;
  }
  if (!isDnsLabel(r)) {
    c.add(path, `${echoValue(r)} is not a valid revision name; use a DNS-1123 label (lowercase letters, digits and '-'), e.g. ${example}`);
    return undefined;
  }
  return r;
}

/** What checkRevisions returns: the revision settings of spec.istio. */
export interface RevisionSettings {
  readonly revision?: string;
  readonly canary?: CanarySettings;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface RevisionContext {
  readonly version: string;
  readonly installer: Installer;
  readonly clusters: readonly ClusterSpec[];
  /** spec.istio.dataplane (checked before). @default 'sidecar' */
  readonly dataplane?: Dataplane;
  /** spec.gitops (or spec.argocd) is set. @default false */
  readonly gitops?: boolean;
}

/**
 * Checks spec.istio.revision, spec.istio.canary and spec.istio.tags (issue #13):
 * revision names are DNS-1123 labels; the canary runs a newer release at most one
 * minor ahead of spec.istio.version under a different revision; a tag names an
 * installed revision; with a canary every primary's east-west gateway address, when
 * given, is an IP (the remotes then reach each revision's istiod by its SNI).
 */
export function checkRevisions(c: IssueSink, istio: Record<string, unknown>, ctx: RevisionContext): RevisionSettings {
  const example = revisionOf(ctx.version);
  if (ctx.dataplane === 'ambient') {
    const field = ['revision', 'canary', 'tags'].find((k) => istio[k] !== undefined && istio[k] !== null);
    if (field) {
      // ztunnel and istio-cni are node-wide and upgraded in place, not per revision (Istio's
      // ambient upgrade guide); meshgen does not plan that, so it does not render half of it.
      c.add(`spec.istio.${field}`, 'revisions are not supported with spec.istio.dataplane: ambient (ztunnel and istio-cni are upgraded in place per node, which meshgen does not plan); remove revision, canary and tags, or use dataplane sidecar');
      return {};
    }
  }
  const revision = revisionName(c, 'spec.istio.revision', istio.revision, example);
  let canary: CanarySettings | undefined;
  const raw = c.object('spec.istio.canary', istio.canary, false);
  if (raw) {
    c.keys('spec.istio.canary', raw, CANARY_KEYS);
    const version = c.string('spec.istio.canary.version', raw.version, true, '"1.30.3"');
    const canaryRevision = revisionName(c, 'spec.istio.canary.revision', raw.revision, version && parts(version) ? revisionOf(version) : '1-30-3');
    if (raw.revision === undefined || raw.revision === null) {
      c.add('spec.istio.canary.revision', `is required; set it, e.g. revision: ${version && parts(version) ? revisionOf(version) : '1-30-3'}`);
    }
    let versionOk = false;
    if (version !== undefined) {
      const to = parts(version);
      const from = parts(ctx.version);
      if (!to) {
        c.add('spec.istio.canary.version', `${echoValue(version)} is not an Istio release; use MAJOR.MINOR.PATCH in quotes, e.g. "1.30.3"`);
      } else if (from) {
        const newer = to[0] > from[0] || (to[0] === from[0] && (to[1] > from[1] || (to[1] === from[1] && to[2] > from[2])));
        if (!newer) {
          c.add('spec.istio.canary.version', `"${version}" is not newer than spec.istio.version "${ctx.version}"; a canary runs the release you upgrade to`);
        } else if (to[0] !== from[0] || to[1] > from[1] + 1) {
          c.add('spec.istio.canary.version', `"${version}" is more than one minor release ahead of "${ctx.version}"; Istio supports canary upgrades to the next minor release only, so upgrade to ${from[0]}.${from[1] + 1}.x first`);
        } else versionOk = true;
      }
      if (to && ctx.installer === 'sail' && !SAIL_ISTIO_VERSIONS.includes(version)) {
        c.add('spec.istio.canary.version', `"${version}" is not a release the Sail operator (1.30.3) installs; use one of ${SAIL_ISTIO_VERSIONS.slice(0, 3).join(', ')} ...`);
        versionOk = false;
      }
    }
    if (revision === undefined && istio.revision === undefined) {
      c.add('spec.istio.revision', `is required with spec.istio.canary: name the current control plane's revision, e.g. revision: ${example}, so that both control planes, webhooks and expose routes have their own names`);
    } else if (canaryRevision !== undefined && canaryRevision === revision) {
      c.add('spec.istio.canary.revision', `"${canaryRevision}" is also spec.istio.revision; the canary needs its own revision, e.g. ${version && parts(version) ? revisionOf(version) : 'canary'}`);
    } else if (canaryRevision !== undefined && version !== undefined && versionOk) {
      canary = { version, revision: canaryRevision };
    }
    if (canary) {
      for (const cl of ctx.clusters) {
        if (cl.role === 'primary' && cl.eastWestGatewayAddress !== undefined && !isIpAddress(cl.eastWestGatewayAddress)) {
          c.add(`spec.clusters[${cl.index}].eastWestGateway.address`, `"${cl.eastWestGatewayAddress}" is a hostname; with spec.istio.canary the remotes reach each revision's istiod by SNI istiod-<revision>.<namespace>.svc, which needs the gateway's IP address (remotePilotAddress); give the IP`);
        }
      }
    }
  }
  const installed = [revision ?? 'default', ...(canary ? [canary.revision] : [])];
  let tags: Record<string, string> | undefined;
  const rawTags = c.object('spec.istio.tags', istio.tags, false);
  if (rawTags) {
    tags = {};
    for (const tag of Object.keys(rawTags).sort()) {
      const path = child('spec.istio.tags', tag);
      if (!isDnsLabel(tag)) {
        c.add(path, `${echoValue(tag)} is not a valid tag name; use a DNS-1123 label, e.g. prod-stable`);
        continue;
      }
      if (installed.includes(tag) || (tag === 'default' && revision === undefined)) {
        c.add(path, `"${tag}" is also the name of a revision; name the tag differently, e.g. prod-stable`);
        continue;
      }
      const target = c.string(path, rawTags[tag], true, installed[installed.length - 1]);
      if (target === undefined) continue;
      if (!installed.includes(target)) {
        c.add(path, `${echoValue(target)} is not an installed revision; use ${installed.map((r) => JSON.stringify(r)).join(' or ')} (spec.istio.revision${canary ? ' or spec.istio.canary.revision' : ''})`);
        continue;
      }
      tags[tag] = target;
    }
    if (revision === undefined && Object.keys(tags).length > 0) {
      c.add('spec.istio.tags', `revision tags need a revisioned control plane; set spec.istio.revision, e.g. revision: ${example}`);
      tags = undefined;
    }
  }
  if (ctx.gitops && ctx.installer === 'helm') {
    // GitOps names each istiod release's Application / Kustomization <cluster>-istiod-<rev>, a label value
    const longestCluster = ctx.clusters.reduce((m, cl) => Math.max(m, cl.name.length), 0);
    for (const [path, rev] of [['spec.istio.revision', revision], ['spec.istio.canary.revision', canary?.revision]] as const) {
      if (rev !== undefined && longestCluster + '-istiod-'.length + rev.length > 63) {
        c.add(path, `"${rev}" is too long for GitOps: <cluster>-istiod-${rev} names an Application, which must fit in a 63-character label value; use at most ${Math.max(1, 63 - longestCluster - '-istiod-'.length)} characters`);
      }
    }
  }
  return {
    ...(revision !== undefined ? { revision } : {}),
    ...(canary ? { canary } : {}),
    ...(tags && Object.keys(tags).length > 0 ? { tags } : {}),
  };
}
