// One entry point for the export UI: pick a format, get a file name, a MIME type and the content.
// exportChunks() is the streaming form for big libraries: it takes annotations in chunks and yields the
// file in pieces, handing control back to the event loop between chunks so a page never freezes.
import type { Annotation } from '../annotation';
import { csvHeader, csvRows, toCsv } from './csv';
import { markdownBody, markdownHeader, sortForMarkdown, toMarkdown } from './markdown';
import { EXPORT_FORMATS, exportFilename, type ExportFile, type ExportFormat } from './formats';
import { collectionHeader, serializeWebAnnotation, toWebAnnotation, type WebAnnotationOptions } from './web-annotation';

export { EXPORT_FORMATS, exportFilename, scopeSlug, type ExportFile, type ExportFormat } from './formats';

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

/**
 * Lets the event loop run (input, rendering, timers) before the next slice. A posted message is a plain
 * task: everything already waiting runs first. (scheduler.yield() would not do: its continuation goes ahead
 * of the page's other tasks, so slice after slice could run while a timer or a frame waits; setTimeout(0)
 * is clamped to 4 ms once nested, which at hundreds of slices adds seconds.)
 */
function breathe(): Promise<void> {
  // Node (the unit tests, the command line): its message ports can starve timers; setImmediate lets them run.
  const immediate = (globalThis as { setImmediate?: (f: () => void) => unknown }).setImmediate;
  if (immediate) return new Promise((resolve) => immediate(resolve));
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  if (!breathChannel) {
    // One channel for every breath (a channel per breath leaves hundreds of ports to the garbage collector).
    breathChannel = new MessageChannel();
    breathChannel.port1.onmessage = () => breathWaiters.shift()?.();
  }
  const port = breathChannel.port2;
  return new Promise((resolve) => {
    breathWaiters.push(resolve);
    port.postMessage(null);
  });
}
let breathChannel: MessageChannel | null = null;
const breathWaiters: (() => void)[] = [];

/** Longest stretch of writing between two breaths: the page answers input within about this, even on a loaded machine. */
export const SLICE_MS = 8;
/** Annotations written between two looks at the clock. */
const STEP = 50;

export interface ChunkOptions extends WebAnnotationOptions {
  now?: Date;
  /** Overrides SLICE_MS (tests). */
  sliceMs?: number;
}

/**
 * Streams an export. Concatenating the yielded strings gives the whole file. For JSON-LD the result is
 * the same collection as exportAnnotations() (`total` is written last, once known). For CSV it is the
 * same text. Markdown starts a new article section whenever the page changes, so feed chunks grouped by
 * page (e.g. sortForMarkdown order) to get one section per article; a whole-library stream by id gives
 * a correct but repetitive document.
 *
 * The writing is sliced by time, not by chunk: a chunk of 1,000 long annotations can take tens of
 * milliseconds to write, more on a busy machine, so every SLICE_MS the text written so far is yielded and
 * the event loop runs before the next slice.
 */
export async function* exportChunks(
  format: ExportFormat,
  source: AsyncIterable<readonly Annotation[]>,
  opts: ChunkOptions = {},
): AsyncGenerator<string, void, undefined> {
  const now = opts.now ?? opts.generated ?? new Date();
  const sliceMs = opts.sliceMs ?? SLICE_MS;
  let total = 0;
  let lastPageKey: string | null = null;
  const write: (part: readonly Annotation[]) => string =
    format === 'csv'
      ? csvRows
      : format === 'markdown'
        ? (part) => {
            const body = markdownBody(part, lastPageKey);
            lastPageKey = body.lastPageKey;
            return body.text;
          }
        : (part) => {
            let text = '';
            for (const a of part) {
              text += (total === 0 ? '\n' : ',\n') + JSON.stringify(toWebAnnotation(a));
              total++;
            }
            return text;
          };

  if (format === 'csv') yield csvHeader();
  else if (format === 'markdown') yield markdownHeader(now);
  else {
    // JSON-LD: header fields, then items one by one, then total.
    const header = JSON.stringify(collectionHeader({ ...opts, generated: now }));
    yield `${header.slice(0, -1)},"first":{"type":"AnnotationPage","startIndex":0,"items":[`;
  }
  let sliceStart = performance.now();
  for await (const chunk of source) {
    let text = '';
    for (let i = 0; i < chunk.length; i += STEP) {
      text += write(i === 0 && chunk.length <= STEP ? chunk : chunk.slice(i, i + STEP));
      if (performance.now() - sliceStart >= sliceMs) {
        if (text) yield text;
        text = '';
        await breathe();
        sliceStart = performance.now();
      }
    }
    if (text) yield text;
    // Reading the next chunk from IndexedDB is work on this thread too: breathe before it as well.
    await breathe();
    sliceStart = performance.now();
  }
  if (format === 'jsonld') yield `\n]},"total":${total}}\n`;
}

export { sortForMarkdown };
