// `npm run bench -- library [--json]`: the library page in real Chromium (built extension, real IndexedDB)
// with 100,000 generated annotations. Every time is measured inside the page with performance.now()
// around the code the page's own controls run:
//   open_ms             navigation start -> first screen of rows in the DOM (the page's "library-first-rows"
//                       mark, taken in the frame after they render), median of 3 loads
//   search_ms           text typed in the search box -> its first rows in the DOM (median of 3 searches). Timed
//                       from the query's start: the page's 150 ms pause-in-typing wait is not included.
//   filter_ms           a filter chosen -> its first rows in the DOM (median of sentiment, speaker, tag, tag+site)
//   export_csv_ms       streaming CSV export of everything into a Blob (what "Export everything" saves)
//   export_jsonld_ms    the same as Web Annotation JSON-LD
//   export_*_longest_stall_ms  (extra fields) the longest gap between two turns of a 0 ms timer during that export
//   import_ms           that JSON-LD file parsed, validated and written back into an emptied library
//   baseline_search_ms  the same searches done the naive way: read every record, filter and sort in memory
// A result's total is counted after its first rows (once the reader pauses), so it is in none of these times.
// QL_BENCH_N overrides the number of annotations (quick runs; report the 100,000 figures). QL_BENCH_ONLY=open,search
// (any of open, search, filter, baseline, export, import) runs only those parts while iterating: the figures
// of the parts left out are null, and the default runs everything. QL_BENCH_PHASES=1
// also prints (stderr) the import's phases, each timed on its own (see importPhases in the library hook).
import type { Page } from 'playwright-core';
import type { LibraryHook } from '../components/library/hook';
import { launchWithExtension } from './lib/extension-browser';

declare const quoteLensLibrary: LibraryHook;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number) => Math.round(x * 10) / 10;
/** The median, rounded; null for a part not run (QL_BENCH_ONLY). */
const figure = (xs: number[]) => (xs.length ? round(median(xs)) : null);

const PARTS = ['open', 'search', 'filter', 'baseline', 'export', 'import'] as const;
/** Whether this part of the bench runs: all of them unless QL_BENCH_ONLY names some. */
function runs(part: (typeof PARTS)[number]): boolean {
  const only = process.env.QL_BENCH_ONLY;
  if (!only) return true;
  const names = only.split(',').map((s) => s.trim());
  const unknown = names.filter((x) => !(PARTS as readonly string[]).includes(x));
  if (unknown.length) throw new Error(`QL_BENCH_ONLY: unknown part ${unknown.join(', ')}; choose from ${PARTS.join(', ')}`);
  return names.includes(part);
}

async function openLibrary(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await page.waitForFunction(() => document.documentElement.dataset.firstRowsMs !== undefined, null, { timeout: 60_000 });
  return Number(await page.evaluate(() => document.documentElement.dataset.firstRowsMs));
}

/** Runs `act` (a UI change) and returns the page's own measurement of the query it started. */
async function measuredQuery(page: Page, act: () => Promise<void>): Promise<number> {
  const before = await page.getAttribute('[data-testid="count"]', 'data-query-seq');
  await act();
  await page.waitForFunction((b) => {
    const el = document.querySelector('[data-testid="count"]');
    return el && el.getAttribute('data-query-seq') !== b && el.getAttribute('data-query-ms') !== null;
  }, before, { timeout: 60_000 });
  return Number(await page.getAttribute('[data-testid="count"]', 'data-query-ms'));
}

export async function benchLibrary({ json }: { json: boolean }): Promise<void> {
  const n = Number(process.env.QL_BENCH_N ?? 100_000);
  const log = (...a: unknown[]) => !json && console.log(...a);
  const progress = (what: string) => process.stderr.write(`bench library: ${what}\n`);
  const ext = await launchWithExtension();
  try {
    const page = await ext.context.newPage();
    const url = `chrome-extension://${ext.extensionId}/library.html`;
    await openLibrary(page, url);
    progress(`seeding ${n} annotations`);
    const seeded = await page.evaluate((count) => quoteLensLibrary.seed(count), n);
    log(`seeded ${n.toLocaleString('en')} annotations in ${Math.round(seeded.ms)} ms`);

    progress('first screen');
    const opens: number[] = [];
    if (runs('open')) for (let i = 0; i < 3; i++) opens.push(await openLibrary(page, url));

    const searches = ['housing', 'energy prices', 'orbit launch'];
    const searchMs: number[] = [];
    if (runs('search')) {
      for (const q of searches) {
        searchMs.push(await measuredQuery(page, () => page.fill('[data-testid="search"]', q)));
      }
      await measuredQuery(page, () => page.fill('[data-testid="search"]', ''));
    }

    const filterMs: number[] = [];
    if (runs('filter')) {
      filterMs.push(await measuredQuery(page, () => page.selectOption('[data-testid="filter-sentiment"]', 'negative').then(() => undefined)));
      await measuredQuery(page, () => page.selectOption('[data-testid="filter-sentiment"]', '').then(() => undefined));
      filterMs.push(await measuredQuery(page, () => page.fill('[data-testid="filter-speaker"]', 'anna muller')));
      await measuredQuery(page, () => page.fill('[data-testid="filter-speaker"]', ''));
      filterMs.push(await measuredQuery(page, async () => {
        await page.fill('[data-testid="filter-tag"]', 'budget');
      }));
      filterMs.push(await measuredQuery(page, () => page.selectOption('[data-testid="filter-site"]', { index: 3 }).then(() => undefined)));
    }

    const baseline: number[] = [];
    if (runs('baseline')) {
      for (const q of searches) baseline.push((await page.evaluate((text) => quoteLensLibrary.baseline({ text }), q)).ms);
      // Same answers both ways (a check, not a timing).
      const check = await page.evaluate(async (text) => [await quoteLensLibrary.query({ text }), await quoteLensLibrary.baseline({ text })], searches[1]);
      if (check[0].total !== check[1].total || check[0].first.join() !== check[1].first.join()) throw new Error('indexed search and baseline disagree');
    }

    if (runs('export') || runs('import')) progress('exports and import');
    type Exported = Awaited<ReturnType<LibraryHook['exportAll']>>;
    let csv: Exported | null = null;
    let jsonld: Exported | null = null;
    if (runs('export')) {
      csv = await page.evaluate(() => quoteLensLibrary.exportAll('csv'));
      jsonld = await page.evaluate(() => quoteLensLibrary.exportAll('jsonld'));
      progress(`export: longest event-loop stall ${round(csv.longestStallMs)} ms (CSV), ${round(jsonld.longestStallMs)} ms (JSON-LD)`);
    }
    let imported: Awaited<ReturnType<LibraryHook['roundTrip']>> | null = null;
    if (runs('import')) {
      imported = await page.evaluate(() => quoteLensLibrary.roundTrip());
      const after = await page.evaluate(() => quoteLensLibrary.count());
      if (after !== n || imported.counts.added !== n) throw new Error(`round trip lost data: ${after} of ${n}`);
    }

    if (process.env.QL_BENCH_PHASES) {
      // Where the import's time goes (parse+validate, derive, dedupe lookups, writes alone, whole import, re-import).
      const phases = await page.evaluate(() => quoteLensLibrary.importPhases());
      progress(`import phases: ${Object.entries(phases).map(([k, v]) => `${k} ${round(v)}`).join(', ')}`);
    }

    const result = {
      annotations: n,
      open_ms: figure(opens),
      search_ms: figure(searchMs),
      filter_ms: figure(filterMs),
      export_csv_ms: csv && round(csv.ms),
      export_jsonld_ms: jsonld && round(jsonld.ms),
      import_ms: imported && round(imported.ms),
      baseline_search_ms: figure(baseline),
      // Extra: the longest the page's event loop waited during each export (the page must not freeze).
      export_csv_longest_stall_ms: csv && round(csv.longestStallMs),
      export_jsonld_longest_stall_ms: jsonld && round(jsonld.longestStallMs),
    };
    if (json) {
      console.log(JSON.stringify(result));
      return;
    }
    log(`first screen      ${result.open_ms} ms (loads: ${opens.map(round).join(', ')})`);
    log(`search            ${result.search_ms} ms (${searches.map((q, i) => `"${q}" ${round(searchMs[i])}`).join(', ')})`);
    log(`filter            ${result.filter_ms} ms (sentiment, speaker, tag, tag+site: ${filterMs.map(round).join(', ')})`);
    log(`baseline search   ${result.baseline_search_ms} ms (load everything, filter in memory)`);
    if (csv) log(`CSV export        ${result.export_csv_ms} ms (${(csv.bytes / 1e6).toFixed(1)} MB; page never stalled over ${round(csv.longestStallMs)} ms)`);
    if (jsonld) log(`JSON-LD export    ${result.export_jsonld_ms} ms (${(jsonld.bytes / 1e6).toFixed(1)} MB; page never stalled over ${round(jsonld.longestStallMs)} ms)`);
    if (imported) log(`JSON-LD import    ${result.import_ms} ms (${imported.counts.added} added)`);
  } finally {
    await ext.close();
  }
}
