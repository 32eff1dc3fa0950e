import type { ArticleText, BlockKind, InlineSpan, Quote } from '../../../utils/engine/types';
import { extractQuotes } from '../../../utils/engine/index';

export type Para = string | [BlockKind, string];

/** Builds ArticleText the way the page layer does: blocks joined by "\n\n". */
export function article(paras: Para[], opts: { lang?: string; spans?: { text: string; kind: 'q' | 'code'; nth?: number }[] } = {}): ArticleText {
  let text = '';
  const blocks: ArticleText['blocks'] = [];
  for (const p of paras) {
    const [kind, t] = typeof p === 'string' ? (['paragraph', p] as [BlockKind, string]) : p;
    if (text) text += '\n\n';
    blocks.push({ start: text.length, end: text.length + t.length, kind });
    text += t;
  }
  const spans: InlineSpan[] = [];
  for (const s of opts.spans ?? []) {
    let at = -1;
    for (let n = 0; n <= (s.nth ?? 0); n++) at = text.indexOf(s.text, at + 1);
    if (at < 0) throw new Error(`span text not found: ${s.text}`);
    spans.push({ start: at, end: at + s.text.length, kind: s.kind });
  }
  return { text, blocks, spans, lang: opts.lang };
}

export function quotes(paras: Para[], opts: Parameters<typeof article>[1] = {}): Quote[] {
  const a = article(paras, opts);
  const r = extractQuotes(a);
  for (const q of r.quotes) {
    if (q.text !== a.text.slice(q.start, q.end)) throw new Error('text/offset mismatch');
  }
  return r.quotes;
}

export const direct = (qs: Quote[]): Quote[] => qs.filter((q) => q.kind !== 'indirect');
export const texts = (qs: Quote[]): string[] => direct(qs).map((q) => q.text);
export const find = (qs: Quote[], start: string): Quote | undefined => qs.find((q) => q.text.startsWith(start));
