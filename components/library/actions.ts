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

/** Bytes of UTF-8 export text gathered into one Blob part (a reused buffer, copied by the Blob). */
const PART_BYTES = 1 << 20;

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
  // Each piece of text is encoded at once into one reused byte buffer, and a full buffer becomes a Blob
  // part (the Blob copies it). So no piece of text outlives the slice that wrote it: pieces kept until a
  // part was full (a megabyte of strings at a time) outlived several young-generation collections, were
  // copied by each and then moved to the old generation, 100 MB of it at 100,000 annotations, and the
  // full collections that followed were the page's longest stalls. The final Blob only refers to the parts.
  const parts: Blob[] = [];
  const buffer = new Uint8Array(PART_BYTES);
  const encoder = new TextEncoder();
  let used = 0;
  for await (const piece of exportChunks(format, counted(), { label })) {
    let rest = piece;
    for (;;) {
      const { read, written } = encoder.encodeInto(rest, buffer.subarray(used));
      used += written;
      if (read === rest.length) break;
      // The buffer is full (or the next character's bytes do not fit): it becomes a part.
      parts.push(new Blob([buffer.subarray(0, used)]));
      used = 0;
      rest = rest.slice(read);
    }
  }
  if (used) parts.push(new Blob([buffer.subarray(0, used)]));
  const blob = new Blob(parts, { type: EXPORT_FORMATS[format].mime });
  return { blob, filename: exportFilename(format, label), count };
}

/**
 * Annotations read from IndexedDB per request when exporting everything: the records of one request are
 * decoded on the page's thread in one go, so it stays a few milliseconds of work (and the next request is
 * already on its way while this one is written). The records being written are also what each young-
 * generation collection copies: 250 rather than 500 made those and the full collections shorter (traced
 * in Chromium at 100,000: longest full collection 123 -> 37-45 ms, with the byte buffer above).
 */
const EXPORT_READ = 250;

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
