// Character classes used by the scanners. Plain charCode tests: no regular expressions over the text.

// One lookup table over the whole BMP (charCodeAt never exceeds 0xffff), filled lazily for non-ASCII:
// every class test is a single array read.
export const F_DONE = 1, F_SPACE = 2, F_DIGIT = 4, F_LETTER = 8, F_UPPER = 16, F_LOWER = 32, F_DMARK = 64, F_SMARK = 128;
const TABLE = new Uint8Array(0x10000);

const DOUBLE_MARKS = [0x22, 0x201c, 0x201d, 0x201e, 0x201f, 0x2033, 0xab, 0xbb, 0x300c, 0x300d, 0x300e, 0x300f];
const SINGLE_MARKS = [0x27, 0x2018, 0x2019, 0x201a, 0x2039, 0x203a];
/** A global regular expression for a character class of these code units (for scanning with lastIndex or matchAll). */
const classRe = (units: number[]): RegExp => new RegExp(`[${units.map((c) => `\\u${c.toString(16).padStart(4, '0')}`).join('')}]`, 'g');
/** Any quotation mark, double or single. */
export const ANY_MARK_RE = classRe([...DOUBLE_MARKS, ...SINGLE_MARKS]);
/** Double quotation marks, guillemets and corner brackets; single quotation marks. */
export const DOUBLE_MARK_RE = classRe(DOUBLE_MARKS);
export const SINGLE_MARK_RE = classRe(SINGLE_MARKS);

function classify(c: number): number {
  let f = F_DONE;
  if (c === 32 || c === 10 || c === 9 || c === 13 || c === 0xa0 || c === 0x202f || c === 0x2009 || c === 0x2007 || c === 0x200a || c === 0x3000) f |= F_SPACE;
  if (c >= 48 && c <= 57) f |= F_DIGIT;
  if (letterSlow(c)) f |= F_LETTER;
  if (c < 128) {
    if (c >= 65 && c <= 90) f |= F_UPPER;
    if (c >= 97 && c <= 122) f |= F_LOWER;
  } else {
    const ch = String.fromCharCode(c);
    const lo = ch.toLowerCase(), up = ch.toUpperCase();
    if (ch !== lo && ch === up) f |= F_UPPER;
    if (ch !== up && ch === lo) f |= F_LOWER;
  }
  if (DOUBLE_MARKS.includes(c)) f |= F_DMARK;
  if (SINGLE_MARKS.includes(c)) f |= F_SMARK;
  return f;
}
for (let c = 0; c < 128; c++) TABLE[c] = classify(c);

/** The class flags of c (computed once per code unit). */
export function charFlags(c: number): number {
  const f = TABLE[c];
  if (f) return f;
  if (f === 0) return (TABLE[c] = classify(c));
  return F_LETTER; // NaN (reading past the end): what the old range tests answered
}

/** Letters of any script (cheap path for ASCII). */
function letterSlow(c: number): boolean {
  if (c < 128) return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  if (c < 0xc0) return c === 0xaa || c === 0xb5 || c === 0xba;
  if (c === 0xd7 || c === 0xf7) return false;
  if (c >= 0x2000 && c <= 0x2bff) return false; // punctuation, symbols, arrows
  if (c >= 0x3000 && c <= 0x303f) return false; // CJK punctuation
  if (c >= 0xfe30 && c <= 0xfe4f) return false;
  if (c >= 0xff00 && c <= 0xff20) return false;
  return true;
}

export const isSpace = (c: number): boolean => (charFlags(c) & F_SPACE) !== 0;
export const isDigit = (c: number): boolean => c >= 48 && c <= 57;
export const isLetter = (c: number): boolean => (charFlags(c) & F_LETTER) !== 0;
export const isAlnum = (c: number): boolean => (charFlags(c) & (F_LETTER | F_DIGIT)) !== 0;
export const isUpper = (c: number): boolean => (charFlags(c) & F_UPPER) !== 0;
export const isLower = (c: number): boolean => (charFlags(c) & F_LOWER) !== 0;
export const isDoubleMark = (c: number): boolean => (charFlags(c) & F_DMARK) !== 0;
export const isSingleMark = (c: number): boolean => (charFlags(c) & F_SMARK) !== 0;
export const isAnyMark = (c: number): boolean => (charFlags(c) & (F_DMARK | F_SMARK)) !== 0;

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

/** Trims [s, e) of spaces (and nothing else); returns the new bounds. */
export function trimRange(text: string, s: number, e: number): [number, number] {
  while (s < e && isSpace(text.charCodeAt(s))) s++;
  while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
  return [s, e];
}
