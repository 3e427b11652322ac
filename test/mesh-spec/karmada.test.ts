import { SpecError } from '../../lib/errors';
import { validateMeshSpec } from '../../lib/mesh-spec/parse';
import { meshInput } from '../helpers';

const MEMBERS = [
  { name: 'member1', network: 'network1', role: 'primary' as const, address: '172.18.255.200' },
  { name: 'member2', network: 'network2', role: 'remote' as const, primary: 'member1' },
];

function withKarmada(karmada: unknown, extra: Record<string, unknown> = {}): any {
  const input = meshInput(MEMBERS);
  input.spec.federation = { karmada };
  Object.assign(input.spec, extra);
  return input;
}

function issues(input: unknown): string[] {
  try {
    validateMeshSpec(input);
  } catch (e) {
    if (e instanceof SpecError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  return [];
}

describe('spec.federation.karmada', () => {
  test('GIVEN karmada: {} THEN the defaults: context karmada-apiserver, namespace and cacerts propagated, labelsOverrider, Istio CRDs', () => {
    const spec = validateMeshSpec(withKarmada({}));
    expect(spec.federation?.karmada).toEqual({
      context: 'karmada-apiserver', propagate: ['namespace', 'cacerts'], networkLabel: 'labelsOverrider', istioCrds: true,
    });
  });

  test('GIVEN an empty karmada key (YAML null) THEN the same defaults', () => {
    expect(validateMeshSpec(withKarmada(null)).federation?.karmada?.propagate).toEqual(['namespace', 'cacerts']);
  });

  test('GIVEN spec.verify THEN verify is propagated by default', () => {
    expect(validateMeshSpec(withKarmada({}, { verify: {} })).federation?.karmada?.propagate).toEqual(['namespace', 'cacerts', 'verify']);
  });

  test('GIVEN ca mode cert-manager THEN cacerts is not propagated by default', () => {
    expect(validateMeshSpec(withKarmada({}, { ca: { mode: 'cert-manager' } })).federation?.karmada?.propagate).toEqual(['namespace']);
  });

  test('GIVEN every option THEN they are kept, propagate in canonical order', () => {
    const spec = validateMeshSpec(withKarmada({ context: 'kctx', propagate: ['verify', 'cacerts', 'namespace'], networkLabel: 'plaintext', istioCrds: false }, { verify: {} }));
    expect(spec.federation?.karmada).toEqual({ context: 'kctx', propagate: ['namespace', 'cacerts', 'verify'], networkLabel: 'plaintext', istioCrds: false });
  });

  test('GIVEN propagate: [] THEN nothing is propagated', () => {
    expect(validateMeshSpec(withKarmada({ propagate: [] })).federation?.karmada?.propagate).toEqual([]);
  });

  test.each([
    ['an unknown key', { netwrokLabel: 'plaintext' }, {}, 'spec.federation.karmada.netwrokLabel: unknown field "netwrokLabel"; did you mean "networkLabel"?'],
    ['a bad networkLabel', { networkLabel: 'label' }, {}, 'spec.federation.karmada.networkLabel: "label" is not one of labelsOverrider | plaintext'],
    ['a non-list propagate', { propagate: 'cacerts' }, {}, 'spec.federation.karmada.propagate: must be a list'],
    ['an unknown propagated item', { propagate: ['namespace', 'cacert'] }, {}, 'spec.federation.karmada.propagate[1]: string "cacert" is not one of namespace | cacerts | verify; did you mean "cacerts"?'],
    ['a duplicate item', { propagate: ['namespace', 'namespace'] }, {}, 'spec.federation.karmada.propagate[1]: "namespace" is listed twice'],
    ['cacerts without namespace', { propagate: ['cacerts'] }, {}, 'spec.federation.karmada.propagate: lists cacerts but not namespace'],
    ['cacerts with ca mode none', { propagate: ['namespace', 'cacerts'] }, { ca: { mode: 'none' } }, 'spec.federation.karmada.propagate[1]: "cacerts" needs the plug-in CA in files, but spec.ca.mode is "none"'],
    ['verify without spec.verify', { propagate: ['namespace', 'verify'] }, {}, 'spec.federation.karmada.propagate[1]: "verify" propagates the verification workload, but spec.verify is not set'],
    ['istioCrds not a boolean', { istioCrds: 'yes' }, {}, 'spec.federation.karmada.istioCrds: must be true or false, got string "yes"'],
    ['an empty context', { context: ' ' }, {}, 'spec.federation.karmada.context: is empty'],
  ])('fails on %s, one line naming the field', (_what, karmada, extra, expected) => {
    const found = issues(withKarmada(karmada, extra));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(expected);
    expect(found[0]).not.toContain('\n');
  });

  test('fails on spec.federation without karmada', () => {
    const input = meshInput(MEMBERS);
    input.spec.federation = {};
    expect(issues(input)).toEqual([expect.stringContaining('spec.federation: names no federation control plane; add karmada: {}')]);
  });

  test('fails on a cluster named karmada: it is the control plane bundle\'s directory', () => {
    const input = meshInput([{ name: 'karmada', network: 'network1', role: 'primary' }]);
    input.spec.federation = { karmada: {} };
    expect(issues(input)).toEqual([expect.stringContaining('spec.clusters[0].name: "karmada" is the name of the Karmada control plane\'s bundle')]);
  });

  test('fails on a cluster name longer than a Karmada member name may be', () => {
    const long = 'm'.repeat(49);
    const input = meshInput([{ name: long, network: 'network1', role: 'primary' }]);
    input.spec.federation = { karmada: {} };
    expect(issues(input)).toEqual([expect.stringContaining(`spec.clusters[0].name: "${long}" is 49 characters; Karmada member names have at most 48`)]);
  });

  test('GIVEN no spec.federation THEN a cluster may be named karmada', () => {
    expect(issues(meshInput([{ name: 'karmada', network: 'network1', role: 'primary' }]))).toEqual([]);
  });
});
