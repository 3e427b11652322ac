import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { findProjectRoot, listYamlFiles, scanCrdIdentity, SchemaRegistry, splitYamlDocuments } from '../../lib/schema';

const ROOT = path.resolve(__dirname, '..', '..');

describe('findProjectRoot', () => {
  test('finds the meshgen root from the sources and from the compiled output', () => {
    // WHEN
    const fromSources = findProjectRoot(path.join(ROOT, 'lib', 'schema'));
    const fromBuild = findProjectRoot(path.join(ROOT, 'build', 'lib', 'schema'));
    // THEN
    expect(fromSources).toBe(ROOT);
    expect(fromBuild).toBe(ROOT);
  });

  test('fails outside a meshgen installation', () => {
    // GIVEN a directory whose package.json is another package's
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshgen-root-'));
    fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"other"}');
    try {
      // WHEN / THEN
      expect(() => findProjectRoot(dir)).toThrow(/meshgen project root not found above .*: no package.json named "meshgen"/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('SchemaRegistry', () => {
  const registry = new SchemaRegistry(ROOT);

  test('finds every served version of an Istio CRD', () => {
    // WHEN
    const found = ['v1', 'v1beta1', 'v1alpha3'].map((v) => registry.lookup(`networking.istio.io/${v}`, 'Gateway'));
    // THEN
    expect(found.map((f) => f?.file)).toEqual(Array(3).fill('crds/istio/crd-all.gen.yaml'));
    expect(found.every((f) => f?.source === 'crd' && typeof f.schema === 'object')).toBe(true);
  });

  test('finds Karmada, Sail and IstioOperator CRDs', () => {
    expect(registry.lookup('policy.karmada.io/v1alpha1', 'ClusterOverridePolicy')?.file).toBe('crds/karmada/policy.karmada.io_clusteroverridepolicies.yaml');
    expect(registry.lookup('sailoperator.io/v1', 'Istio')?.file).toBe('crds/sail/sailoperator.io_istios.yaml');
    expect(registry.lookup('install.istio.io/v1alpha1', 'IstioOperator')?.file).toBe('crds/istio/crd-operator.yaml');
  });

  test('finds core kinds in the Kubernetes 1.27 definitions', () => {
    expect(registry.lookup('apps/v1', 'Deployment')).toMatchObject({ source: 'kubernetes', schema: 'io.k8s.api.apps.v1.Deployment', file: 'schemas/k8s/v1.27.0-definitions.json' });
    expect(registry.lookup('v1', 'Namespace')?.schema).toBe('io.k8s.api.core.v1.Namespace');
  });

  test('finds nothing for an unknown kind or version', () => {
    expect(registry.lookup('example.com/v1', 'Widget')).toBeUndefined();
    expect(registry.lookup('networking.istio.io/v2', 'Gateway')).toBeUndefined();
    expect(registry.knownVersions('networking.istio.io', 'Gateway')).toEqual(['v1', 'v1alpha3', 'v1beta1']);
    expect(registry.knownVersions('apps', 'Deployment')).toEqual(['v1']);
  });

  test('the line scan of CRD files agrees with a full parse for every vendored CRD', () => {
    // GIVEN every document of every file under crds/, parsed
    const parsed: string[] = [];
    const scanned: string[] = [];
    for (const file of listYamlFiles(path.join(ROOT, 'crds'))) {
      const text = fs.readFileSync(file, 'utf8');
      // (the values read from the parsed documents; converting each whole document to JS would cost a third more)
      for (const d of YAML.parseAllDocuments(text)) {
        if (d.get('kind') === 'CustomResourceDefinition') parsed.push(`${d.getIn(['spec', 'group'])}/${d.getIn(['spec', 'names', 'kind'])}`);
      }
      // WHEN
      for (const chunk of splitYamlDocuments(text)) {
        const id = scanCrdIdentity(chunk);
        if (id) scanned.push(`${id.group}/${id.kind}`);
      }
    }
    // THEN
    expect(scanned.sort()).toEqual(parsed.sort());
    expect(registry.crdKinds()).toEqual([...new Set(parsed)].sort());
  });

  test('parses only the CRD documents it is asked for', () => {
    // GIVEN a CRD file whose second document would not even parse
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'meshgen-crds-'));
    try {
      fs.mkdirSync(path.join(root, 'crds'));
      fs.writeFileSync(path.join(root, 'crds', 'two.yaml'), [
        'apiVersion: apiextensions.k8s.io/v1',
        'kind: CustomResourceDefinition',
        'metadata:\n  name: widgets.example.com',
        'spec:\n  group: example.com\n  names:\n    kind: Widget\n    plural: widgets\n  scope: Namespaced',
        '  versions:\n  - name: v1\n    served: true\n    storage: true\n    schema:\n      openAPIV3Schema:\n        type: object',
        '---',
        'apiVersion: apiextensions.k8s.io/v1',
        'kind: CustomResourceDefinition',
        'spec:\n  group: example.com\n  names:\n    kind: Broken\n  versions: [ {',
      ].join('\n'));
      const own = new SchemaRegistry(root);
      // WHEN
      const found = own.lookup('example.com/v1', 'Widget');
      // THEN
      expect(found?.schema).toEqual({ type: 'object' });
      expect(own.crdKinds()).toEqual(['example.com/Broken', 'example.com/Widget']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
