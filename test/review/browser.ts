/// <reference lib="dom" />
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';

/**
 * Headless Chromium (Debian's `chromium`, driven by playwright-core) with Mermaid 11
 * loaded from node_modules into a local page: no network. Tests that need it skip
 * loudly where it is absent (see {@link browserOrSkip}).
 */

/** Where Chromium is looked for: $MESHGEN_CHROMIUM when set (only there), else the Debian and Ubuntu paths. */
const CANDIDATES = process.env.MESHGEN_CHROMIUM ? [process.env.MESHGEN_CHROMIUM] : ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** GitHub's markdown column: the width a diagram is shrunk to. */
export const GITHUB_WIDTH = 840;

export interface Rendered {
  /** Mermaid's error message, when it refused to draw. */
  readonly error?: string;
  /** The diagram's own width (viewBox) and the width it is drawn at in an 840 px column. */
  readonly naturalWidth: number;
  readonly shownWidth: number;
  readonly shownHeight: number;
  /** The smallest label text as drawn, in CSS pixels (font size times the shrink factor). */
  readonly minTextPx: number;
  /** Edges Mermaid drew (SVG paths of class flowchart-link). */
  readonly drawnEdges: number;
}

type Browser = import('playwright-core').Browser;
type Page = import('playwright-core').Page;

/** The Chromium executable and playwright-core, or why not. */
export function chromiumOrReason(): { executable: string; playwright: typeof import('playwright-core') } | { reason: string } {
  const executable = CANDIDATES.find((p) => fs.existsSync(p));
  let playwright: typeof import('playwright-core');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    playwright = require('playwright-core');
  } catch {
    return { reason: 'playwright-core is not installed (npm ci installs it: it is a devDependency)' };
  }
  if (!executable) return { reason: `no Chromium at ${CANDIDATES.join(', ')} (apt-get install -y chromium; or set MESHGEN_CHROMIUM to a Chromium binary)` };
  return { executable, playwright };
}

/**
 * `test`, or `test.skip` with a warning that names what is missing: a rendering test
 * never passes silently without a browser.
 */
export function browserOrSkip(what: string): jest.It {
  const found = chromiumOrReason();
  if ('reason' in found) {
    // eslint-disable-next-line no-console
    console.warn(`SKIPPED: ${what}: ${found.reason}`);
    return test.skip;
  }
  return test;
}

export async function launch(): Promise<Browser> {
  const found = chromiumOrReason();
  if ('reason' in found) throw new Error(found.reason);
  return found.playwright.chromium.launch({ executablePath: found.executable, args: ['--no-sandbox'] });
}

/**
 * A page of GitHub's width with Mermaid loaded (startOnLoad off, GitHub's default edge limit of 500).
 * The page is a local file that loads mermaid.min.js from node_modules by its file: URL, so
 * Chromium reads the 3.5 MB script itself instead of receiving it through playwright's pipe.
 */
export async function mermaidPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  const html = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'meshgen-mermaid-')), 'page.html');
  fs.writeFileSync(html, `<!doctype html><html><body style="margin:0;font-family:sans-serif"><div id="col" style="width:${GITHUB_WIDTH}px"></div>`
    + `<script src="${pathToFileURL(require.resolve('mermaid/dist/mermaid.min.js')).href}"></script></body></html>`);
  await page.goto(pathToFileURL(html).href);
  await page.evaluate(() => (window as unknown as { mermaid: { initialize(c: object): void } }).mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' }));
  return page;
}

/** Renders one Mermaid source into the 840 px column and measures it. */
export async function renderMermaid(page: Page, source: string): Promise<Rendered> {
  return page.evaluate(async (src) => {
    const col = document.getElementById('col')!;
    col.innerHTML = '';
    const m = (window as unknown as { mermaid: { render(id: string, s: string): Promise<{ svg: string }> } }).mermaid;
    let svgText: string;
    try {
      svgText = (await m.render(`d${Math.random().toString(36).slice(2)}`, src)).svg;
    } catch (e) {
      document.querySelectorAll('[id^="dd"]').forEach((n) => n.remove());
      return { error: String((e as Error)?.message ?? e), naturalWidth: 0, shownWidth: 0, shownHeight: 0, minTextPx: 0, drawnEdges: 0 };
    }
    col.innerHTML = svgText;
    const svg = col.querySelector('svg')!;
    const naturalWidth = svg.viewBox.baseVal.width;
    const box = svg.getBoundingClientRect();
    const scale = box.width / naturalWidth;
    let minTextPx = Infinity;
    for (const el of Array.from(svg.querySelectorAll('.nodeLabel, .edgeLabel, .cluster-label'))) {
      if (!(el.textContent ?? '').trim()) continue;
      minTextPx = Math.min(minTextPx, parseFloat(getComputedStyle(el).fontSize) * scale);
    }
    return {
      naturalWidth, shownWidth: box.width, shownHeight: box.height,
      minTextPx: Number.isFinite(minTextPx) ? minTextPx : 0,
      drawnEdges: svg.querySelectorAll('path.flowchart-link').length,
    };
  }, source);
}
