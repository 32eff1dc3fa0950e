// The quote engine over one article in slices of whole blocks, with yields between them: what the content
// script runs on a short article, on a long one when the background cannot (utils/engine-host.ts), and on
// text a living page appends. No DOM: the article is text, blocks and inline spans.
import { extractQuotes, extractQuotesInSteps, type ArticleText, type ExtractResult, type Quote } from '../engine/index';
import { timed, yieldToMain } from './schedule';

/**
 * Article text up to this length goes to the engine in one task; longer text in slices of about this size.
 * Large on purpose: the engine resolves names, roles and pronouns across the whole article, so only a
 * whole-article run gives what the command-line extractor gives. News articles (5-60 kB) take a few
 * milliseconds in one run; slicing is for hostile or book-length pages.
 */
export const ENGINE_SLICE_CHARS = 100_000;
/** Blocks before a slice given to the engine as context (a speaker named in the paragraph before). */
const CONTEXT_BLOCKS = 2;

/**
 * The engine over a long article in slices of whole blocks, yielding to the page between them, so no task
 * is long. Each slice carries the blocks before it as context; only quotes starting in the slice's own
 * blocks are kept. A short article is one slice: exactly what the command-line extractor computes.
 */
export async function extractInSlices(article: ArticleText, maxQuotes: number, gone: () => boolean = () => false, onSlice?: (found: Quote[], more: boolean) => void, inSteps = false): Promise<ExtractResult> {
  const { text, blocks } = article;
  if (text.length <= ENGINE_SLICE_CHARS || blocks.length < 2) {
    let result: ExtractResult;
    if (inSteps) {
      // Two tasks for one whole-article run (the same result): where its code is not compiled yet, one run
      // of a news article took 24-74 ms on the first page after the browser started.
      const run = extractQuotesInSteps(article, { maxQuotes });
      timed('engine', () => run.next());
      await yieldToMain();
      if (gone()) return { quotes: [], capped: false };
      const last = timed('engine', () => run.next());
      if (!last.done) throw new Error('the engine has more steps than two');
      result = last.value;
    } else {
      result = timed('engine', () => extractQuotes(article, { maxQuotes }));
    }
    onSlice?.(result.quotes, false);
    return result;
  }
  const quotes: Quote[] = [];
  let capped = false;
  let b = 0;
  while (b < blocks.length) {
    let e = b + 1;
    while (e < blocks.length && blocks[e].end - blocks[b].start < ENGINE_SLICE_CHARS) e++;
    const from = Math.max(0, b - CONTEXT_BLOCKS);
    const base = blocks[from].start;
    const own = blocks[b].start;
    const stop = blocks[e - 1].end;
    const slice: ArticleText = {
      text: text.slice(base, stop),
      blocks: blocks.slice(from, e).map((x) => ({ ...x, start: x.start - base, end: x.end - base })),
      spans: (article.spans ?? []).filter((x) => x.start >= base && x.end <= stop).map((x) => ({ ...x, start: x.start - base, end: x.end - base })),
      lang: article.lang,
    };
    const result = timed('engine', () => extractQuotes(slice, { maxQuotes: maxQuotes - quotes.length }));
    const found: Quote[] = [];
    for (const q of result.quotes) if (q.start + base >= own) found.push({ ...q, start: q.start + base, end: q.end + base });
    quotes.push(...found);
    const last = result.capped || quotes.length >= maxQuotes || e >= blocks.length;
    onSlice?.(found, !last);
    if (result.capped || quotes.length >= maxQuotes) { capped = true; break; }
    b = e;
    if (b < blocks.length) {
      await yieldToMain();
      if (gone()) break;
    }
  }
  return { quotes, capped };
}
