import { didYouMean } from './did-you-mean';
import { describeValue } from '../errors';
import { IssueSink } from './sink';
import {
  CaMode, ClusterSpec, FederationSettings, KARMADA_NETWORK_LABELS, KARMADA_PROPAGATED, KarmadaNetworkLabel,
  KarmadaPropagated, KarmadaSettings,
} from './types';

export const FEDERATION_KEYS = ['karmada'];
export const KARMADA_KEYS = ['context', 'propagate', 'networkLabel', 'istioCrds'];
/** The bundle directory of the Karmada control plane, `<out>/karmada/`: no cluster may have this name. */
export const KARMADA_BUNDLE = 'karmada';
export const DEFAULT_KARMADA_CONTEXT = 'karmada-apiserver';
/** Karmada refuses member cluster names longer than this (its execution namespaces are `karmada-es-<name>`). */
export const KARMADA_MEMBER_NAME_MAX = 48;

/** What the rest of the spec says that `spec.federation.karmada` depends on. */
export interface KarmadaContext {
  readonly clusters: readonly ClusterSpec[];
  readonly caMode: CaMode;
  readonly verify: boolean;
}

/**
 * Checks `spec.federation`. `spec.federation.karmada` may be empty (`karmada: {}` or
 * `karmada:`): everything has a default.
 */
export function checkFederation(c: IssueSink, value: unknown, ctx: KarmadaContext): FederationSettings | undefined {
  if (value === undefined || value === null) return undefined;
  const f = c.object('spec.federation', value, false);
  if (!f) return undefined;
  c.keys('spec.federation', f, FEDERATION_KEYS);
  if (!('karmada' in f)) {
    c.add('spec.federation', 'names no federation control plane; add karmada: {} (the only one meshgen supports) or remove spec.federation');
    return undefined;
  }
  const karmada = checkKarmada(c, f.karmada ?? {}, ctx);
  return karmada ? { karmada } : undefined;
}

function checkKarmada(c: IssueSink, value: unknown, ctx: KarmadaContext): KarmadaSettings | undefined {
  const p = 'spec.federation.karmada';
  const k = c.object(p, value, true);
  if (!k) return undefined;
  c.keys(p, k, KARMADA_KEYS);

  const context = c.string(`${p}.context`, k.context, false, DEFAULT_KARMADA_CONTEXT) ?? DEFAULT_KARMADA_CONTEXT;
  if (context.trim() === '') c.add(`${p}.context`, `is empty; give the kubectl context of the karmada-apiserver (default ${DEFAULT_KARMADA_CONTEXT}) or remove the field`);

  let networkLabel: KarmadaNetworkLabel = 'labelsOverrider';
  const nl = c.string(`${p}.networkLabel`, k.networkLabel, false, 'labelsOverrider');
  if (nl !== undefined) {
    if ((KARMADA_NETWORK_LABELS as readonly string[]).includes(nl)) networkLabel = nl as KarmadaNetworkLabel;
    else {
      const guess = didYouMean(nl, KARMADA_NETWORK_LABELS);
      c.add(`${p}.networkLabel`, `${JSON.stringify(nl)} is not one of ${KARMADA_NETWORK_LABELS.join(' | ')}${guess ? `; did you mean "${guess}"?` : ''} (labelsOverrider adds the network label; plaintext is the Karmada guide's add on /metadata/labels, which replaces every label)`);
    }
  }

  let istioCrds = true;
  if (k.istioCrds !== undefined && k.istioCrds !== null) {
    if (typeof k.istioCrds === 'boolean') istioCrds = k.istioCrds;
    else c.add(`${p}.istioCrds`, `must be true or false, got ${describeValue(k.istioCrds)}; true puts Istio's CRDs on the karmada-apiserver`);
  }

  const propagate = checkPropagate(c, `${p}.propagate`, k.propagate, ctx);

  for (const cl of ctx.clusters) {
    const at = `spec.clusters[${cl.index}].name`;
    if (cl.name === KARMADA_BUNDLE) {
      c.add(at, `"${cl.name}" is the name of the Karmada control plane's bundle (<out>/${KARMADA_BUNDLE}/); with spec.federation.karmada rename the cluster (and its Karmada member)`);
    } else if (cl.name.length > KARMADA_MEMBER_NAME_MAX) {
      c.add(at, `"${cl.name}" is ${cl.name.length} characters; Karmada member names have at most ${KARMADA_MEMBER_NAME_MAX}, and with spec.federation.karmada cluster names are member names: use the member's name`);
    }
  }
  if (propagate === undefined) return undefined;
  return { context, propagate, networkLabel, istioCrds };
}

function checkPropagate(c: IssueSink, p: string, value: unknown, ctx: KarmadaContext): KarmadaPropagated[] | undefined {
  const caInFiles = ctx.caMode === 'generated' || ctx.caMode === 'provided';
  if (value === undefined || value === null) {
    return KARMADA_PROPAGATED.filter((what) => what === 'namespace' || (what === 'cacerts' && caInFiles) || (what === 'verify' && ctx.verify));
  }
  if (!Array.isArray(value)) {
    c.add(p, `must be a list of what Karmada propagates (${KARMADA_PROPAGATED.join(', ')}), got ${describeValue(value)}; e.g. propagate: [namespace, cacerts]`);
    return undefined;
  }
  const out: KarmadaPropagated[] = [];
  let ok = true;
  value.forEach((raw: unknown, i: number) => {
    const at = `${p}[${i}]`;
    if (typeof raw !== 'string' || !(KARMADA_PROPAGATED as readonly string[]).includes(raw)) {
      const guess = typeof raw === 'string' ? didYouMean(raw, KARMADA_PROPAGATED) : undefined;
      c.add(at, `${describeValue(raw)} is not one of ${KARMADA_PROPAGATED.join(' | ')}${guess ? `; did you mean "${guess}"?` : ''}`);
      ok = false;
      return;
    }
    const what = raw as KarmadaPropagated;
    if (out.includes(what)) {
      c.add(at, `"${what}" is listed twice; remove one`);
      ok = false;
      return;
    }
    if (what === 'cacerts' && !caInFiles) {
      c.add(at, `"cacerts" needs the plug-in CA in files, but spec.ca.mode is "${ctx.caMode}"; set spec.ca.mode: generated or provided, or remove cacerts (the members then get their CA as the mode says)`);
      ok = false;
      return;
    }
    if (what === 'verify' && !ctx.verify) {
      c.add(at, '"verify" propagates the verification workload, but spec.verify is not set; add spec.verify: {} or remove verify');
      ok = false;
      return;
    }
    out.push(what);
  });
  if (out.includes('cacerts') && !out.includes('namespace')) {
    c.add(p, 'lists cacerts but not namespace; the cacerts template lives in the Istio namespace on the karmada-apiserver, and Karmada propagates every namespace created there to every member, so add namespace');
    ok = false;
  }
  return ok ? KARMADA_PROPAGATED.filter((what) => out.includes(what)) : undefined;
}
