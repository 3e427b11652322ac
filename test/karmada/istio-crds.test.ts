import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { IstioCrds } from '../../lib/karmada/istio-crds';
import { docs, ROOT, tempDir } from '../helpers';

function synth(build: (chart: Chart) => void): any[] {
  const chart = new Chart(new App(), 'test');
  build(chart);
  return chart.toJson();
}

describe('IstioCrds', () => {
  test('GIVEN the vendored crd-all.gen.yaml THEN every CRD in it, unchanged, sorted by name', () => {
    const objects = synth((c) => new IstioCrds(c, 'crds'));
    const vendored = docs(fs.readFileSync(path.join(ROOT, 'crds/istio/crd-all.gen.yaml'), 'utf8'));
    const names = vendored.map((d) => d.metadata.name).sort();
    expect(objects.map((o) => o.metadata.name)).toEqual(names);
    expect(names).toEqual(expect.arrayContaining(['gateways.networking.istio.io', 'virtualservices.networking.istio.io', 'peerauthentications.security.istio.io']));
    const byName = new Map(vendored.map((d) => [d.metadata.name, d]));
    for (const o of objects) expect(o).toEqual(byName.get(o.metadata.name));
  });

  test('GIVEN two charts THEN the second gets the same objects (the file is parsed once and never mutated)', () => {
    const first = synth((c) => new IstioCrds(c, 'crds'));
    const second = synth((c) => new IstioCrds(c, 'crds'));
    expect(second).toEqual(first);
  });

  test('GIVEN a CRD file that changes between charts THEN the second chart has the new content', () => {
    const file = path.join(tempDir(), 'crds.yaml');
    const crd = (name: string) => `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: ${name}\n`;
    fs.writeFileSync(file, crd('a.example.com'));
    expect(synth((c) => new IstioCrds(c, 'crds', { file })).map((o) => o.metadata.name)).toEqual(['a.example.com']);
    fs.writeFileSync(file, `${crd('b.example.com')}---\n${crd('c.example.com')}`);
    expect(synth((c) => new IstioCrds(c, 'crds', { file })).map((o) => o.metadata.name)).toEqual(['b.example.com', 'c.example.com']);
  });
});
