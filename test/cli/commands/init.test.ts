import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import * as YAML from 'yaml';
import { runCliCaptured as run } from '../run-cli';
import { parseInitClusters } from '../../../lib/cli/commands/init';
import { INSTALLED_SCHEMA } from '../../../lib/cli/init-skeleton';
import { meshJsonSchema } from '../../../lib/mesh-spec/json-schema';
import { INSTALLERS } from '../../../lib/mesh-spec/types';
import { fixturePki, listFiles, ROOT, tempDir } from '../../helpers';


const SKELETON = ['.github/workflows/meshgen.yaml', '.gitignore', 'cdk8s.yaml', 'mesh.yaml', 'package.json'];
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
let meshValidator: ((data: unknown) => boolean) | undefined;
/** Whether a spec passes the JSON schema (compiled once per file: each compile costs a few tenths of a second). */
const validMesh = (mesh: unknown) => (meshValidator ??= new Ajv({ strict: false }).compile(meshJsonSchema()))(mesh);

describe('meshgen init', () => {
  test('GIVEN an empty directory THEN it writes the skeleton: a valid primary-remote spec with the schema line, the app, the packages, the ignores, the workflow', async () => {
    const cwd = tempDir();
    const r = await run(['init', 'my-mesh'], cwd);
    expect(r.code).toBe(0);
    expect(r.out).toBe('wrote my-mesh/mesh.yaml, my-mesh/cdk8s.yaml, my-mesh/package.json, my-mesh/.gitignore, my-mesh/.github/workflows/meshgen.yaml\n');
    expect(r.err).toMatch(/^next: cd my-mesh && npm install/);
    const dir = path.join(cwd, 'my-mesh');
    expect(listFiles(dir)).toEqual(SKELETON);

    const meshText = fs.readFileSync(path.join(dir, 'mesh.yaml'), 'utf8');
    expect(meshText.split('\n')[0]).toBe(`# yaml-language-server: $schema=${INSTALLED_SCHEMA}`);
    // The schema line points where npm puts the package's schemas/mesh.schema.json.
    expect(INSTALLED_SCHEMA).toBe(`./node_modules/${pkg.name}/schemas/mesh.schema.json`);
    const mesh = YAML.parse(meshText);
    expect(mesh.spec.clusters).toEqual([
      { name: 'cluster1', network: 'network1', role: 'primary' },
      { name: 'cluster2', network: 'network2', role: 'remote', primary: 'cluster1' },
    ]);
    expect(mesh.spec.istio.installer).toBe('istioctl');
    expect(validMesh(mesh)).toBe(true);
    const v = await run(['validate', '--spec', 'my-mesh/mesh.yaml'], cwd);
    expect([v.code, v.out]).toEqual([0, 'my-mesh/mesh.yaml: valid: mesh mesh1, 2 cluster(s) on 2 network(s)\n']);

    const cdk8s = YAML.parse(fs.readFileSync(path.join(dir, 'cdk8s.yaml'), 'utf8'));
    expect(cdk8s.output).toBe('dist');
    expect(cdk8s.app).toContain('node_modules/meshgen/bin/meshgen synth --spec mesh.yaml');

    const app = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    expect(app.name).toBe('my-mesh');
    expect(app.devDependencies).toEqual({ meshgen: `^${pkg.version}`, 'cdk8s-cli': pkg.devDependencies['cdk8s-cli'] });

    const ignores = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8').split('\n');
    for (const p of ['.meshgen/', '*-key.pem', 'node_modules/']) expect(ignores).toContain(p);

    const wf = YAML.parse(fs.readFileSync(path.join(dir, '.github/workflows/meshgen.yaml'), 'utf8'));
    const steps: string[] = wf.jobs.check.steps.map((s: { run?: string }) => s.run).filter(Boolean);
    expect(steps).toEqual([
      'npm ci',
      'npx meshgen validate --spec mesh.yaml',
      'npx cdk8s synth --output "$RUNNER_TEMP/dist"',
      'npx meshgen validate --dist dist',
      'npx meshgen diff --spec mesh.yaml --against dist',
    ]);
  });

  test('GIVEN a skeleton with its own clusters and installer WHEN its cdk8s.yaml app runs (meshgen resolved from node_modules) THEN dist/<cluster>/ is written, valid, and diff finds nothing', async () => {
    if (!fs.existsSync(path.join(ROOT, 'build', 'lib', 'cli', 'main.js'))) throw new Error('build/ is missing: run "npm run build" (npm test does it first)');
    const cwd = tempDir();
    const r = await run(['init', 'repo', '--clusters', 'cluster1=primary@network1', 'cluster2=primary@network2', '--installer', 'helm', '--name', 'prod'], cwd);
    expect(r.code).toBe(0);
    const dir = path.join(cwd, 'repo');
    expect(YAML.parse(fs.readFileSync(path.join(dir, 'mesh.yaml'), 'utf8')).metadata.name).toBe('prod');
    // As npm install would leave it, offline: meshgen is this repository (built by npm test).
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(ROOT, path.join(dir, 'node_modules', 'meshgen'), 'dir');
    fs.mkdirSync(path.join(dir, '.meshgen'));
    fs.cpSync(fixturePki(), path.join(dir, '.meshgen', 'pki'), { recursive: true });

    const { app, output } = YAML.parse(fs.readFileSync(path.join(dir, 'cdk8s.yaml'), 'utf8'));
    // What cdk8s synth does: run `app` in a shell with CDK8S_OUTDIR set to `output`.
    const synth = spawnSync(app, { cwd: dir, shell: true, encoding: 'utf8', env: { ...process.env, CDK8S_OUTDIR: output } });
    expect({ code: synth.status, err: synth.stderr }).toEqual({ code: 0, err: expect.stringMatching(/meshgen: wrote \d+ files for 2 cluster\(s\) to dist\//) });
    const files = listFiles(path.join(dir, 'dist'));
    for (const cluster of ['cluster1', 'cluster2']) {
      expect(files).toEqual(expect.arrayContaining([`${cluster}/kustomization.yaml`, `${cluster}/namespace.yaml`, `${cluster}/helm/istiod.values.yaml`]));
    }
    expect(files.some((f) => f.includes('cacerts'))).toBe(false);
    expect(listFiles(path.join(dir, '.meshgen', 'secrets'))).toEqual(expect.arrayContaining(['cluster1/cacerts.yaml', 'cluster2/cacerts.yaml']));

    expect((await run(['validate', '--dist', 'dist'], dir)).code).toBe(0);
    expect(await run(['diff', '--spec', 'mesh.yaml', '--against', 'dist'], dir)).toMatchObject({ code: 0, out: 'no changes: dist is what synth renders from mesh.yaml\n' });
  });

  test.each(INSTALLERS)('GIVEN --installer %s THEN the spec is valid and passes the schema', async (installer) => {
    const cwd = tempDir();
    expect((await run(['init', '--installer', installer, '--clusters', 'east=primary@net1', 'west=remote@net2', 'north=primary@net3'], cwd)).code).toBe(0);
    const mesh = YAML.parse(fs.readFileSync(path.join(cwd, 'mesh.yaml'), 'utf8'));
    expect(mesh.spec.istio.installer).toBe(installer);
    expect(mesh.spec.clusters[1]).toEqual({ name: 'west', network: 'net2', role: 'remote', primary: 'east' });
    expect(validMesh(mesh)).toBe(true);
    expect((await run(['validate', '--spec', 'mesh.yaml'], cwd)).code).toBe(0);
  });

  test('fails when any file of the skeleton exists: one line naming it, exit 1, nothing written', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, '.github', 'workflows'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.github', 'workflows', 'meshgen.yaml'), 'mine\n');
    const r = await run(['init'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toBe('init: .github/workflows/meshgen.yaml already exists; meshgen init writes only new files and wrote nothing: move it away or init another directory\n');
    expect(listFiles(dir)).toEqual(['.github/workflows/meshgen.yaml']);
    expect(fs.readFileSync(path.join(dir, '.github', 'workflows', 'meshgen.yaml'), 'utf8')).toBe('mine\n');
  });

  test('fails on a DIR that is a file, exit 1', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'x'), '');
    const r = await run(['init', 'x'], dir);
    expect([r.code, r.err]).toEqual([1, 'init x: is a file, not a directory; give a new or existing directory\n']);
  });

  test('fails on a malformed --clusters or --name with one usage line, exit 2, nothing written', async () => {
    const dir = tempDir();
    for (const [args, message] of [
      [['--clusters', 'cluster1:primary'], '--clusters "cluster1:primary" is not NAME=ROLE@NETWORK; write e.g. --clusters cluster1=primary@network1 cluster2=remote@network2'],
      [['--clusters', 'c1=primay@n1'], '--clusters "c1=primay@n1": "primay" is not a role; use primary or remote (e.g. c1=primary@n1)'],
      [['--clusters', 'C1=primary@n1'], '--clusters "C1=primary@n1": "C1" is not a valid cluster name; use at most 63 lowercase letters, digits and \'-\' (e.g. cluster1)'],
      [['--clusters', 'c1=remote@n1'], '--clusters: no cluster is a primary; make one NAME=primary@NETWORK (the remotes use the first primary)'],
      [['--name', 'Mesh One'], '--name "Mesh One" is not a valid mesh ID; use at most 63 lowercase letters, digits and \'-\' (e.g. mesh1)'],
    ] as const) {
      const r = await run(['init', ...args], dir);
      expect({ code: r.code, err: r.err }).toEqual({ code: 2, err: `meshgen: ${message}; run "meshgen --help" for usage\n` });
    }
    expect(listFiles(dir)).toEqual([]);
  });

  test('GIVEN --clusters THEN remotes use the first primary, in the order given', () => {
    expect(parseInitClusters(['a=primary@n1', 'b=remote@n2', 'c=primary@n2', 'd=remote@n3'])).toEqual([
      { name: 'a', role: 'primary', network: 'n1' }, { name: 'b', role: 'remote', network: 'n2' },
      { name: 'c', role: 'primary', network: 'n2' }, { name: 'd', role: 'remote', network: 'n3' },
    ]);
    expect(parseInitClusters(['a=primary@n1', 'a=remote@n2'])).toBe('--clusters: "a" is given twice; give each cluster once');
  });
});
