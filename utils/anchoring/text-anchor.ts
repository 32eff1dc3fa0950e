// Pure text anchoring (no DOM): places a saved quote in the current article text.
// Order, as in Hypothesis: the stored position if the text there still matches; an exact search using
// prefix and suffix to choose among repeats; a fuzzy match that must clear a minimum score.
import search from 'approx-string-match';

export interface QuoteSelector {
  exact: string;
  prefix: string;
  suffix: string;
  start: number;
  end: number;
}

export interface AnchorResult {
  start: number;
  end: number;
  status: 'exact' | 'moved' | 'fuzzy';
}

/** Characters of context kept on each side of a quote (W3C TextQuoteSelector prefix/suffix). */
export const CONTEXT_CHARS = 32;

export function selectorFor(text: string, start: number, end: number): QuoteSelector {
  return {
    exact: text.slice(start, end),
    prefix: text.slice(Math.max(0, start - CONTEXT_CHARS), start),
    suffix: text.slice(end, end + CONTEXT_CHARS),
    start,
    end,
  };
}

/** Length of the common suffix of a and b (how well the text before a match agrees with the saved prefix). */
function commonSuffix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}
function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

function contextScore(text: string, start: number, end: number, sel: QuoteSelector): number {
  const before = text.slice(Math.max(0, start - sel.prefix.length), start);
  const after = text.slice(end, end + sel.suffix.length);
  return commonSuffix(before, sel.prefix) + commonPrefix(after, sel.suffix);
}

/** Minimum similarity (1 - errors / length) a fuzzy match must reach to be trusted. */
export const MIN_FUZZY_SCORE = 0.8;

/**
 * A candidate's rank: how much of the quote matches (most weight) and how much of the saved context
 * agrees around it. An exact repeat elsewhere in the article, with the wrong context, must lose to the
 * edited original in the right place.
 */
function rank(text: string, start: number, end: number, similarity: number, sel: QuoteSelector): number {
  const context = sel.prefix.length + sel.suffix.length;
  const agreement = context ? contextScore(text, start, end, sel) / context : 1;
  return 0.6 * similarity + 0.4 * agreement - Math.abs(start - sel.start) / 1e9;
}

/** Context agreement above which an exact occurrence is accepted without looking for fuzzy ones. */
const TRUSTED_CONTEXT = 0.75;

export function anchorQuote(text: string, sel: QuoteSelector): AnchorResult | null {
  const { exact } = sel;
  if (!exact) return null;
  if (text.slice(sel.start, sel.end) === exact) return { start: sel.start, end: sel.end, status: 'exact' };

  let best: AnchorResult | null = null;
  let bestRank = -Infinity;
  for (let i = text.indexOf(exact); i !== -1; i = text.indexOf(exact, i + 1)) {
    const r = rank(text, i, i + exact.length, 1, sel);
    if (r > bestRank) { best = { start: i, end: i + exact.length, status: 'moved' }; bestRank = r; }
  }
  if (best && bestRank >= 0.6 + 0.4 * TRUSTED_CONTEXT - 1e-3) return best;

  // Fuzzy: at most (1 - MIN_FUZZY_SCORE) of the quote may differ. The search returns only the best
  // matches, so it is run twice: with the saved context around the quote (finds the edited original in
  // its place even when an exact repeat exists elsewhere) and on the quote alone (context rewritten).
  const pattern = exact.length > 256 ? exact.slice(0, 256) : exact;
  const consider = (from: number, to: number) => {
    const region = text.slice(from, to);
    const maxErrors = Math.floor(pattern.length * (1 - MIN_FUZZY_SCORE));
    for (const m of search(region, pattern, maxErrors)) {
      const at = from + m.start;
      let end = from + m.end;
      let errors = m.errors;
      if (pattern !== exact) {
        // Long quotes: located by their first 256 characters (bounded cost), then measured whole.
        const wholeErrors = Math.floor(exact.length * (1 - MIN_FUZZY_SCORE));
        const full = search(text.slice(at, Math.min(text.length, at + exact.length + wholeErrors)), exact, wholeErrors).filter((f) => f.start === 0);
        if (!full.length) continue;
        const f = full.reduce((a, b) => (b.errors < a.errors ? b : a));
        end = at + f.end;
        errors = f.errors;
      }
      const similarity = 1 - errors / exact.length;
      if (similarity < MIN_FUZZY_SCORE) continue;
      const r = rank(text, at, end, similarity, sel);
      if (r > bestRank) { best = { start: at, end, status: 'fuzzy' }; bestRank = r; }
    }
  };
  const withContext = sel.prefix + pattern + sel.suffix;
  if (sel.prefix || sel.suffix) {
    for (const m of search(text, withContext, Math.floor(withContext.length * (1 - MIN_FUZZY_SCORE)))) consider(m.start, m.end);
  }
  consider(0, text.length);
  return best;
}

/** FNV-1a over the text: cheap, stable, enough to tell whether the page text changed. */
export function textHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0') + ':' + text.length.toString(36);
}
