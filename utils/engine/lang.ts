// The article's language: from <html lang>, else a cheap stop-word vote over the first few thousand characters.
import { isLetter } from './chars';

export type Lang = 'en' | 'fr' | 'es' | 'pt' | 'de' | 'it' | 'ru' | 'cs';
export const LANGS: readonly Lang[] = ['en', 'fr', 'es', 'pt', 'de', 'it', 'ru', 'cs'];

const STOP: Record<Lang, string[]> = {
  en: ['the', 'and', 'of', 'to', 'is', 'that', 'with', 'was', 'for', 'said'],
  fr: ['le', 'les', 'des', 'est', 'et', 'une', 'du', 'dans', 'pour', 'qui', 'pas'],
  es: ['el', 'los', 'las', 'del', 'y', 'una', 'por', 'para', 'con', 'es', 'dijo'],
  pt: ['os', 'da', 'do', 'não', 'uma', 'em', 'com', 'para', 'é', 'das', 'dos'],
  de: ['der', 'die', 'und', 'das', 'nicht', 'ist', 'mit', 'den', 'sich', 'auf', 'ein'],
  it: ['il', 'di', 'che', 'della', 'non', 'per', 'è', 'gli', 'sono', 'nel', 'anche'],
  ru: ['и', 'в', 'не', 'что', 'на', 'он', 'с', 'как', 'по', 'это'],
  cs: ['a', 'je', 'že', 'se', 'na', 'v', 'to', 'podle', 'jsou', 'byl', 'také'],
};
const WORD_LANGS = new Map<string, Lang[]>();
for (const l of LANGS) for (const w of STOP[l]) WORD_LANGS.set(w, [...(WORD_LANGS.get(w) ?? []), l]);

// The vote reads words without making strings: a word's hash (h = h * 31 + c over its lower-case code units),
// taken while its letters are read, finds the stop words that may match (an open-addressing table of hashes),
// and their characters are compared.
const hashOf = (w: string): number => { let h = 0; for (let i = 0; i < w.length; i++) h = (Math.imul(h, 31) + w.charCodeAt(i)) | 0; return h; };
const STOP_WORDS = [...WORD_LANGS.keys()];
const STOP_LANGS = STOP_WORDS.map((w) => WORD_LANGS.get(w)!);
const STOP_BITS = 8;
/** slot → index of a stop word + 1 (0: free); a word with a hash probes from its slot to the next free one */
const STOP_SLOTS = new Int32Array(1 << STOP_BITS);
const slotOf = (h: number): number => Math.imul(h, 0x9e3779b1) >>> (32 - STOP_BITS);
STOP_WORDS.forEach((w, i) => {
  let slot = slotOf(hashOf(w));
  while (STOP_SLOTS[slot] !== 0) slot = (slot + 1) & ((1 << STOP_BITS) - 1);
  STOP_SLOTS[slot] = i + 1;
});
/** code unit → its lower case; 0: not looked up yet; NOT_ONE: its lower case is not one code unit (İ) */
const LOWER_CODE = new Uint16Array(0x10000);
const NOT_ONE = 0xffff;
function lowerCode(c: number): number {
  if (c < 128) return c >= 65 && c <= 90 ? c | 32 : c;
  let v = LOWER_CODE[c];
  if (v === 0) { const l = String.fromCharCode(c).toLowerCase(); v = LOWER_CODE[c] = l.length === 1 ? l.charCodeAt(0) : NOT_ONE; }
  return v;
}

/** The languages whose stop words include text[s, e) in lower case, whose hash is h. */
function stopLangs(text: string, s: number, e: number, h: number): Lang[] | undefined {
  for (let slot = slotOf(h); ; slot = (slot + 1) & ((1 << STOP_BITS) - 1)) {
    const i = STOP_SLOTS[slot] - 1;
    if (i < 0) return undefined;
    const w = STOP_WORDS[i];
    if (w.length !== e - s) continue;
    let k = 0;
    while (k < w.length && lowerCode(text.charCodeAt(s + k)) === w.charCodeAt(k)) k++;
    if (k === w.length) return STOP_LANGS[i];
  }
}

export function detectLang(text: string, limit = 4000): Lang {
  const votes = new Int32Array(LANGS.length);
  const end = Math.min(text.length, limit);
  let i = 0;
  while (i < end) {
    let c = text.charCodeAt(i);
    if (!isLetter(c)) { i++; continue; }
    const s = i;
    // the word's lower-case hash on the way (only words of up to six letters are looked up)
    let h = 0, oneUnit = true;
    do {
      if (i - s < 6) {
        const l = lowerCode(c);
        if (l === NOT_ONE) oneUnit = false;
        h = (Math.imul(h, 31) + l) | 0;
      }
      i++;
    } while (i < end && isLetter(c = text.charCodeAt(i)));
    if (i - s < 7) {
      // a letter whose lower case is two code units (İ): the string way. Otherwise code unit by code unit gives
      // toLowerCase's answer, but for the Greek final sigma, which no stop word holds.
      const ls = oneUnit ? stopLangs(text, s, i, h) : WORD_LANGS.get(text.slice(s, i).toLowerCase());
      if (ls) for (const l of ls) votes[LANGS.indexOf(l)]++;
    }
  }
  let best: Lang = 'en', n = 0;
  for (let l = 0; l < LANGS.length; l++) if (votes[l] > n) { n = votes[l]; best = LANGS[l]; }
  return best;
}

export function resolveLang(attr: string | undefined, text: string): Lang {
  if (attr) {
    const base = attr.trim().toLowerCase().slice(0, 2) as Lang;
    if (LANGS.includes(base)) return base;
  }
  return detectLang(text);
}
