import * as fs from 'fs';
import { execFileSync, spawnSync } from 'child_process';
import { hunks } from '../../lib/review/diff-unified';
const rnd = (seed: number) => () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
test('x', () => {
  let same = 0, diff = 0;
  for (let t = 0; t < 300; t++) {
    const r = rnd(t + 1);
    const a = Array.from({ length: Math.floor(r() * 30) }, () => `l${Math.floor(r() * 8)}\n`);
    const b = a.flatMap((l) => (r() < 0.2 ? [] : r() < 0.2 ? [l, `n${Math.floor(r() * 8)}\n`] : r() < 0.1 ? [`c${Math.floor(r()*5)}\n`] : [l]));
    const A = a.join('') + (r() < 0.2 ? 'end' : ''), B = b.join('') + (r() < 0.2 ? 'end' : '');
    fs.writeFileSync('/tmp/ua', A); fs.writeFileSync('/tmp/ub', B);
    const ours = hunks(A, B);
    const gnu = spawnSync('diff', ['-u', '/tmp/ua', '/tmp/ub']).stdout.toString().split('\n').slice(2).join('\n');
    // apply ours with patch
    fs.writeFileSync('/tmp/up', `--- a/ua\n+++ b/ua\n${ours}`);
    fs.copyFileSync('/tmp/ua', '/tmp/uc');
    if (ours) { const p = spawnSync('patch', ['-s', '/tmp/uc', '/tmp/up']); if (p.status !== 0) throw new Error(`patch failed ${t}: ${p.stdout}${p.stderr}\n${ours}`); }
    expect(fs.readFileSync('/tmp/uc', 'utf8')).toBe(B);
    if (ours === gnu) same++; else { diff++; if (diff < 3) console.log(ours + '\n====\n' + gnu); }
  }
  console.log({ same, diff });
});
