import { MeshgenError } from '../errors';
import { CanarySettings, Installer, INSTALLERS } from '../mesh-spec/types';

/**
 * What an upgrade plan (`meshgen plan --from`, lib/plan/steps/upgrade.ts) reads of the
 * running mesh: the control planes, tags and clusters. A MeshPlan is one; synth records
 * one in dist/.meshgen-output (`state:` line) for `meshgen plan --from-dist`.
 */
export interface MeshState {
  readonly meshId: string;
  readonly istio: {
    readonly version: string;
    readonly installer: Installer;
    readonly namespace: string;
    readonly revision?: string;
    readonly canary?: CanarySettings;
    readonly tags?: Readonly<Record<string, string>>;
  };
  /** spec.gitops is set (its settings do not matter to an upgrade). */
  readonly gitops?: unknown;
  /** Sorted by name. */
  readonly clusters: readonly ClusterState[];
}

export interface ClusterState {
  readonly name: string;
  readonly role: 'primary' | 'remote';
  readonly primary?: string;
  readonly exposeIstiod: boolean;
  readonly eastWestGateway: boolean;
}

const STATE_PREFIX = 'state: ';

/** The `state:` line synth writes into dist/.meshgen-output: one line of JSON, its keys in a fixed order (same spec, same bytes). */
export function meshStateLine(mesh: MeshState): string {
  const i = mesh.istio;
  const state = {
    meshId: mesh.meshId,
    istio: {
      version: i.version, installer: i.installer, namespace: i.namespace,
      ...(i.revision ? { revision: i.revision } : {}),
      ...(i.canary ? { canary: { version: i.canary.version, revision: i.canary.revision } } : {}),
      ...(i.tags ? { tags: Object.fromEntries(Object.keys(i.tags).sort().map((t) => [t, i.tags![t]])) } : {}),
    },
    ...(mesh.gitops ? { gitops: true } : {}),
    clusters: [...mesh.clusters].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((c) => ({
      name: c.name, role: c.role, ...(c.primary ? { primary: c.primary } : {}), exposeIstiod: c.exposeIstiod, eastWestGateway: c.eastWestGateway,
    })),
  };
  return `${STATE_PREFIX}${JSON.stringify(state)}\n`;
}

/**
 * The running mesh recorded in a .meshgen-output file's text (`file`: its path, for the
 * message). Throws a one-line MeshgenError when there is no state line or it is not one
 * meshgen wrote.
 */
export function parseMeshState(text: string, file: string): MeshState {
  const line = text.split('\n').find((l) => l.startsWith(STATE_PREFIX));
  if (line === undefined) {
    throw new MeshgenError(`${file}: records no mesh state (written by an older meshgen); run meshgen synth of the running spec once more, or plan with --from OLD_SPEC`);
  }
  const bad = (why: string) => new MeshgenError(`${file}: the state line is not one meshgen wrote (${why}); synth the running spec again, or plan with --from OLD_SPEC`);
  let raw: unknown;
  try { raw = JSON.parse(line.slice(STATE_PREFIX.length)); } catch { throw bad('not JSON'); }
  const o = raw as Record<string, any>;
  const str = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= 253;
  if (!o || typeof o !== 'object' || !str(o.meshId) || !o.istio || typeof o.istio !== 'object' || !Array.isArray(o.clusters)) throw bad('fields missing');
  const i = o.istio;
  if (!str(i.version) || !INSTALLERS.includes(i.installer) || !str(i.namespace)) throw bad('spec.istio');
  if (i.revision !== undefined && !str(i.revision)) throw bad('revision');
  if (i.canary !== undefined && !(str(i.canary?.version) && str(i.canary?.revision))) throw bad('canary');
  if (i.tags !== undefined && (typeof i.tags !== 'object' || !Object.values(i.tags).every(str))) throw bad('tags');
  for (const c of o.clusters) {
    if (!c || !str(c.name) || (c.role !== 'primary' && c.role !== 'remote') || (c.primary !== undefined && !str(c.primary))
      || typeof c.exposeIstiod !== 'boolean' || typeof c.eastWestGateway !== 'boolean') throw bad('clusters');
  }
  return o as MeshState;
}
