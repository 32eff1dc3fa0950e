// What the library page's buttons do, without the UI: streaming exports into a Blob, imports, and the
// hook the benchmark and browser tests call (the same code paths as the buttons).
import type { Annotation } from '../../utils/annotation';
import { annotationChunks, guarded } from '../../utils/annotation-store';
import { fromStored, type QuoteLensDB } from '../../utils/db';
import { EXPORT_FORMATS, exportChunks, exportFilename, type ExportFormat } from '../../utils/export/index';
import { importAnnotations, parseImport, type ImportCounts, type ImportResult } from '../../utils/import/index';

export interface BuiltExport {
  blob: Blob;
  filename: string;
  count: number;
}

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
  // A Blob per piece, made as it comes: the final Blob only refers to them, so no step copies the whole
  // file (100 MB at 100,000 annotations) in one go on the page's thread.
  const parts: Blob[] = [];
  for await (const piece of exportChunks(format, counted(), { label })) parts.push(new Blob([piece]));
  const blob = new Blob(parts, { type: EXPORT_FORMATS[format].mime });
  return { blob, filename: exportFilename(format, label), count };
}

export function exportEverything(db: QuoteLensDB, format: ExportFormat): Promise<BuiltExport> {
  // Markdown is grouped by article: read in [pageKey+start] order so each article is one section.
  return buildExport(format, format === 'markdown' ? articleOrderChunks(db) : annotationChunks(db, 1000), 'all');
}

/** Every annotation in article, then text order, in chunks of the [pageKey+start] index. */
async function* articleOrderChunks(db: QuoteLensDB, size = 1000): AsyncGenerator<Annotation[]> {
  let offset = 0;
  for (;;) {
    const rows = await guarded('read the annotations', () => db.annotations.orderBy('[pageKey+start]').offset(offset).limit(size).toArray());
    if (rows.length === 0) return;
    offset += rows.length;
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
