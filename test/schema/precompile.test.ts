import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { listYamlFiles, SchemaRegistry, validateObject } from '../../lib/schema';
import { PRECOMPILED_KUBERNETES_KINDS, precompiledKinds } from '../../lib/schema/precompile';
import { PRECOMPILED_DIR, PRECOMPILED_INDEX } from '../../lib/schema/precompiled';
import { ROOT } from '../helpers';
import { doc, EXPOSE_SERVICES } from './fixtures';

/** Every apiVersion/kind in the examples' expected output. */
function exampleKinds(): string[] {
  const kinds = new Set<string>();
  for (const file of listYamlFiles(path.join(ROOT, 'examples'))) {
    if (!file.includes(`${path.sep}expected${path.sep}`)) continue;
    for (const d of YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
      const o = d.toJS() as { apiVersion?: unknown; kind?: unknown } | null;
      if (o && typeof o.apiVersion === 'string' && typeof o.kind === 'string' && o.kind !== 'Kustomization') kinds.add(`${o.apiVersion}/${o.kind}`);
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
});
