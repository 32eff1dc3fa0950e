// Placeholder first engine: pairs double quotation marks and looks for "said X" nearby.
// The engine issue replaces this file's internals; keep the exported interface.
import type { ArticleText, ExtractOptions, ExtractResult, Quote } from './types';

export type { ArticleText, Quote, QuoteKind, ExtractResult, TextBlock, InlineSpan, BlockKind } from './types';

const PAIR = /[“"]([^“”"\n]{2,2000})[”"]/g;
const AFTER = /^[,.]?\s*(said|says|told|added|asked)\s+((?:[A-Z][\w.'-]+\s?){1,3})/;
const BEFORE = /((?:[A-Z][\w.'-]+\s?){1,3})\s(said|says|told|added)[\s,:]*$/;

export function extractQuotes(article: ArticleText, options: ExtractOptions = {}): ExtractResult {
  const max = options.maxQuotes ?? 5000;
  const quotes: Quote[] = [];
  for (const m of article.text.matchAll(PAIR)) {
    if (quotes.length >= max) return { quotes, capped: true };
    const start = m.index! + 1;
    const end = start + m[1].length;
    const after = AFTER.exec(article.text.slice(end + 1, end + 80));
    const before = BEFORE.exec(article.text.slice(Math.max(0, start - 80), start - 1));
    const speaker = after?.[2]?.trim() ?? before?.[1]?.trim() ?? null;
    quotes.push({ start, end, text: m[1], kind: 'direct', speaker, role: null, cue: after?.[1] ?? before?.[2] ?? null, confidence: speaker ? 0.5 : 0 });
  }
  return { quotes, capped: false };
}
