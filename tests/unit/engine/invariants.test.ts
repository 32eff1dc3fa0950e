import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../../../utils/engine/index';
import type { ArticleText, Quote } from '../../../utils/engine/types';
import { article } from './helpers';

function randomParagraph(bytes: number, seed: number): ArticleText {
  const pieces = ['"', '“', '”', "'", '‘', '’', '«', '»', '„', '「', '」', "isn't", "'80s", "Ross'", 'told', 'Ames', 'he', 'a', 'word', '6\'1"', 'or', ',', '.', ':', '\n'];
  let x = seed;
  const out: string[] = [];
  let n = 0;
  while (n < bytes) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    const p = pieces[x % pieces.length];
    const sep = (x >> 9) % 3 ? ' ' : '';
    out.push(p, sep);
    n += p.length + sep.length;
  }
  const text = out.join('').slice(0, bytes);
  return { text, blocks: [{ start: 0, end: text.length, kind: 'paragraph' }], lang: 'en' };
}

function checkInvariants(a: ArticleText, qs: Quote[]): void {
  let prevStart = -1;
  const lastEnd = new Map<string, number>();
  for (const q of qs) {
    expect(q.start).toBeGreaterThanOrEqual(0);
    expect(q.end).toBeLessThanOrEqual(a.text.length);
    expect(q.start).toBeLessThan(q.end);
    expect(q.text).toBe(a.text.slice(q.start, q.end));
    expect(q.start).toBeGreaterThanOrEqual(prevStart);
    prevStart = q.start;
    expect(lastEnd.get(q.kind) ?? -1).toBeLessThanOrEqual(q.start);
    lastEnd.set(q.kind, Math.max(lastEnd.get(q.kind) ?? -1, q.end));
    expect(q.confidence).toBeGreaterThanOrEqual(0);
    expect(q.confidence).toBeLessThanOrEqual(1);
  }
}

describe('invariants', () => {
  it('handles a 1 MB paragraph of random marks, apostrophes and words in linear time', () => {
    const a = randomParagraph(1 << 20, 11);
    const t0 = performance.now();
    const r = extractQuotes(a);
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(3000);
    expect(r.quotes.length).toBeGreaterThan(0);
    checkInvariants(a, r.quotes);
  });

  it('keeps offsets, order and kinds consistent on random blocks, and is deterministic', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const r = randomParagraph(3000, seed);
      const paras = r.text.split('\n').filter(Boolean);
      const a = article(paras.map((p, i) => (i % 5 === 0 ? ['heading', p] : i % 7 === 0 ? ['blockquote', p] : p)), { lang: seed % 2 ? 'en' : 'fr' });
      const one = extractQuotes(a);
      checkInvariants(a, one.quotes);
      expect(extractQuotes(a)).toEqual(one);
    }
  });

  it('caps the number of quotations when asked', () => {
    const a = article(Array.from({ length: 30 }, (_, i) => `"Point number ${i} stands," said Nora Quist.`));
    const r = extractQuotes(a, { maxQuotes: 10 });
    expect(r.capped).toBe(true);
    expect(r.quotes).toHaveLength(10);
    expect(extractQuotes(a).capped).toBe(false);
  });

  it('stops reading once the cap is passed: same first quotations, linear on 50,000 quotations', () => {
    const paras = Array.from({ length: 300 }, (_, i) => `"Point number ${i} stands," said Nora Quist. She added: "Item ${i} matters too."`);
    const a = article(paras);
    const full = extractQuotes(a, { maxQuotes: 1_000_000 });
    const capped = extractQuotes(a, { maxQuotes: 100 });
    expect(capped.capped).toBe(true);
    expect(capped.quotes).toEqual(full.quotes.slice(0, 100));
    // the content script's hostile page: 50,000 quotations, cap 5,000 (a generous bound for a loaded machine)
    const big = article(Array.from({ length: 1000 }, (_, i) => Array.from({ length: 50 }, (_, j) => `"Point number ${i * 50 + j} stands," said Nora Quist.`).join(' ')));
    const t0 = performance.now();
    const r = extractQuotes(big, { maxQuotes: 5000 });
    const ms = performance.now() - t0;
    expect(r.capped).toBe(true);
    expect(r.quotes).toHaveLength(5000);
    expect(r.quotes[4999].speaker).toBe('Nora Quist');
    expect(ms).toBeLessThan(4000);
  });

  it('copes with empty and odd input', () => {
    expect(extractQuotes({ text: '', blocks: [] }).quotes).toEqual([]);
    expect(extractQuotes({ text: '"', blocks: [{ start: 0, end: 1, kind: 'paragraph' }] }).quotes).toEqual([]);
    const a = article(['"', '“”', '«»', "''", '"a"']);
    checkInvariants(a, extractQuotes(a).quotes);
  });
});
