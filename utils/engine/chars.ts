// Character classes used by the scanners. Plain charCode tests: no regular expressions over the text.

export const isSpace = (c: number): boolean =>
  c === 32 || c === 10 || c === 9 || c === 13 || c === 0xa0 || c === 0x202f || c === 0x2009 || c === 0x2007 || c === 0x200a || c === 0x3000;

export const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Letters of any script (cheap path for ASCII). */
export function isLetter(c: number): boolean {
  if (c < 128) return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  if (c < 0xc0) return c === 0xaa || c === 0xb5 || c === 0xba;
  if (c === 0xd7 || c === 0xf7) return false;
  if (c >= 0x2000 && c <= 0x2bff) return false; // punctuation, symbols, arrows
  if (c >= 0x3000 && c <= 0x303f) return false; // CJK punctuation
  if (c >= 0xfe30 && c <= 0xfe4f) return false;
  if (c >= 0xff00 && c <= 0xff20) return false;
  return true;
}

export const isAlnum = (c: number): boolean => isDigit(c) || isLetter(c);

export function isUpper(c: number): boolean {
  if (c < 128) return c >= 65 && c <= 90;
  const ch = String.fromCharCode(c);
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

export function isLower(c: number): boolean {
  if (c < 128) return c >= 97 && c <= 122;
  const ch = String.fromCharCode(c);
  return ch !== ch.toUpperCase() && ch === ch.toLowerCase();
}

/** Characters that may stand right before an opening quotation mark. */
export const isOpenContext = (c: number): boolean =>
  isSpace(c) || c === 40 || c === 91 || c === 123 || c === 0x2014 || c === 0x2013 || c === 45 || c === 47 || c === 58 || c === 0x2026;

/** Sentence-internal and closing punctuation that may follow a closing mark. */
export const isClosePunct = (c: number): boolean =>
  c === 44 || c === 46 || c === 59 || c === 58 || c === 33 || c === 63 || c === 41 || c === 93 || c === 125 || c === 0x2014 || c === 0x2013 || c === 45 || c === 0x2026 || c === 47;

// Quotation marks
export const STRAIGHT_D = 0x22; // "
export const STRAIGHT_S = 0x27; // '
export const LDQ = 0x201c; // “
export const RDQ = 0x201d; // ”
export const LOW_DQ = 0x201e; // „
export const REV_DQ = 0x201f; // ‟
export const DPRIME = 0x2033; // ″
export const LSQ = 0x2018; // ‘
export const RSQ = 0x2019; // ’
export const LOW_SQ = 0x201a; // ‚
export const LAQ = 0xab; // «
export const RAQ = 0xbb; // »
export const LSAQ = 0x2039; // ‹
export const RSAQ = 0x203a; // ›
export const LCB = 0x300c; // 「
export const RCB = 0x300d; // 」
export const LWCB = 0x300e; // 『
export const RWCB = 0x300f; // 』

export function isDoubleMark(c: number): boolean {
  return c === STRAIGHT_D || c === LDQ || c === RDQ || c === LOW_DQ || c === REV_DQ || c === DPRIME || c === LAQ || c === RAQ || c === LCB || c === RCB || c === LWCB || c === RWCB;
}
export function isSingleMark(c: number): boolean {
  return c === STRAIGHT_S || c === LSQ || c === RSQ || c === LOW_SQ || c === LSAQ || c === RSAQ;
}
export const isAnyMark = (c: number): boolean => isDoubleMark(c) || isSingleMark(c);

/** Trims [s, e) of spaces (and nothing else); returns the new bounds. */
export function trimRange(text: string, s: number, e: number): [number, number] {
  while (s < e && isSpace(text.charCodeAt(s))) s++;
  while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
  return [s, e];
}
