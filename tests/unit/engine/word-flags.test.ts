import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HASH_MASK, W_ACRONYM, W_ALL_CAPS, W_FUNC, W_MAY_CUE, W_PRONOUN_F, WordClassifier } from '../../../utils/engine/word-flags';

// The tokenizer classifies most words from the text's characters (ofText, ofPlain) and only non-ASCII ones
// from strings (of): the fast paths must answer exactly what the string path answers.
const listed = new Map<string, number>([
  ['the', W_FUNC], ['said', W_MAY_CUE], ['she', W_PRONOUN_F | W_FUNC], ['according', W_MAY_CUE], ['mr.', W_FUNC], ['nasa', 4],
]);
const classifier = new WordClassifier(listed);

/** The tokenizer's lower case: lower-cased when the word starts with a capital or a non-ASCII letter. */
const lowerOf = (w: string): string => { const c = w.charCodeAt(0); return (c >= 65 && c <= 90) || c > 127 ? w.toLowerCase() : w; };
const hashOf = (w: string): number => { let h = 0; for (let i = 0; i < w.length; i++) h = (Math.imul(h, 31) + w.charCodeAt(i)) | 0; return h & HASH_MASK; };

describe('word classifier', () => {
  it('gives listed words, shapes and French inversions their flags', () => {
    expect(classifier.of('said', 'said')).toBe(W_MAY_CUE);
    expect(classifier.of('she', 'She')).toBe(W_PRONOUN_F | W_FUNC);
    expect(classifier.of('nasa', 'NASA')).toBe(4 | W_ALL_CAPS | W_ACRONYM);
    expect(classifier.of('explique-t-il', 'explique-t-il')).toBe(W_MAY_CUE);
    expect(classifier.of('walked', 'walked')).toBe(0);
  });

  it('reads ASCII words from the text exactly as the string path does', () => {
    const word = fc.array(fc.constantFrom('a', 's', 'i', 'd', 'T', 'h', 'e', 'S', 'A', 'N', 'M', 'r', '.', '-', 't', '1', "'"), { minLength: 1, maxLength: 14 })
      .map((cs) => cs.join(''));
    const known = fc.constantFrom('said', 'Said', 'SAID', 'the', 'The', 'tHe', 'she', 'She', 'Mr.', 'mR.', 'NASA', 'Nasa', 'explique-t-il', 'Explique-T-il', 'dit-T-elle', 'x-t-', 'A', '42');
    fc.assert(fc.property(fc.oneof(word, known), fc.string({ maxLength: 5 }), (w, before) => {
      const text = before + w + ' tail';
      const at = before.length;
      expect(classifier.ofText(text, at, at + w.length)).toBe(classifier.of(lowerOf(w), w));
      if (/^[a-z]+$/.test(w)) expect(classifier.ofPlain(text, at, at + w.length, hashOf(w))).toBe(classifier.of(w, w));
    }), { numRuns: 3000 });
  });

  it('leaves words with non-ASCII characters to the string path', () => {
    expect(classifier.ofText('déclaré', 0, 7)).toBe(-1);
    expect(classifier.ofText('KELVIN \u212a', 7, 8)).toBe(-1);
  });
});
