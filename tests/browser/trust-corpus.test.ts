// Every page of ../shared/corpus (dev and pages: news, blogs, Wikipedia, recipes, RTL, CJK, broken markup)
// loaded with the extension in one Chromium, a few tabs in turn: no uncaught error, console error or
// warning from the extension on any page or in the service worker, and the content script finishes on
// each page. Prints the time spent per page.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, type ExtensionBrowser, type StaticServer } from '../../scripts/lib/extension-browser';
import { closeAll, contentTiming, openServerAndExtension, visit, watchExtensionErrors, workerErrors, type ExtensionError, type PageTiming } from './trust-lib';

const pages = ['dev', 'pages'].flatMap((dir) => readdirSync(join(CORPUS, dir)).filter((f) => f.endsWith('.html')).sort().map((f) => `${dir}/${f}`));
const TABS = 3;

let server: StaticServer;
let ext: ExtensionBrowser;
beforeAll(async () => {
  ({ server, ext } = await openServerAndExtension({ offline: true, trapWorkerErrors: true }));
});
afterAll(() => closeAll(ext, server));

describe('QuoteLens on every page of the corpus', () => {
  it(`loads all ${pages.length} pages without an error from the extension, and says how long each took`, async () => {
    expect(pages.length).toBeGreaterThanOrEqual(115);
    const errors: ExtensionError[] = [];
    const timings: (PageTiming & { page: string })[] = [];
    const tabs: Page[] = [];
    for (let i = 0; i < TABS; i++) {
      const tab = await ext.context.newPage();
      await watchExtensionErrors(tab, errors);
      tabs.push(tab);
    }
    // Tabs take pages in turn: one loads while the others keep the previous page (and its content script) alive.
    let next = 0;
    await Promise.all(tabs.map(async (tab) => {
      while (next < pages.length) {
        const name = pages[next++];
        await visit(tab, `${server.origin}/corpus/${name}`);
        timings.push({ page: name, ...(await contentTiming(tab)) });
      }
    }));
    const swErrors = await workerErrors(ext);

    const rows = timings.sort((a, b) => b.sinceNavigation - a.sinceNavigation);
    const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(0).padStart(6) : '     -');
    const median = (xs: number[]) => xs.filter(Number.isFinite).sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const lines = [
      `QuoteLens on ${rows.length} corpus pages (${TABS} tabs, one Chromium): ${rows.filter((r) => r.article).length} articles, ${rows.reduce((n, r) => n + r.quotes, 0)} quotes`,
      `median content-script work ${median(rows.map((r) => r.work)).toFixed(0)} ms, median main-thread busy ${median(rows.map((r) => r.busy)).toFixed(1)} ms, longest task overall ${Math.max(...rows.map((r) => r.longestTask)).toFixed(1)} ms`,
      'slowest 15 pages:      page                                             article quotes  work   busy  longest  since-nav (ms)',
      ...rows.slice(0, 15).map((r) => `  ${r.page.padEnd(58).slice(0, 58)} ${String(r.article).padEnd(6)} ${String(r.quotes).padStart(5)} ${fmt(r.work)} ${fmt(r.busy)} ${fmt(r.longestTask)} ${fmt(r.sinceNavigation)}`),
    ];
    console.log(lines.join('\n'));
    if (errors.length || swErrors.length) console.log('extension errors:', JSON.stringify({ errors, swErrors }, null, 1));

    expect(errors).toEqual([]);
    expect(swErrors).toEqual([]);
    expect(rows.filter((r) => !r.done).map((r) => r.page)).toEqual([]);
    // The seed article and the labelled pages are articles with quotes.
    expect(rows.find((r) => r.page === 'dev/seed-roscosmos.html')?.quotes).toBeGreaterThanOrEqual(12);
  }, 600_000);
});
