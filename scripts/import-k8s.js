#!/usr/bin/env node
// `npm run import:k8s`: writes imports/k8s.ts, the core Kubernetes classes meshgen emits, with
// cdk8s-cli's own k8s importer (`cdk8s import k8s@1.27.0`) run on the pinned definitions file
// schemas/k8s/v1.27.0-definitions.json instead of its download (which cannot be pointed at a
// local file). Only the kinds in KINDS become classes; the types they reach come along, named as
// `cdk8s import` names them. Replaces cdk8s-plus-27, whose 38 MB optional `backport` users
// installed for 14 classes (issue #16). test/k8s/import-k8s.test.ts checks the file is current.
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const VERSION = '1.27.0';
const DEFINITIONS = path.join(ROOT, 'schemas', 'k8s', `v${VERSION}-definitions.json`);
/** The kinds meshgen emits (group/version/kind as in the definitions' x-kubernetes-group-version-kind). */
const KINDS = [
  '/v1/ConfigMap', '/v1/Namespace', '/v1/Secret', '/v1/Service', '/v1/ServiceAccount',
  'apps/v1/Deployment', 'batch/v1/Job', 'autoscaling/v2/HorizontalPodAutoscaler',
  'policy/v1/PodDisruptionBudget', 'rbac.authorization.k8s.io/v1/ClusterRole',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding', 'rbac.authorization.k8s.io/v1/Role',
  'rbac.authorization.k8s.io/v1/RoleBinding',
];
const GVK = 'x-kubernetes-group-version-kind';

/** The definitions with the group-version-kind mark kept only on KINDS, so only those become classes. */
function selectedDefinitions() {
  const schema = JSON.parse(fs.readFileSync(DEFINITIONS, 'utf8'));
  const wanted = new Set(KINDS);
  const found = new Set();
  for (const def of Object.values(schema.definitions)) {
    const gvk = def[GVK]?.[0];
    if (!gvk) continue;
    const key = `${gvk.group}/${gvk.version}/${gvk.kind}`;
    if (wanted.has(key) && def.properties?.metadata) found.add(key);
    else delete def[GVK];
  }
  const missing = KINDS.filter((k) => !found.has(k));
  if (missing.length) throw new Error(`not in ${path.relative(ROOT, DEFINITIONS)}: ${missing.join(', ')}`);
  return JSON.stringify(schema);
}

/** Generates k8s.ts into `outdir` (imports/ by default). */
async function importK8s(outdir = path.join(ROOT, 'imports')) {
  // cdk8s-cli's package.json exports no lib/ subpaths; its files are loaded by path
  const cli = path.dirname(require.resolve('cdk8s-cli/package.json'));
  const util = require(path.join(cli, 'lib', 'util.js'));
  const download = util.download;
  util.download = async () => selectedDefinitions();
  const log = console.log; // the importer logs each module name on stdout
  console.log = () => undefined;
  try {
    const { ImportKubernetesApi } = require(path.join(cli, 'lib', 'import', 'k8s.js'));
    const { Language } = require(path.join(cli, 'lib', 'import', 'base.js'));
    await new ImportKubernetesApi({ apiVersion: VERSION }).import({ outdir, targetLanguage: Language.TYPESCRIPT });
  } finally {
    util.download = download;
    console.log = log;
  }
  return path.join(outdir, 'k8s.ts');
}

module.exports = { importK8s, KINDS, VERSION };
if (require.main === module) {
  importK8s(process.argv[2]).then((f) => process.stderr.write(`wrote ${path.relative(process.cwd(), f)}\n`), (e) => {
    process.stderr.write(`import-k8s: ${e.message}\n`);
    process.exit(1);
  });
}
