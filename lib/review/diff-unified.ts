import type { FileTree } from './diff';

/*
 * `meshgen diff --format unified`: the change as a unified diff (`diff -u`, `git diff`),
 * which GitHub, editors and `git apply` read. Pure.
 */

/** Lines of context around each change, as `diff -u` and `git diff` default to. */
const CONTEXT = 3;
/**
 * Past this many inserted plus deleted lines between two versions of one file, the middle
 * of the file (between the common start and end) is shown removed and added whole: still
 * a correct diff, and the time stays linear.
 */
const MAX_EDIT_DISTANCE = 2000;

type Op = { readonly sign: ' ' | '-' | '+'; readonly line: string };

/** The lines of `text`, each with its `\n` (the last one without, when the text does not end in one). */
function lines(text: string): string[] {
  const out = text.split(/(?<=\n)/);
  return out.length === 1 && out[0] === '' ? [] : out;
}

/** A shortest edit script from `a` to `b` (Myers' O(ND) algorithm), common start and end trimmed first. */
export function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) { endA--; endB--; }
  const head: Op[] = a.slice(0, start).map((line) => ({ sign: ' ', line }));
  const tail: Op[] = a.slice(endA).map((line) => ({ sign: ' ', line }));
  return [...head, ...middle(a.slice(start, endA), b.slice(start, endB)), ...tail];
}

function middle(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const whole = (): Op[] => [...a.map((line) => ({ sign: '-' as const, line })), ...b.map((line) => ({ sign: '+' as const, line }))];
  if (n === 0 || m === 0) return whole();
  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) { x++; y++; }
      v[offset + k] = x;
      if (x >= n && y >= m) { found = d; break; }
    }
    trace.push(v.slice(offset - d - 1, offset + d + 2));
  }
  if (found < 0) return whole();
  // Walk back from (n, m) through the saved frontiers (trace[d] holds k = -d-1 .. d+1).
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const prev = trace[d - 1];
    const at = (k: number) => prev[k + d];
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) { ops.push({ sign: ' ', line: a[x - 1] }); x--; y--; }
    ops.push(down ? { sign: '+', line: b[y - 1] } : { sign: '-', line: a[x - 1] });
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) { ops.push({ sign: ' ', line: a[x - 1] }); x--; y--; }
  return ops.reverse();
}

/** `@@` range: `start,count`, or `start` alone when count is 1 (as GNU diff and git write it). */
function range(start: number, count: number): string {
  if (count === 1) return String(start);
  return `${count === 0 ? start - 1 : start},${count}`;
}

function showLine(sign: string, line: string): string {
  return line.endsWith('\n') ? `${sign}${line}` : `${sign}${line}\n\\ No newline at end of file\n`;
}

/** The hunks of one file's change, each with CONTEXT lines of context. */
export function hunks(before: string, after: string): string {
  const ops = diffLines(lines(before), lines(after));
  const changed = ops.map((o, i) => (o.sign !== ' ' ? i : -1)).filter((i) => i >= 0);
  if (changed.length === 0) return '';
  // Runs of ops to show: each change with its context, runs that touch merged.
  const runs: [number, number][] = [];
  for (const i of changed) {
    const from = Math.max(0, i - CONTEXT);
    const to = Math.min(ops.length, i + CONTEXT + 1);
    const last = runs[runs.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else runs.push([from, to]);
  }
  let out = '';
  let lineA = 1;
  let lineB = 1;
  let at = 0;
  for (const [from, to] of runs) {
    for (; at < from; at++) { lineA++; lineB++; } // ops outside runs are context lines
    const run = ops.slice(from, to);
    const countA = run.filter((o) => o.sign !== '+').length;
    const countB = run.filter((o) => o.sign !== '-').length;
    out += `@@ -${range(lineA, countA)} +${range(lineB, countB)} @@\n`;
    for (const o of run) out += showLine(o.sign, o.line);
    lineA += countA;
    lineB += countB;
    at = to;
  }
  return out;
}

/**
 * What replacing `before` with `after` changes, as one unified diff: per changed file
 * (sorted by path) a `diff --git` line, `--- a/<prefix>/<file>` and `+++ b/<prefix>/<file>`
 * (`/dev/null` for a file added or removed) and its hunks. `prefix` is the compared
 * directory relative to the working directory, so that `git apply` run there applies it.
 * Empty when nothing changes.
 */
export function unifiedDiff(before: FileTree, after: FileTree, prefix: string): string {
  const dir = prefix.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  const at = (f: string) => (dir && dir !== '.' ? `${dir}/${f}` : f);
  const names = [...new Set([...before.keys(), ...after.keys()])].sort((p, q) => (p < q ? -1 : p > q ? 1 : 0));
  let out = '';
  for (const f of names) {
    const x = before.get(f);
    const y = after.get(f);
    if (x === y) continue;
    out += `diff --git a/${at(f)} b/${at(f)}\n`;
    if (x === undefined) out += 'new file mode 100644\n';
    if (y === undefined) out += 'deleted file mode 100644\n';
    out += `--- ${x === undefined ? '/dev/null' : `a/${at(f)}`}\n+++ ${y === undefined ? '/dev/null' : `b/${at(f)}`}\n`;
    out += hunks(x ?? '', y ?? '');
  }
  return out;
}
