import * as path from 'path';
import { MeshgenError, SpecError, fileReadReason } from '../errors';
import { MAX_SPEC_BYTES, readRegularFile } from '../mesh-spec/read-file';
import { parseMeshSpecYaml } from '../mesh-spec/parse';
import { decodeSpecBytes } from '../mesh-spec/text';
import { MeshSpec } from '../mesh-spec/types';
import { shellQuote } from '../names/shell';

/**
 * Reads and validates the spec file named by `--spec`: a regular file (not a FIFO or
 * a device) of at most MAX_SPEC_BYTES, UTF-8 text.
 */
export function loadSpecFile(specPath: string, cwd: string): MeshSpec {
  const file = path.resolve(cwd, specPath);
  let bytes: Buffer;
  try {
    bytes = readRegularFile(file, MAX_SPEC_BYTES);
  } catch (e) {
    throw new MeshgenError(`--spec ${shellQuote(specPath)}: cannot read the mesh spec (${fileReadReason(e)}); give the path of a Mesh YAML file, e.g. --spec examples/primary-remote/mesh.yaml`);
  }
  const text = decodeSpecBytes(bytes);
  if (typeof text !== 'string') throw new SpecError([text], specPath);
  return parseMeshSpecYaml(text, specPath);
}
