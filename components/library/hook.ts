// `window.quoteLensLibrary`: the library page's own functions, for the benchmark and the browser tests
// (playwright's page.evaluate). It exposes nothing a script in this extension page could not already
// reach, and each function is the same code path the page's buttons use.
import type { Annotation } from '../../utils/annotation';
import { countAnnotations } from '../../utils/annotation-store';
import { toStored, type QuoteLensDB } from '../../utils/db';
import type { ExportFormat } from '../../utils/export/formats';
import { clearLibrary, loadAllThenFilter, queryLibrary, type LibraryFilter } from '../../utils/library-query';

// Loaded on first use, like the page's own export and import: none of it is on the first screen's path.
const actions = () => import('./actions');
const importer = () => import('../../utils/import/index');
const sampler = () => import('../../utils/library-sample');

export function installLibraryHook(db: QuoteLensDB) {
  const hook = {
    db,
    /** Adds `count` generated annotations (deterministic from `seed`), in transactions of `batch`. */
    async seed(count: number, seed = 7, batch = 10_000) {
      const { sampleAnnotations } = await sampler();
      const t0 = performance.now();
      for (let done = 0; done < count; done += batch) {
        const part = sampleAnnotations(Math.min(batch, count - done), seed + done);
        await db.transaction('rw', db.annotations, () => db.annotations.bulkPut(part.map(toStored)));
      }
      return { ms: performance.now() - t0 };
    },
    /** Writes these annotations (the import path: validated ids, derived fields recomputed). */
    add: async (list: Annotation[], chunk?: number) => (await importer()).importAnnotations(db, list, chunk ? { chunk } : {}),
    /** Generated annotations (no writing), e.g. to time importAnnotations on them. */
    sample: async (count: number, seed = 7) => (await sampler()).sampleAnnotations(count, seed),
    count: () => countAnnotations(db),
    clear: () => clearLibrary(db),
    /** The query the page runs plus reading its first screen of rows. */
    async query(filter: LibraryFilter, rows = 40) {
      const t0 = performance.now();
      const set = await queryLibrary(db, filter);
      const first = await set.fetch(0, rows);
      const ms = performance.now() - t0;
      return { ms, total: set.total ?? (await set.count()), plan: set.plan, first: first.map((a) => a.id) };
    },
    async baseline(filter: LibraryFilter) {
      const t0 = performance.now();
      const all = await loadAllThenFilter(db, filter);
      return { ms: performance.now() - t0, total: all.length, first: all.slice(0, 40).map((a) => a.id) };
    },
    /** Exports everything; `longestStallMs` is the longest the page's event loop waited meanwhile (does the page freeze?). */
    async exportAll(format: ExportFormat) {
      const { exportEverything } = await actions();
      let longestStallMs = 0;
      let last = performance.now();
      let watching = true;
      const tick = () => {
        const now = performance.now();
        longestStallMs = Math.max(longestStallMs, now - last);
        last = now;
        if (watching) setTimeout(tick, 0);
      };
      setTimeout(tick, 0);
      const t0 = performance.now();
      const file = await exportEverything(db, format);
      const ms = performance.now() - t0;
      watching = false;
      return { ms, longestStallMs, bytes: file.blob.size, count: file.count, filename: file.filename };
    },
    /**
     * Where an import's time goes: the same JSON-LD round trip, each phase timed on its own (parse and
     * validate; derive the stored records; a bulkGet per chunk of absent ids; the chunked bulkPuts alone;
     * the whole import into an empty library; the same import again, all unchanged), plus the average
     * number of word and tag index entries per record.
     */
    async importPhases(chunk = 2000) {
      const [{ exportEverything }, { importAnnotations, parseImport }] = await Promise.all([actions(), importer()]);
      const file = await exportEverything(db, 'jsonld');
      const text = await file.blob.text();
      await clearLibrary(db);
      const time = async (f: () => unknown) => {
        const t0 = performance.now();
        await f();
        return performance.now() - t0;
      };
      let parsed!: ReturnType<typeof parseImport>;
      const parse_ms = await time(() => (parsed = parseImport(text)));
      const list = parsed.annotations;
      const derive_ms = await time(() => list.map(toStored));
      const stored = list.map(toStored);
      const lookup_ms = await time(async () => {
        for (let i = 0; i < list.length; i += chunk) await db.annotations.bulkGet(list.slice(i, i + chunk).map((a) => a.id));
      });
      const put_ms = await time(async () => {
        for (let i = 0; i < stored.length; i += chunk) await db.transaction('rw', db.annotations, () => db.annotations.bulkPut(stored.slice(i, i + chunk)));
      });
      await clearLibrary(db);
      const import_ms = await time(() => importAnnotations(db, list, { chunk }));
      const reimport_ms = await time(() => importAnnotations(db, list, { chunk }));
      const words = stored.reduce((n, s) => n + s.words.length, 0) / stored.length;
      const tagTimes = stored.reduce((n, s) => n + s.tagTimes.length, 0) / stored.length;
      return { n: list.length, parse_ms, derive_ms, lookup_ms, put_ms, import_ms, reimport_ms, words, tagTimes };
    },
    /** Exports everything as JSON-LD, clears, imports the file back; times the import only. */
    async roundTrip() {
      const { exportEverything, importText } = await actions();
      const file = await exportEverything(db, 'jsonld');
      const text = await file.blob.text();
      await clearLibrary(db);
      const t0 = performance.now();
      const outcome = await importText(db, text);
      return { ms: performance.now() - t0, counts: outcome.counts, bytes: file.blob.size };
    },
  };
  (globalThis as { quoteLensLibrary?: typeof hook }).quoteLensLibrary = hook;
  return hook;
}
export type LibraryHook = ReturnType<typeof installLibraryHook>;
