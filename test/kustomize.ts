import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from './helpers';

let usable: boolean | undefined;

/** Whether `kubectl version --client` runs here (asked once per process: it is a fact of the machine). */
export function hasKubectl(): boolean {
  if (usable === undefined) {
    const probe = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
    usable = !probe.error && probe.status === 0;
  }
  return usable;
}

export interface KustomizeResult { readonly dir: string; readonly stderr: string; readonly status: number | null }

/** `kubectl kustomize dir`: what it printed on stdout and stderr, and its exit status. */
export function kustomize(dir: string): KustomizeResult & { readonly stdout: string } {
  const r = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { dir, stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/**
 * `kubectl kustomize` of each directory, with fewer kubectl runs (each costs a tenth of a second
 * of CPU): the directories of one group (`groupOf`, e.g. a cluster's: two clusters' bundles hold
 * the same Namespace) are built together as the resources of one composite kustomization.
 * Kustomize builds each resource directory as a kustomization of its own, from its own root,
 * then merges them, so the composite builds without a word on stderr only when each directory
 * does. When a composite fails or warns, each of its directories is built alone, so that the
 * result names the directory. Returns one result per directory, in order.
 */
export function kustomizeEach(dirs: readonly string[], groupOf: (dir: string) => string = () => ''): KustomizeResult[] {
  const groups = new Map<string, string[]>();
  for (const d of dirs) groups.set(groupOf(d), [...groups.get(groupOf(d)) ?? [], d]);
  const results = new Map<string, KustomizeResult>();
  for (const group of groups.values()) {
    const composite = tempDir('meshgen-kustomize-');
    fs.writeFileSync(path.join(composite, 'kustomization.yaml'), `resources:\n${group.map((d) => `- ${JSON.stringify(path.relative(composite, d))}\n`).join('')}`);
    const all = kustomize(composite);
    for (const d of group) results.set(d, all.status === 0 && all.stderr === '' ? { dir: d, stderr: '', status: 0 } : (({ stdout: _, ...r }) => r)(kustomize(d)));
  }
  return dirs.map((d) => results.get(d)!);
}
