// What the word lists say of a word, as bits: worked out once per distinct word of an article (when the
// tokenizer interns it) and copied onto each of its tokens, so the passes over the tokens (names, pronoun
// votes, cues) test one number per token instead of looking words up.

// names.ts: the name word lists, and the word's shape
export const W_FUNC = 1, W_HON = 2, W_TITLE = 4, W_ACRONYM = 8, W_ORG = 16, W_ALL_CAPS = 32, W_PARTICLE = 64;
// the article's languages (attribution.ts): a word that may start a speech cue; a he / she pronoun
export const W_MAY_CUE = 128, W_PRONOUN_M = 256, W_PRONOUN_F = 512;

/** Word hashes (h = h * 31 + c over the code units) are kept to their low 30 bits: small integers. */
export const HASH_MASK = 0x3fffffff;

/**
 * The flags of a word: those its "lower case" has in a list (the tokenizer's lower case: the word lower-cased
 * when it starts with a capital or a non-ASCII letter, else as written), its shape (all capitals, acronym), and
 * W_MAY_CUE for a French inverted verb ("explique-t-il", whatever the language list).
 *
 * Most words of an article are in no list and most are ASCII: `ofText` classifies those from the text's
 * characters, with a hash probe into the listed words, so the tokenizer makes no string for a new word
 * until someone reads it.
 */
export class WordClassifier {
  /**
   * The listed words' characters, one after the other (the strings themselves come in many representations,
   * and reading them made the probe's property loads megamorphic); entry e is chars[start[e], start[e + 1]).
   */
  private readonly chars: Uint16Array;
  private readonly start: Int32Array;
  private readonly keyFlags: Int32Array;
  /** open addressing: entry + 1 (0: free) */
  private readonly slots: Int32Array;
  private readonly shift: number;

  constructor(private readonly listed: Map<string, number>) {
    let bits = 4;
    while ((1 << bits) < 2 * listed.size) bits++;
    this.slots = new Int32Array(1 << bits);
    this.shift = 32 - bits;
    const mask = (1 << bits) - 1;
    let n = 0;
    for (const w of listed.keys()) n += w.length;
    this.chars = new Uint16Array(n);
    this.start = new Int32Array(listed.size + 1);
    this.keyFlags = new Int32Array(listed.size);
    let e = 0, at = 0;
    for (const [w, f] of listed) {
      let h = 0;
      for (let i = 0; i < w.length; i++) { h = (Math.imul(h, 31) + w.charCodeAt(i)) | 0; this.chars[at++] = w.charCodeAt(i); }
      let slot = Math.imul(h & HASH_MASK, 0x9e3779b1) >>> this.shift;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.keyFlags[e] = f;
      this.start[++e] = at;
      this.slots[slot] = e;
    }
  }

  /** The flags of a word given as strings (`lower` as described above). */
  of(lower: string, word: string): number {
    const caps = isAllCaps(word);
    return (this.listed.get(lower) ?? 0) | (caps ? W_ALL_CAPS : 0) | (caps && word.length >= 2 && hasAsciiUpper(word) ? W_ACRONYM : 0)
      | (lower.indexOf('-t-') > 0 ? W_MAY_CUE : 0);
  }

  /** The flags of the word text[i, j) of ASCII lower-case letters only, whose hash (& HASH_MASK) is h (what `of` answers). */
  ofPlain(text: string, i: number, j: number, h: number): number {
    return this.listedFlags(text, i, j, h, false);
  }

  /** The flags of the word text[i, j) when all of it is ASCII (what `of` answers), else -1. */
  ofText(text: string, i: number, j: number): number {
    const lowered = text.charCodeAt(i) >= 65 && text.charCodeAt(i) <= 90;
    let h = 0, lowerSeen = false, upperSeen = false, inversion = false;
    for (let k = i; k < j; k++) {
      let c = text.charCodeAt(k);
      if (c >= 128) return -1;
      if (c >= 97 && c <= 122) lowerSeen = true;
      else if (c >= 65 && c <= 90) { upperSeen = true; if (lowered) c |= 32; }
      // "-t-" after the first character (lower case: "-T-" counts when the word is lower-cased)
      else if (c === 45 && k > i && k + 2 < j && text.charCodeAt(k + 2) === 45 && (text.charCodeAt(k + 1) | (lowered ? 32 : 0)) === 116) inversion = true;
      h = (Math.imul(h, 31) + c) | 0;
    }
    const caps = !lowerSeen;
    return (caps ? W_ALL_CAPS : 0) | (caps && j - i >= 2 && upperSeen ? W_ACRONYM : 0) | (inversion ? W_MAY_CUE : 0)
      | this.listedFlags(text, i, j, h & HASH_MASK, lowered);
  }

  /** The list flags of text[i, j) (lower-cased when `lowered`), whose key hash (& HASH_MASK) is h; 0 when not listed. */
  private listedFlags(text: string, i: number, j: number, h: number, lowered: boolean): number {
    const slots = this.slots, start = this.start, chars = this.chars, mask = slots.length - 1;
    for (let slot = Math.imul(h, 0x9e3779b1) >>> this.shift; ; slot = (slot + 1) & mask) {
      const e = slots[slot] - 1;
      if (e < 0) return 0;
      const a = start[e];
      if (start[e + 1] - a !== j - i) continue;
      let k = i;
      while (k < j) {
        let c = text.charCodeAt(k);
        if (lowered && c >= 65 && c <= 90) c |= 32;
        if (c !== chars[a + k - i]) break;
        k++;
      }
      if (k === j) return this.keyFlags[e];
    }
  }
}

/** w === w.toUpperCase(), without building the upper-case copy for ASCII words. */
function isAllCaps(w: string): boolean {
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c >= 128) return w === w.toUpperCase();
    if (c >= 97 && c <= 122) return false;
  }
  return true;
}

function hasAsciiUpper(w: string): boolean {
  for (let i = 0; i < w.length; i++) { const c = w.charCodeAt(i); if (c >= 65 && c <= 90) return true; }
  return false;
}
