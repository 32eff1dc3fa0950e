// Word tokens of one block, with every quotation span as a single opaque token. Linear in the block's length.
//
// Tokens are columns, not objects: one article has some 10⁵ of them, and an object (plus a string or two) per
// token was a fifth of the engine's time in allocation and garbage collection. The columns are shared by every
// block of the article and reused from call to call; a `Toks` is a view of one block's rows. Words are
// interned per article: each distinct word gets an id and its flags (word-flags.ts) once, repeated words cost
// a hash; a word's string (and lower case) is made only when someone reads it.
import { F_DIGIT, F_LETTER, F_SPACE, F_UPPER, charFlags, isAlnum, isDigit, isSpace, isUpper } from './chars';
import { HASH_MASK, W_MAY_CUE, W_PRONOUN_F, W_PRONOUN_M, WordClassifier } from './word-flags';

export const enum T { Word = 0, Punct = 1, Quote = 2 }

const ABBREV = new Set(['mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'jr', 'sr', 'gen', 'sen', 'rep', 'gov', 'lt', 'col', 'sgt', 'capt', 'mt', 'no', 'inc', 'corp', 'ltd', 'co', 'vs', 'etc', 'rev', 'hon', 'maj', 'adm', 'cmdr', 'supt', 'insp', 'det', 'pres', 'mme', 'mlle', 'sra', 'sr', 'dra', 'hr', 'fr', 'jan', 'feb', 'mar', 'apr', 'aug', 'sept', 'sep', 'oct', 'nov', 'dec', 'e.g', 'i.e', 'approx', 'dept', 'univ', 'm']);

// --- the columns: row r of the article's tokens ------------------------------------------------------------
const KIND_MASK = 3, CAP = 4, SS = 8, CAP_LETTER = 16, ATTN = 32, PRONOUN = 64;
/** Row flags a pass may look for with Toks.nextWith: a sentence start, a capitalised word, a quotation or a
 * word that may start a cue, a he / she pronoun. */
export const TOK_SS = SS, TOK_CAP_WORD = CAP_LETTER, TOK_ATTN = ATTN, TOK_PRONOUN = PRONOUN;
let S = new Int32Array(1 << 14);
let E = new Int32Array(1 << 14);
/** kind | CAP | SS | CAP_LETTER | ATTN (a quotation, or a word that may start a cue) | PRONOUN (he / she) */
let F = new Uint8Array(1 << 14);
/** the word's flags (word-flags.ts; 0 for punctuation and quotations) */
let G = new Uint16Array(1 << 14);
/** the quotation's index (quotes) or the word's id (words and punctuation) */
let X = new Int32Array(1 << 14);
let rows = 0;

function grow(): void {
  const n = S.length * 2;
  const s = new Int32Array(n); s.set(S); S = s;
  const e = new Int32Array(n); e.set(E); E = e;
  const f = new Uint8Array(n); f.set(F); F = f;
  const g = new Uint16Array(n); g.set(G); G = g;
  const x = new Int32Array(n); x.set(X); X = x;
}

// --- interned words of the current article -----------------------------------------------------------------
let internText = '';
/** counts articles: the isAbbrev memo holds for the article it was made in */
let gen = 0;
let nWords = 0;
/**
 * id → the word as written, and its lower case (for words that start with a capital or a non-ASCII letter);
 * null until read (most words are never read as strings: their flags say all the passes ask)
 */
const WORDS: (string | null)[] = [];
const LOWER: (string | null)[] = [];
/** id → [where the word first occurs in internText, its length] */
let wInfo = new Int32Array(2 << 12);
/** id → the word's flags, from the article's classifier */
let wFlags = new Uint16Array(1 << 12);
let classify = new WordClassifier(new Map());
/**
 * Open addressing, four ints a slot: [id + 1 (0: free), hash, length, where the word first occurs] (a probe
 * reads one cache line). Sized for the article (a small page probes a small, cache-resident table) and cleared
 * when a new article begins.
 */
let table = new Int32Array(4 << 10);
/** slots − 1 */
let mask = 1023;
/** 32 − log2(slots): Fibonacci hashing takes the hash's top bits */
let shift = 32 - 10;

/** ids of ASCII punctuation, the most frequent one-character tokens (-1: not met yet in this article) */
const asciiId = new Int32Array(128);

/**
 * Grows the token columns and the word tables for an article of this length before its words are read: then
 * tokenize and addWord do not grow them themselves (they still can, for a text denser than this). A branch a
 * hot function has never taken deoptimises it the first time it is taken; the first article longer than
 * the tables cost tokenize its optimised code, and recompiling it takes some 50 ms of a background thread,
 * while 3-4 runs of that article went 4-8 times slower (wikipedia-2: 20-39 ms against 4.5 ms).
 * Real pages run about 5 characters a token and 16 a distinct word.
 */
function reserveFor(chars: number): void {
  const rowsWanted = (chars >> 2) + 1024;
  if (S.length < rowsWanted) {
    // nothing to keep: the article's rows start at 0
    let n = S.length;
    while (n < rowsWanted) n *= 2;
    S = new Int32Array(n); E = new Int32Array(n); F = new Uint8Array(n); G = new Uint16Array(n); X = new Int32Array(n);
  }
  const wordsWanted = (chars >> 3) + 1024;
  // (nor here: the article's words start at id 0, and an abbreviation answer holds for the article it was made in)
  if (wFlags.length < wordsWanted) wFlags = new Uint16Array(wordsWanted);
  if (wInfo.length < 2 * wordsWanted) wInfo = new Int32Array(2 * wordsWanted);
  if (ABBR.length < wordsWanted) { ABBR = new Int8Array(wordsWanted); abbrGen = new Int32Array(wordsWanted); }
}

/**
 * Starts a new article: the token rows and the interned words of the previous one are given up. `classifier`
 * gives each distinct word its flags (kept from the last call when omitted).
 */
export function beginArticle(text: string, classifier?: WordClassifier): void {
  if (classifier) classify = classifier;
  reserveFor(text.length);
  rows = 0;
  internText = text;
  nWords = 0;
  // about one distinct word per 16 characters on real pages; the table grows when it fills up
  let bits = 10;
  while (bits < 20 && (1 << bits) < (text.length >> 3)) bits++;
  if (table.length < 4 << bits) table = new Int32Array(4 << bits);
  else table.fill(0, 0, 4 << bits);
  mask = (1 << bits) - 1;
  shift = 32 - bits;
  gen++;
  asciiId.fill(-1);
}

/**
 * The id of text[i, j), whose hash is given: h = h * 31 + c over its code units, then & HASH_MASK (a small
 * integer: a larger one passed to a function that is not inlined is boxed, one allocation a token).
 */
function intern(text: string, i: number, j: number, h: number, plain: boolean): number {
  const len = j - i;
  for (let slot = Math.imul(h, 0x9e3779b1) >>> shift; ; slot = (slot + 1) & mask) {
    const t = table[4 * slot] - 1;
    if (t < 0) return addWord(text, i, j, h, slot, plain);
    if (table[4 * slot + 1] !== h || table[4 * slot + 2] !== len) continue;
    const at = table[4 * slot + 3];
    let k = 0;
    while (k < len && text.charCodeAt(at + k) === text.charCodeAt(i + k)) k++;
    if (k === len) return t;
  }
}

/**
 * A word the article has not had yet, at the free slot its probe ended on: its id. `plain`: the word is ASCII
 * lower-case letters only (its flags are the listed ones, found by its hash).
 */
function addWord(text: string, i: number, j: number, h: number, slot: number, plain: boolean): number {
  const id = nWords++;
  if (2 * id === wInfo.length) { const a = new Int32Array(4 * id); a.set(wInfo); wInfo = a; }
  if (id === wFlags.length) { const a = new Uint16Array(2 * id); a.set(wFlags); wFlags = a; }
  wInfo[2 * id] = i; wInfo[2 * id + 1] = j - i;
  table[4 * slot] = id + 1; table[4 * slot + 1] = h; table[4 * slot + 2] = j - i; table[4 * slot + 3] = i;
  let flags = plain ? classify.ofPlain(text, i, j, h) : classify.ofText(text, i, j);
  if (flags < 0) {
    // not ASCII: the strings now (the classifier needs the lower case)
    const w = text.slice(i, j);
    const lower = lowerOf(w);
    WORDS[id] = w; LOWER[id] = lower;
    flags = classify.of(lower, w);
  } else { WORDS[id] = null; LOWER[id] = null; }
  wFlags[id] = flags;
  if (nWords * 2 > mask) rehash();
  return id;
}

/** The tokens' lower case: lower-cased when it starts with a capital or a non-ASCII letter, else as written. */
function lowerOf(w: string): string {
  const c = w.charCodeAt(0);
  return isUpper(c) || c > 127 ? w.toLowerCase() : w;
}

/** The word with this id, as written. */
function wordOf(id: number): string {
  const w = WORDS[id];
  if (w !== null) return w;
  const s = internText.slice(wInfo[2 * id], wInfo[2 * id] + wInfo[2 * id + 1]);
  WORDS[id] = s; LOWER[id] = lowerOf(s);
  return s;
}
/** The word with this id, in lower case (see lowerOf). */
function lowerWordOf(id: number): string {
  const l = LOWER[id];
  if (l !== null) return l;
  wordOf(id);
  return LOWER[id]!;
}

function rehash(): void {
  const old = table, oldSlots = mask + 1;
  mask = 2 * oldSlots - 1;
  shift--;
  table = new Int32Array(4 * (mask + 1));
  for (let o = 0; o < oldSlots; o++) {
    if (old[4 * o] === 0) continue;
    const h = old[4 * o + 1];
    let slot = Math.imul(h, 0x9e3779b1) >>> shift;
    while (table[4 * slot] !== 0) slot = (slot + 1) & mask;
    table.set(old.subarray(4 * o, 4 * o + 4), 4 * slot);
  }
}

/** How many distinct words (ids) the current article has so far. */
export function wordCount(): number { return nWords; }

/** Interned words' flags, computed on demand (see wordFlag). */
let ABBR = new Int8Array(1 << 12);
let abbrGen = new Int32Array(1 << 12);
function isAbbrev(id: number): boolean {
  if (id >= ABBR.length) { const a = new Int8Array(wInfo.length); a.set(ABBR); ABBR = a; const g = new Int32Array(wInfo.length); g.set(abbrGen); abbrGen = g; }
  if (abbrGen[id] !== gen) { abbrGen[id] = gen; ABBR[id] = abbrevAt(internText, wInfo[2 * id], wInfo[2 * id] + wInfo[2 * id + 1]) ? 1 : 0; }
  return ABBR[id] === 1;
}

/** An ASCII word of up to six characters as a number: its lower-case codes in base 128 (no code is 0). */
function asciiKey(w: string): number {
  let key = 0;
  for (let k = w.length - 1; k >= 0; k--) key = key * 128 + w.charCodeAt(k);
  return key;
}
/** ABBREV's words (all ASCII, up to six characters) as keys, sorted */
const ABBREV_KEYS = Float64Array.from([...ABBREV].map(asciiKey)).sort();

/** text[i, j) in lower case is an abbreviation (ABBREV); ASCII words are read without making a string. */
function abbrevAt(text: string, i: number, j: number): boolean {
  if (j - i > 6) return false;
  let key = 0;
  for (let k = j - 1; k >= i; k--) {
    let c = text.charCodeAt(k);
    // (toLowerCase can turn a non-ASCII letter into an ASCII one: the string way)
    if (c >= 128) return ABBREV.has(text.slice(i, j).toLowerCase());
    if (c >= 65 && c <= 90) c |= 32;
    key = key * 128 + c;
  }
  let lo = 0, hi = ABBREV_KEYS.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (ABBREV_KEYS[mid] < key) lo = mid + 1; else hi = mid; }
  return lo < ABBREV_KEYS.length && ABBREV_KEYS[lo] === key;
}

// --- views ---------------------------------------------------------------------------------------------------
/** The tokens of one block (or window): rows [base, base + length) of the article's columns. */
export class Toks {
  constructor(readonly base: number, readonly length: number) {}
  /** start and end offsets in the text */
  s(k: number): number { return S[this.base + k]; }
  e(k: number): number { return E[this.base + k]; }
  kind(k: number): T { return (F[this.base + k] & KIND_MASK) as T; }
  isWord(k: number): boolean { return (F[this.base + k] & KIND_MASK) === T.Word; }
  isQuote(k: number): boolean { return (F[this.base + k] & KIND_MASK) === T.Quote; }
  /** starts with a capital letter */
  cap(k: number): boolean { return (F[this.base + k] & CAP) !== 0; }
  /** a word that starts with a capital letter */
  capWord(k: number): boolean { return (F[this.base + k] & CAP_LETTER) !== 0; }
  /** the word's flags (word-flags.ts); 0 for punctuation and quotations */
  wordFlags(k: number): number { return G[this.base + k]; }
  /**
   * The first token in [k, end) whose row flags include one of `flags` (TOK_*), else `end`. Passes that care
   * about a few tokens (sentence starts, names, cues) jump from one to the next.
   */
  nextWith(k: number, flags: number, end: number): number {
    const f = F, stop = this.base + end;
    let r = this.base + k;
    while (r < stop && (f[r] & flags) === 0) r++;
    return r < stop ? r - this.base : end;
  }
  /** the word's id in the article (words and punctuation; the same word, the same id) */
  id(k: number): number { return X[this.base + k]; }
  /** a sentence starts at this token */
  ss(k: number): boolean { return (F[this.base + k] & SS) !== 0; }
  /** index into the quote list (quotation tokens) */
  q(k: number): number { return X[this.base + k]; }
  /** the token's text (for quotations: '"') */
  w(k: number): string { const r = this.base + k; return (F[r] & KIND_MASK) === T.Quote ? '"' : wordOf(X[r]); }
  /** lower case */
  l(k: number): string { const r = this.base + k; return (F[r] & KIND_MASK) === T.Quote ? '"' : lowerWordOf(X[r]); }
}

export interface QuoteRange { open: number; close: number }

/**
 * Tokenises text[s, e). `quotes` (sorted by open, non-overlapping at top level) become single tokens spanning
 * their marks. (The columns are read into locals: module variables are reloaded and rechecked at every use.)
 */
export function tokenize(text: string, s: number, e: number, quotes: QuoteRange[], qIndex: number[]): Toks {
  if (text !== internText) beginArticle(text);
  const base = rows;
  let r = rows, cap = S.length;
  let cS = S, cE = E, cF = F, cG = G, cX = X;
  let qi = 0;
  let i = s;
  // sentence starts are marked as tokens are made: `ends` says the previous token ended a sentence
  let ends = false;
  // where quotes[qi] opens (NONE past the last): one number to test a character, not an array and an object
  const NONE = 0x3fffffff; // (a small integer: larger ones are doubles)
  let nextOpen = quotes.length > 0 ? quotes[0].open : NONE;
  while (i < e) {
    // the token: text[i, j), its row flags, id (or quotation index) and word flags
    let j = i, rf = 0, x = 0, g = 0;
    if (nextOpen <= i) {
      while (qi < quotes.length && quotes[qi].open < i) qi++;
      nextOpen = qi < quotes.length ? quotes[qi].open : NONE;
    }
    if (nextOpen === i) {
      const q = quotes[qi];
      j = Math.min(e, q.close >= 0 ? q.close + 1 : e);
      rf = T.Quote | ATTN | (ends || r === base ? SS : 0);
      x = qIndex[qi];
      ends = quoteEndsSentence(text, i, j);
      qi++;
      nextOpen = qi < quotes.length ? quotes[qi].open : NONE;
    } else {
      const c = text.charCodeAt(i);
      const f = charFlags(c);
      if ((f & F_SPACE) !== 0) { i++; continue; }
      if ((f & (F_LETTER | F_DIGIT)) !== 0) {
        // the word's end, and its hash on the way
        j = i + 1;
        let h = c;
        let dot = false;
        // only a-z so far (the common case: the classifier needs no second look)
        let plain = c >= 97 && c <= 122;
        while (j < e) {
          const d = text.charCodeAt(j);
          if (d >= 97 && d <= 122) { h = (Math.imul(h, 31) + d) | 0; j++; continue; }
          if (isAlnum(d)) { plain = false; h = (Math.imul(h, 31) + d) | 0; j++; continue; }
          // don't, O’Brien, Pakistan-based, 3.5, U.S.
          if ((d === 39 || d === 0x2019 || d === 45 || d === 0x2010) && j + 1 < e && isAlnum(text.charCodeAt(j + 1))) {
            if ((d === 39 || d === 0x2019) && nextOpen === j) break;
            h = (Math.imul((Math.imul(h, 31) + d) | 0, 31) + text.charCodeAt(j + 1)) | 0;
            j += 2; plain = false; continue;
          }
          if (d === 46 && j + 1 < e && isAlnum(text.charCodeAt(j + 1)) && (isDigit(text.charCodeAt(j + 1)) ? isDigit(text.charCodeAt(j - 1)) : j + 2 < e && text.charCodeAt(j + 2) === 46)) {
            h = (Math.imul((Math.imul(h, 31) + d) | 0, 31) + text.charCodeAt(j + 1)) | 0;
            j += 2; dot = true; plain = false; continue;
          }
          break;
        }
        x = intern(text, i, j, h & HASH_MASK, plain);
        // Mr. J. U.S. — the period belongs to the word
        if (j < e && text.charCodeAt(j) === 46) {
          if (isAbbrev(x) || (j - i === 1 && isUpper(c)) || dot) { x = intern(text, i, j + 1, ((Math.imul(h, 31) + 46) | 0) & HASH_MASK, false); j++; }
        }
        const upper = (f & F_UPPER) !== 0;
        g = wFlags[x];
        rf = T.Word | (upper ? CAP : 0) | (upper && (f & F_LETTER) !== 0 ? CAP_LETTER : 0) | ((ends && (upper || isDigit(c))) || r === base ? SS : 0)
          | ((g & W_MAY_CUE) !== 0 ? ATTN : 0) | ((g & (W_PRONOUN_M | W_PRONOUN_F)) !== 0 ? PRONOUN : 0);
        ends = false;
      } else {
        x = c < 128 ? asciiId[c] : -1;
        if (x < 0) { x = intern(text, i, i + 1, c, false); if (c < 128) asciiId[c] = x; }
        j = i + 1;
        rf = T.Punct | ((ends && (c === 40 || c === 91)) || r === base ? SS : 0);
        ends = c === 46 || c === 33 || c === 63 || c === 0x2026;
      }
    }
    if (r === cap) { grow(); cS = S; cE = E; cF = F; cG = G; cX = X; cap = S.length; }
    cS[r] = i; cE[r] = j; cF[r] = rf; cX[r] = x; cG[r] = g;
    r++;
    i = j;
    // the space after a token, skipped here rather than by a turn of the loop (no quotation opens at a space)
    if (i < e && text.charCodeAt(i) === 32 && nextOpen !== i) i++;
  }
  rows = r;
  return new Toks(base, r - base);
}

/** A quotation token text[s, e) that ends its own sentence: ."  ?"  !" */
function quoteEndsSentence(text: string, s: number, e: number): boolean {
  let k = e - 2;
  while (k > s && isSpace(text.charCodeAt(k))) k--;
  const c = text.charCodeAt(k);
  return c === 46 || c === 33 || c === 63;
}

/**
 * The words of toks[a, b) (or their lower case) in an array made from a literal: arrays from .map()/.slice()
 * carry other element-kind maps than literals, and the mix made optimised callers deoptimise ("wrong map").
 */
export function wordsOf(toks: Toks, a: number, b: number, lower = false): string[] {
  const out: string[] = [];
  for (let k = a; k < b; k++) out.push(lower ? toks.l(k) : toks.w(k));
  return out;
}

/** Token k exists and is a word starting with a capital letter. */
export function isCapWord(toks: Toks, k: number): boolean {
  return k >= 0 && k < toks.length && toks.capWord(k);
}
