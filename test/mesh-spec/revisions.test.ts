import { validateMeshSpec } from '../../lib/mesh-spec/parse';
import { revisionOf } from '../../lib/mesh-spec/revisions';
import { SAIL_ISTIO_VERSIONS } from '../../lib/names/sail';
import { issuesOf, withSpec } from './helpers';

const istio = (settings: Record<string, unknown>) => withSpec({ istio: { version: '1.29.6', ...settings } });
const messages = (settings: Record<string, unknown>) => issuesOf(istio(settings)).map((i) => `${i.path}: ${i.message}`);

describe('spec.istio.revision, canary, tags', () => {
  test('a canary mesh is accepted and defaulted as given (tags sorted)', () => {
    const spec = validateMeshSpec(istio({ revision: '1-29-6', canary: { version: '1.30.3', revision: '1-30-3' }, tags: { 'prod-stable': '1-29-6', 'prod-canary': '1-30-3' } }));
    expect(spec.istio).toEqual({
      version: '1.29.6', installer: 'istioctl', namespace: 'istio-system', revision: '1-29-6',
      canary: { version: '1.30.3', revision: '1-30-3' }, tags: { 'prod-canary': '1-30-3', 'prod-stable': '1-29-6' },
    });
    expect(Object.keys(spec.istio.tags!)).toEqual(['prod-canary', 'prod-stable']);
  });

  test('ambient mode refuses revisions with one line naming the field and why', () => {
    const spec = withSpec({ istio: { version: '1.30.3', dataplane: 'ambient', revision: '1-30-3' } }, [
      { name: 'cluster1', network: 'network1', role: 'primary', address: '10.0.0.1' },
      { name: 'cluster2', network: 'network2', role: 'primary', address: '10.0.0.2' },
    ]);
    const found = issuesOf(spec).map((i) => `${i.path}: ${i.message}`);
    expect(found).toEqual([expect.stringMatching(/^spec.istio.revision: revisions are not supported with spec.istio.dataplane: ambient \(ztunnel and istio-cni are upgraded in place per node.*use dataplane sidecar$/)]);
  });

  test('helm with GitOps: <cluster>-istiod-<rev> must fit in a label value', () => {
    const long = 'r'.repeat(63);
    const found = issuesOf(withSpec({ istio: { version: '1.29.6', installer: 'helm', revision: long }, gitops: { tool: 'argocd', repoURL: 'https://example.com/m.git' } }))
      .map((i) => `${i.path}: ${i.message}`);
    expect(found).toEqual([expect.stringMatching(new RegExp(`^spec.istio.revision: "${long}" is too long for GitOps: <cluster>-istiod-${long} names an Application, which must fit in a 63-character label value; use at most \\d+ characters$`))]);
  });

  test('the example releases 1.29.6 and 1.30.3 are both in the version list the spec accepts', () => {
    expect(SAIL_ISTIO_VERSIONS).toEqual(expect.arrayContaining(['1.29.6', '1.30.3']));
    expect(revisionOf('1.30.3')).toBe('1-30-3');
  });

  test('revision names are DNS-1123 labels, not "default"', () => {
    expect(messages({ revision: '1.29.6' })).toEqual([expect.stringMatching(/^spec.istio.revision: "1.29.6" is not a valid revision name; use a DNS-1123 label .* e.g. 1-29-6$/)]);
    expect(messages({ revision: 'default' })[0]).toMatch(/"default" names the control plane without a revision/);
    expect(messages({ revision: '1-29-6', canary: { version: '1.30.3', revision: 'Canary' } })[0]).toMatch(/^spec.istio.canary.revision: "Canary" is not a valid revision name/);
  });

  test('the canary must be newer, at most one minor ahead, under another revision', () => {
    expect(messages({ revision: 'a', canary: { version: '1.29.5', revision: 'b' } })[0]).toMatch(/"1.29.5" is not newer than spec.istio.version "1.29.6"/);
    expect(messages({ revision: 'a', canary: { version: '1.31.0', revision: 'b' } })[0]).toMatch(/more than one minor release ahead .* upgrade to 1.30.x first/);
    expect(messages({ revision: 'a', canary: { version: '2.0.0', revision: 'b' } })[0]).toMatch(/more than one minor release ahead/);
    expect(messages({ revision: 'a', canary: { version: '1.30.3', revision: 'a' } })[0]).toMatch(/^spec.istio.canary.revision: "a" is also spec.istio.revision; the canary needs its own revision, e.g. 1-30-3$/);
    expect(messages({ canary: { version: '1.30.3', revision: '1-30-3' } })[0]).toMatch(/^spec.istio.revision: is required with spec.istio.canary/);
    expect(messages({ revision: 'a', canary: { version: '1.30.3' } })[0]).toMatch(/^spec.istio.canary.revision: is required; set it, e.g. revision: 1-30-3$/);
    expect(messages({ revision: 'a', canary: { version: '1.30.3', revision: 'b', extra: 1 } })[0]).toMatch(/unknown field "extra"/);
    // a patch release ahead in the same minor is fine
    expect(() => validateMeshSpec(istio({ revision: 'a', canary: { version: '1.29.7', revision: 'b' } }))).not.toThrow();
  });

  test('a tag names an installed revision', () => {
    expect(messages({ revision: '1-29-6', tags: { prod: '1-30-3' } })).toEqual([
      'spec.istio.tags.prod: "1-30-3" is not an installed revision; use "1-29-6" (spec.istio.revision)',
    ]);
    expect(messages({ revision: '1-29-6', tags: { '1-29-6': '1-29-6' } })[0]).toMatch(/is also the name of a revision/);
    expect(messages({ revision: '1-29-6', tags: { Prod: '1-29-6' } })[0]).toMatch(/"Prod" is not a valid tag name/);
    expect(messages({ tags: { prod: 'default' } })[0]).toMatch(/^spec.istio.tags: revision tags need a revisioned control plane/);
  });

  test('with a canary, a primary\'s gateway address must be an IP (SNI routing per revision)', () => {
    const input = istio({ revision: 'a', canary: { version: '1.30.3', revision: 'b' } });
    input.spec.clusters[0].eastWestGateway = { address: 'gw.example.com' };
    const found = issuesOf(input).map((i) => i.path + ': ' + i.message);
    expect(found).toEqual([expect.stringMatching(/^spec.clusters\[0\].eastWestGateway.address: "gw.example.com" is a hostname; .* give the IP$/)]);
  });

  test('with installer sail the canary release must be one the Sail operator installs', () => {
    const found = issuesOf(withSpec({ istio: { installer: 'sail', version: '1.29.6', revision: 'a', canary: { version: '1.30.9', revision: 'b' } } }));
    expect(found).toEqual([{ path: 'spec.istio.canary.version', message: expect.stringMatching(/"1.30.9" is not a release the Sail operator \(1.30.3\) installs/) }]);
  });
});
