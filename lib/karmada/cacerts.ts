import { cacertsSecret } from '../pki/cacerts-secret';
import { ClusterCaFiles } from '../pki/pki-store';
import { memberOverridePolicy } from './override-policy';
import { CACERTS_SECRET_NAME, cacertsOverrideName } from '../names/objects';

/**
 * What the karmada-apiserver holds for the plug-in CA, every object with a private key:
 * per member an OverridePolicy `cacerts-<member>` replacing `/data` of the propagated
 * `cacerts` Secret with that member's intermediate (the four files of
 * `kubectl create secret generic cacerts`), then the `cacerts` template itself, which
 * holds only the shared `root-cert.pem`. On every member the Secret is `cacerts` in the
 * Istio namespace, as istiod expects; a member whose override is missing gets no CA key
 * (istiod then falls back to its self-signed CA) rather than another member's key.
 * The policies come first so that they exist when Karmada first propagates the Secret.
 */
export function karmadaCacertsObjects(ca: ReadonlyMap<string, ClusterCaFiles>, members: readonly string[], namespace: string): Record<string, any>[] {
  const sorted = [...members].sort();
  const missing = sorted.filter((m) => !ca.has(m));
  if (missing.length > 0) throw new Error(`karmada cacerts: no intermediate CA for ${missing.join(', ')}`);
  const overrides = sorted.map((member) => memberOverridePolicy({
    name: cacertsOverrideName(member),
    namespace,
    resourceSelector: { apiVersion: 'v1', kind: 'Secret', name: CACERTS_SECRET_NAME },
    member,
    plaintext: [{ path: '/data', operator: 'replace', value: { ...cacertsSecret(ca.get(member)!, { namespace }).data } }],
  }));
  const template = cacertsSecret(ca.get(sorted[0])!, { namespace });
  return [...overrides, { ...template, data: { 'root-cert.pem': template.data['root-cert.pem'] } }];
}
