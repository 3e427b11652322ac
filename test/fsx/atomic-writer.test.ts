import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { commitTree, recoverTree, SimulatedCrash, TreeChanges, TX_DIR } from '../../lib/fsx/atomic-writer';
import { LOCK_FILE } from '../../lib/fsx/lock';
import { listFiles, tempDir } from '../helpers';

/** The tree as path -> content (every file, meshgen's own included). */
function tree(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

const OLD = new Map([['a/one.yaml', 'one v1'], ['a/two.yaml', 'two'], ['b/gone.yaml', 'gone'], ['top.txt', 'top v1']]);
/** one changes, two stays, gone is deleted (b/ then empty), c/new is added, top changes. */
const NEXT: TreeChanges = {
  put: new Map([['a/one.yaml', 'one v2'], ['a/two.yaml', 'two'], ['c/new.yaml', 'new'], ['top.txt', 'top v2']]),
  delete: ['b/gone.yaml'],
};
const OLD_TREE = Object.fromEntries(OLD);
const NEW_TREE = { 'a/one.yaml': 'one v2', 'a/two.yaml': 'two', 'c/new.yaml': 'new', 'top.txt': 'top v2' };

function stepsOf(): string[] {
  const dir = tempDir();
  commitTree(dir, { put: OLD });
  const steps: string[] = [];
  commitTree(dir, NEXT, { onStep: (s) => steps.push(s) });
  return steps;
}

describe('commitTree', () => {
  test('GIVEN an unchanged tree THEN nothing is rewritten and every mtime stays', () => {
    const dir = tempDir();
    commitTree(dir, { put: OLD });
    const past = new Date('2020-01-01T00:00:00Z');
    for (const f of listFiles(dir)) fs.utimesSync(path.join(dir, f), past, past);
    const report = commitTree(dir, { put: OLD });
    expect(report).toEqual({ written: [], unchanged: [...OLD.keys()].sort(), deleted: [] });
    for (const f of listFiles(dir)) expect(fs.statSync(path.join(dir, f)).mtime).toEqual(past);
  });

  test('GIVEN one changed file THEN only that file is rewritten', () => {
    const dir = tempDir();
    commitTree(dir, { put: OLD });
    const past = new Date('2020-01-01T00:00:00Z');
    for (const f of listFiles(dir)) fs.utimesSync(path.join(dir, f), past, past);
    const report = commitTree(dir, { put: new Map([...OLD, ['a/one.yaml', 'one v2']]) });
    expect(report.written).toEqual(['a/one.yaml']);
    const touched = listFiles(dir).filter((f) => fs.statSync(path.join(dir, f)).mtime.getTime() !== past.getTime());
    expect(touched).toEqual(['a/one.yaml']);
  });

  test('applies puts and deletes, removes directories left empty, and leaves no transaction or lock', () => {
    const dir = tempDir();
    commitTree(dir, { put: OLD });
    const report = commitTree(dir, NEXT);
    expect(report).toEqual({ written: ['a/one.yaml', 'c/new.yaml', 'top.txt'], unchanged: ['a/two.yaml'], deleted: ['b/gone.yaml'] });
    expect(tree(dir)).toEqual(NEW_TREE);
    expect(fs.readdirSync(dir).sort()).toEqual(['a', 'c', 'top.txt']);
  });

  test('a file with a mode gets it exactly (0600), and a mode change alone rewrites the file', () => {
    const dir = tempDir();
    commitTree(dir, { put: new Map([['k/key.pem', { content: 'k', mode: 0o600 }]]) }, { dirMode: 0o700 });
    expect(fs.statSync(path.join(dir, 'k/key.pem')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(dir, 'k')).mode & 0o777).toBe(0o700);
    fs.chmodSync(path.join(dir, 'k/key.pem'), 0o644);
    expect(commitTree(dir, { put: new Map([['k/key.pem', { content: 'k', mode: 0o600 }]]) }).written).toEqual(['k/key.pem']);
    expect(fs.statSync(path.join(dir, 'k/key.pem')).mode & 0o777).toBe(0o600);
  });

  test('GIVEN a crash injected at each step THEN the tree is the old one before the commit point, and recovery gives the old or the new tree', () => {
    const steps = stepsOf();
    expect(steps).toEqual([
      'stage a/one.yaml', 'stage c/new.yaml', 'stage top.txt', 'journal', 'commit',
      // c/ does not exist yet: it is staged whole and renamed into place at once
      'apply a/one.yaml', 'apply c', 'apply top.txt', 'delete b/gone.yaml', 'clean',
    ]);
    const results: string[] = [];
    steps.forEach((at, n) => {
      const dir = tempDir();
      commitTree(dir, { put: OLD });
      expect(() => commitTree(dir, NEXT, { onStep: (s) => { if (s === at) throw new SimulatedCrash(s); } })).toThrow(SimulatedCrash);
      const committed = n > steps.indexOf('commit');
      const visible = Object.fromEntries(Object.entries(tree(dir)).filter(([f]) => !f.startsWith(TX_DIR)));
      if (!committed) expect(visible).toEqual(OLD_TREE); // nothing outside the transaction changed yet
      // WHEN the next run recovers
      const done = recoverTree(dir);
      // THEN the tree is complete: old before the commit point, new from it on; nothing left over
      expect(done).toBe(committed ? 'rolled forward' : 'rolled back');
      expect(tree(dir)).toEqual(committed ? NEW_TREE : OLD_TREE);
      // and a second recovery, and the next commit, work as usual
      expect(recoverTree(dir)).toBe('nothing');
      commitTree(dir, NEXT);
      expect(tree(dir)).toEqual(NEW_TREE);
      results.push(`${at}: ${done}`);
    });
    expect(results).toHaveLength(10);
  });

  test('GIVEN a crash while recovering THEN the next recovery still completes the new tree', () => {
    const dir = tempDir();
    commitTree(dir, { put: OLD });
    expect(() => commitTree(dir, NEXT, { onStep: (s) => { if (s === 'apply c') throw new SimulatedCrash(s); } })).toThrow(SimulatedCrash);
    // GIVEN a recovery killed after its first rename (done here by hand, as recovery would)
    const tx = path.join(dir, TX_DIR);
    const journal = JSON.parse(fs.readFileSync(path.join(tx, 'journal'), 'utf8'));
    expect(journal.puts[1]).toEqual({ staged: 'd1', target: 'c' });
    fs.renameSync(path.join(tx, 'd1'), path.join(dir, 'c'));
    expect(recoverTree(dir)).toBe('rolled forward');
    expect(tree(dir)).toEqual(NEW_TREE);
  });

  test('the staging directory carries a .gitignore of * before any staged file, so git add -A takes no staged key', () => {
    const dir = tempDir();
    const hasGit = spawnSync('git', ['--version']).status === 0;
    if (hasGit) spawnSync('git', ['init', '-q', dir]);
    let seen: string[] = [];
    expect(() => commitTree(path.join(dir, 'secrets'), { put: new Map([['c1/ca-key.pem', { content: 'KEY', mode: 0o600 }]]) }, {
      onStep: (s) => {
        if (s === 'journal') {
          seen = fs.readdirSync(path.join(dir, 'secrets', TX_DIR)).sort();
          throw new SimulatedCrash(s);
        }
      },
    })).toThrow(SimulatedCrash);
    expect(seen).toEqual(['.gitignore', 'd0']); // c1/ is new: staged whole as d0/
    expect(fs.statSync(path.join(dir, 'secrets', TX_DIR, 'd0', 'ca-key.pem')).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(path.join(dir, 'secrets', TX_DIR, '.gitignore'), 'utf8')).toMatch(/^\*$/m);
    if (hasGit) {
      spawnSync('git', ['add', '-A'], { cwd: dir });
      const staged = spawnSync('git', ['ls-files'], { cwd: dir, encoding: 'utf8' }).stdout;
      expect(staged).not.toContain(TX_DIR);
    }
  });

  test('an ordinary failure before the commit point leaves the old tree and no transaction', () => {
    const dir = tempDir();
    commitTree(dir, { put: OLD });
    expect(() => commitTree(dir, NEXT, { afterStage: () => { throw new Error('disk full'); } })).toThrow('disk full');
    expect(tree(dir)).toEqual(OLD_TREE);
    expect(fs.readdirSync(dir).sort()).toEqual(['a', 'b', 'top.txt']);
  });

  test('fails when a directory on the way is a symlink (it would write outside the tree), before writing anything', () => {
    const dir = tempDir();
    const outside = tempDir();
    fs.symlinkSync(outside, path.join(dir, 'a'));
    expect(() => commitTree(dir, { put: new Map([['a/x.yaml', 'x']]) }, { what: '--out' })).toThrow(`--out ${dir}: a is a symlink where meshgen writes the directory a/; move it away and run again`);
    expect(fs.readdirSync(outside)).toEqual([]);
    expect(fs.readdirSync(dir)).toEqual(['a']);
  });

  test('a file that is a symlink is replaced by a file, not written through', () => {
    const dir = tempDir();
    const victim = path.join(tempDir(), 'victim');
    fs.writeFileSync(victim, 'precious');
    fs.symlinkSync(victim, path.join(dir, 'x.yaml'));
    commitTree(dir, { put: new Map([['x.yaml', 'x']]) });
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious');
    expect(fs.lstatSync(path.join(dir, 'x.yaml')).isFile()).toBe(true);
  });

  test.each(['../x', '/etc/x', 'a//b', './a', `${TX_DIR}/f0`, LOCK_FILE, ''])('fails on the path "%s", which is not inside the tree', (rel) => {
    const dir = tempDir();
    expect(() => commitTree(dir, { put: new Map([[rel, 'x']]) })).toThrow(/is not a relative path inside the directory/);
  });

  test('fails with one line on a damaged journal, and changes nothing', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, TX_DIR));
    fs.writeFileSync(path.join(dir, TX_DIR, 'journal'), '{"puts":[{"staged":"f0","target":"../../etc/passwd"}],"deletes":[]}');
    expect(() => commitTree(dir, { put: new Map([['a', 'a']]) })).toThrow(/journal: is not a journal meshgen can replay \(edited or damaged\); check .* by hand, then delete .* and run again$/);
    expect(fs.existsSync(path.join(dir, 'a'))).toBe(false);
  });
});

describe('commitTree: file-system errors', () => {
  test('fails with one line (not a stack) when the disk refuses a write, and changes nothing', () => {
    const dir = tempDir();
    commitTree(dir, { put: OLD });
    // the file system refuses the second staged file, as a full disk does
    let msg = '';
    try {
      commitTree(dir, NEXT, { what: '--out', afterStage: () => { const e = new Error('ENOSPC: no space left on device') as NodeJS.ErrnoException; e.code = 'ENOSPC'; e.path = path.join(dir, TX_DIR, 'f1'); throw e; } });
    } catch (e) { msg = (e as Error).message; }
    expect(msg).toBe(`--out ${dir}: cannot write ${path.join(dir, TX_DIR, 'f1')} (ENOSPC); nothing was changed: free space or fix the permissions and run again`);
    expect(tree(dir)).toEqual(OLD_TREE);
  });
});
