import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { planMesh } from '../../lib/plan/planner';
import { MAX_EDGES, meshGraph } from '../../lib/review/graph';
import { toMermaid } from '../../lib/review/graph-mermaid';
import { diffTrees } from '../../lib/review/diff';
import { diffMarkdown } from '../../lib/review/diff-markdown';
import { renderMesh } from '../../lib/synth/render-mesh';
import { mesh, ROOT, THREE_CLUSTERS } from '../helpers';
import { browserOrSkip, launch, mermaidPage, Rendered, renderMermaid } from './browser';
import { generated, mermaidEdges } from './meshes';

/**
 * The review page's diagrams as GitHub shows them: Mermaid 11 in headless Chromium, in
 * GitHub's 840 px markdown column. One browser for the whole file.
 */
const it = browserOrSkip('Mermaid diagrams rendered in headless Chromium');

const examples = fs.readdirSync(path.join(ROOT, 'examples')).filter((e) => fs.existsSync(path.join(ROOT, 'examples', e, 'expected', 'README.md'))).sort();
const mermaidOf = (markdown: string) => [...markdown.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]);

let browser: Browser | undefined;
let page: Page;
beforeAll(async () => {
  if (it === test) {
    browser = await launch();
    page = await mermaidPage(browser);
  }
});
afterAll(async () => browser?.close());

function expectDrawn(r: Rendered, source: string) {
  expect(r.error).toBeUndefined();
  expect(r.shownWidth).toBeGreaterThan(0);
  expect(mermaidEdges(source)).toBeLessThanOrEqual(MAX_EDGES);
  // Mermaid draws every link as a path (the source has no invisible ones)
  expect(r.drawnEdges).toBe(mermaidEdges(source));
}

describe('every example\'s dist/README.md diagram', () => {
  it.each(examples)('%s: parses and draws, no "Edge limit"', async (example) => {
    const sources = mermaidOf(fs.readFileSync(path.join(ROOT, 'examples', example, 'expected', 'README.md'), 'utf8'));
    expect(sources).toHaveLength(1);
    const r = await renderMermaid(page, sources[0]);
    expectDrawn(r, sources[0]);
  });
});

describe('generated meshes', () => {
  const shapes: [string, number, number, number][] = [
    ['12 clusters: 3 networks, 3 primaries with 3 remotes each', 12, 3, 3],
    ['50 clusters: 5 networks, 5 primaries', 50, 5, 5],
    ['50 clusters: 13 networks, a primary and 3 remotes each', 50, 13, 13],
    ['200 clusters: 50 networks, a primary and 3 remotes each', 200, 50, 50],
    ['200 clusters: 10 networks, 10 primaries', 200, 10, 10],
    ['1,000 clusters: 250 networks, a primary and 3 remotes each', 1000, 250, 250],
    ['1,000 clusters: 3 networks, 60 primaries', 1000, 3, 60],
  ];
  /** A generated mesh's diagram, rendered once for the tests that look at it. */
  const rendered = new Map<string, Promise<{ source: string; r: Rendered }>>();
  const renderShape = (total: number, networks: number, primaries: number) => {
    const key = `${total}/${networks}/${primaries}`;
    if (!rendered.has(key)) {
      const source = toMermaid(meshGraph(planMesh(mesh(generated(total, networks, primaries)))));
      rendered.set(key, renderMermaid(page, source).then((r) => ({ source, r })));
    }
    return rendered.get(key)!;
  };

  it.each(shapes)('%s: parses and draws within 500 edges', async (_, total, networks, primaries) => {
    const { source, r } = await renderShape(total, networks, primaries);
    expectDrawn(r, source);
  });

  it.each([[12, 3, 3], [50, 5, 5]])('%i clusters (%i networks, %i primaries): text at least 12 px in GitHub\'s 840 px column', async (total, networks, primaries) => {
    const { r } = await renderShape(total, networks, primaries);
    expect(r.error).toBeUndefined();
    expect(r.minTextPx).toBeGreaterThanOrEqual(12);
  });
});

describe('the pull-request comment\'s diagram', () => {
  it('GIVEN a cluster added THEN the marked diagram parses and draws', async () => {
    const before = renderMesh(mesh(THREE_CLUSTERS)).files;
    const spec = mesh([...THREE_CLUSTERS, { name: 'cluster4', network: 'network2', role: 'remote', primary: 'cluster1' }]);
    const sources = mermaidOf(diffMarkdown(diffTrees(before, renderMesh(spec).files), 'dist', { plan: planMesh(spec) }));
    expect(sources).toHaveLength(1);
    expect(sources[0]).toContain('class c_cluster4 added');
    expectDrawn(await renderMermaid(page, sources[0]), sources[0]);
  });
});
