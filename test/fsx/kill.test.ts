import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { commitTree, TX_DIR } from '../../lib/fsx/atomic-writer';
import { LOCK_FILE } from '../../lib/fsx/lock';
import { listFiles, ROOT, tempDir } from '../helpers';

/*
 * A real kill: a child process runs the writer and SIGKILLs itself before step N (no
 * finally, no cleanup, the lock left behind), for every N. The next commit (in this
 * process) must recover a complete tree: the old one or the new one.
 */

/** lib/fsx/atomic-writer.ts and what it imports (relative imports, followed), as paths from the root. */
function writerSources(): string[] {
  const todo = ['lib/fsx/atomic-writer.ts'];
  const done = new Set<string>();
  while (todo.length > 0) {
    const rel = todo.pop()!;
    if (done.has(rel)) continue;
    done.add(rel);
    for (const m of fs.readFileSync(path.join(ROOT, rel), 'utf8').matchAll(/from '(\.[^']+)'/g)) {
      const dep = path.posix.normalize(path.posix.join(path.posix.dirname(rel), m[1]));
      todo.push(fs.existsSync(path.join(ROOT, `${dep}.ts`)) ? `${dep}.ts` : `${dep}/index.ts`);
    }
  }
  return [...done];
}

/**
 * The writer for a plain node child: its tsc output under build/ when that is at least as new
 * as each source it is made from (as test/jest/ts-hook.js decides for this process; npm test
 * builds first), else the sources transpiled (no type check) into a directory of their own.
 */
function buildWriter(): string {
  const sources = writerSources();
  const built = (rel: string) => path.join(ROOT, 'build', rel.replace(/\.ts$/, '.js'));
  const current = (rel: string) => {
    try {
      return fs.statSync(built(rel)).mtimeMs >= fs.statSync(path.join(ROOT, rel)).mtimeMs;
    } catch {
      return false;
    }
  };
  if (sources.every(current)) return built('lib/fsx/atomic-writer.ts');
  const ts = require('typescript') as typeof import('typescript');
  const out = tempDir('meshgen-kill-');
  for (const rel of sources) {
    const js = ts.transpileModule(fs.readFileSync(path.join(ROOT, rel), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true },
    }).outputText;
    const file = path.join(out, rel.replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, js);
  }
  return path.join(out, 'lib', 'fsx', 'atomic-writer.js');
}

const files = (v: string, n: number) => new Map(Array.from({ length: n }, (_, i) => [`c${i % 3}/f${i}.yaml`, `${v} ${i}\n`]));
const OLD = files('old', 4);
/** 2 files change, 1 stays, 1 is deleted (f3), 1 is added. */
const NEXT = new Map([...files('new', 2), ['c2/f2.yaml', 'old 2\n'], ['c9/added.yaml', 'a\n']]);
const DELETES = ['c0/f3.yaml'];

const CHILD = `
const [writer, dir, killAt, put, deletes] = process.argv.slice(1); // node -e: no script name
const { commitTree } = require(writer);
let n = 0;
commitTree(dir, { put: new Map(JSON.parse(put)), delete: JSON.parse(deletes) }, {
  onStep: () => { if (n++ === Number(killAt)) process.kill(process.pid, 'SIGKILL'); },
});
`;

function tree(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

const canon = (t: Record<string, string>) => JSON.stringify(Object.entries(t).sort());

test('GIVEN the writer killed (SIGKILL) before each of its steps THEN the next run recovers the old or the new tree, and takes over the lock', () => {
  const writer = buildWriter();
  const oldTree = Object.fromEntries(OLD);
  const newTree = Object.fromEntries(NEXT);
  const outcomes = { old: 0, new: 0, lost: 0 };
  for (let killAt = 0; ; killAt++) {
    const dir = tempDir();
    commitTree(dir, { put: OLD });
    const r = spawnSync(process.execPath, ['-e', CHILD, writer, dir, String(killAt), JSON.stringify([...NEXT]), JSON.stringify(DELETES)], { encoding: 'utf8' });
    if (r.signal !== 'SIGKILL') {
      // Past the last step: the child finished on its own.
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(tree(dir)).toEqual(newTree);
      break;
    }
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(true); // a kill leaves the lock
    // WHEN the next run writes the same tree (its first step is recovery)
    const visible = Object.fromEntries(Object.entries(tree(dir)).filter(([f]) => !f.startsWith(TX_DIR) && f !== LOCK_FILE));
    commitTree(dir, { put: new Map() });
    const after = tree(dir);
    if (canon(after) === canon(oldTree)) outcomes.old++;
    else if (canon(after) === canon(newTree)) outcomes.new++;
    else outcomes.lost++;
    // before the journal is committed, nothing visible had changed
    if (canon(after) === canon(oldTree)) expect(visible).toEqual(oldTree);
  }
  // 3 staged files + journal + commit = 5 steps before the commit point; 3 applies + 1 delete + clean after it
  expect(outcomes).toEqual({ old: 5, new: 5, lost: 0 });
});
