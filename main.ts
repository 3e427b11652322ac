/**
 * The cdk8s app (`cdk8s synth`, `npm run synth`): renders the bundled example mesh,
 * examples/primary-remote/mesh.yaml, into CDK8S_OUTDIR (default dist/). Its plug-in CA
 * is made once in .meshgen/pki/ and its cacerts Secrets go to .meshgen/secrets/.
 */
import * as fs from 'fs';
import * as path from 'path';
import { reportError } from './lib/errors';
import { synthMesh } from './lib/synth/synth';
import { parseMeshSpecYaml } from './lib/mesh-spec/parse';
import { DEFAULT_SECRETS_DIR } from './lib/names/defaults';

const root = fs.existsSync(path.join(__dirname, 'package.json')) ? __dirname : path.dirname(__dirname);
const specFile = process.env.MESHGEN_SPEC ?? path.join(root, 'examples', 'primary-remote', 'mesh.yaml');
const outDir = process.env.CDK8S_OUTDIR ?? path.join(root, 'dist');

async function main(): Promise<void> {
  const spec = parseMeshSpecYaml(fs.readFileSync(specFile, 'utf8'), path.relative(process.cwd(), specFile));
  const result = await synthMesh(spec, { outDir: path.relative(root, outDir) || '.', specFile: path.relative(root, specFile), source: path.relative(root, specFile).split(path.sep).join('/'), cwd: root, onProgress: (m) => process.stderr.write(`meshgen: ${m}\n`) });
  for (const w of result.plan.warnings) process.stderr.write(`warning: ${w}\n`);
  process.stderr.write(`meshgen: wrote ${result.fileCount} files for ${spec.clusters.length} cluster(s) to ${path.relative(process.cwd(), outDir) || '.'}/` +
    ` and ${result.secretFiles.length} cacerts Secret(s) to ${DEFAULT_SECRETS_DIR}/\n`);
}

main().catch((e) => {
  process.exitCode = reportError(e, (t) => process.stderr.write(t));
});
