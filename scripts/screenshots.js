#!/usr/bin/env node
// `node scripts/screenshots.js [outDir]`: what a reviewer sees on a pull request that adds
// one cluster, at 3, 12 and 50 clusters: `meshgen diff --format markdown` of the change,
// rendered like GitHub (markdown with a small GitHub-like stylesheet, Mermaid 11, an
// 840 px column) in headless Chromium, written as PNG (default docs/images/). No network:
// marked and mermaid are loaded from node_modules. Needs Chromium (/usr/bin/chromium or
// $MESHGEN_CHROMIUM) and the devDependencies playwright-core, mermaid and marked.
'use strict';
const fs = require('fs');
const path = require('path');
const YAML = require('yaml');

const ROOT = path.resolve(__dirname, '..');
require('./build').ensureBuilt();
const lib = (p) => require(path.join(ROOT, 'build', 'lib', p));
const { validateMeshSpec } = lib('mesh-spec/parse');
const { planMesh } = lib('plan/planner');
const { renderMesh } = lib('synth/render-mesh');
const { diffTrees } = lib('review/diff');
const { diffMarkdown } = lib('review/diff-markdown');

/** `networks` networks, each with one primary and its remotes on the same network; `total` clusters. */
function clusters(total, networks) {
  const out = [];
  for (let n = 1; n <= networks; n++) out.push({ name: `primary-${n}`, network: `network-${n}`, role: 'primary', eastWestGateway: { address: `10.0.${n}.10` } });
  for (let i = 0; out.length < total; i++) {
    const n = (i % networks) + 1;
    out.push({ name: `remote-${n}-${Math.floor(i / networks) + 1}`, network: `network-${n}`, role: 'remote', primary: `primary-${n}` });
  }
  return out;
}
const spec = (list) => validateMeshSpec({ apiVersion: 'meshgen/v1alpha1', kind: 'Mesh', metadata: { name: 'mesh1' }, spec: { clusters: list } });

/** Before: `total` clusters (3: examples/three-clusters); after: one remote more. */
function comment(total, networks) {
  const before = total === 3 ? YAML.parse(fs.readFileSync(path.join(ROOT, 'examples/three-clusters/mesh.yaml'), 'utf8')).spec.clusters : clusters(total, networks);
  const after = [...before, total === 3 ? { name: 'cluster4', network: 'network2', role: 'remote', primary: 'cluster1' }
    : { name: 'remote-1-new', network: 'network-1', role: 'remote', primary: 'primary-1' }];
  const a = spec(after);
  const d = diffTrees(renderMesh(spec(before)).files, renderMesh(a).files);
  return diffMarkdown(d, 'dist', { plan: planMesh(a) });
}

const CSS = `
body { margin: 0; background: #fff; }
.markdown-body { box-sizing: border-box; width: 872px; padding: 16px; color: #1f2328;
  font: 16px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
.markdown-body h3, .markdown-body h4, .markdown-body h5 { margin: 24px 0 16px; font-weight: 600; line-height: 1.25; }
.markdown-body h3 { font-size: 1.25em; } .markdown-body h4 { font-size: 1em; } .markdown-body h5 { font-size: .875em; }
.markdown-body p, .markdown-body ul, .markdown-body table, .markdown-body pre, .markdown-body details { margin: 0 0 16px; }
.markdown-body code { padding: .2em .4em; font-size: 85%; background: rgba(129,139,152,.12); border-radius: 6px;
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.markdown-body pre { padding: 16px; overflow: auto; font-size: 85%; background: #f6f8fa; border-radius: 6px; }
.markdown-body pre code { padding: 0; background: transparent; font-size: 100%; }
.markdown-body table { border-collapse: collapse; display: block; width: max-content; max-width: 100%; overflow: auto; }
.markdown-body th, .markdown-body td { padding: 6px 13px; border: 1px solid #d1d9e0; }
.markdown-body th { font-weight: 600; } .markdown-body tr:nth-child(2n) { background: #f6f8fa; }
.markdown-body pre.mermaid { background: transparent; padding: 0; text-align: center; }
.markdown-body pre.mermaid svg { max-width: 100%; height: auto; }
`;

async function main() {
  const outDir = path.resolve(process.argv[2] || path.join(ROOT, 'docs', 'images'));
  const executable = [process.env.MESHGEN_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && fs.existsSync(p));
  if (!executable) throw new Error('no Chromium: apt-get install -y chromium, or set MESHGEN_CHROMIUM');
  const { chromium } = require('playwright-core');
  const marked = require('marked');
  fs.mkdirSync(outDir, { recursive: true });
  const browser = await chromium.launch({ executablePath: executable, args: ['--no-sandbox'] });
  try {
    for (const [total, networks] of [[3, 2], [12, 3], [50, 5]]) {
      const md = comment(total, networks);
      const html = marked.parse(md).replace(/<pre><code class="language-mermaid">([\s\S]*?)<\/code><\/pre>/g, '<pre class="mermaid">$1</pre>');
      const page = await browser.newPage({ viewport: { width: 872, height: 1000 } });
      await page.setContent(`<!doctype html><html><head><style>${CSS}</style></head><body><article class="markdown-body">${html}</article></body></html>`);
      await page.addScriptTag({ path: require.resolve('mermaid/dist/mermaid.min.js') });
      await page.evaluate(async () => {
        window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
        await window.mermaid.run({ querySelector: 'pre.mermaid' });
      });
      const file = path.join(outDir, `review-add-cluster-${total}.png`);
      // what shows before scrolling (the fold of a laptop screen), then the whole picture below it
      const picture = await page.evaluate(() => { const r = document.querySelector('pre.mermaid').getBoundingClientRect(); return r.bottom + window.scrollY; });
      await page.screenshot({ path: file, clip: { x: 0, y: 0, width: 872, height: Math.ceil(Math.min(picture + 16, 2400)) } });
      console.log(`${path.relative(ROOT, file)}: ${total} -> ${total + 1} clusters on ${networks} network(s), picture ends at ${Math.round(picture)} px`);
      await page.close();
    }
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(`screenshots: ${e.message}`);
  process.exit(1);
});
