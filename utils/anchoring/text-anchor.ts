// Pure text anchoring (no DOM): places a saved quote in the current article text.
// Order, as in Hypothesis: the stored position if the text there still matches; an exact search using
// prefix and suffix to choose among repeats; a fuzzy match that must clear a minimum score.
//
// An AnchorIndex is built once per version of the page text and answers any number of anchors: word-start
// 8-grams of the text point at candidate places (seed and extend), so a quote is never searched for by
// scanning the whole text. `anchorQuoteFullScan` is the former per-annotation full search, kept as the
// benchmark's baseline.
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

/** 0..1: how much of the saved prefix and suffix agrees with the text around [start, end). 1 when there is none. */
/**
 * Whether a fuzzy match begins and ends where words do, when the saved quote did: a quote saved as whole
 * words must not come back as "minister e" cut out of "minister enough" (its context agreeing by chance).
 */
function sameWordEdges(text: string, start: number, end: number, sel: QuoteSelector): boolean {
  const { exact, prefix, suffix } = sel;
  const cut = (before: number, after: number) => isWordChar(before) && isWordChar(after);
  if (!cut(prefix.charCodeAt(prefix.length - 1), exact.charCodeAt(0)) && cut(text.charCodeAt(start - 1), text.charCodeAt(start))) return false;
  if (!cut(exact.charCodeAt(exact.length - 1), suffix.charCodeAt(0)) && cut(text.charCodeAt(end - 1), text.charCodeAt(end))) return false;
  return true;
}

/** Whether the quote's words are at its stored position (a selector from a file may be inconsistent: checked). */
function storedPositionHolds(text: string, sel: QuoteSelector): boolean {
  return Number.isInteger(sel.start) && sel.start >= 0 && sel.end === sel.start + sel.exact.length && text.startsWith(sel.exact, sel.start);
}

function contextAgreement(text: string, start: number, end: number, sel: QuoteSelector): number {
  const context = sel.prefix.length + sel.suffix.length;
  if (!context) return 1;
  const before = text.slice(Math.max(0, start - sel.prefix.length), start);
  const after = text.slice(end, end + sel.suffix.length);
  return (commonSuffix(before, sel.prefix) + commonPrefix(after, sel.suffix)) / context;
}

/** Minimum similarity (1 - errors / length) a fuzzy match must reach to be trusted. */
export const MIN_FUZZY_SCORE = 0.8;
/**
 * A quote shorter than this is only placed away from its saved position when some of its saved context
 * agrees too: "yes" or "the bridge" alone occur anywhere, and attaching a note to the wrong words is worse
 * than reporting it lost.
 */
export const MIN_UNSUPPORTED_LENGTH = 32;
const MIN_SHORT_CONTEXT = 0.25;

/**
 * A candidate's rank: how much of the quote matches (most weight) and how much of the saved context
 * agrees around it. An exact repeat elsewhere in the article, with the wrong context, must lose to the
 * edited original in the right place.
 */
function rank(similarity: number, agreement: number, start: number, sel: QuoteSelector): number {
  return 0.6 * similarity + 0.4 * agreement - Math.abs(start - sel.start) / 1e9;
}

/** Context agreement above which an exact occurrence is accepted without looking for fuzzy ones. */
const TRUSTED_CONTEXT = 0.75;

function acceptable(exact: string, agreement: number): boolean {
  return exact.length >= MIN_UNSUPPORTED_LENGTH || agreement >= MIN_SHORT_CONTEXT;
}

const Q = 8;
/** A gram seen more often than this says nothing about where a quote is. */
const MAX_GRAM_HITS = 64;
/** Candidate places examined by the fuzzy stage. */
const MAX_FUZZY_CANDIDATES = 4;
/** Longest text searched whole when a quote offers no gram to seed from. */
const FULL_SEARCH_LIMIT = 300_000;

function isWordChar(c: number): boolean {
  // letters and digits of any script (cheap test: ASCII alnum, or anything above Latin-1 punctuation)
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 0xc0;
}

/** Offsets p in s where a word starts after a non-word character (p >= 1, so the test does not depend on what precedes s). */
function wordStarts(s: string): number[] {
  const out: number[] = [];
  for (let p = 1; p + Q <= s.length; p++) {
    if (!isWordChar(s.charCodeAt(p - 1)) && isWordChar(s.charCodeAt(p))) out.push(p);
  }
  return out;
}

/** Hash of the Q characters of s at p (FNV-1a over UTF-16 code units). */
function gramHash(s: string, p: number): number {
  let h = 0x811c9dc5;
  for (let i = p; i < p + Q; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The text of one version of a page, indexed for anchoring any number of quotes: the positions of every
 * word-start 8-gram, bucketed by hash in flat typed arrays (two passes, no per-gram objects), so building
 * it costs a few milliseconds even for a long page.
 */
export class AnchorIndex {
  private readonly mask: number;
  /** bucketStart[h] .. bucketStart[h + 1]: the slice of `positions` whose gram hashes to h. */
  private readonly bucketStart: Int32Array;
  private readonly positions: Int32Array;

  constructor(readonly text: string) {
    const t = text;
    const starts: number[] = [];
    for (let p = 1; p + Q <= t.length; p++) {
      if (!isWordChar(t.charCodeAt(p - 1)) && isWordChar(t.charCodeAt(p))) starts.push(p);
    }
    let size = 1024;
    while (size < starts.length * 2) size <<= 1;
    this.mask = size - 1;
    const hashes = new Int32Array(starts.length);
    const counts = new Int32Array(size + 1);
    for (let i = 0; i < starts.length; i++) {
      const h = gramHash(t, starts[i]) & this.mask;
      hashes[i] = h;
      counts[h + 1]++;
    }
    for (let h = 0; h < size; h++) counts[h + 1] += counts[h];
    this.bucketStart = counts.slice();
    this.positions = new Int32Array(starts.length);
    for (let i = 0; i < starts.length; i++) this.positions[counts[hashes[i]]++] = starts[i];
  }

  /** Positions (in text order) where the Q-character gram `s.substr(p, Q)` starts a word; null when it is too common to help. */
  private lookup(s: string, p: number): number[] | null {
    const h = gramHash(s, p) & this.mask;
    const out: number[] = [];
    const gram = s.substr(p, Q);
    for (let i = this.bucketStart[h]; i < this.bucketStart[h + 1]; i++) {
      const pos = this.positions[i];
      if (this.text.startsWith(gram, pos)) {
        out.push(pos);
        if (out.length > MAX_GRAM_HITS) return null;
      }
    }
    return out;
  }

  /** Every start of `exact` in the text (up to a bound), through the gram index when the quote has a word start. */
  private occurrences(exact: string): number[] {
    const out: number[] = [];
    const seeds = wordStarts(exact);
    // The seed with the fewest hits.
    let best: number[] | null = null;
    let bestP = -1;
    for (const p of seeds) {
      const hits = this.lookup(exact, p);
      if (hits && !hits.length) return out; // a gram of the quote is not in the text: no exact occurrence
      if (hits && (!best || hits.length < best.length)) { best = hits; bestP = p; }
      if (best && best.length <= 2) break;
    }
    if (best) {
      for (const h of best) {
        const at = h - bestP;
        if (at >= 0 && this.text.startsWith(exact, at)) out.push(at);
      }
      return out;
    }
    // Too short to have an indexed gram (or only very common ones): a bounded plain search.
    for (let i = this.text.indexOf(exact); i !== -1 && out.length < 1000; i = this.text.indexOf(exact, i + 1)) out.push(i);
    return out;
  }

  /** Places where the quote probably starts, voted for by the grams of prefix + quote + suffix. */
  private candidates(sel: QuoteSelector): number[] {
    const whole = sel.prefix + sel.exact + sel.suffix;
    const shift = sel.prefix.length;
    const votes = new Map<number, number>();
    for (const p of wordStarts(whole)) {
      const hits = this.lookup(whole, p);
      if (!hits) continue;
      for (const h of hits) {
        const bucket = Math.floor((h - (p - shift)) / 16);
        votes.set(bucket, (votes.get(bucket) ?? 0) + 1);
      }
    }
    const ranked = [...votes.entries()].sort((a, b) => b[1] - a[1]);
    if (!ranked.length) return [];
    // Places with a real share of the votes only (one stray gram is not evidence), neighbours merged.
    const floor = ranked[0][1] >= 2 ? Math.max(2, Math.ceil(ranked[0][1] * 0.3)) : 1;
    const out: number[] = [];
    for (const [bucket, n] of ranked) {
      if (n < floor || out.length >= MAX_FUZZY_CANDIDATES) break;
      if (out.some((o) => Math.abs(o - bucket * 16) <= 16)) continue;
      out.push(bucket * 16);
    }
    return out;
  }

  anchor(sel: QuoteSelector): AnchorResult | null {
    const { exact } = sel;
    const text = this.text;
    if (!exact) return null;
    // The stored position, when the words there still match and so does their context (a short quote
    // repeated through the text can be at its old offset by chance after an edit above it).
    const atPosition = storedPositionHolds(text, sel);
    if (atPosition && contextAgreement(text, sel.start, sel.end, sel) >= TRUSTED_CONTEXT) return { start: sel.start, end: sel.end, status: 'exact' };

    let best: AnchorResult | null = null;
    let bestRank = -Infinity;
    const occurrences = this.occurrences(exact);
    if (atPosition && !occurrences.includes(sel.start)) occurrences.push(sel.start);
    for (const i of occurrences) {
      const agreement = contextAgreement(text, i, i + exact.length, sel);
      if (!acceptable(exact, agreement) && i !== sel.start) continue;
      const r = rank(1, agreement, i, sel);
      if (r > bestRank) { best = { start: i, end: i + exact.length, status: i === sel.start ? 'exact' : 'moved' }; bestRank = r; }
    }
    if (best && bestRank >= 0.6 + 0.4 * TRUSTED_CONTEXT - 1e-3) return best;
    // A short quote whose very words are in the text, only never with its context, is ambiguous: it is
    // placed on those words if one was acceptable, or reported lost, never moved onto other, similar words.
    if (occurrences.length && exact.length < MIN_UNSUPPORTED_LENGTH) return best;

    // Fuzzy, around the places the grams point at: at most (1 - MIN_FUZZY_SCORE) of the quote may differ.
    const maxErrors = Math.floor(exact.length * (1 - MIN_FUZZY_SCORE));
    const slack = maxErrors + 16;
    const places = this.candidates(sel);
    // No word start to seed from at all (scripts written without spaces): one bounded full search. A quote
    // that has grams, none of them found (or all of them everywhere), has nothing to be placed by: orphan.
    const seeded = wordStarts(sel.prefix + exact + sel.suffix).length > 0;
    const windows: [number, number][] = places.length
      ? places.map((place) => [Math.max(0, place - slack), Math.min(text.length, place + 16 + exact.length + slack)])
      : !seeded && text.length <= FULL_SEARCH_LIMIT && exact.length >= 4 ? [[0, text.length]] : [];
    for (const [from, to] of windows) {
      for (const m of search(text.slice(from, to), exact, maxErrors)) {
        const at = from + m.start;
        const end = from + m.end;
        const similarity = 1 - m.errors / exact.length;
        if (similarity < MIN_FUZZY_SCORE) continue;
        if (!sameWordEdges(text, at, end, sel)) continue;
        const agreement = contextAgreement(text, at, end, sel);
        if (!acceptable(exact, agreement)) continue;
        const r = rank(similarity, agreement, at, sel);
        if (r > bestRank) { best = { start: at, end, status: similarity === 1 ? 'moved' : 'fuzzy' }; bestRank = r; }
      }
    }
    return best;
  }
}

/** Anchors one quote (builds an index for the one text; use AnchorIndex to anchor many). */
export function anchorQuote(text: string, sel: QuoteSelector): AnchorResult | null {
  return new AnchorIndex(text).anchor(sel);
}

/** The former algorithm: searches the whole text for every annotation. The benchmark's baseline. */
export function anchorQuoteFullScan(text: string, sel: QuoteSelector): AnchorResult | null {
  const { exact } = sel;
  if (!exact) return null;
  if (storedPositionHolds(text, sel)) return { start: sel.start, end: sel.end, status: 'exact' };

  let best: AnchorResult | null = null;
  let bestRank = -Infinity;
  for (let i = text.indexOf(exact); i !== -1; i = text.indexOf(exact, i + 1)) {
    const r = rank(1, contextAgreement(text, i, i + exact.length, sel), i, sel);
    if (r > bestRank) { best = { start: i, end: i + exact.length, status: 'moved' }; bestRank = r; }
  }
  if (best && bestRank >= 0.6 + 0.4 * TRUSTED_CONTEXT - 1e-3) return best;

  const pattern = exact.length > 256 ? exact.slice(0, 256) : exact;
  const consider = (from: number, to: number) => {
    const region = text.slice(from, to);
    const maxErrors = Math.floor(pattern.length * (1 - MIN_FUZZY_SCORE));
    for (const m of search(region, pattern, maxErrors)) {
      const at = from + m.start;
      let end = from + m.end;
      let errors = m.errors;
      if (pattern !== exact) {
        const wholeErrors = Math.floor(exact.length * (1 - MIN_FUZZY_SCORE));
        const full = search(text.slice(at, Math.min(text.length, at + exact.length + wholeErrors)), exact, wholeErrors).filter((f) => f.start === 0);
        if (!full.length) continue;
        const f = full.reduce((a, b) => (b.errors < a.errors ? b : a));
        end = at + f.end;
        errors = f.errors;
      }
      const similarity = 1 - errors / exact.length;
      if (similarity < MIN_FUZZY_SCORE) continue;
      const r = rank(similarity, contextAgreement(text, at, end, sel), at, sel);
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
