import * as fs from 'fs';
import * as path from 'path';
import { MeshgenError, fileReadReason } from '../errors';
import { parseMeshSpecYaml } from '../mesh-spec/parse';
import { MeshSpec } from '../mesh-spec/types';

/** Reads and validates the spec file named by `--spec`. */
export function loadSpecFile(specPath: string, cwd: string): MeshSpec {
  const file = path.resolve(cwd, specPath);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new MeshgenError(`--spec ${specPath}: cannot read the mesh spec (${fileReadReason(e)}); give the path of a Mesh YAML file, e.g. --spec examples/primary-remote/mesh.yaml`);
  }
  return parseMeshSpecYaml(text, specPath);
}
