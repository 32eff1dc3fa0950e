// Where the quote engine runs, and that it finds on the page what the command-line extractor finds. A short
// article is searched on the page itself (unless the page is cold for our code, the first page of a site,
// and the background's engine is warm); a long one goes to the extension's background
// (content/extract-quotes), warm across pages, read there in one run, and the page paints its answer. When
// the background answers something the protocol refuses, the page finds its quotes itself and is
// highlighted all the same.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, ROOT, badgeOf, highlightsOf, launchWithExtension, startServer, stopServiceWorker, tabIdOf, type ExtensionBrowser, type StaticServer } from '../../scripts/lib/extension-browser';
import { ENGINE_ON_PAGE_MAX_CHARS } from '../../utils/page/page-session';
import { COLD_SCRIPT_LOAD_MS } from '../../utils/page/script-start';

// Long articles (wikipedia-2, 65k characters without its reference lists, is read whole there, as the
// command-line extractor reads it: on the page it would be cut in engine slices), and short ones in three languages.
const LONG = ['pages/archive-of-our-own.html', 'pages/clean-links.html', 'pages/wikipedia-2.html'];
const SHORT = ['dev/nytimes-1.html', 'dev/lemonde-1.html', 'dev/folha.html', 'pages/wikipedia.html'];
const FILES = [...LONG, ...SHORT];

let server: StaticServer;
let ext: ExtensionBrowser;
let page: Page;
let cli: Map<string, { all: number; shown: number }>;

interface Visit { engine: { where: string; why?: string; ms?: number } | undefined; painted: number; chars: number; badge: string; quotes: number; detected: number; loadMs: number; engineWarm: boolean | undefined }

async function visit(file: string, origin = server.origin): Promise<Visit> {
  await page.goto(`${origin}/corpus/${file}`, { waitUntil: 'load' });
  await page.waitForFunction(() => performance.getEntriesByName('quotelens:done').length > 0, null, { timeout: 30_000 });
  const marks = await page.evaluate(() => ({
    engine: (performance.getEntriesByName('quotelens:engine')[0] as PerformanceMark | undefined)?.detail,
    painted: ((performance.getEntriesByName('quotelens:painted')[0] as PerformanceMark | undefined)?.detail as { quotes: number; chars: number } | undefined),
    // how long the content script took to load (a cold page for our code takes long)
    loadMs: performance.getEntriesByName('quotelens:start')[0].startTime - performance.getEntriesByName('quotelens:script')[0].startTime,
    // what the background said of its engine with the site's settings
    engineWarm: ((performance.getEntriesByName('quotelens:settings')[0] as PerformanceMark | undefined)?.detail as { engineWarm?: boolean } | undefined)?.engineWarm,
  }));
  const tabId = await tabIdOf(ext, page);
  const state = await ext.worker.evaluate((id) => chrome.tabs.sendMessage(id, { type: 'popup/get-page' }), tabId) as { quotes: unknown[] };
  const sizes = await highlightsOf(page);
  return { engine: marks.engine as Visit['engine'], painted: marks.painted?.quotes ?? -1, chars: marks.painted?.chars ?? -1, badge: await badgeOf(ext, page), quotes: state.quotes.length, detected: sizes.detected ?? 0, loadMs: marks.loadMs, engineWarm: marks.engineWarm };
}

/** Where a short article's engine must have run, from the script's load time measured and what the background said of its engine. */
function expectShortRun(v: Visit, file: string): void {
  if (v.loadMs <= COLD_SCRIPT_LOAD_MS) expect(v.engine, file).toEqual({ where: 'page', why: 'short article' });
  else if (v.engine?.where === 'background') {
    expect(v.engine, file).toEqual({ where: 'background', ms: expect.any(Number), why: 'cold page' });
    expect(v.engineWarm, file).toBe(true); // sent only to a warm engine
  } else {
    expect(v.engine, file).toEqual({ where: 'page', why: 'cold background' });
    expect(v.engineWarm, file).toBe(false);
  }
}

beforeAll(async () => {
  server = await startServer();
  ext = await launchWithExtension({ offline: true }); // (offline: names under .test reach the test server)
  page = await ext.context.newPage();
  const out = execFileSync('npx', ['tsx', 'scripts/extract.ts', ...FILES.map((f) => join(CORPUS, f))], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  cli = new Map();
  for (const line of out.trim().split('\n')) {
    const r = JSON.parse(line) as { file: string; quotes: { kind: string }[] };
    cli.set(r.file.slice(CORPUS.length + 1), { all: r.quotes.length, shown: r.quotes.filter((q) => q.kind !== 'indirect').length });
  }
}, 120_000);
afterAll(async () => {
  await ext?.close();
  await server?.close();
});

describe('where the quote engine runs', () => {
  it('the background warms its engine up as soon as the extension is installed, before any page asks: the first page finds it warm', async () => {
    const warm = () => ext.worker.evaluate(() => (globalThis as unknown as { quotelensHandlers: { engineWarm(): boolean } }).quotelensHandlers.engineWarm());
    await expect.poll(warm, { timeout: 20_000, interval: 200 }).toBe(true); // no page has been opened yet
    const v = await visit('dev/folha.html');
    expect(v.engineWarm).toBe(true);
  }, 30_000);

  it('searches a short article on the page and a long one in the background: as many quotes as the command-line extractor, and on the badge', async () => {
    let shortOnPage = 0;
    for (const file of FILES) {
      const v = await visit(file);
      const want = cli.get(file)!;
      expect(want.shown, file).toBeGreaterThan(0);
      if (LONG.includes(file)) {
        expect(v.chars, file).toBeGreaterThan(ENGINE_ON_PAGE_MAX_CHARS);
        expect(v.engine, file).toEqual({ where: 'background', ms: expect.any(Number), why: 'long article' });
      } else {
        expect(v.chars, file).toBeLessThanOrEqual(ENGINE_ON_PAGE_MAX_CHARS);
        // the long pages before ran in this renderer process: our script is compiled here and loads fast, as a
        // rule (where the engine ran follows from the load time measured, on a machine busy for a moment too)
        expectShortRun(v, file);
        if (v.engine?.why === 'short article') shortOnPage++;
      }
      expect(v.quotes, file).toBe(want.all);
      expect(v.painted, file).toBe(want.shown);
      expect(v.badge, file).toBe(String(want.shown));
      expect(v.detected, file).toBeGreaterThan(0);
    }
    expect(shortOnPage).toBeGreaterThan(0);
  }, 120_000);

  it('on the first page of a site (a renderer process that has not run QuoteLens), a short article goes to the background once its engine is warm', async () => {
    // the worker's warm-up (begun at the first page) is done when it says so with a page's settings
    await expect.poll(async () => (await visit(SHORT[0])).engineWarm, { timeout: 30_000, interval: 500 }).toBe(true);
    const port = new URL(server.origin).port;
    for (const [i, file] of SHORT.slice(0, 2).entries()) {
      const v = await visit(file, `http://first-${i}.test:${port}`);
      const want = cli.get(file)!;
      expect(v.engineWarm, file).toBe(true);
      // where the engine ran follows from how long the script took to load, whatever this machine's speed
      if (v.loadMs > COLD_SCRIPT_LOAD_MS) expect(v.engine, file).toEqual({ where: 'background', ms: expect.any(Number), why: 'cold page' });
      else expect(v.engine, file).toEqual({ where: 'page', why: 'short article' });
      expect(v.quotes, file).toBe(want.all);
      expect(v.painted, file).toBe(want.shown);
      expect(v.badge, file).toBe(String(want.shown));
    }
  }, 60_000);

  it('when the background answers what the protocol refuses, the page finds the same quotes itself', async () => {
    // Another listener in the background answers first, with quotes that are not a list: what a broken or
    // mismatched background would send. The extension's own listener answers too late to count.
    await ext.worker.evaluate(() => {
      const broken = (m: { type?: string }, _sender: unknown, reply: (r: unknown) => void) => {
        if (m?.type !== 'content/extract-quotes') return undefined;
        reply({ quotes: 'none', capped: 'no' });
        return undefined;
      };
      (globalThis as Record<string, unknown>).brokenEngineReply = broken;
      chrome.runtime.onMessage.addListener(broken);
    });
    try {
      for (const file of ['pages/archive-of-our-own.html', 'pages/clean-links.html']) {
        const v = await visit(file);
        const want = cli.get(file)!;
        expect(v.engine, file).toEqual({ where: 'page', why: 'malformed reply' });
        expect(v.quotes, file).toBe(want.all);
        expect(v.badge, file).toBe(String(want.shown));
        expect(v.detected, file).toBeGreaterThan(0);
      }
    } finally {
      await ext.worker.evaluate(() => chrome.runtime.onMessage.removeListener((globalThis as unknown as { brokenEngineReply: Parameters<typeof chrome.runtime.onMessage.removeListener>[0] }).brokenEngineReply));
    }
    // The background answers again: the next long page is back to it.
    expect((await visit('pages/wikipedia-2.html')).engine?.where).toBe('background');
  }, 120_000);

  it('right after the service worker started, its engine is cold: a short article on a cold page is searched there, a long one still goes', async () => {
    expect(await stopServiceWorker(ext)).toBe(true);
    const port = new URL(server.origin).port;
    // the page wakes a new worker, whose warm-up only begins with this page's question
    const v = await visit('dev/nytimes-1.html', `http://after-stop.test:${port}`);
    expect(v.engineWarm).toBe(false);
    expect(v.engine).toEqual({ where: 'page', why: v.loadMs > COLD_SCRIPT_LOAD_MS ? 'cold background' : 'short article' });
    expect(v.quotes).toBe(cli.get('dev/nytimes-1.html')!.all);
    expect(v.badge).toBe(String(cli.get('dev/nytimes-1.html')!.shown));
    const long = await visit('pages/clean-links.html', `http://after-stop.test:${port}`);
    expect(long.engine).toEqual({ where: 'background', ms: expect.any(Number), why: 'long article' });
    expect(long.quotes).toBe(cli.get('pages/clean-links.html')!.all);
  }, 60_000);
});

describe('the site\'s settings on the way to the first paint', () => {
  it('are asked for once, as the page starts loading (entrypoints/early.content.ts), and the main script takes that answer', async () => {
    // The page's own script takes 600 ms to arrive: document_start and the main script's document_idle are
    // that far apart.
    await page.route('**/fixtures/slow-script.js', async (route) => {
      await new Promise((r) => setTimeout(r, 600));
      await route.fulfill({ contentType: 'text/javascript', body: 'window.slowScriptRan = true;' });
    });
    server.override('/fixtures/slow.html', `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Vote</title><script src="/fixtures/slow-script.js"></script><script type="application/ld+json">{"@type":"NewsArticle"}</script></head><body><article><h1>Budget vote</h1>${
      Array.from({ length: 6 }, (_, i) => `<p>“We will pass budget number ${i} before the summer,” said Jane Smith, the mayor of the town, on Tuesday. The council met for a long session on the roads and the schools.</p>`).join('')}</article></body></html>`);
    await ext.worker.evaluate(() => {
      const asked: number[] = [];
      const listen = (m: { type?: string }) => { if (m?.type === 'content/get-settings') asked.push(Date.now()); return undefined; };
      Object.assign(globalThis, { settingsAsked: asked, settingsListener: listen });
      chrome.runtime.onMessage.addListener(listen);
    });
    try {
      await page.goto(`${server.origin}/fixtures/slow.html`, { waitUntil: 'load' });
      await page.waitForFunction(() => performance.getEntriesByName('quotelens:done').length > 0, null, { timeout: 30_000 });
      const seen = await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        return {
          ran: (window as unknown as { slowScriptRan?: boolean }).slowScriptRan === true,
          domContentLoaded: performance.timeOrigin + nav.domContentLoadedEventStart,
          start: performance.timeOrigin + performance.getEntriesByName('quotelens:start')[0].startTime,
          quotes: ((performance.getEntriesByName('quotelens:painted')[0] as PerformanceMark | undefined)?.detail as { quotes: number } | undefined)?.quotes,
        };
      });
      const asked = await ext.worker.evaluate(() => (globalThis as unknown as { settingsAsked: number[] }).settingsAsked);
      expect(seen.ran).toBe(true);
      expect(seen.quotes).toBe(6);
      expect(asked).toHaveLength(1); // the main script did not ask again
      expect(asked[0]).toBeLessThan(seen.domContentLoaded - 400); // asked while the page's script was on its way
      expect(asked[0]).toBeLessThan(seen.start - 400);
    } finally {
      await page.unroute('**/fixtures/slow-script.js');
      server.override('/fixtures/slow.html', null);
      await ext.worker.evaluate(() => chrome.runtime.onMessage.removeListener((globalThis as unknown as { settingsListener: Parameters<typeof chrome.runtime.onMessage.removeListener>[0] }).settingsListener));
    }
  }, 60_000);
});
