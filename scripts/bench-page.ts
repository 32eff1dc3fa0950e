// `npm run bench -- page [--json]`: the built extension in real Chromium over every page of ../shared/corpus
// (dev and pages). Per page: time from the content script's start (mark `quotelens:start`) to highlights
// painted (`quotelens:painted`; for a page that is not an article, to `quotelens:done`, when it gave up),
// and the longest task QuoteLens ran (the `quotelens:task` measures it leaves around each slice of work);
// the human output also splits QuoteLens's busy time into the engine's part and the page layer's reading.
// On the page with the longest article: 500 saved annotations re-anchored on an edited version of its text
// with the anchor index (built once), next to the former algorithm (a full-text search per annotation),
// both in the same page of the same browser.
// Then the longest article once right after the extension's service worker was stopped (cold start), and again warm.
// Each line also gives how long the content script took to load (from `quotelens:script`, before its bundle is
// evaluated, to `quotelens:start`), which the time to highlights does not count.
//   --sites serves each page from a site of its own (pN.test), as real news sites are: each gets a fresh
//   renderer process, where nothing of the script is compiled yet (by default all pages share 127.0.0.1's).
//   --json prints {"pages": [{"page", "quotes", "ms_to_highlights", "longest_task_ms"}], "reanchor": {"annotations", "ms", "baseline_ms"},
//   "cold": {"page", "ms_to_highlights", "longest_task_ms", "warm_ms_to_highlights", "warm_longest_task_ms"} | null}
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { CDPSession, Page } from 'playwright-core';
import { CORPUS, ROOT, launchWithExtension, startServer, stopServiceWorker } from './lib/extension-browser';

interface PageRow { page: string; quotes: number; ms_to_highlights: number; longest_task_ms: number }
interface Reanchor { annotations: number; ms: number; baseline_ms: number; placed: number; baseline_placed: number; agree: number }

/** Runs in the page (main world): our page layer and anchoring, bundled. */
const PROBE = `
import { readArticle } from './utils/page/read-article';
import { AnchorIndex, anchorQuoteFullScan, selectorFor } from './utils/anchoring/text-anchor';
(globalThis as any).__quotelensProbe = (n: number) => {
  const text = readArticle(document).article.text;
  // n annotations spread over the text, 40 to 160 characters, cut at word boundaries.
  const sels = [];
  for (let i = 0; i < n; i++) {
    let s = Math.floor(((i + 0.5) / n) * (text.length - 200));
    while (s > 0 && /\\S/.test(text[s - 1])) s--;
    let e = Math.min(text.length, s + 40 + ((i * 37) % 120));
    while (e < text.length && /\\S/.test(text[e])) e++;
    sels.push(selectorFor(text, s, e));
  }
  // The article edited after the annotations were made: a paragraph above (everything moved), a typo fixed
  // in every 10th quote, every 25th quote deleted.
  let edited = text;
  for (let i = n - 1; i >= 0; i--) {
    const a = sels[i];
    if (i % 25 === 7) edited = edited.slice(0, a.start) + edited.slice(a.end);
    else if (i % 10 === 3) { const m = a.start + (a.end - a.start >> 1); edited = edited.slice(0, m) + 'x' + edited.slice(m + 1); }
  }
  edited = 'An editor\\u2019s note was added at the top of this article after it was published.\\n\\n' + edited;
  const t0 = performance.now();
  const index = new AnchorIndex(edited);
  const fast = sels.map((s) => index.anchor(s));
  const t1 = performance.now();
  const slow = sels.map((s) => anchorQuoteFullScan(edited, s));
  const t2 = performance.now();
  let agree = 0;
  for (let i = 0; i < n; i++) if ((fast[i] === null) === (slow[i] === null) && (!fast[i] || (fast[i].start === slow[i].start && fast[i].end === slow[i].end))) agree++;
  return { annotations: n, ms: t1 - t0, baseline_ms: t2 - t1, placed: fast.filter(Boolean).length, baseline_placed: slow.filter(Boolean).length, agree };
};
`;

async function probeBundle(): Promise<string> {
  const out = await build({ stdin: { contents: PROBE, resolveDir: ROOT, loader: 'ts', sourcefile: 'probe.ts' }, bundle: true, format: 'iife', write: false, target: 'es2022', logLevel: 'silent' });
  return out.outputFiles[0].text;
}

/**
 * Resolves in the page at QuoteLens's `done` mark: one call, not a poll every few milliseconds (each would be a
 * task on the page's main thread, and a message through the browser, inside the time measured).
 */
const WAIT_FOR_DONE = `new Promise((resolve) => {
  if (performance.getEntriesByName('quotelens:done').length) { resolve(true); return; }
  const observer = new PerformanceObserver(() => {
    if (performance.getEntriesByName('quotelens:done').length) { observer.disconnect(); resolve(true); }
  });
  observer.observe({ type: 'mark' });
})`;

/** Loads one page and waits for QuoteLens to be done with it; its marks and task measures, or null (timed out). */
async function visit(page: Page, cdp: CDPSession, url: string) {
  await page.goto(url, { waitUntil: 'load', timeout: 60_000 }).catch(() => undefined);
  // Through the DevTools protocol's own Runtime.evaluate, not page.evaluate: Playwright's first evaluation in a
  // document installs its utility script there, 18-26 ms of the page's main thread on the long pages, which
  // came right at the load event, while QuoteLens was still waiting for its quotes (seen in a trace).
  const done = await Promise.race([
    cdp.send('Runtime.evaluate', { expression: WAIT_FOR_DONE, awaitPromise: true, returnByValue: true }).then((r) => r.result.value === true).catch(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 30_000)),
  ]);
  if (!done) return null;
  return page.evaluate(() => {
    const done = performance.getEntriesByName('quotelens:done')[0] as PerformanceMark | undefined;
    if (!done) return null;
    const start = performance.getEntriesByName('quotelens:start')[0] as PerformanceMark | undefined;
    const script = performance.getEntriesByName('quotelens:script')[0] as PerformanceMark | undefined;
    const painted = performance.getEntriesByName('quotelens:painted')[0] as PerformanceMark | undefined;
    const tasks = performance.getEntriesByName('quotelens:task');
    const detail = (painted?.detail ?? {}) as { quotes?: number; chars?: number };
    const settings = performance.getEntriesByName('quotelens:settings')[0];
    const engine = (performance.getEntriesByName('quotelens:engine')[0] as PerformanceMark | undefined)?.detail as { where: string; ms?: number; why?: string } | undefined;
    const firstPaint = performance.getEntriesByName('quotelens:first-paint')[0];
    const worst = tasks.reduce<PerformanceEntry | null>((m, t) => (!m || t.duration > m.duration ? t : m), null);
    // (no named helper functions in here: tsx would wrap them in a __name() the page does not have)
    let engineMs = 0;
    let readMs = 0;
    for (const t of tasks) {
      const label = (t as PerformanceMeasure).detail;
      if (label === 'engine') engineMs += t.duration;
      else if (label === 'root' || label === 'read') readMs += t.duration;
    }
    return {
      engine: engine ? (engine.where === 'background' ? `engine in the background (${engine.why}), ${engine.ms} ms there and back` : `engine on the page: ${engine.why}`) : 'engine on the page',
      engineMs,
      readMs,
      firstMs: firstPaint ? firstPaint.startTime - (start?.startTime ?? 0) : -1,
      loadMs: start && script ? start.startTime - script.startTime : -1,
      settingsMs: settings ? settings.startTime - (start?.startTime ?? 0) : -1,
      worstLabel: worst ? String((worst as PerformanceMeasure).detail) : '',
      busy: tasks.reduce((m, t) => m + t.duration, 0),
      ms: (painted ?? done).startTime - (start?.startTime ?? 0),
      longest: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
      quotes: detail.quotes ?? 0,
      chars: detail.chars ?? 0,
    };
  }).catch(() => null);
}

export async function benchPage(opts: { json: boolean; sites?: boolean }): Promise<void> {
  const only = process.env.BENCH_PAGES ? new RegExp(process.env.BENCH_PAGES) : null; // development: a few pages
  const files = ['dev', 'pages'].flatMap((dir) => readdirSync(join(CORPUS, dir)).filter((f) => f.endsWith('.html')).sort().map((f) => `${dir}/${f}`))
    .filter((f) => !only || only.test(f));
  const server = await startServer();
  // Pages must not reach the network: no host name resolves but 127.0.0.1 and the test's own pN.test.
  const ext = await launchWithExtension({ offline: true });
  const rows: PageRow[] = [];
  let longest = { file: '', chars: -1 };
  try {
    const page = await ext.context.newPage();
    const cdp = await ext.context.newCDPSession(page);
    const loads: number[] = [];
    const port = new URL(server.origin).port;
    for (const [i, file] of files.entries()) {
      const r = await visit(page, cdp, opts.sites ? `http://p${i}.test:${port}/corpus/${file}` : `${server.origin}/corpus/${file}`);
      if (!r) {
        rows.push({ page: file, quotes: 0, ms_to_highlights: -1, longest_task_ms: -1 });
        continue;
      }
      rows.push({ page: file, quotes: r.quotes, ms_to_highlights: +r.ms.toFixed(1), longest_task_ms: +r.longest.toFixed(1) });
      if (r.chars > longest.chars) longest = { file, chars: r.chars };
      if (r.loadMs >= 0) loads.push(r.loadMs);
      if (!opts.json) console.log(`${file.padEnd(40)} ${String(r.quotes).padStart(5)} quotes  ${r.ms.toFixed(1).padStart(7)} ms to highlights (first ${r.firstMs.toFixed(1)} ms; script load ${r.loadMs.toFixed(1)} ms before)  longest task ${r.longest.toFixed(1).padStart(6)} ms (${r.worstLabel}; settings after ${r.settingsMs.toFixed(1)} ms, busy ${r.busy.toFixed(1)} ms: engine ${r.engineMs.toFixed(1)}, root and text ${r.readMs.toFixed(1)}; ${r.engine})`);
    }
    // The first page after the service worker was stopped (idle, or killed by the browser): it starts cold,
    // with a cold engine. Measured on the longest article, then the same page again, warm.
    const stopped = longest.file ? await stopServiceWorker(ext) : false;
    const coldRun = stopped ? await visit(page, cdp, `${server.origin}/corpus/${longest.file}`) : null;
    const warmRun = coldRun ? await visit(page, cdp, `${server.origin}/corpus/${longest.file}`) : null;
    const cold = coldRun && warmRun ? { page: longest.file, ms_to_highlights: +coldRun.ms.toFixed(1), longest_task_ms: +coldRun.longest.toFixed(1), warm_ms_to_highlights: +warmRun.ms.toFixed(1), warm_longest_task_ms: +warmRun.longest.toFixed(1) } : null;
    // Re-anchoring on the longest article, in the page's own main world.
    await page.goto(`${server.origin}/corpus/${longest.file}`, { waitUntil: 'load' }).catch(() => undefined);
    await page.addScriptTag({ content: await probeBundle() });
    const runs: Reanchor[] = [];
    for (let i = 0; i < 3; i++) runs.push(await page.evaluate(() => (globalThis as unknown as { __quotelensProbe(n: number): Reanchor }).__quotelensProbe(500)));
    runs.sort((a, b) => a.ms - b.ms);
    const re = runs[1]; // median of 3
    const reanchor = { annotations: re.annotations, ms: +re.ms.toFixed(1), baseline_ms: +re.baseline_ms.toFixed(1) };
    if (opts.json) {
      console.log(JSON.stringify({ pages: rows, reanchor, cold }));
      return;
    }
    const ok = rows.filter((r) => r.ms_to_highlights >= 0);
    const worst = (k: 'ms_to_highlights' | 'longest_task_ms') => ok.reduce((m, r) => (r[k] > m[k] ? r : m), ok[0]);
    console.log(`\npages ${rows.length}, timed out ${rows.length - ok.length}`);
    console.log(`slowest to highlights: ${worst('ms_to_highlights').page} ${worst('ms_to_highlights').ms_to_highlights} ms; over 50 ms: ${ok.filter((r) => r.ms_to_highlights > 50).length}`);
    console.log(`longest task: ${worst('longest_task_ms').page} ${worst('longest_task_ms').longest_task_ms} ms; over 50 ms: ${ok.filter((r) => r.longest_task_ms > 50).length}`);
    const median = [...ok].sort((a, b) => a.ms_to_highlights - b.ms_to_highlights)[ok.length >> 1]?.ms_to_highlights ?? -1;
    console.log(`median to highlights: ${median} ms`);
    const sortedLoads = [...loads].sort((a, b) => a - b);
    console.log(`script load before the start (not counted above): median ${sortedLoads[sortedLoads.length >> 1]?.toFixed(1)} ms, max ${sortedLoads[sortedLoads.length - 1]?.toFixed(1)} ms${opts.sites ? ' (a site of its own for each page)' : ' (all pages from one site)'}`);
    if (coldRun && warmRun) {
      console.log(`after a service-worker stop (cold): ${longest.file} ${coldRun.ms.toFixed(1)} ms to highlights, longest task ${coldRun.longest.toFixed(1)} ms (${coldRun.engine}); the same page warm right after: ${warmRun.ms.toFixed(1)} ms, longest task ${warmRun.longest.toFixed(1)} ms (${warmRun.engine})`);
    } else console.log(`after a service-worker stop (cold): not measured (${stopped ? 'the page timed out' : 'the worker could not be stopped'})`);
    console.log(`re-anchor ${re.annotations} on ${longest.file} (${longest.chars} chars, edited): ${reanchor.ms} ms with the index (placed ${re.placed}), baseline ${reanchor.baseline_ms} ms (placed ${re.baseline_placed}); same answer for ${re.agree}`);
  } finally {
    await ext.close();
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchPage({ json: process.argv.includes('--json'), sites: process.argv.includes('--sites') }).catch((e) => { console.error(e); process.exit(1); });
}
