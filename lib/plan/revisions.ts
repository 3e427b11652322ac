import { IstioSettings } from '../mesh-spec/types';

/** One control plane of a cluster: its revision name (none for the default revision) and release. */
export interface RevisionPlan {
  /** @default - none: the default revision */
  readonly name?: string;
  readonly version: string;
  /** The spec.istio.canary control plane. */
  readonly canary: boolean;
}

/** The control planes every primary runs, the current one first, then the canary. */
export function revisionsOf(istio: Pick<IstioSettings, 'version' | 'revision' | 'canary'>): RevisionPlan[] {
  return [
    { ...(istio.revision ? { name: istio.revision } : {}), version: istio.version, canary: false },
    ...(istio.canary ? [{ name: istio.canary.revision, version: istio.canary.version, canary: true }] : []),
  ];
}

/** The revision names a tag may point to: spec.istio.revision (or `default`) and the canary's. */
export function revisionNames(istio: Pick<IstioSettings, 'version' | 'revision' | 'canary'>): string[] {
  return revisionsOf(istio).map((r) => r.name ?? 'default');
}

/**
 * The `istio.io/rev` value meshgen's own sample namespaces opt in with: the first tag (by
 * name) that points at spec.istio.revision, else the revision; undefined without a revision
 * (then `istio-injection=enabled`).
 */
export function injectionRevOf(istio: IstioSettings): string | undefined {
  if (!istio.revision) return undefined;
  const tag = Object.keys(istio.tags ?? {}).sort().find((t) => istio.tags![t] === istio.revision);
  return tag ?? istio.revision;
}
