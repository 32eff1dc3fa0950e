// What the library page's buttons do, without the UI: streaming exports into a Blob, imports, and the
// hook the benchmark and browser tests call (the same code paths as the buttons).
import type { Annotation } from '../../utils/annotation';
import { annotationChunks, guarded } from '../../utils/annotation-store';
import { fromStored, type QuoteLensDB, type StoredAnnotation } from '../../utils/db';
import { EXPORT_FORMATS, exportChunks, exportFilename, type ExportFormat } from '../../utils/export/index';
import { importAnnotations, parseImport, type ImportCounts, type ImportResult } from '../../utils/import/index';

export interface BuiltExport {
  blob: Blob;
  filename: string;
  count: number;
}

/** Characters of export text turned into one Blob part at a time (about a millisecond of encoding). */
const PART_CHARS = 1 << 20;

/**
 * Streams an export into a Blob made of parts: chunks are read and written one at a time and the
 * event loop runs between them (exportChunks yields), so the page stays responsive at 100,000.
 */
export async function buildExport(format: ExportFormat, source: AsyncIterable<Annotation[]>, label: string): Promise<BuiltExport> {
  let count = 0;
  async function* counted() {
    for await (const chunk of source) {
      count += chunk.length;
      yield chunk;
    }
  }
  // Pieces are gathered into Blobs of about PART_CHARS as they come: the final Blob only refers to them,
  // so no step copies the whole file (100 MB at 100,000 annotations) in one go on the page's thread, and
  // no step encodes more than one part at a time.
  const parts: Blob[] = [];
  let pending: string[] = [];
  let pendingChars = 0;
  for await (const piece of exportChunks(format, counted(), { label })) {
    pending.push(piece);
    pendingChars += piece.length;
    if (pendingChars >= PART_CHARS) {
      // One string per part: each string handed to a Blob is kept by the browser as an external string,
      // which the garbage collector then has to process one by one.
      parts.push(new Blob([pending.join('')]));
      pending = [];
      pendingChars = 0;
    }
  }
  if (pending.length) parts.push(new Blob([pending.join('')]));
  const blob = new Blob(parts, { type: EXPORT_FORMATS[format].mime });
  return { blob, filename: exportFilename(format, label), count };
}

/**
 * Annotations read from IndexedDB per request when exporting everything: the records of one request are
 * decoded on the page's thread in one go, so it stays a few milliseconds of work (and the next request is
 * already on its way while this one is written).
 */
const EXPORT_READ = 500;

export function exportEverything(db: QuoteLensDB, format: ExportFormat): Promise<BuiltExport> {
  // Markdown is grouped by article: read in [pageKey+start] order so each article is one section.
  return buildExport(format, format === 'markdown' ? articleOrderChunks(db) : annotationChunks(db, EXPORT_READ), 'all');
}

/**
 * Every annotation in article, then text order, in chunks of the [pageKey+start] index. Each chunk
 * continues from the last key read (an offset would walk every earlier entry again, chunk after chunk);
 * entries with equal keys come in id order, so the ones already read at that key are the first `tied`.
 */
export async function* articleOrderChunks(db: QuoteLensDB, size = 1000): AsyncGenerator<Annotation[]> {
  let key: [string, number] | null = null;
  let tied = 0;
  for (;;) {
    const from: [string, number] | null = key;
    const rows: StoredAnnotation[] = await guarded('read the annotations', () =>
      (from === null ? db.annotations.orderBy('[pageKey+start]') : db.annotations.where('[pageKey+start]').aboveOrEqual(from)).offset(tied).limit(size).toArray(),
    );
    if (rows.length === 0) return;
    const last = rows[rows.length - 1];
    let tail = 0;
    for (let i = rows.length - 1; i >= 0 && rows[i].pageKey === last.pageKey && rows[i].start === last.start; i--) tail++;
    tied = (from !== null && from[0] === last.pageKey && from[1] === last.start ? tied : 0) + tail;
    key = [last.pageKey, last.start];
    yield rows.map(fromStored);
    if (rows.length < size) return;
  }
}

/** Saves a Blob through an `<a download>` object URL: no "downloads" permission. */
export function saveBlob(file: BuiltExport): void {
  const url = URL.createObjectURL(file.blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export interface ImportOutcome {
  parsed: ImportResult;
  counts: ImportCounts;
}

/** Validates the whole file first (nothing is written if any entry is bad), then writes it in chunked transactions, all taken back if one fails. */
export async function importText(db: QuoteLensDB, text: string): Promise<ImportOutcome> {
  const parsed = parseImport(text);
  const counts = await importAnnotations(db, parsed.annotations);
  return { parsed, counts };
}

export function describeImport({ parsed, counts }: ImportOutcome): string {
  const n = (x: number, what: string) => `${x.toLocaleString('en')} ${what}`;
  const parts = [n(counts.added, 'added'), n(counts.updated, 'updated'), n(counts.unchanged, 'already here')];
  if (counts.keptNewer) parts.push(n(counts.keptNewer, 'kept (newer here)'));
  const skipped = parsed.skipped.length ? ` Skipped ${parsed.skipped.length} entr${parsed.skipped.length === 1 ? 'y' : 'ies'} that are not quotations (${parsed.skipped[0].reason}${parsed.skipped.length > 1 ? ', …' : ''}).` : '';
  const from = parsed.format === 'hypothesis' ? 'Hypothesis export' : 'Web Annotation file';
  return `Imported ${from}: ${parts.join(', ')}.${skipped}`;
}
