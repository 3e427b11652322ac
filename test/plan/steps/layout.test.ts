import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../../helpers';

const DIR = path.join(ROOT, 'lib', 'plan', 'steps');
const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.ts')).sort();
const importsOf = (f: string) => [...fs.readFileSync(path.join(DIR, f), 'utf8').matchAll(/from '\.\/([a-z-]+)'/g)].map((m) => `${m[1]}.ts`);

describe('lib/plan/steps layout', () => {
  test('one file per concern, each under 400 lines, step.ts holds the types', () => {
    expect(files).toEqual(expect.arrayContaining(['step.ts', 'order.ts', 'steps.ts', 'installer.ts', 'karmada.ts', 'metallb.ts', 'kiali.ts', 'verify.ts', 'ca.ts', 'remote-secrets.ts', 'script.ts']));
    expect(files).not.toContain('local-obs.ts');
    for (const f of files) expect([f, fs.readFileSync(path.join(DIR, f), 'utf8').split('\n').length <= 400]).toEqual([f, true]);
  });

  test('no import loops between the steps files', () => {
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (f: string, trail: string[]): void => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'visiting') throw new Error(`import loop: ${[...trail, f].join(' -> ')}`);
      state.set(f, 'visiting');
      for (const g of importsOf(f)) visit(g, [...trail, f]);
      state.set(f, 'done');
    };
    for (const f of files) visit(f, []);
    expect(importsOf('step.ts')).toEqual([]);
  });
});
