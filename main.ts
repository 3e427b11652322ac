/**
 * The cdk8s app (`cdk8s synth`, `npm run synth`): renders the bundled example mesh,
 * examples/primary-remote/mesh.yaml, into CDK8S_OUTDIR (default dist/).
 */
import * as fs from 'fs';
import * as path from 'path';
import { MeshgenError } from './lib/errors';
import { parseMeshSpecYaml } from './lib/spec/parse';
import { synthToDirectory } from './lib/render/synth';

const root = fs.existsSync(path.join(__dirname, 'package.json')) ? __dirname : path.dirname(__dirname);
const specFile = process.env.MESHGEN_SPEC ?? path.join(root, 'examples', 'primary-remote', 'mesh.yaml');
const outDir = process.env.CDK8S_OUTDIR ?? path.join(root, 'dist');
try {
  const spec = parseMeshSpecYaml(fs.readFileSync(specFile, 'utf8'), path.relative(process.cwd(), specFile));
  // Relative paths, so that README.md's install steps read as the user would type them.
  const result = synthToDirectory(spec, path.relative(process.cwd(), outDir) || '.', process.cwd(), { specFile: path.relative(process.cwd(), specFile) });
  process.stderr.write(`meshgen: wrote ${result.fileCount} files for ${spec.clusters.length} cluster(s) to ${path.relative(process.cwd(), outDir) || '.'}/\n`);
} catch (e) {
  if (!(e instanceof MeshgenError)) throw e;
  process.stderr.write(`${e.message}\n`);
  process.exitCode = e.exitCode;
}
