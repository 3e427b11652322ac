import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { listYamlFiles, SchemaRegistry, splitYamlDocuments, validateObject } from '../../lib/schema';
import { PRECOMPILED_KUBERNETES_KINDS, precompiledKinds } from '../../lib/schema/precompile';
import { PRECOMPILED_CRDS, PRECOMPILED_DIR, PRECOMPILED_INDEX } from '../../lib/schema/precompiled';
import { ROOT, tempDir } from '../helpers';
import { doc, EXPOSE_SERVICES } from './fixtures';

/**
 * Every apiVersion/kind in the examples' expected output. meshgen writes block-style YAML, so a
 * document's apiVersion and kind are its lines at column 0 (read with the YAML parser): no need
 * to parse the whole 1 MB (most of it CRDs) to find them.
 */
function exampleKinds(): string[] {
  const kinds = new Set<string>();
  const top = (doc: string, key: string): unknown => {
    const line = new RegExp(`^${key}:.*$`, 'm').exec(doc);
    return line ? YAML.parse(line[0])[key] : undefined;
  };
  for (const file of listYamlFiles(path.join(ROOT, 'examples'))) {
    if (!file.includes(`${path.sep}expected${path.sep}`)) continue;
    for (const doc of splitYamlDocuments(fs.readFileSync(file, 'utf8'))) {
      const [apiVersion, kind] = [top(doc, 'apiVersion'), top(doc, 'kind')];
      if (typeof apiVersion === 'string' && typeof kind === 'string' && kind !== 'Kustomization') kinds.add(`${apiVersion}/${kind}`);
    }
  }
  return [...kinds].sort();
}

describe('precompiledKinds', () => {
  test('covers every kind the examples emit, so validate --dist compiles nothing at run time for them', () => {
    // GIVEN the kinds in every example's expected bundles
    const registry = new SchemaRegistry(ROOT);
    const emitted = exampleKinds();
    // WHEN
    const precompiled = new Set(precompiledKinds(registry).map((k) => `${k.apiVersion}/${k.kind}`));
    // THEN
    expect(emitted.length).toBeGreaterThan(10);
    expect(emitted.filter((k) => !precompiled.has(k))).toEqual([]);
  });

  test('lists only Kubernetes kinds that the definitions hold', () => {
    const registry = new SchemaRegistry(ROOT);
    for (const gvk of PRECOMPILED_KUBERNETES_KINDS) {
      const slash = gvk.lastIndexOf('/');
      expect(registry.lookup(gvk.slice(0, slash), gvk.slice(slash + 1))?.source).toBe('kubernetes');
    }
  });
});

describe('the built validator (build/lib/schema) with build/schemas', () => {
  const index = path.join(ROOT, PRECOMPILED_DIR, PRECOMPILED_INDEX);
  const built = path.join(ROOT, 'build', 'lib', 'schema', 'validator.js');

  test('npm run build wrote an index whose modules exist', () => {
    const idx = JSON.parse(fs.readFileSync(index, 'utf8'));
    expect(Object.keys(idx.kinds)).toEqual(expect.arrayContaining(['v1/Service', 'networking.istio.io/v1/Gateway', 'install.istio.io/v1alpha1/IstioOperator']));
    for (const entry of Object.values<any>(idx.kinds)) expect(fs.existsSync(path.join(ROOT, PRECOMPILED_DIR, entry.module))).toBe(true);
  });

  test('loads precompiled modules and reports the same errors as the run-time compiler', () => {
    // GIVEN the compiled validator, loaded afresh (test files share modules, so others may
    // have loaded precompiled validators already), and objects with errors of several keywords
    for (const dir of [path.join(ROOT, 'build', 'lib', 'schema'), path.join(ROOT, PRECOMPILED_DIR)]) {
      for (const f of Object.keys(require.cache)) if (f.startsWith(dir + path.sep)) delete require.cache[f];
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const builtValidator = require(built) as typeof import('../../lib/schema/validator');
    const gateway = doc(EXPOSE_SERVICES);
    gateway.spec.servers[0].port.number = 'x';
    gateway.spec.extra = true;
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 'abc' }], bogus: 1 } };
    const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n', labels: { a: 1 } } };
    for (const obj of [gateway, service, namespace, doc(EXPOSE_SERVICES)]) {
      // WHEN validated by the build (precompiled) and by the sources (compiled at run time)
      const fromBuild = builtValidator.validateObject(obj);
      const fromSources = validateObject(obj);
      // THEN the same errors
      expect(fromBuild).toEqual(fromSources);
    }
    expect(validateObject(service).map((e) => e.path).sort()).toEqual(["spec.bogus", "spec.ports[0].port"]);
    const loaded = Object.keys(require.cache).filter((f) => f.startsWith(path.join(ROOT, PRECOMPILED_DIR)));
    expect(loaded.map((f) => path.basename(f)).sort()).toEqual(['core_v1_namespace.js', 'core_v1_service.js', 'networking.istio.io_v1_gateway.js']);
  });

  test('the CRDs the build parsed (crd-schemas.json) are what parsing their YAML gives', () => {
    // GIVEN a vendored CRD file, parsed here
    const file = 'crds/karmada/policy.karmada.io_clusteroverridepolicies.yaml';
    const crd = YAML.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));
    const served = crd.spec.versions.filter((v: any) => v.served !== false);
    // WHEN the registry looks its versions up (from build/schemas/crd-schemas.json)
    const registry = new SchemaRegistry(ROOT);
    // THEN the same schemas
    expect(served.length).toBeGreaterThan(0);
    for (const v of served) expect(registry.lookup(`${crd.spec.group}/${v.name}`, crd.spec.names.kind)?.schema).toEqual(v.schema.openAPIV3Schema);
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, PRECOMPILED_DIR, PRECOMPILED_CRDS), 'utf8')))).toEqual(
      expect.arrayContaining([file, 'crds/istio/crd-all.gen.yaml', 'crds/sail/sailoperator.io_istios.yaml']));
  });

  test('a CRD file changed since the build is parsed again, not read from crd-schemas.json', () => {
    // GIVEN a root whose build/schemas holds the index and parsed CRDs of a file that has changed since
    const root = tempDir('meshgen-crds-');
    const file = 'crds/karmada/policy.karmada.io_clusteroverridepolicies.yaml';
    fs.mkdirSync(path.join(root, path.dirname(file)), { recursive: true });
    fs.mkdirSync(path.join(root, PRECOMPILED_DIR), { recursive: true });
    for (const f of [PRECOMPILED_INDEX, PRECOMPILED_CRDS]) fs.copyFileSync(path.join(ROOT, PRECOMPILED_DIR, f), path.join(root, PRECOMPILED_DIR, f));
    const crd = YAML.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));
    crd.spec.versions[0].schema.openAPIV3Schema = { type: 'object', description: 'changed' };
    fs.writeFileSync(path.join(root, file), YAML.stringify(crd));
    // WHEN / THEN the changed schema
    const found = new SchemaRegistry(root).lookup(`${crd.spec.group}/${crd.spec.versions[0].name}`, crd.spec.names.kind);
    expect(found?.schema).toEqual({ type: 'object', description: 'changed' });
    fs.rmSync(root, { recursive: true, force: true });
  });
});
