// The library's export of everything (components/library/actions.ts) on fake-indexeddb: the chunked reads
// continue by key, so no annotation is lost or repeated where a chunk ends, even among equal keys.
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { articleOrderChunks, buildExport, exportEverything } from '../../components/library/actions';
import type { Annotation } from '../../utils/annotation';
import { QuoteLensDB } from '../../utils/db';
import { toCsv } from '../../utils/export/csv';
import { markdownBody, markdownHeader } from '../../utils/export/markdown';
import { importAnnotations } from '../../utils/import/index';
import { sampleAnnotations } from '../../utils/library-sample';

let n = 0;
const openDb = () => new QuoteLensDB(`library-export-test-${Date.now()}-${n++}`, { indexedDB, IDBKeyRange });

/** 60 annotations on 4 pages where many share one page and start (runs of equal [pageKey+start] keys, up to 13 long). */
function withTies(): Annotation[] {
  return sampleAnnotations(60, 5).map((a, i) => ({ ...a, pageKey: `https://news.example.com/${i % 4}`, url: `https://news.example.com/${i % 4}`, start: i % 7 < 5 ? 100 : i }));
}
const articleOrder = (list: Annotation[]) =>
  [...list].sort((x, y) => (x.pageKey < y.pageKey ? -1 : x.pageKey > y.pageKey ? 1 : 0) || x.start - y.start || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));

describe('export of everything', () => {
  it('reads in article then text order, each annotation once, whatever the chunk size', async () => {
    const db = openDb();
    const list = withTies();
    await importAnnotations(db, list);
    const expected = articleOrder(list).map((a) => a.id);
    for (const size of [1, 2, 3, 5, 7, 13, 14, 59, 60, 1000]) {
      const ids: string[] = [];
      for await (const chunk of articleOrderChunks(db, size)) {
        expect(chunk.length).toBeLessThanOrEqual(size);
        ids.push(...chunk.map((a) => a.id));
      }
      expect(ids, `chunks of ${size}`).toEqual(expected);
    }
  });

  it('writes everything: Markdown by article, JSON-LD and CSV with every annotation once', async () => {
    const db = openDb();
    const list = [...withTies(), ...sampleAnnotations(1200, 9)];
    await importAnnotations(db, list);
    const md = await (await exportEverything(db, 'markdown')).blob.text();
    // One section per article, in [pageKey+start] order (the header line carries today's date).
    expect(md.slice(markdownHeader().length)).toBe(markdownBody(articleOrder(list)).text);
    const jsonld = await exportEverything(db, 'jsonld');
    const parsed = JSON.parse(await jsonld.blob.text());
    expect(jsonld.count).toBe(list.length);
    expect(parsed.total).toBe(list.length);
    const ids = parsed.first.items.map((item: { id: string }) => item.id);
    expect(new Set(ids).size).toBe(list.length);
    const csv = await exportEverything(db, 'csv');
    expect(csv.count).toBe(list.length);
    expect(csv.blob.type).toBe('text/csv;charset=utf-8');
  });

  it('writes a file of several megabytes byte for byte: text split across Blob parts, multi-byte characters whole', { timeout: 30_000 }, async () => {
    // Notes of accents, emoji (surrogate pairs, 4 UTF-8 bytes), right-to-left text and quotes: some
    // character falls on every 1 MB part boundary, whatever its width.
    const note = 'é😀שָׁלוֹם "q", '.repeat(90);
    const list = sampleAnnotations(3000, 4).map((a, i) => ({ ...a, note: note.slice(i % 7) }));
    async function* chunks() {
      for (let i = 0; i < list.length; i += 500) yield list.slice(i, i + 500);
    }
    const file = await buildExport('csv', chunks(), 'all');
    const expected = toCsv(list);
    const bytes = new TextEncoder().encode(expected);
    expect(bytes.length).toBeGreaterThan(3 << 20);
    expect(file.count).toBe(list.length);
    expect(file.blob.size).toBe(bytes.length);
    // Compared whole (a failure would otherwise print a diff of megabytes).
    expect(Buffer.from(await file.blob.arrayBuffer()).equals(bytes)).toBe(true);
  });
});
