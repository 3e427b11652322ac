import * as path from 'path';
import { MeshgenError, fileReadReason } from '../errors';
import { readRegularFile } from '../mesh-spec/read-file';
import { shellQuote } from '../names/shell';

/** The placeholder of a `--token-file` pattern, replaced by each cluster's name (needed with `--all`). */
export const CLUSTER_PLACEHOLDER = '{cluster}';

/** A service-account token is about 1 KiB. */
const MAX_TOKEN_BYTES = 64 * 1024;

/** `pattern` with every `{cluster}` replaced by `cluster`. */
export function tokenFilePath(pattern: string, cluster: string): string {
  return pattern.split(CLUSTER_PLACEHOLDER).join(cluster);
}

/**
 * Reads the token file of `cluster`: `pattern` with `{cluster}` replaced (a path
 * without it is the one file). Throws one line naming the file and how to write it.
 * `secretName` is the token Secret the hint reads the token from.
 */
export function readTokenFile(pattern: string, cluster: string, cwd: string, namespace: string, secretName: string, context?: string): string {
  const file = tokenFilePath(pattern, cluster);
  try {
    return readRegularFile(path.resolve(cwd, file), MAX_TOKEN_BYTES).toString('utf8');
  } catch (e) {
    const ctx = context ? `--context=${shellQuote(context)} ` : '';
    throw new MeshgenError(
      `--token-file ${shellQuote(file)}: cannot read it (${fileReadReason(e)}); write the token of ${cluster} into it first ` +
      `(kubectl ${ctx}-n ${shellQuote(namespace)} get secret ${secretName} -o jsonpath='{.data.token}' | base64 -d > ${shellQuote(file)})`,
    );
  }
}
