import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_ISTIO_VERSION, Installer, MESH_API_VERSION, MESH_KIND } from '../mesh-spec/types';
import { DEFAULT_PKI_DIR, DEFAULT_SECRETS_DIR } from '../names/defaults';

/*
 * The files of `meshgen init`: a GitOps repository that renders its own mesh.yaml with
 * `cdk8s synth` and checks it in CI. Pure text, no I/O but reading meshgen's own
 * package.json for the versions to depend on.
 */

/** One cluster as `--clusters NAME=ROLE@NETWORK` gives it. */
export interface InitCluster {
  readonly name: string;
  readonly role: 'primary' | 'remote';
  readonly network: string;
}

export interface InitOptions {
  /** metadata.name, the mesh ID. */
  readonly meshName: string;
  readonly installer: Installer;
  /** In the order given; each remote uses the first primary. */
  readonly clusters: readonly InitCluster[];
  /** The npm package name of the new repository. */
  readonly packageName: string;
  /** meshgen's and cdk8s-cli's version ranges. */
  readonly versions: { readonly meshgen: string; readonly cdk8sCli: string };
}

/** The clusters of Istio's "Install Primary-Remote on different networks" (the runbook). */
export const DEFAULT_INIT_CLUSTERS: readonly InitCluster[] = [
  { name: 'cluster1', role: 'primary', network: 'network1' },
  { name: 'cluster2', role: 'remote', network: 'network2' },
];

/** Where mesh.yaml finds the schema once `npm install` has run (yaml-language-server resolves it from the file). */
export const INSTALLED_SCHEMA = './node_modules/meshgen/schemas/mesh.schema.json';
/** The output directory: cdk8s.yaml `output`, the app's default --out, what CI compares. */
export const INIT_OUT = 'dist';
export const INIT_WORKFLOW = '.github/workflows/meshgen.yaml';

/** The files, by path relative to the new repository, in the order they are written. */
export function initFiles(o: InitOptions): Map<string, string> {
  return new Map([
    ['mesh.yaml', meshYaml(o)],
    ['cdk8s.yaml', cdk8sYaml()],
    ['package.json', packageJson(o)],
    ['.gitignore', gitignore()],
    [INIT_WORKFLOW, workflow()],
  ]);
}

function meshYaml(o: InitOptions): string {
  const primary = o.clusters.find((c) => c.role === 'primary')?.name;
  const hasRemotes = o.clusters.some((c) => c.role === 'remote');
  const clusters = o.clusters.flatMap((c) => [
    `    - name: ${c.name}`,
    `      network: ${c.network}`,
    `      role: ${c.role}`,
    ...(c.role === 'remote' ? [`      primary: ${primary}`] : []),
    ...(c.role === 'primary' && c.name === primary && hasRemotes ? [
      '      # The remotes reach istiod through this east-west gateway: once it is installed, set its',
      '      # load-balancer address (`npx meshgen plan --spec mesh.yaml` prints the command that reads it).',
      '      # eastWestGateway:',
      '      #   address: 203.0.113.10',
    ] : []),
  ]);
  return [
    `# yaml-language-server: $schema=${INSTALLED_SCHEMA}`,
    '# The mesh meshgen renders into dist/<cluster>/ (`npx cdk8s synth`). Every field:',
    '# node_modules/meshgen/docs/spec.md. Check it with `npx meshgen validate --spec mesh.yaml`.',
    `apiVersion: ${MESH_API_VERSION}`,
    `kind: ${MESH_KIND}`,
    'metadata:',
    `  name: ${o.meshName}`,
    'spec:',
    '  istio:',
    `    version: "${DEFAULT_ISTIO_VERSION}"`,
    `    installer: ${o.installer}`,
    '  # The plug-in CA: made once in .meshgen/pki/ by the first synth (never commit it).',
    '  clusters:',
    ...clusters,
    '',
  ].join('\n');
}

function cdk8sYaml(): string {
  return [
    '# `npx cdk8s synth` renders mesh.yaml with meshgen into dist/ (one directory per cluster),',
    '# and the cacerts Secrets into .meshgen/secrets/ (never commit them). The app writes to',
    '# $CDK8S_OUTDIR, which cdk8s sets from `output`.',
    `app: node node_modules/meshgen/bin/meshgen synth --spec mesh.yaml --out "\${CDK8S_OUTDIR:-${INIT_OUT}}"`,
    `output: ${INIT_OUT}`,
    '',
  ].join('\n');
}

function packageJson(o: InitOptions): string {
  return `${JSON.stringify({
    name: o.packageName,
    private: true,
    description: `The ${o.meshName} Istio mesh: mesh.yaml, rendered by meshgen into ${INIT_OUT}/`,
    scripts: {
      synth: 'cdk8s synth',
      validate: 'meshgen validate --spec mesh.yaml',
      plan: 'meshgen plan --spec mesh.yaml',
      diff: `meshgen diff --spec mesh.yaml --against ${INIT_OUT}`,
    },
    devDependencies: { 'cdk8s-cli': o.versions.cdk8sCli, meshgen: o.versions.meshgen },
  }, null, 2)}\n`;
}

function gitignore(): string {
  return [
    '# meshgen: the plug-in CA\'s private keys and the Secrets made from them (cacerts, remote',
    `# secrets, Kiali\'s; ${DEFAULT_PKI_DIR}/ and ${DEFAULT_SECRETS_DIR}/): apply them out of band, never commit them.`,
    '.meshgen/',
    '*-key.pem',
    '*.key',
    '# kubeconfigs and tokens',
    'kubeconfig',
    '*.kubeconfig',
    '*.token',
    '# an interrupted synth\'s staging (the next synth completes or undoes it)',
    '.meshgen-tx/',
    '.meshgen-lock',
    'node_modules/',
    '',
  ].join('\n');
}

function workflow(): string {
  return [
    '# Checks that dist/ is what mesh.yaml renders and that every manifest in it is valid.',
    '# Run `npm install` once and commit package-lock.json (this runs npm ci); run',
    '# `npx cdk8s synth` and commit dist/ whenever mesh.yaml changes.',
    'name: meshgen',
    'on:',
    '  pull_request:',
    '  push:',
    '    branches: [main]',
    'permissions:',
    '  contents: read',
    'jobs:',
    '  check:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - uses: actions/setup-node@v4',
    '        with:',
    '          node-version: 20',
    '          cache: npm',
    '      - run: npm ci',
    '      - name: The spec is valid',
    '        run: npx meshgen validate --spec mesh.yaml',
    '      # Renders into a scratch directory with a throwaway CA on the runner (only your',
    '      # machine keeps the real one, in .meshgen/pki/).',
    '      - name: cdk8s synth renders the spec',
    '        run: npx cdk8s synth --output "$RUNNER_TEMP/dist"',
    `      - name: Every manifest in ${INIT_OUT}/ matches its schema`,
    `        run: npx meshgen validate --dist ${INIT_OUT}`,
    `      - name: ${INIT_OUT}/ is what mesh.yaml renders (if not, run npx cdk8s synth and commit ${INIT_OUT}/)`,
    `        run: npx meshgen diff --spec mesh.yaml --against ${INIT_OUT}`,
    '',
  ].join('\n');
}

/** meshgen's version and the cdk8s-cli range it is tested with, from its own package.json. */
export function meshgenVersions(): InitOptions['versions'] {
  let dir = __dirname;
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (pkg.name === 'meshgen') return { meshgen: `^${pkg.version}`, cdk8sCli: pkg.devDependencies?.['cdk8s-cli'] ?? pkg.dependencies?.['cdk8s-cli'] };
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`meshgen's package.json not found above ${__dirname}`);
    dir = up;
  }
}

/** An npm package name from the directory's name: lowercase letters, digits, '-', '.', '_'. */
export function packageNameFor(dir: string): string {
  const name = path.basename(path.resolve(dir)).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+|[._-]+$/g, '').slice(0, 214);
  return name || 'mesh-config';
}
