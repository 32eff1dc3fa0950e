// The quote engine as the background runs it for tabs: the same engine as the command-line extractor's, in the
// service worker, for the book-length articles a page does not search itself (see ENGINE_ON_PAGE_MAX_CHARS).
import type { ContentToBackground, ExtractReply } from './messages';
import { extractQuotes } from './engine/index';

/**
 * The quotes of a tab's article: the whole article in one run, as the command-line extractor reads it (here
 * no page waits on the task, so a book-length article need not be cut in slices as on the page). Their
 * words are not sent back: the tab has the text.
 */
export async function extractForTab(m: Extract<ContentToBackground, { type: 'content/extract-quotes' }>): Promise<ExtractReply> {
  const result = extractQuotes({ text: m.text, blocks: m.blocks, spans: m.spans, lang: m.lang }, { maxQuotes: m.maxQuotes });
  return {
    quotes: result.quotes.map((q) => ({ start: q.start, end: q.end, kind: q.kind, speaker: q.speaker, role: q.role, cue: q.cue, confidence: q.confidence })),
    capped: result.capped,
  };
}
