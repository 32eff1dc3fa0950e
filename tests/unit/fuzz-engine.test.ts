// Fuzzing the quote engine: thousands of generated articles (quote marks of every language, nesting,
// unbalanced marks, names and speech verbs, RTL and CJK, lone surrogates), and pathological ones. The
// engine must never throw, every offset must lie inside the text with text === slice(start, end), the
// cap must hold, and eight times the input must cost about eight times the time (well under twenty).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractQuotes, type ArticleText, type TextBlock } from '../../utils/engine/index';

const PIECES = [
  '"', '“', '”', '‘', '’', "'", '«', '»', '‹', '›', '„', '‚', '「', '」', '『', '』', '《', '》', '"', '“',
  ' ', ' ', ' ', '  ', '\n', '\n\n', '\u00a0', '\u202f', '\t',
  '.', ',', ':', ';', '!', '?', '—', '–', '-', '…', '(', ')', '[', ']',
  'said', 'says', 'told', 'according to', 'added', 'a déclaré', 'disse', 'explained', 'warned', 'he', 'she', 'they',
  'Mr.', 'Dr.', 'Sen.', 'John Smith', 'Maria', 'Dmitry Bakanov', 'the minister', 'spokesperson', 'NASA', 'President',
  'we', 'will', 'win', 'the', 'budget', 'is', 'not', 'enough', 'I', 'think', 'it', 'was', 'a', 'mistake',
  'قال', 'الوزير', 'שלום', '他说', '我们', '「我们会赢」', 'Привет', 'сказал',
  '😀', '\ud83d', '\ude00', '\u200b', '\u200f', '\u0301', '<q>', '<img src=x onerror=alert(1)>', '&quot;', '\\',
];

const piece = fc.constantFrom(...PIECES);
const blob = fc.array(fc.oneof({ weight: 6, arbitrary: piece }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) }), { maxLength: 200 })
  .map((parts) => parts.join(parts.length % 3 === 0 ? '' : ' '));

/** An ArticleText made the way the page layer makes it: blocks joined by "\n\n", with random kinds and <q>/code spans. */
const article = fc.record({
  paragraphs: fc.array(blob, { minLength: 1, maxLength: 8 }),
  kinds: fc.array(fc.constantFrom<TextBlock['kind']>('paragraph', 'heading', 'title', 'blockquote', 'list', 'caption', 'other'), { minLength: 8, maxLength: 8 }),
  lang: fc.constantFrom(undefined, 'en', 'fr', 'fr-FR', 'pt-BR', 'de', 'ar', 'he', 'zh', 'ja', 'ru', 'xx', ''),
  spans: fc.array(fc.tuple(fc.nat(), fc.nat(40), fc.constantFrom<'q' | 'code'>('q', 'code')), { maxLength: 4 }),
}).map(({ paragraphs, kinds, lang, spans }): ArticleText => {
  const blocks: TextBlock[] = [];
  let text = '';
  paragraphs.forEach((p, i) => {
    const body = p.replace(/\n\n+/g, '\n') || 'x';
    if (text) text += '\n\n';
    blocks.push({ start: text.length, end: text.length + body.length, kind: kinds[i % kinds.length] });
    text += body;
  });
  const inline = spans.map(([s, len, kind]) => {
    const start = s % (text.length + 1);
    return { start, end: Math.min(text.length, start + len), kind };
  }).sort((a, b) => a.start - b.start);
  return { text, blocks, spans: inline, lang };
});

function checkResult(a: ArticleText, max?: number) {
  const result = extractQuotes(a, max === undefined ? {} : { maxQuotes: max });
  expect(Array.isArray(result.quotes)).toBe(true);
  if (max !== undefined) expect(result.quotes.length).toBeLessThanOrEqual(max);
  for (const q of result.quotes) {
    expect(Number.isInteger(q.start) && Number.isInteger(q.end)).toBe(true);
    expect(q.start).toBeGreaterThanOrEqual(0);
    expect(q.end).toBeGreaterThanOrEqual(q.start);
    expect(q.end).toBeLessThanOrEqual(a.text.length);
    expect(q.text).toBe(a.text.slice(q.start, q.end));
    expect(q.confidence).toBeGreaterThanOrEqual(0);
    expect(q.confidence).toBeLessThanOrEqual(1);
    expect(['direct', 'partial', 'blockquote', 'headline', 'indirect']).toContain(q.kind);
  }
  return result;
}

function blocksOf(text: string, kind: TextBlock['kind'] = 'paragraph'): ArticleText {
  const blocks: TextBlock[] = [];
  let at = 0;
  for (const part of text.split('\n\n')) {
    blocks.push({ start: at, end: at + part.length, kind });
    at += part.length + 2;
  }
  return { text, blocks, lang: 'en' };
}

/**
 * Times extractQuotes on a small and an 8× larger input, interleaved (small, big, small, big, ...), and returns the
 * fastest run of each in ms. Load from other processes only ever adds time, so the minimum of several runs is the
 * closest a shared machine gets to the engine's own cost, for both sizes alike (a median still moves with a busy
 * neighbour). A linear engine gives about 8×, a quadratic one 64×: the tests allow 20×, so a quadratic term is
 * caught once it costs about a quarter of the linear work on the small input (with 4× and 10× it had to cost as
 * much as all of it).
 */
function timePair(small: ArticleText, big: ArticleText, runs = 7): { small: number; big: number } {
  const once = (a: ArticleText): number => {
    const t0 = performance.now();
    extractQuotes(a, { maxQuotes: 1_000_000 });
    return performance.now() - t0;
  };
  once(small); once(big); // warm up the JIT on both sizes
  let ts = Infinity, tb = Infinity;
  for (let i = 0; i < runs; i++) { ts = Math.min(ts, once(small)); tb = Math.min(tb, once(big)); }
  return { small: ts, big: tb };
}

/**
 * Whether the larger input stays under MAX_TIME_RATIO× the smaller's time (or within NOISE_MS of it), measured up
 * to ATTEMPTS times: a linear engine that a long burst of load slowed in every big run passes on a later attempt,
 * while a quadratic one is 64× on every attempt (load can slow its runs, never speed them up past its own cost).
 */
function staysLinear(small: ArticleText, big: ArticleText, runs = 7): { ok: boolean; small: number; big: number } {
  let t = { small: 0, big: 0 };
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    t = timePair(small, big, runs);
    if (t.big < Math.max(MAX_TIME_RATIO * t.small, t.small + NOISE_MS)) return { ok: true, ...t };
  }
  return { ok: false, ...t };
}
const SIZE_RATIO = 8;
const MAX_TIME_RATIO = 20;
/** the smaller input's length: 8× it is 200,000 characters */
const SMALL = 25_000;
const NOISE_MS = 50;
const ATTEMPTS = 3;

describe('extractQuotes under generated input', () => {
  it('never throws; offsets inside the text and text === slice(start, end) (3,000 articles)', () => {
    fc.assert(fc.property(article, (a) => { checkResult(a); }), { numRuns: 3_000 });
  }, 60_000);

  it('respects maxQuotes and says when it capped (500 articles)', () => {
    fc.assert(fc.property(article, fc.integer({ min: 0, max: 5 }), (a, max) => {
      const all = extractQuotes(a, { maxQuotes: 1_000_000 });
      const capped = checkResult(a, max);
      if (all.quotes.length > max) expect(capped.capped).toBe(true);
    }), { numRuns: 500 });
  });

  it('survives blocks that do not match the text (out of range, overlapping, empty)', () => {
    fc.assert(fc.property(blob, fc.array(fc.tuple(fc.integer({ min: -5, max: 400 }), fc.integer({ min: -5, max: 400 })), { maxLength: 6 }), (text, raw) => {
      const blocks = raw.map(([s, e]) => ({ start: Math.max(0, Math.min(s, text.length)), end: Math.max(0, Math.min(e, text.length)), kind: 'paragraph' as const }))
        .filter((b) => b.end >= b.start).sort((x, y) => x.start - y.start);
      checkResult({ text, blocks, lang: 'en' });
    }), { numRuns: 1_000 });
  });
});

describe('extractQuotes takes time linear in its input', () => {
  // Pathological shapes: every mark unbalanced, deep nesting, one endless quote, thousands of short quotes,
  // no spaces at all, and random generated text repeated.
  const shapes: Record<string, (n: number) => ArticleText> = {
    'only opening marks': (n) => blocksOf('“'.repeat(n)),
    'alternating straight quotes': (n) => blocksOf('"a '.repeat(Math.ceil(n / 3)).slice(0, n)),
    'nested quotes': (n) => blocksOf('“‘«'.repeat(Math.ceil(n / 6)) + '»’”'.repeat(Math.ceil(n / 6))),
    'one unclosed quote then prose': (n) => blocksOf('He said “' + 'we will win the vote and then some, '.repeat(Math.ceil(n / 36))),
    'many short quotes with speakers': (n) => blocksOf('“We will win,” said John Smith. '.repeat(Math.ceil(n / 32))),
    'many paragraphs': (n) => blocksOf('“It is fine,” she said.\n\n'.repeat(Math.ceil(n / 26)).trimEnd()),
    'no spaces': (n) => blocksOf('saidJohnSmith“x”'.repeat(Math.ceil(n / 16))),
    'apostrophes': (n) => blocksOf("it's don't 'tis rock 'n' roll ".repeat(Math.ceil(n / 30))),
  };
  for (const [name, make] of Object.entries(shapes)) {
    it(`${name}: ${SIZE_RATIO}× the input costs well under ${MAX_TIME_RATIO}× the time`, () => {
      const n = SMALL;
      const { ok, small, big } = staysLinear(make(n), make(SIZE_RATIO * n));
      // on tiny times a single GC pause counts more than the input: 50 ms of noise is allowed (a quadratic
      // engine spends seconds on 200,000 characters)
      console.log(`engine linearity, ${name}: ${n} chars ${small.toFixed(1)} ms, ${SIZE_RATIO * n} chars ${big.toFixed(1)} ms (×${(big / small).toFixed(2)})`);
      expect(ok, `${name}: ${small.toFixed(1)} ms → ${big.toFixed(1)} ms`).toBe(true);
    }, 60_000);
  }

  it(`random generated text repeated to 200,000 characters stays linear (12 samples)`, () => {
    fc.assert(fc.property(article, (a) => {
      const unit = a.text.length ? a.text : 'x';
      const make = (n: number) => blocksOf(unit.repeat(Math.ceil(n / unit.length)).slice(0, n));
      const { ok, small, big } = staysLinear(make(SMALL), make(SMALL * SIZE_RATIO), 5);
      expect(ok, `${JSON.stringify(unit.slice(0, 60))}…: ${small.toFixed(1)} ms → ${big.toFixed(1)} ms`).toBe(true);
    }), { numRuns: 12, endOnFailure: true });
  }, 120_000);
});
