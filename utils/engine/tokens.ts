// Word tokens of one block, with every quotation span as a single opaque token. Linear in the block's length.
import { isAlnum, isDigit, isLetter, isSpace, isUpper } from './chars';

export const enum T { Word = 0, Punct = 1, Quote = 2 }

export interface Token {
  s: number;
  e: number;
  kind: T;
  /** the token's text (for quotes: '"') */
  w: string;
  /** lower case */
  l: string;
  /** starts with a capital letter */
  cap: boolean;
  /** index into the quote list when kind === Quote */
  q: number;
  /** a sentence starts at this token */
  ss: boolean;
}

const ABBREV = new Set(['mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'jr', 'sr', 'gen', 'sen', 'rep', 'gov', 'lt', 'col', 'sgt', 'capt', 'mt', 'no', 'inc', 'corp', 'ltd', 'co', 'vs', 'etc', 'rev', 'hon', 'maj', 'adm', 'cmdr', 'supt', 'insp', 'det', 'pres', 'mme', 'mlle', 'sra', 'sr', 'dra', 'hr', 'fr', 'jan', 'feb', 'mar', 'apr', 'aug', 'sept', 'sep', 'oct', 'nov', 'dec', 'e.g', 'i.e', 'approx', 'dept', 'univ', 'm']);

/** One string per code unit, made once: punctuation tokens share them instead of allocating their own. */
const CHAR_STRINGS: string[] = new Array<string>(0x10000).fill('');
function charString(c: number): string {
  const s = CHAR_STRINGS[c];
  return s !== '' ? s : (CHAR_STRINGS[c] = String.fromCharCode(c));
}

export interface QuoteRange { open: number; close: number }

/**
 * Tokenises text[s, e). `quotes` (sorted by open, non-overlapping at top level) become single tokens spanning
 * their marks.
 */
export function tokenize(text: string, s: number, e: number, quotes: QuoteRange[], qIndex: number[]): Token[] {
  const out: Token[] = [];
  let qi = 0;
  let i = s;
  // sentence starts are marked as tokens are made: `ends` says the previous token ended a sentence
  let ends = false;
  while (i < e) {
    while (qi < quotes.length && quotes[qi].open < i) qi++;
    if (qi < quotes.length && quotes[qi].open === i) {
      const q = quotes[qi];
      const end = Math.min(e, q.close >= 0 ? q.close + 1 : e);
      out.push({ s: i, e: end, kind: T.Quote, w: '"', l: '"', cap: false, q: qIndex[qi], ss: ends || out.length === 0 });
      ends = quoteEndsSentence(text, i, end);
      i = end;
      qi++;
      continue;
    }
    const c = text.charCodeAt(i);
    if (isSpace(c)) { i++; continue; }
    if (isAlnum(c)) {
      let j = i + 1;
      while (j < e) {
        const d = text.charCodeAt(j);
        if (isAlnum(d)) { j++; continue; }
        // don't, O’Brien, Pakistan-based, 3.5, U.S.
        if ((d === 39 || d === 0x2019 || d === 45 || d === 0x2010) && j + 1 < e && isAlnum(text.charCodeAt(j + 1))) {
          if ((d === 39 || d === 0x2019) && (qi < quotes.length && quotes[qi].open === j)) break;
          j += 2; continue;
        }
        if (d === 46 && j + 1 < e && isAlnum(text.charCodeAt(j + 1)) && (isDigit(text.charCodeAt(j + 1)) ? isDigit(text.charCodeAt(j - 1)) : j + 2 < e && text.charCodeAt(j + 2) === 46)) { j += 2; continue; }
        break;
      }
      let w = text.slice(i, j);
      // Mr. J. U.S. — the period belongs to the word
      if (j < e && text.charCodeAt(j) === 46) {
        if ((w.length <= 6 && ABBREV.has(w.toLowerCase())) || (w.length === 1 && isUpper(c)) || w.indexOf('.') > 0) { j++; w = text.slice(i, j); }
      }
      const cap = isUpper(c);
      out.push({ s: i, e: j, kind: T.Word, w, l: cap || c > 127 ? w.toLowerCase() : w, cap, q: -1, ss: (ends && (cap || isDigit(c))) || out.length === 0 });
      ends = false;
      i = j;
      continue;
    }
    const p = charString(c);
    out.push({ s: i, e: i + 1, kind: T.Punct, w: p, l: p, cap: false, q: -1, ss: (ends && (c === 40 || c === 91)) || out.length === 0 });
    ends = c === 46 || c === 33 || c === 63 || c === 0x2026;
    i++;
  }
  return out;
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
export function wordsOf(toks: Token[], a: number, b: number, lower = false): string[] {
  const out: string[] = [];
  for (let k = a; k < b; k++) out.push(lower ? toks[k].l : toks[k].w);
  return out;
}

export function isCapWord(t: Token | undefined): boolean {
  return !!t && t.kind === T.Word && t.cap && isLetter(t.w.charCodeAt(0));
}
