// The anchor index (built once per page text) against the former full-text search, and the rules that keep
// a note from being attached to the wrong words.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AnchorIndex, anchorQuote, anchorQuoteFullScan, selectorFor } from '../../utils/anchoring/text-anchor';

// Pseudo-words from syllables: a vocabulary as varied as real prose (a few hundred common words repeat).
const syl = ['ba', 'ko', 'ri', 'tem', 'lo', 'sun', 'da', 'mer', 'vi', 'at', 'on', 'pre', 'ul', 'gas', 'nio', 'fe', 'tra', 'es', 'mo', 'ky'];
const word = (n: number) => (n % 7 === 0 ? 'the' : n % 11 === 0 ? 'said' : syl[n % 20] + syl[(n >> 2) % 20] + (n % 3 ? syl[(n >> 4) % 20] : ''));
const sentence = (seed: number, n: number) => Array.from({ length: n }, (_, i) => word((seed * 7919 + i * 104729) % 50_000)).join(' ');

describe('AnchorIndex', () => {
  it('finds moved quotes exactly, and agrees with the full-text search (property, 300 cases)', () => {
    fc.assert(fc.property(fc.array(fc.string({ minLength: 20, maxLength: 120 }), { minLength: 3, maxLength: 12 }), fc.nat(), fc.string({ maxLength: 80 }), (paras, pick, inserted) => {
      const text = paras.join('\n\n');
      const p = pick % paras.length;
      const start = paras.slice(0, p).reduce((n, x) => n + x.length + 2, 0);
      const sel = selectorFor(text, start, start + paras[p].length);
      const edited = inserted + '\n\n' + text;
      const hit = new AnchorIndex(edited).anchor(sel);
      const base = anchorQuoteFullScan(edited, sel);
      if (base && base.status !== 'fuzzy' && paras[p].length >= 32) {
        expect(hit).not.toBeNull();
        expect(edited.slice(hit!.start, hit!.end)).toBe(paras[p]);
      }
      if (hit) expect(edited.slice(hit.start, hit.end).length).toBeGreaterThan(0);
    }), { numRuns: 300 });
  });

  it('uses prefix and suffix to pick the right one of several repeats', () => {
    const q = 'we will rebuild the bridge by spring';
    const text = `Intro.\n\nThe mayor said “${q}” on Monday.\n\n${sentence(1, 30)}\n\nLater the treasurer said “${q}” again, to cheers.\n\n${sentence(2, 30)}`;
    const second = text.lastIndexOf(q);
    const sel = selectorFor(text, second, second + q.length);
    const edited = 'Editor’s note added above.\n\n' + text;
    const hit = new AnchorIndex(edited).anchor(sel)!;
    expect(hit.status).toBe('moved');
    expect(hit.start).toBe(edited.lastIndexOf(q));
  });

  it('a fixed typo inside a long quote is found by fuzzy match; a rewritten one is not attached anywhere', () => {
    const q = 'The budget is compleetly under control and the auditors agree with every figure';
    const text = `${sentence(3, 40)}\n\n“${q},” said Paul Roy.\n\n${sentence(4, 40)}`;
    const at = text.indexOf(q);
    const sel = selectorFor(text, at, at + q.length);
    const fixed = text.replace('compleetly', 'completely');
    const hit = anchorQuote(fixed, sel)!;
    expect(hit.status).toBe('fuzzy');
    expect(fixed.slice(hit.start, hit.end)).toContain('completely under control');
    const rewritten = text.replace(q, 'Spending went over plan this year and the auditors have questions about it');
    expect(anchorQuote(rewritten, sel)).toBeNull();
  });

  it('a short quote whose context is gone is an orphan, not attached to the same words elsewhere', () => {
    const text = `${sentence(5, 30)}\n\nAsked about the plan, she said “never again” and left.\n\n${sentence(6, 30)}`;
    const at = text.indexOf('never again');
    const sel = selectorFor(text, at, at + 'never again'.length);
    const other = `${sentence(7, 30)}\n\nThe crowd chanted never again outside the hall.\n\n${sentence(8, 30)}`;
    expect(anchorQuote(other, sel)).toBeNull();
    // With its context, the same short quote is found after an insertion above.
    expect(anchorQuote('New first paragraph.\n\n' + text, sel)?.status).toBe('moved');
  });

  it('works on text without spaces (CJK): exact and fuzzy', () => {
    const text = '東京都は本日、新しい橋の建設計画を発表した。知事は「来年の冬までに必ず橋を再建する」と述べた。住民からは賛成の声が多く上がった。';
    const q = '来年の冬までに必ず橋を再建する';
    const at = text.indexOf(q);
    const sel = selectorFor(text, at, at + q.length);
    expect(anchorQuote('追記：記事を更新しました。' + text, sel)?.status).toBe('moved');
    const hit = anchorQuote(text.replace('必ず', '絶対'), sel);
    expect(hit?.status).toBe('fuzzy');
  });

  // Timing is measured by `npm run bench -- page` (in Chromium, with a baseline); here only the answers.
  it('re-anchors 500 annotations on a long edited text with one index, with the same answers as the full search', () => {
    const paras = Array.from({ length: 600 }, (_, i) => `${sentence(i, 25)} number ${i}, “${sentence(i + 1000, 12)} ${i}” said speaker ${i}.`);
    const text = paras.join('\n\n');
    const sels = Array.from({ length: 500 }, (_, i) => {
      const s = text.indexOf(`“`, text.indexOf(`number ${i},`)) + 1;
      return selectorFor(text, s, text.indexOf('”', s));
    });
    let edited = 'A correction was added at the top.\n\n' + text;
    for (let i = 3; i < 500; i += 10) edited = edited.replace(`${sentence(i + 1000, 12)} ${i}”`, `${sentence(i + 1000, 12).replace(/e/, 'é')} ${i}”`);
    const index = new AnchorIndex(edited);
    const fast = sels.map((s) => index.anchor(s));
    const slow = sels.slice(0, 50).map((s) => anchorQuoteFullScan(edited, s));
    expect(fast.filter(Boolean)).toHaveLength(500);
    for (let i = 0; i < 50; i++) expect(fast[i]).toEqual(slow[i]);
    expect(fast.filter((h) => h!.status === 'fuzzy').length).toBeGreaterThan(0);
  });
});
