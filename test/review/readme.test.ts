import { renderMesh } from '../../lib/synth/render-mesh';
import { planMesh } from '../../lib/plan/planner';
import { planSteps } from '../../lib/plan/steps/steps';
import * as fs from 'fs';
import * as path from 'path';
import { prose, README_FILE } from '../../lib/review/readme';
import { FOLD_STEPS, noteLines } from '../../lib/review/runbook';
import { validateMeshSpec } from '../../lib/mesh-spec/parse';
import { mesh, meshInput, ROOT, SEED_CLUSTERS, THREE_CLUSTERS } from '../helpers';

function examplePages(): string[] {
  const pages = fs.readdirSync(path.join(ROOT, 'examples')).map((e) => path.join(ROOT, 'examples', e, 'expected', README_FILE)).filter((f) => fs.existsSync(f));
  expect(pages.length).toBeGreaterThan(3);
  return pages;
}

describe('dist/README.md', () => {
  test('GIVEN three clusters THEN it names the mesh and the Istio version', () => {
    const readme = renderMesh(mesh(THREE_CLUSTERS)).files.get(README_FILE)!;
    expect(readme).toContain('# Mesh mesh1\n');
    expect(readme).toContain('Istio 1.30.3, installed with istioctl into namespace `istio-system`: 3 clusters on 2 networks.');
  });

  test('THEN it holds a mermaid block with every cluster', () => {
    const readme = renderMesh(mesh(THREE_CLUSTERS)).files.get(README_FILE)!;
    const block = readme.match(/```mermaid\n([\s\S]*?)\n```/);
    expect(block).not.toBeNull();
    for (const c of ['cluster1', 'cluster2', 'cluster3']) expect(block![1]).toContain(`c_${c}[`);
    expect(block![1]).toContain('c_cluster1 --> c_cluster3');
  });

  test('THEN the table has one row per cluster with role, network, primary, kubectl context, gateway address and its folder', () => {
    const { files } = renderMesh(mesh(THREE_CLUSTERS));
    const readme = files.get(README_FILE)!;
    const rows = readme.split('\n').filter((l) => /^\| cluster\d \| (primary|remote)/.test(l));
    expect(rows).toEqual([
      '| cluster1 | primary of 2 remotes | network1 | - | `cluster1` | `34.75.71.237` | [`cluster1/`](cluster1/) |',
      '| cluster2 | remote | network1 | cluster1 | `cluster2` | address not in the spec | [`cluster2/`](cluster2/) |',
      '| cluster3 | remote | network2 | cluster1 | `cluster3` | address not in the spec | [`cluster3/`](cluster3/) |',
    ]);
  });

  test('THEN the files are relative links, and bundles with the same file names share one row', () => {
    const { files } = renderMesh(mesh(THREE_CLUSTERS));
    const readme = files.get(README_FILE)!;
    const table = readme.slice(readme.indexOf('### Files'), readme.indexOf('## Install steps'));
    const rows = table.split('\n').filter((l) => /^\| cluster/.test(l));
    expect(rows.map((r) => r.split(' | ')[0])).toEqual(['| cluster1', '| cluster2, cluster3']);
    for (const [i, c] of ['cluster1', 'cluster2'].entries()) {
      const own = [...files.keys()].filter((f) => f.startsWith(`${c}/`)).map((f) => `[\`${f.slice(c.length + 1)}\`](${f})`);
      expect(own.length).toBeGreaterThan(3);
      for (const f of own) expect(rows[i]).toContain(f);
    }
    expect(rows[1]).not.toContain('expose-istiod.yaml');
    // every link is relative and names a file synth wrote
    for (const [, target] of readme.matchAll(/\]\(([^)]+)\)/g)) {
      expect(target).not.toMatch(/^(\/|[a-z]+:)/);
      if (!target.endsWith('/')) expect(files.has(decodeURI(target))).toBe(true);
    }
  });

  test('THEN it lists the steps of meshgen plan by name (kind.cluster), in order, grouped by phase, commands in sh blocks', () => {
    const spec = mesh(SEED_CLUSTERS);
    const readme = renderMesh(spec, { outDir: 'out', specFile: 'my-mesh.yaml' }).files.get(README_FILE)!;
    const steps = planSteps(planMesh(spec), { outDir: 'out' });
    let at = 0;
    for (const s of steps) {
      const i = readme.indexOf(`- **\`${s.id}\`** [${s.cluster ?? 'workstation'}] ${s.title}\n`);
      expect(i).toBeGreaterThan(at);
      at = i;
    }
    expect(readme).not.toMatch(/^\d+\. \*\*/m); // no numbers to shift
    expect(readme).toMatch(/ {2}```sh\n {2}istioctl install -y --context=cluster2 -f out\/cluster2\/istioctl\/control-plane\.yaml\n {2}```/);
    // a long runbook folds each phase
    expect(steps.length).toBeGreaterThan(FOLD_STEPS);
    expect(readme).toContain('<details>\n<summary><b>Namespaces and CA</b>: 4 steps (cluster1, cluster2)</summary>');
  });

  test('THEN every command of an example page is in a code block, the download command too', () => {
    // a command: a program, a verb and a flag within a few words ("by meshgen synth, never commit it" is prose)
    const readme = fs.readFileSync(path.join(ROOT, 'examples/three-clusters/expected/README.md'), 'utf8');
    expect(readme).toMatch(/ {2}install it with:\n\n {2}```sh\n {2}curl -L https:\/\/istio\.io\/downloadIstio \| ISTIO_VERSION=1\.30\.3 sh -\n {2}```/);
    for (const page of examplePages()) {
      const outside = fs.readFileSync(page, 'utf8').replace(/^( *)```[^\n]*\n[\s\S]*?\n\1```$/gm, '').replace(/`[^`\n]*`/g, '');
      expect({ page, commands: outside.match(/\b(curl -[A-Za-z]|(kubectl|istioctl|helm|meshgen) (get|apply|install|synth|remote-secret|kiali-secret|plan|diff|upgrade|repo|logs|wait|delete)( [^\s,;]+){0,3} -{1,2}[a-z])/g) }).toEqual({ page, commands: null });
    }
  });

  test('noteLines takes the commands of a note out into sh blocks', () => {
    expect(noteLines('install it with: curl -L https://x | sh -; with helm too')).toEqual(['install it with:', '', '```sh', 'curl -L https://x | sh -', '```', '', 'with helm too']);
    expect(noteLines('in the checkout (meshgen synth --spec m.yaml --out d); then <x>')).toEqual(['in the checkout:', '', '```sh', 'meshgen synth --spec m.yaml --out d', '```', '', 'then &lt;x&gt;']);
    expect(noteLines('plain <text>')).toEqual(['plain &lt;text&gt;']);
  });

  test('GIVEN a missing primary address THEN it says which file is not rendered and what to set, by cluster name', () => {
    const readme = renderMesh(mesh([{ ...SEED_CLUSTERS[0], address: undefined }, SEED_CLUSTERS[1]])).files.get(README_FILE)!;
    expect(readme).toContain('> - `cluster2/istioctl/control-plane.yaml`: set `eastWestGateway.address` of cluster cluster1 in the spec');
    // a warning, above the topology
    expect(readme.indexOf('> [!WARNING]')).toBeLessThan(readme.indexOf('## Topology'));
    expect(readme).not.toMatch(/spec\.clusters\[\d+\]/);
  });

  test('THEN two renders give the same bytes, whatever the order of clusters', () => {
    const a = renderMesh(mesh(THREE_CLUSTERS)).files.get(README_FILE);
    expect(renderMesh(mesh([...THREE_CLUSTERS].reverse())).files.get(README_FILE)).toBe(a);
  });

  test('GIVEN spec.ca.mode none with several clusters THEN the warning is a GitHub alert at the top', () => {
    const input = meshInput(THREE_CLUSTERS);
    input.spec.ca = { mode: 'none' };
    const readme = renderMesh(validateMeshSpec(input)).files.get(README_FILE)!;
    expect(readme).toMatch(/^# Mesh mesh1\n\n> \[!WARNING\]\n> spec\.ca\.mode: none: /m);
  });

  test('GIVEN more than 30 clusters THEN a summary diagram and a table of networks', () => {
    const clusters = Array.from({ length: 40 }, (_, i) => (i < 4
      ? { name: `p${i}`, network: `n${i}`, role: 'primary' as const, address: `10.0.0.${i + 1}` }
      : { name: `r${i}`, network: `n${i % 4}`, role: 'remote' as const, primary: `p${i % 4}` }));
    const readme = renderMesh(mesh(clusters)).files.get(README_FILE)!;
    expect(readme).toContain('| network | primaries | remotes | east-west gateway addresses |');
    expect(readme).toContain('| n0 | p0 | 9 | p0: `10.0.0.1` |');
    expect(readme).toContain('rs_n0["9 remotes<br/>on network n0"]:::remote');
  });

  test('GIVEN the Karmada example THEN the Karmada bundle has its row', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'examples/karmada/expected/README.md'), 'utf8');
    expect(readme).toContain('| karmada | Karmada control plane | - | - | `karmada-apiserver` | - | [`karmada/`](karmada/) |');
    expect(readme).toMatch(/^\| karmada \| \[`cacerts-propagation.yaml`\]\(karmada\/cacerts-propagation.yaml\)/m);
  });

  test('THEN no example page has a raw <...> outside code (it would vanish as an HTML tag)', () => {
    for (const page of examplePages()) {
      const text = fs.readFileSync(page, 'utf8')
        .replace(/^( *)```[^\n]*\n[\s\S]*?\n\1```$/gm, '') // fenced blocks
        .replace(/`[^`\n]*`/g, '') // code spans
        .replace(/^<!--.*-->$/m, '') // the generated-file comment
        .replace(/^<\/?details>$|^<summary><b>[^<]*<\/b>[^<]*<\/summary>$/gm, ''); // the folds of the runbook
      expect({ page, raw: text.match(/<[^>\n]*>/g) }).toEqual({ page, raw: null });
    }
  });

  test('prose escapes placeholders outside code spans only', () => {
    expect(prose('apply <out>/<cluster>/argocd/ or `kubectl get <x>`')).toBe('apply &lt;out&gt;/&lt;cluster&gt;/argocd/ or `kubectl get <x>`');
  });
});
