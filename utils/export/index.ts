// One entry point for the export UI: pick a format, get a file name, a MIME type and the content.
// exportChunks() is the streaming form for big libraries: it takes annotations in chunks and yields the
// file in pieces, handing control back to the event loop between chunks so a page never freezes.
import type { Annotation } from '../annotation';
import { csvHeader, csvRows, toCsv } from './csv';
import { markdownBody, markdownHeader, sortForMarkdown, toMarkdown } from './markdown';
import { collectionHeader, serializeWebAnnotation, toWebAnnotation, type WebAnnotationOptions } from './web-annotation';

export type ExportFormat = 'jsonld' | 'csv' | 'markdown';

export interface ExportFile {
  filename: string;
  mime: string;
  content: string;
}

export const EXPORT_FORMATS: Record<ExportFormat, { extension: string; mime: string; label: string }> = {
  jsonld: { extension: 'jsonld', mime: 'application/ld+json', label: 'Web Annotation (JSON-LD)' },
  csv: { extension: 'csv', mime: 'text/csv;charset=utf-8', label: 'Spreadsheet (CSV)' },
  markdown: { extension: 'md', mime: 'text/markdown;charset=utf-8', label: 'Markdown' },
};

/** "example.com" -> "example-com", "Müller, Dr." -> "muller-dr"; never empty, at most 40 characters. */
export function scopeSlug(scope: string): string {
  const slug = scope
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 40)
    .replace(/^-+|-+$/g, '');
  return slug || 'all';
}

/** Local calendar date as YYYY-MM-DD: the reader expects today's date in the file name. */
function localDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function exportFilename(format: ExportFormat, scopeLabel: string, now = new Date()): string {
  return `quotelens-${scopeSlug(scopeLabel)}-${localDate(now)}.${EXPORT_FORMATS[format].extension}`;
}

export function exportAnnotations(format: ExportFormat, annotations: readonly Annotation[], scopeLabel: string, now = new Date()): ExportFile {
  const { mime } = EXPORT_FORMATS[format];
  const filename = exportFilename(format, scopeLabel, now);
  switch (format) {
    case 'jsonld':
      return { filename, mime, content: serializeWebAnnotation(annotations, { label: scopeLabel, generated: now }) };
    case 'csv':
      return { filename, mime, content: toCsv(annotations) };
    case 'markdown':
      return { filename, mime, content: toMarkdown(annotations, now) };
  }
}

/** Lets the event loop run (rendering, input) before the next chunk. */
function breathe(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export interface ChunkOptions extends WebAnnotationOptions {
  now?: Date;
}

/**
 * Streams an export. Concatenating the yielded strings gives the whole file. For JSON-LD the result is
 * the same collection as exportAnnotations() (`total` is written last, once known). For CSV it is the
 * same text. Markdown starts a new article section whenever the page changes, so feed chunks grouped by
 * page (e.g. sortForMarkdown order) to get one section per article; a whole-library stream by id gives
 * a correct but repetitive document.
 */
export async function* exportChunks(
  format: ExportFormat,
  source: AsyncIterable<readonly Annotation[]>,
  opts: ChunkOptions = {},
): AsyncGenerator<string, void, undefined> {
  const now = opts.now ?? opts.generated ?? new Date();
  if (format === 'csv') {
    yield csvHeader();
    for await (const chunk of source) {
      if (chunk.length) yield csvRows(chunk);
      await breathe();
    }
    return;
  }
  if (format === 'markdown') {
    yield markdownHeader(now);
    let last: string | null = null;
    for await (const chunk of source) {
      const { text, lastPageKey } = markdownBody(chunk, last);
      last = lastPageKey;
      if (text) yield text;
      await breathe();
    }
    return;
  }
  // JSON-LD: header fields, then items one by one, then total.
  const header = JSON.stringify(collectionHeader({ ...opts, generated: now }));
  yield `${header.slice(0, -1)},"first":{"type":"AnnotationPage","startIndex":0,"items":[`;
  let total = 0;
  for await (const chunk of source) {
    let text = '';
    for (const a of chunk) {
      text += (total === 0 ? '\n' : ',\n') + JSON.stringify(toWebAnnotation(a));
      total++;
    }
    if (text) yield text;
    await breathe();
  }
  yield `\n]},"total":${total}}\n`;
}

export { sortForMarkdown };
