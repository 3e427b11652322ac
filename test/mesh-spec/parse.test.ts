import { parseMeshSpecYaml, validateMeshSpec } from '../../lib/mesh-spec/parse';
import { DEFAULT_ISTIO_VERSION } from '../../lib/mesh-spec/types';
import { meshInput, SEED_CLUSTERS } from '../helpers';
import { issuesOf, withSpec } from './helpers';

function withCluster(i: number, patch: Record<string, unknown>): any {
  const input = meshInput(SEED_CLUSTERS);
  input.spec.clusters[i] = { ...input.spec.clusters[i], ...patch };
  for (const [k, v] of Object.entries(patch)) if (v === undefined) delete input.spec.clusters[i][k];
  return input;
}

describe('validateMeshSpec', () => {
  test('GIVEN the seed spec WHEN validated THEN defaults are filled in', () => {
    const spec = validateMeshSpec(meshInput(SEED_CLUSTERS));
    expect(spec.name).toBe('mesh1');
    expect(spec.istio).toEqual({ version: DEFAULT_ISTIO_VERSION, installer: 'istioctl', namespace: 'istio-system' });
    expect(spec.clusters.map((c) => c.name)).toEqual(['cluster1', 'cluster2']);
    expect(spec.clusters[0]).toMatchObject({ network: 'network1', role: 'primary', context: 'cluster1', eastWestGatewayAddress: '34.75.71.237' });
    expect(spec.clusters[1]).toMatchObject({ role: 'remote', primary: 'cluster1' });
  });

  test('GIVEN clusters in any order WHEN validated THEN they come out sorted by name', () => {
    const spec = validateMeshSpec(meshInput([...SEED_CLUSTERS].reverse()));
    expect(spec.clusters.map((c) => c.name)).toEqual(['cluster1', 'cluster2']);
    expect(spec.clusters[1].index).toBe(0);
  });

  test('GIVEN a context and a hostname address THEN both are kept', () => {
    const input = withCluster(0, { context: 'gke_proj_us-east1_c1', eastWestGateway: { address: 'abc.elb.amazonaws.com' } });
    const spec = validateMeshSpec(input);
    expect(spec.clusters[0].context).toBe('gke_proj_us-east1_c1');
    expect(spec.clusters[0].eastWestGatewayAddress).toBe('abc.elb.amazonaws.com');
  });

  test('fails on an unknown top-level key, with a did-you-mean', () => {
    const input = { ...meshInput(SEED_CLUSTERS), spc: {} };
    expect(issuesOf(input)).toEqual([{ path: 'spc', message: 'unknown field "spc"; did you mean "spec"?' }]);
  });

  test('fails on an unknown cluster key, naming its path and the likely key', () => {
    const issues = issuesOf(withCluster(1, { primay: 'cluster1', primary: undefined }));
    expect(issues[0]).toEqual({ path: 'spec.clusters[1].primay', message: 'unknown field "primay"; did you mean "primary"?' });
  });

  test('fails on an unknown key with no close match, listing the allowed keys', () => {
    const issues = issuesOf(withCluster(0, { zone: 'a' }));
    expect(issues[0].path).toBe('spec.clusters[0].zone');
    expect(issues[0].message).toContain('allowed fields here: name, network, role, primary, context, eastWestGateway');
  });

  test('fails on an unknown key under spec.istio and eastWestGateway', () => {
    const input = meshInput(SEED_CLUSTERS);
    input.spec.istio = { verison: '1.30.3' };
    input.spec.clusters[0].eastWestGateway = { adress: '1.2.3.4' };
    const issues = issuesOf(input);
    expect(issues.map((i) => i.path)).toEqual(['spec.istio.verison', 'spec.clusters[0].eastWestGateway.adress']);
    expect(issues[0].message).toContain('did you mean "version"?');
    expect(issues[1].message).toContain('did you mean "address"?');
  });

  test('fails on duplicate cluster names, pointing at the second', () => {
    const issues = issuesOf(meshInput([...SEED_CLUSTERS, { name: 'cluster2', network: 'network3', role: 'primary' }]));
    expect(issues).toEqual([{ path: 'spec.clusters[2].name', message: '"cluster2" is already the name of spec.clusters[1]; cluster names must be unique, rename one' }]);
  });

  test('fails on a remote without a primary', () => {
    const issues = issuesOf(withCluster(1, { primary: undefined }));
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe('spec.clusters[1].primary');
    expect(issues[0].message).toMatch(/is missing; remote "cluster2" must name the primary .*\(cluster1\), e.g. primary: cluster1/);
  });

  test('fails on a remote naming a cluster that does not exist, with a did-you-mean', () => {
    const issues = issuesOf(withCluster(1, { primary: 'cluster11' }));
    expect(issues).toEqual([{ path: 'spec.clusters[1].primary', message: '"cluster11" is not a cluster of this mesh; name one of the primaries (cluster1), did you mean "cluster1"?' }]);
  });

  test('fails on a remote naming another remote', () => {
    const input = meshInput([...SEED_CLUSTERS, { name: 'cluster3', network: 'network2', role: 'remote', primary: 'cluster2' }]);
    const issues = issuesOf(input);
    expect(issues).toEqual([{ path: 'spec.clusters[2].primary', message: '"cluster2" is a remote, not a primary; a remote\'s control plane runs on a primary, name one of: cluster1' }]);
  });

  test('fails on a primary that names a primary', () => {
    const issues = issuesOf(withCluster(0, { primary: 'cluster2' }));
    expect(issues[0].path).toBe('spec.clusters[0].primary');
    expect(issues[0].message).toContain('only a remote names a primary');
  });

  test('fails on a mesh with no primary', () => {
    const issues = issuesOf(meshInput([{ name: 'a', network: 'n', role: 'remote', primary: 'b' }, { name: 'b', network: 'n', role: 'remote', primary: 'a' }]));
    expect(issues.map((i) => i.path)).toContain('spec.clusters');
    expect(issues.find((i) => i.path === 'spec.clusters')!.message).toBe('has no primary; set role: primary on the cluster that runs the control plane (istiod)');
  });

  test('fails on a cluster name that is not a DNS-1123 label', () => {
    const issues = issuesOf(withCluster(0, { name: 'Cluster_1' }));
    expect(issues[0].path).toBe('spec.clusters[0].name');
    expect(issues[0].message).toContain('"Cluster_1" is not a valid cluster name; use at most 63 lowercase letters, digits and \'-\'');
  });

  test('fails on a cluster name longer than 63 characters', () => {
    const issues = issuesOf(withCluster(0, { name: 'c'.repeat(64) }));
    expect(issues[0].path).toBe('spec.clusters[0].name');
  });

  test('fails on a mesh name that is not a DNS-1123 label', () => {
    const input = meshInput(SEED_CLUSTERS, 'Mesh One');
    expect(issuesOf(input)[0].path).toBe('metadata.name');
  });

  test('fails on a network name with spaces', () => {
    const issues = issuesOf(withCluster(1, { network: 'Network 2' }));
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe('spec.clusters[1].network');
    expect(issues[0].message).toContain('"Network 2" is not a valid network name');
    expect(issues[0].message).toContain('e.g. network1');
  });

  test('fails on an unknown role, with a did-you-mean', () => {
    const issues = issuesOf(withCluster(1, { role: 'remot' }));
    expect(issues[0]).toEqual({ path: 'spec.clusters[1].role', message: '"remot" is not one of primary | remote; did you mean "remote"?' });
  });

  test('fails on a missing network', () => {
    const issues = issuesOf(withCluster(0, { network: undefined }));
    expect(issues[0].path).toBe('spec.clusters[0].network');
    expect(issues[0].message).toContain('is required');
  });

  test('fails on an address that is neither IP nor hostname', () => {
    const issues = issuesOf(withCluster(0, { eastWestGateway: { address: 'http://1.2.3.4' } }));
    expect(issues[0].path).toBe('spec.clusters[0].eastWestGateway.address');
  });

  test('fails on each malformed gateway address with one line naming the field, the value and the fix', () => {
    const bad = ['999.999.999.999', '1.2.3', '34.75.71.237:15443', ':::::', '1:2:3:4:5:6:7:8:9:10', '034.075.071.237', '0.0.0.0'];
    for (const address of bad) {
      const issues = issuesOf(withCluster(0, { eastWestGateway: { address } }));
      expect(issues).toHaveLength(1);
      expect(issues[0].path).toBe('spec.clusters[0].eastWestGateway.address');
      expect(issues[0].message).toContain(JSON.stringify(address));
      expect(issues[0].message).toMatch(/; give the east-west gateway's load balancer IP \(e\.g\. 34\.75\.71\.237\) or DNS hostname$/);
      expect(issues[0].message).not.toContain('\n');
    }
  });

  test('GIVEN IPv4, IPv6 and hostname gateway addresses THEN they are kept', () => {
    for (const address of ['34.75.71.237', 'fd00::15', '::ffff:172.18.0.5', 'a1b2.elb.us-east-1.amazonaws.com']) {
      expect(validateMeshSpec(withCluster(0, { eastWestGateway: { address } })).clusters[0].eastWestGatewayAddress).toBe(address);
    }
  });

  test('fails on a wrong apiVersion and kind', () => {
    const input = { ...meshInput(SEED_CLUSTERS), apiVersion: 'v1', kind: 'ConfigMap' };
    expect(issuesOf(input).map((i) => i.path)).toEqual(['apiVersion', 'kind']);
  });

  test('GIVEN installer sail or helm THEN the spec is accepted with that installer', () => {
    for (const installer of ['sail', 'helm'] as const) {
      const input = meshInput(SEED_CLUSTERS);
      input.spec.istio = { installer };
      expect(validateMeshSpec(input).istio.installer).toBe(installer);
    }
  });

  test('fails on a version the Sail operator does not install, with installer sail', () => {
    const input = meshInput(SEED_CLUSTERS);
    input.spec.istio = { installer: 'sail', version: '1.20.0' };
    const issues = issuesOf(input);
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe('spec.istio.version');
    expect(issues[0].message).toMatch(/^"1\.20\.0" is not a release the Sail operator \(1\.30\.3\) installs; use one of 1\.30\.3, .*or installer istioctl or helm$/);
  });

  test('GIVEN spec.argocd with installer helm THEN it is defaulted (HEAD, dist, argocd, default)', () => {
    const input = meshInput(SEED_CLUSTERS);
    input.spec.istio = { installer: 'helm' };
    input.spec.argocd = { repoURL: 'https://github.com/example/mesh.git' };
    expect(validateMeshSpec(input).argocd).toEqual({
      repoURL: 'https://github.com/example/mesh.git', targetRevision: 'HEAD', path: 'dist', namespace: 'argocd', project: 'default',
    });
  });

  test('fails on spec.argocd without installer helm, without repoURL, and on an unknown key', () => {
    const input = meshInput(SEED_CLUSTERS);
    input.spec.argocd = { repoUrl: 'https://github.com/example/mesh.git' };
    const issues = issuesOf(input);
    expect(issues.map((i) => i.path)).toEqual(['spec.argocd.repoUrl', 'spec.argocd', 'spec.argocd.repoURL']);
    expect(issues[0].message).toContain('did you mean "repoURL"?');
    expect(issues[1].message).toContain('set spec.istio.installer: helm or remove spec.argocd');
  });

  test('fails on a spec.argocd.path that leaves the repository', () => {
    const input = meshInput(SEED_CLUSTERS);
    input.spec.istio = { installer: 'helm' };
    input.spec.argocd = { repoURL: 'git@github.com:example/mesh.git', path: '../dist' };
    expect(issuesOf(input).map((i) => i.path)).toEqual(['spec.argocd.path']);
  });

  test('fails on an unknown installer, with a did-you-mean', () => {
    const input = meshInput(SEED_CLUSTERS);
    input.spec.istio = { installer: 'istiocl' };
    expect(issuesOf(input)[0].message).toBe('"istiocl" is not one of istioctl | helm | sail; did you mean "istioctl"?');
  });

  test('fails on a version that is not MAJOR.MINOR.PATCH (e.g. an unquoted 1.30)', () => {
    const input = meshInput(SEED_CLUSTERS);
    input.spec.istio = { version: 1.3 };
    const issues = issuesOf(input);
    expect(issues[0].path).toBe('spec.istio.version');
    expect(issues[0].message).toContain('must be a string');
  });

  test('fails on empty and non-list clusters', () => {
    const a = meshInput([]);
    expect(issuesOf(a)[0].path).toBe('spec.clusters');
    const b = meshInput([]);
    b.spec.clusters = { name: 'x' };
    expect(issuesOf(b)[0].message).toContain('must be a list');
  });

  test('fails with every issue at once, in document order', () => {
    const input = meshInput([{ name: 'A', network: 'n 1', role: 'primary' }]);
    expect(issuesOf(input).map((i) => i.path)).toEqual(['spec.clusters[0].name', 'spec.clusters[0].network']);
  });
});

describe('parseMeshSpecYaml', () => {
  test('fails on a YAML syntax error, naming the line', () => {
    expect(() => parseMeshSpecYaml('apiVersion: meshgen/v1alpha1\nkind: [Mesh\n', 'm.yaml')).toThrow(/^m\.yaml: line \d+, column \d+: invalid YAML/);
  });

  test('fails on a duplicate key', () => {
    expect(() => parseMeshSpecYaml('apiVersion: a\napiVersion: b\n')).toThrow(/invalid YAML: Map keys must be unique/);
  });

  test('fails on an empty file and on two documents', () => {
    expect(() => parseMeshSpecYaml('')).toThrow(/is empty/);
    expect(() => parseMeshSpecYaml('a: 1\n---\nb: 2\n')).toThrow(/holds 2 YAML documents/);
  });

  test('fails with one line per issue, each prefixed with the file', () => {
    try {
      parseMeshSpecYaml('apiVersion: meshgen/v1alpha1\nkind: Mesh\nmetadata: {name: m}\nspec: {clusters: [{name: a, network: n, role: primary, foo: 1}]}\n', 'mesh.yaml');
      throw new Error('not rejected');
    } catch (e) {
      expect((e as Error).message).toBe('mesh.yaml: spec.clusters[0].foo: unknown field "foo"; allowed fields here: name, network, role, primary, context, eastWestGateway, loadBalancer');
    }
  });
});

describe('spec.meshNetworks', () => {
  test('GIVEN explicit THEN it is kept; GIVEN labels or nothing THEN the spec carries nothing', () => {
    expect(validateMeshSpec(withSpec({ meshNetworks: 'explicit' })).meshNetworks).toBe('explicit');
    expect(validateMeshSpec(withSpec({ meshNetworks: 'labels' })).meshNetworks).toBeUndefined();
    expect(validateMeshSpec(meshInput(SEED_CLUSTERS)).meshNetworks).toBeUndefined();
  });

  test('fails on another value with a did-you-mean', () => {
    expect(issuesOf(withSpec({ meshNetworks: 'explict' }))).toEqual([{ path: 'spec.meshNetworks', message: '"explict" is not one of labels | explicit; did you mean "explicit"?' }]);
  });
});
