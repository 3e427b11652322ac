import * as fs from 'fs';
import * as path from 'path';
import { MeshgenError, SpecError, fileReadReason } from '../errors';
import { MAX_SPEC_BYTES, readRegularFile } from '../mesh-spec/read-file';
import { parseMeshSpecYaml } from '../mesh-spec/parse';
import { decodeSpecBytes } from '../mesh-spec/text';
import { MeshSpec } from '../mesh-spec/types';
import { shellQuote } from '../names/shell';
import { STDIN_SOURCE } from '../names/version';
import type { CliIO } from './io';

/** How a spec read from standard input is named in its errors (`<stdin>: spec.clusters[1].role: ...`). */
export const STDIN_NAME = '<stdin>';

/**
 * Reads and validates the spec named by `--spec`: a regular file (not a FIFO or a
 * device) of at most MAX_SPEC_BYTES, UTF-8 text; `-` reads standard input (its errors
 * then name `<stdin>`).
 */
export function loadSpecFile(specPath: string, io: Pick<CliIO, 'cwd' | 'stdin'>): MeshSpec {
  const stdin = specPath === STDIN_SOURCE;
  let bytes: Buffer;
  try {
    bytes = stdin ? (io.stdin ?? noStdin)() : readRegularFile(path.resolve(io.cwd, specPath), MAX_SPEC_BYTES);
  } catch (e) {
    if (stdin) {
      const reason = (e as { code?: string }).code === 'ETTY' ? 'it is a terminal' : fileReadReason(e);
      throw new MeshgenError(`--spec -: cannot read the mesh spec from standard input (${reason}); pipe it in, e.g. meshgen validate --spec - < mesh.yaml`);
    }
    throw new MeshgenError(`--spec ${shellQuote(specPath)}: cannot read the mesh spec (${fileReadReason(e)}); give the path of a Mesh YAML file, e.g. --spec examples/primary-remote/mesh.yaml`);
  }
  if (stdin && bytes.length > MAX_SPEC_BYTES) {
    throw new MeshgenError(`--spec -: standard input holds more than ${MAX_SPEC_BYTES} bytes; a mesh spec is a few KiB: pipe in the spec alone`);
  }
  const name = stdin ? STDIN_NAME : specPath;
  const text = decodeSpecBytes(bytes);
  if (typeof text !== 'string') throw new SpecError([text], name);
  return parseMeshSpecYaml(text, name);
}

function noStdin(): Buffer {
  throw Object.assign(new Error('no standard input'), { code: 'ENOENT' });
}

/**
 * Where the spec came from, as every generated file's header names it: `-` for standard
 * input, else its path relative to the root of the Git work tree holding it (the nearest
 * directory above it with a `.git`), so that the same spec gives the same bytes whichever
 * directory synth runs in; outside a work tree, relative to the working directory. Never
 * absolute; POSIX separators.
 */
export function specSource(specPath: string, cwd: string): string {
  if (specPath === STDIN_SOURCE) return STDIN_SOURCE;
  const file = path.resolve(cwd, specPath);
  let root = cwd;
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) { root = dir; break; }
    if (path.dirname(dir) === dir) break;
  }
  return path.relative(root, file).split(path.sep).join('/') || path.basename(file);
}
