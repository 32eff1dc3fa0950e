// The quote engine runs in the extension's background (content/extract-quotes), warm across pages, and the
// page paints its answer: the same quotes as the command-line extractor, for long and short articles alike. When the background answers
// something the protocol refuses, the page finds its quotes itself and is highlighted all the same.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, ROOT, badgeOf, highlightsOf, launchWithExtension, startServer, tabIdOf, type ExtensionBrowser, type StaticServer } from '../../scripts/lib/extension-browser';

// Long articles (wikipedia-2, 130k characters, is read whole there, as the command-line extractor reads it:
// on the page it would be cut in engine slices), and short ones in three languages.
const LONG = ['pages/archive-of-our-own.html', 'pages/clean-links.html', 'pages/wikipedia-2.html'];
const SHORT = ['dev/nytimes-1.html', 'dev/lemonde-1.html', 'dev/folha.html'];
const FILES = [...LONG, ...SHORT];

let server: StaticServer;
let ext: ExtensionBrowser;
let page: Page;
let cli: Map<string, { all: number; shown: number }>;

interface Visit { engine: { where: string; why?: string; ms?: number } | undefined; painted: number; badge: string; quotes: number; detected: number }

async function visit(file: string): Promise<Visit> {
  await page.goto(`${server.origin}/corpus/${file}`, { waitUntil: 'load' });
  await page.waitForFunction(() => performance.getEntriesByName('quotelens:done').length > 0, null, { timeout: 30_000 });
  const marks = await page.evaluate(() => ({
    engine: (performance.getEntriesByName('quotelens:engine')[0] as PerformanceMark | undefined)?.detail,
    painted: ((performance.getEntriesByName('quotelens:painted')[0] as PerformanceMark | undefined)?.detail as { quotes: number } | undefined)?.quotes ?? -1,
  }));
  const tabId = await tabIdOf(ext, page);
  const state = await ext.worker.evaluate((id) => chrome.tabs.sendMessage(id, { type: 'popup/get-page' }), tabId) as { quotes: unknown[] };
  const sizes = await highlightsOf(page);
  return { ...marks, badge: await badgeOf(ext, page), quotes: state.quotes.length, detected: sizes.detected ?? 0 };
}

beforeAll(async () => {
  server = await startServer();
  ext = await launchWithExtension();
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

describe('the quote engine in the background', () => {
  it('paints the quotes the background found, on long and short articles: as many as the command-line extractor finds', async () => {
    for (const file of FILES) {
      const v = await visit(file);
      const want = cli.get(file)!;
      expect(want.shown, file).toBeGreaterThan(0);
      expect(v.engine, file).toEqual({ where: 'background', ms: expect.any(Number) });
      expect(v.quotes, file).toBe(want.all);
      expect(v.painted, file).toBe(want.shown);
      expect(v.badge, file).toBe(String(want.shown));
      expect(v.detected, file).toBeGreaterThan(0);
    }
  }, 120_000);

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
    // The background answers again: the next page is back to it.
    expect((await visit('pages/wikipedia-2.html')).engine?.where).toBe('background');
  }, 120_000);
});
