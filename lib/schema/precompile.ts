import * as fs from 'fs';
import * as path from 'path';
import standaloneCode from 'ajv/dist/standalone';
import { fileDigest, PRECOMPILED_CRDS, PRECOMPILED_DIR, PRECOMPILED_INDEX, PrecompiledIndex } from './precompiled';
import { KindSchema, KUBERNETES_DEFINITIONS_FILE, SchemaRegistry, splitApiVersion } from './registry';
import { compilableSchema, newSchemaCompiler, schemaKey } from './compiler';

/**
 * The Kubernetes built-in kinds whose validators are compiled at build time: those meshgen
 * writes (test/schema/precompile.test.ts checks that every kind in the examples' expected output
 * is covered). Any other kind is compiled when first met.
 */
export const PRECOMPILED_KUBERNETES_KINDS: readonly string[] = [
  'v1/ConfigMap', 'v1/Namespace', 'v1/Secret', 'v1/Service', 'v1/ServiceAccount',
  'apps/v1/DaemonSet', 'apps/v1/Deployment', 'batch/v1/Job',
  'autoscaling/v2/HorizontalPodAutoscaler', 'policy/v1/PodDisruptionBudget',
  'rbac.authorization.k8s.io/v1/ClusterRole', 'rbac.authorization.k8s.io/v1/ClusterRoleBinding',
  'rbac.authorization.k8s.io/v1/Role', 'rbac.authorization.k8s.io/v1/RoleBinding',
  'apiextensions.k8s.io/v1/CustomResourceDefinition',
  'admissionregistration.k8s.io/v1/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration',
];

/** Every apiVersion/kind to precompile: each served version of each vendored CRD, and the Kubernetes kinds above. */
export function precompiledKinds(registry: SchemaRegistry): KindSchema[] {
  const out: KindSchema[] = [];
  for (const groupKind of registry.crdKinds()) {
    const slash = groupKind.lastIndexOf('/');
    const [group, kind] = [groupKind.slice(0, slash), groupKind.slice(slash + 1)];
    for (const version of registry.knownVersions(group, kind)) {
      const found = registry.lookup(`${group}/${version}`, kind);
      if (found?.source === 'crd') out.push(found);
    }
  }
  for (const gvk of PRECOMPILED_KUBERNETES_KINDS) {
    const slash = gvk.lastIndexOf('/');
    const found = registry.lookup(gvk.slice(0, slash), gvk.slice(slash + 1));
    if (!found) throw new Error(`${gvk}: not in ${KUBERNETES_DEFINITIONS_FILE}; fix PRECOMPILED_KUBERNETES_KINDS`);
    out.push(found);
  }
  return out;
}

/**
 * Compiles a validator for every kind of `precompiledKinds` into ajv standalone modules under
 * `<root>/build/schemas/` (written to a sibling directory first, then renamed into place), with
 * the index that `loadPrecompiled` reads and the parsed CRDs (crd-schemas.json) that
 * `precompiledCrdVersions` reads. Returns the number of modules.
 */
export function precompileValidators(registry: SchemaRegistry): number {
  const target = path.join(registry.root, PRECOMPILED_DIR);
  const staging = `${target}.tmp-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  // the generated code requires the formats from the compiled lib/schema/prepare.js
  const formatsModule = path.relative(target, path.join(registry.root, 'build', 'lib', 'schema', 'prepare')).split(path.sep).join('/');
  const ajv = newSchemaCompiler(registry, { formatsModule: formatsModule.startsWith('.') ? formatsModule : `./${formatsModule}` });
  const index: { files: Record<string, string>; kinds: Record<string, { module: string; files: string[]; key: string }> } = { files: {}, kinds: {} };
  const digest = (file: string) => {
    index.files[file] ??= fileDigest(path.join(registry.root, file));
  };
  for (const found of precompiledKinds(registry)) {
    const validate = ajv.compile(compilableSchema(found));
    const [group, version] = splitApiVersion(found.apiVersion);
    const module = `${group || 'core'}_${version}_${found.kind}.js`.toLowerCase();
    fs.writeFileSync(path.join(staging, module), standaloneCode(ajv, validate));
    const files = [...new Set([found.file, KUBERNETES_DEFINITIONS_FILE])];
    files.forEach(digest);
    index.kinds[`${found.apiVersion}/${found.kind}`] = { module, files, key: schemaKey(found) };
  }
  // the CRDs as parsed here, so that a registry need not parse their YAML again (see precompiledCrdVersions)
  const crds = registry.crdSchemas();
  for (const file of Object.keys(crds)) digest(file);
  fs.writeFileSync(path.join(staging, PRECOMPILED_CRDS), JSON.stringify(crds));
  fs.writeFileSync(path.join(staging, PRECOMPILED_INDEX), `${JSON.stringify(index as PrecompiledIndex, null, 1)}\n`);
  fs.rmSync(target, { recursive: true, force: true });
  fs.renameSync(staging, target);
  return Object.keys(index.kinds).length;
}
