import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { SpecError } from '../../lib/errors';
import { ISTIO_VALUES_KEYS, KeyNode, mergeValues, valuePaths } from '../../lib/mesh-spec/istio-values';
import { validateMeshSpec } from '../../lib/mesh-spec/parse';
import { meshInput, ROOT, SEED_CLUSTERS } from '../helpers';

function issues(input: any): string[] {
  try {
    validateMeshSpec(input);
  } catch (e) {
    if (e instanceof SpecError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  return [];
}

function withIstio(istio: any, clusterPatch: (c: any[]) => void = () => {}): any {
  const input = meshInput(SEED_CLUSTERS);
  input.spec.istio = istio;
  clusterPatch(input.spec.clusters);
  return input;
}

/** Whether `path` (dotted) is a known key of the tree. */
function known(p: string): boolean {
  let node: KeyNode = ISTIO_VALUES_KEYS as KeyNode;
  for (const k of p.split('.')) {
    if (node === '*') return true;
    if (node === 0 || node[k] === undefined) return false;
    node = node[k];
  }
  return true;
}

describe('the values key tree (lib/mesh-spec/istio-values-keys.json)', () => {
  test('GIVEN the istiod chart values.yaml THEN every key of it is in the tree (pilot settings under pilot)', () => {
    const chart = YAML.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/upstream/istio/charts/istiod/values.yaml'), 'utf8'));
    const defaults = chart._internal_defaults_do_not_set;
    const rootKeys = new Set(Object.keys(ISTIO_VALUES_KEYS));
    const missing: string[] = [];
    const walk = (v: any, p: string) => {
      if (!known(p)) missing.push(p);
      if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) walk(x, `${p}.${k}`);
    };
    for (const [k, v] of Object.entries(defaults)) walk(v, rootKeys.has(k) ? k : `pilot.${k}`);
    expect(missing).toEqual([]);
  });

  test('GIVEN the IstioOperator Values proto THEN its top-level messages are in the tree', () => {
    for (const k of ['global', 'pilot', 'meshConfig', 'cni', 'gateways', 'sidecarInjectorWebhook', 'telemetry', 'istiodRemote', 'revisionTags', 'istio_cni']) {
      expect(ISTIO_VALUES_KEYS[k]).toBeDefined();
    }
    expect(known('global.proxy_init.image')).toBe(true);
    expect(known('gateways.istio-ingressgateway.injectionTemplate')).toBe(true);
    expect(ISTIO_VALUES_KEYS.meshConfig).toBe('*');
    expect((ISTIO_VALUES_KEYS.pilot as any).env).toBe('*');
  });

  test('the generated file names its origin', () => {
    const file = JSON.parse(fs.readFileSync(path.join(ROOT, 'lib/mesh-spec/istio-values-keys.json'), 'utf8'));
    expect(file.$comment).toMatch(/scripts\/istio-values-keys\.mjs.*values\.yaml.*values_types\.proto/);
    expect(fs.readFileSync(path.join(ROOT, 'NOTICE'), 'utf8')).toContain('lib/mesh-spec/istio-values-keys.json');
  });
});

describe('spec.istio.values', () => {
  test('GIVEN pilot resources, meshConfig and a cluster override THEN the spec keeps both and the plan merges them', () => {
    const spec = validateMeshSpec(withIstio(
      { values: { pilot: { resources: { requests: { cpu: '1' } } }, meshConfig: { accessLogFile: '/dev/stdout' } } },
      (cl) => { cl[0].istio = { values: { pilot: { resources: { requests: { memory: '2Gi' } } } } }; },
    ));
    expect(spec.istio.values).toEqual({ pilot: { resources: { requests: { cpu: '1' } } }, meshConfig: { accessLogFile: '/dev/stdout' } });
    expect(spec.clusters[0].istioValues).toEqual({ pilot: { resources: { requests: { memory: '2Gi' } } } });
  });

  test('fails on a misspelt key with a did-you-mean from the chart', () => {
    expect(issues(withIstio({ values: { pilot: { resorces: {} } } }))).toEqual([
      expect.stringMatching(/^spec\.istio\.values\.pilot\.resorces: unknown key "resorces" at "pilot" .*did you mean "resources"\?/),
    ]);
    expect(issues(withIstio({ values: { globl: {} } }))).toEqual([expect.stringMatching(/^spec\.istio\.values\.globl: .*did you mean "global"\?/)]);
    expect(issues(withIstio({ values: { global: { proxy: { logLevl: 'debug' } } } }))[0]).toMatch(/global\.proxy\.logLevl: .*did you mean "logLevel"/);
  });

  test('fails on an istiod setting at the top level, pointing at pilot', () => {
    expect(issues(withIstio({ values: { resources: {} } }))).toEqual([expect.stringMatching(/^spec\.istio\.values\.resources: .*write it under pilot \(pilot\.resources\)/)]);
  });

  test.each([
    ['global.meshID', { global: { meshID: 'x' } }, 'metadata.name'],
    ['global.multiCluster.clusterName', { global: { multiCluster: { clusterName: 'x' } } }, 'spec.clusters[].name'],
    ['global.network', { global: { network: 'x' } }, 'spec.clusters[].network'],
    ['global.remotePilotAddress', { global: { remotePilotAddress: '1.2.3.4' } }, 'eastWestGateway.address'],
    ['istiodRemote.injectionPath', { istiodRemote: { injectionPath: '/inject' } }, 'spec.clusters[].name and .network'],
    ['global.externalIstiod', { global: { externalIstiod: true } }, 'spec.clusters[].primary'],
    ['pilot.env.EXTERNAL_ISTIOD', { pilot: { env: { EXTERNAL_ISTIOD: 'true' } } }, 'spec.clusters[].primary'],
    ['global.meshNetworks', { global: { meshNetworks: { n: {} } } }, 'spec.meshNetworks'],
    ['meshConfig.caCertificates', { meshConfig: { caCertificates: [] } }, 'spec.ca.additionalRoots'],
    ['pilot.env.ISTIO_MULTIROOT_MESH', { pilot: { env: { ISTIO_MULTIROOT_MESH: 'true' } } }, 'spec.ca.additionalRoots'],
    ['meshConfig.defaultConfig.proxyMetadata.PROXY_CONFIG_XDS_AGENT', { meshConfig: { defaultConfig: { proxyMetadata: { PROXY_CONFIG_XDS_AGENT: 'true' } } } }, 'spec.ca.additionalRoots'],
    ['meshConfig.defaultConfig.proxyMetadata.ISTIO_META_REQUESTED_NETWORK_VIEW', { meshConfig: { defaultConfig: { proxyMetadata: { ISTIO_META_REQUESTED_NETWORK_VIEW: 'n' } } } }, 'spec.clusters[].network'],
    ['global.istioNamespace', { global: { istioNamespace: 'x' } }, 'spec.istio.namespace'],
    ['global.platform', { global: { platform: 'openshift' } }, 'spec.istio.platform'],
    ['pilot.cni.enabled', { pilot: { cni: { enabled: true } } }, 'spec.istio.cni'],
    ['profile', { profile: 'remote' }, 'spec.clusters[].role'],
  ])('fails on the derived key %s, naming %s', (key, values, field) => {
    const found = issues(withIstio({ values }));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`spec.istio.values.${key}: is derived by meshgen from`);
    expect(found[0]).toContain(field);
  });

  test('fails on a derived key in a cluster\'s values, at the cluster\'s path', () => {
    expect(issues(withIstio({}, (cl) => { cl[1].istio = { values: { global: { network: 'x' } } }; }))).toEqual([
      'spec.clusters[1].istio.values.global.network: is derived by meshgen from spec.clusters[].network; set that instead and remove this key',
    ]);
  });

  test('fails on a per-cluster trust domain: it must be the same on every cluster', () => {
    expect(issues(withIstio({}, (cl) => { cl[0].istio = { values: { meshConfig: { trustDomain: 'a.example' } } }; }))).toEqual([
      expect.stringMatching(/^spec\.clusters\[0\]\.istio\.values\.meshConfig\.trustDomain: must be the same on every cluster/),
    ]);
    expect(issues(withIstio({ values: { meshConfig: { trustDomain: 'a.example' } } }))).toEqual([]);
  });

  test('fails when values is not a mapping, or a mapping key holds a scalar', () => {
    expect(issues(withIstio({ values: 'pilot.resources=1' }))[0]).toMatch(/^spec\.istio\.values: must be a mapping/);
    expect(issues(withIstio({ values: { global: 3 } }))[0]).toMatch(/^spec\.istio\.values\.global: must be a mapping/);
  });

  test('fails on values.cni without spec.istio.cni', () => {
    expect(issues(withIstio({ values: { cni: { cniBinDir: '/x' } } }))).toEqual([
      'spec.istio.values.cni: configures the Istio CNI node agent, which is not installed; set spec.istio.cni: true or remove it',
    ]);
    expect(issues(withIstio({ cni: true, values: { cni: { cniBinDir: '/x' } } }))).toEqual([]);
  });

  test('fails when RESOLVE_HOSTNAME_GATEWAYS is turned off while a gateway address is a hostname', () => {
    const input = withIstio({ values: { pilot: { env: { RESOLVE_HOSTNAME_GATEWAYS: 'false' } } } });
    input.spec.clusters[0].eastWestGateway.address = 'gw.elb.amazonaws.com';
    expect(issues(input)).toEqual([expect.stringMatching(/^spec\.istio\.values\.pilot\.env\.RESOLVE_HOSTNAME_GATEWAYS: is false, but spec\.clusters\[0\]\.eastWestGateway\.address is the hostname/)]);
    input.spec.clusters[0].eastWestGateway.address = '34.75.71.237';
    expect(issues(input)).toEqual([]);
  });
});

describe('spec.istio.cni and spec.istio.platform', () => {
  test('GIVEN platform openshift THEN cni defaults to true; an explicit false wins', () => {
    expect(validateMeshSpec(withIstio({ platform: 'openshift' })).istio).toMatchObject({ platform: 'openshift', cni: true });
    expect(validateMeshSpec(withIstio({ platform: 'openshift', cni: false })).istio.cni).toBeUndefined();
    expect(validateMeshSpec(withIstio({ platform: 'gke' })).istio.cni).toBeUndefined();
    expect(validateMeshSpec(withIstio({})).istio).toEqual({ version: '1.30.3', installer: 'istioctl', namespace: 'istio-system' });
  });

  test('fails on an unknown platform with a did-you-mean, and a non-boolean cni', () => {
    expect(issues(withIstio({ platform: 'opensift', cni: 'yes' }))).toEqual([
      'spec.istio.platform: "opensift" is not one of openshift | gke | eks | k3d | k3s | microk8s | minikube; did you mean "openshift"?',
      'spec.istio.cni: must be true or false, got string "yes"',
    ]);
  });
});

describe('mergeValues and valuePaths', () => {
  test('mappings merge key by key; lists and scalars of the upper layer replace', () => {
    expect(mergeValues({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3], e: 2 } })).toEqual({ a: { b: 1, c: [3], e: 2 }, d: 1 });
    expect(valuePaths({ pilot: { env: { A: '1' }, resources: {} }, meshConfig: { accessLogFile: 'x' } })).toEqual(['meshConfig.accessLogFile', 'pilot.env.A', 'pilot.resources']);
  });
});
