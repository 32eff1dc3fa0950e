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

export function anchorQuote(text: string, sel: QuoteSelector): AnchorResult | null {
  const { exact } = sel;
  if (!exact) return null;
  if (text.slice(sel.start, sel.end) === exact) return { start: sel.start, end: sel.end, status: 'exact' };

  // Exact occurrences: choose by context, then by distance to the old position.
  let best = -1;
  let bestScore = -1;
  let bestDistance = Infinity;
  for (let i = text.indexOf(exact); i !== -1; i = text.indexOf(exact, i + 1)) {
    const score = contextScore(text, i, i + exact.length, sel);
    const distance = Math.abs(i - sel.start);
    if (score > bestScore || (score === bestScore && distance < bestDistance)) {
      best = i;
      bestScore = score;
      bestDistance = distance;
    }
  }
  if (best >= 0) return { start: best, end: best + exact.length, status: 'moved' };

  // Fuzzy: allow up to 20% errors; very long quotes are matched by bounded error counts.
  const maxErrors = Math.floor(exact.length * (1 - MIN_FUZZY_SCORE));
  const pattern = exact.length > 256 ? exact.slice(0, 256) : exact;
  const matches = search(text, pattern, Math.floor(pattern.length * (1 - MIN_FUZZY_SCORE)));
  if (!matches.length) return null;
  let chosen = matches[0];
  let chosenRank = -Infinity;
  for (const m of matches) {
    const similarity = 1 - m.errors / pattern.length;
    const rank = similarity * 1000 + contextScore(text, m.start, m.end, sel) - Math.abs(m.start - sel.start) / 1e6;
    if (rank > chosenRank) { chosen = m; chosenRank = rank; }
  }
  let end = chosen.end;
  if (pattern !== exact) {
    // extend to the whole quote's length, then check the full similarity
    end = Math.min(text.length, chosen.start + exact.length + (chosen.end - chosen.start - pattern.length));
    const full = search(text.slice(chosen.start, Math.min(text.length, end + maxErrors)), exact, maxErrors);
    if (!full.length) return null;
    const f = full.reduce((a, b) => (b.errors < a.errors ? b : a));
    end = chosen.start + f.end;
  }
  return { start: chosen.start, end, status: 'fuzzy' };
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
