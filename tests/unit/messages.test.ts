// The message protocol's schemas and the background's sender checks, as pure functions: malformed,
// oversized, extra-typed and cross-site messages are refused before anything acts on them.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';

// background.ts registers listeners when its default export runs, not at import; the polyfill is only
// needed by then. In Node it would throw ("only be loaded in a browser extension").
vi.mock('webextension-polyfill', () => ({ default: { runtime: { id: 'test' } } }));

const { annotationDraft, backgroundToContent, contentToBackground, popupToContent, parseExtractReply, MAX_ENGINE_REQUEST_CHARS, MAX_ENGINE_QUOTES } = await import('../../utils/messages');
const { MAX_ARTICLE_CHARS, MAX_QUOTES } = await import('../../utils/page/page-session');
const { draftProblem, engineMayRun, pageBelongsToSender } = await import('../../entrypoints/background');

const draft = {
  title: 'A page', exact: 'we will win', prefix: 'He said “', suffix: '” on Tuesday', start: 9, end: 20, textHash: 'abc:1',
  speaker: 'Ana Lima', role: null, sentiment: 'positive', tags: ['economy'], note: 'a <b>note</b>', kind: 'direct', cue: 'said',
} as const;
const key = 'https://news.example.com/2024/story';

describe('contentToBackground schema', () => {
  it('accepts each well-formed message', () => {
    for (const m of [
      { type: 'content/page-scanned', pageKey: key, count: 3, capped: false },
      { type: 'content/get-annotations', pageKey: key },
      { type: 'content/get-settings', pageKey: key },
      { type: 'content/save-annotation', pageKey: key, draft },
    ]) expect(contentToBackground.safeParse(m).success, m.type).toBe(true);
  });

  it.each([
    ['nothing', undefined],
    ['null', null],
    ['a string', 'content/get-annotations'],
    ['an array', [{ type: 'content/get-annotations', pageKey: key }]],
    ['an unknown type', { type: 'content/delete-everything', pageKey: key }],
    ['a popup message sent by a content script', { type: 'popup/get-page' }],
    ['a missing pageKey', { type: 'content/get-annotations' }],
    ['an empty pageKey', { type: 'content/get-annotations', pageKey: '' }],
    ['a huge pageKey', { type: 'content/get-annotations', pageKey: 'https://a.example/' + 'x'.repeat(5_000) }],
    ['a pageKey that is an object', { type: 'content/get-annotations', pageKey: { toString: (): string => key } }],
    ['a negative count', { type: 'content/page-scanned', pageKey: key, count: -1, capped: false }],
    ['a fractional count', { type: 'content/page-scanned', pageKey: key, count: 1.5, capped: false }],
    ['a NaN count', { type: 'content/page-scanned', pageKey: key, count: Number.NaN, capped: false }],
    ['a string capped', { type: 'content/page-scanned', pageKey: key, count: 1, capped: 'yes' }],
    ['no draft', { type: 'content/save-annotation', pageKey: key }],
    ['a draft with an unknown sentiment', { type: 'content/save-annotation', pageKey: key, draft: { ...draft, sentiment: 'furious' } }],
    ['a draft with an unknown kind', { type: 'content/save-annotation', pageKey: key, draft: { ...draft, kind: 'script' } }],
    ['a draft with an empty quote', { type: 'content/save-annotation', pageKey: key, draft: { ...draft, exact: '' } }],
    ['a draft with a 100,001-character quote', { type: 'content/save-annotation', pageKey: key, draft: { ...draft, exact: 'x'.repeat(100_001) } }],
    ['a draft with a 20,001-character note', { type: 'content/save-annotation', pageKey: key, draft: { ...draft, note: 'x'.repeat(20_001) } }],
    ['a draft with 51 tags', { type: 'content/save-annotation', pageKey: key, draft: { ...draft, tags: Array.from({ length: 51 }, (_, i) => `t${i}`) } }],
    ['a draft with a non-string tag', { type: 'content/save-annotation', pageKey: key, draft: { ...draft, tags: [{}] } }],
    ['a draft with an empty tag', { type: 'content/save-annotation', pageKey: key, draft: { ...draft, tags: [''] } }],
    ['a draft with negative offsets', { type: 'content/save-annotation', pageKey: key, draft: { ...draft, start: -1 } }],
    ['a draft with fractional offsets', { type: 'content/save-annotation', pageKey: key, draft: { ...draft, end: 20.5 } }],
    ['a draft with a numeric speaker', { type: 'content/save-annotation', pageKey: key, draft: { ...draft, speaker: 42 } }],
    ['a draft missing fields', { type: 'content/save-annotation', pageKey: key, draft: { exact: 'we will win' } }],
    ['a draft with an empty id', { type: 'content/save-annotation', pageKey: key, draft: { ...draft, id: '' } }],
  ])('refuses %s', (_name, message) => {
    expect(contentToBackground.safeParse(message).success).toBe(false);
  });

  it('drops fields the protocol does not know (a content script cannot set pageKey, url, created or site of a record)', () => {
    const r = contentToBackground.safeParse({ type: 'content/save-annotation', pageKey: key, draft: { ...draft, pageKey: 'https://bank.example/', url: 'x', created: 0, site: 'bank.example', __proto__: { polluted: true } }, extra: 1 });
    expect(r.success).toBe(true);
    const d = (r.data as { draft: Record<string, unknown> }).draft;
    expect(Object.keys(d).sort()).toEqual(Object.keys(draft).sort());
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('never throws on arbitrary JSON-like input (5,000 values) and only accepts known types', () => {
    fc.assert(fc.property(fc.oneof(fc.jsonValue(), fc.record({ type: fc.constantFrom('content/page-scanned', 'content/get-annotations', 'content/get-settings', 'content/save-annotation'), pageKey: fc.anything(), count: fc.anything(), capped: fc.anything(), draft: fc.anything() }, { requiredKeys: ['type'] })), (m) => {
      const r = contentToBackground.safeParse(m);
      if (r.success) expect(['content/page-scanned', 'content/get-annotations', 'content/get-settings', 'content/save-annotation']).toContain(r.data.type);
    }), { numRuns: 5_000 });
  });
});

describe('popupToContent and backgroundToContent schemas', () => {
  it('accepts the popup messages and refuses malformed ones', () => {
    expect(popupToContent.safeParse({ type: 'popup/get-page' }).success).toBe(true);
    expect(popupToContent.safeParse({ type: 'popup/reveal', start: 1, end: 4 }).success).toBe(true);
    expect(popupToContent.safeParse({ type: 'popup/settings-changed', mode: 'click', hidden: false }).success).toBe(true);
    expect(popupToContent.safeParse({ type: 'popup/reveal', start: '1', end: 4 }).success).toBe(false);
    expect(popupToContent.safeParse({ type: 'popup/reveal', start: -1, end: 4 }).success).toBe(false);
    expect(popupToContent.safeParse({ type: 'popup/settings-changed', mode: 'everywhere', hidden: false }).success).toBe(false);
    expect(popupToContent.safeParse({ type: 'content/get-annotations', pageKey: key }).success).toBe(false);
    expect(backgroundToContent.safeParse({ type: 'background/annotate-selection' }).success).toBe(true);
    expect(backgroundToContent.safeParse({ type: 'background/annotate-everything' }).success).toBe(false);
  });

  it('the draft schema alone refuses a record-shaped object without the required fields', () => {
    expect(annotationDraft.safeParse({}).success).toBe(false);
    expect(annotationDraft.safeParse(draft).success).toBe(true);
  });
});

describe('pageBelongsToSender: a tab may only speak for its own page', () => {
  it.each([
    [key, 'https://news.example.com/2024/story?utm_source=x', true],
    ['https://news.example.com/other-article', 'https://news.example.com/2024/story', true],
    ['http://127.0.0.1:8123/corpus/dev/a.html', 'http://127.0.0.1:8123/corpus/dev/a.html', true],
    ['https://bank.example/account', 'https://news.example.com/2024/story', false],
    ['https://news.example.com.evil.example/x', 'https://news.example.com/x', false],
    ['https://evil.example/?https://news.example.com/', 'https://news.example.com/', false],
    ['https://news.example.com:8443/x', 'https://news.example.com/x', false],
    ['http://127.0.0.1:9999/x', 'http://127.0.0.1:8123/x', false],
    ['chrome-extension://abc/popup.html', 'chrome-extension://abc/popup.html', false],
    ['javascript:alert(1)', 'https://news.example.com/', false],
    ['file:///etc/passwd', 'file:///etc/passwd', false],
    ['not a url', 'https://news.example.com/', false],
    [key, undefined, false],
    [key, 'not a url', false],
  ])('%s from %s → %s', (pageKey, sender, ok) => {
    expect(pageBelongsToSender(pageKey, sender)).toBe(ok);
  });

  it('never throws and never lets a different host through (2,000 generated pairs)', () => {
    const host = fc.constantFrom('a.example', 'b.example', 'a.example.evil', '127.0.0.1', 'localhost', 'xn--80ak6aa92e.com', '[::1]');
    fc.assert(fc.property(host, host, fc.constantFrom('http', 'https', 'ftp', 'data', 'javascript'), fc.string({ maxLength: 20 }), (h1, h2, scheme, path) => {
      const ok = pageBelongsToSender(`${scheme}://${h1}/${path}`, `https://${h2}/x`);
      if (ok) {
        expect(h1).toBe(h2);
        expect(['http', 'https']).toContain(scheme);
      }
    }), { numRuns: 2_000 });
  });
});

describe('draftProblem: offsets must describe the quoted words', () => {
  it('accepts a consistent draft and refuses inconsistent ones', () => {
    const d = annotationDraft.parse(draft);
    expect(draftProblem(d)).toBeNull();
    expect(draftProblem({ ...d, end: d.start })).toMatch(/empty/);
    expect(draftProblem({ ...d, end: d.end + 5 })).toMatch(/offsets/);
    expect(draftProblem({ ...d, exact: '           ', end: d.start + 11 })).toMatch(/no words/);
  });
});

describe('content/extract-quotes: the article the background runs the engine on', () => {
  const text = 'He said: “We will win.”\n\nShe did not agree.';
  const article = { type: 'content/extract-quotes', pageKey: key, text, blocks: [{ start: 0, end: 23, kind: 'paragraph' }, { start: 25, end: text.length, kind: 'paragraph' }], spans: [{ start: 10, end: 22, kind: 'q' }], lang: 'en-GB', maxQuotes: 5_000, beforeSettings: true };

  it('accepts an article whose blocks and spans lie in order inside its text, with or without a language', () => {
    expect(contentToBackground.safeParse(article).success).toBe(true);
    const { lang: _lang, ...noLang } = article;
    expect(contentToBackground.safeParse(noLang).success).toBe(true);
    expect(contentToBackground.safeParse({ ...article, text: 'x'.repeat(MAX_ENGINE_REQUEST_CHARS), blocks: [{ start: 0, end: MAX_ENGINE_REQUEST_CHARS, kind: 'paragraph' }], spans: [] }).success).toBe(true);
  });

  it('passes on only the fields of blocks and spans it knows', () => {
    const r = contentToBackground.safeParse({ ...article, blocks: article.blocks.map((b) => ({ ...b, html: '<b>x</b>' })), spans: [{ ...article.spans[0], node: {} }] });
    expect(r.success && r.data.type === 'content/extract-quotes' && [r.data.blocks, r.data.spans]).toEqual([article.blocks, article.spans]);
  });

  it('keeps the cap below what the page reads, and the quote cap at the page\'s', () => {
    expect(MAX_ENGINE_REQUEST_CHARS).toBeLessThan(MAX_ARTICLE_CHARS);
    expect(MAX_ENGINE_QUOTES).toBe(MAX_QUOTES);
  });

  it.each([
    ['a text over the cap', { ...article, text: 'x'.repeat(MAX_ENGINE_REQUEST_CHARS + 1), blocks: [{ start: 0, end: 10, kind: 'paragraph' }] }],
    ['a 5 MB text', { ...article, text: 'x'.repeat(5_000_000), blocks: [{ start: 0, end: 10, kind: 'paragraph' }] }],
    ['an empty text', { ...article, text: '', blocks: [{ start: 0, end: 0, kind: 'paragraph' }], spans: [] }],
    ['no blocks', { ...article, blocks: [] }],
    ['too many blocks', { ...article, blocks: Array.from({ length: MAX_ENGINE_REQUEST_CHARS / 2 + 1 }, () => ({ start: 0, end: 0, kind: 'paragraph' })) }],
    ['too many spans', { ...article, spans: Array.from({ length: MAX_ENGINE_REQUEST_CHARS / 2 + 1 }, () => ({ start: 0, end: 0, kind: 'q' })) }],
    ['a block past the end of the text', { ...article, blocks: [{ start: 0, end: text.length + 1, kind: 'paragraph' }] }],
    ['a block ending before it starts', { ...article, blocks: [{ start: 5, end: 4, kind: 'paragraph' }] }],
    ['overlapping blocks', { ...article, blocks: [{ start: 0, end: 23, kind: 'paragraph' }, { start: 20, end: 30, kind: 'paragraph' }] }],
    ['blocks out of order', { ...article, blocks: [...article.blocks].reverse() }],
    ['a negative offset', { ...article, blocks: [{ start: -1, end: 23, kind: 'paragraph' }] }],
    ['a fractional offset', { ...article, spans: [{ start: 10.5, end: 22, kind: 'q' }] }],
    ['a span past the end of the text', { ...article, spans: [{ start: 10, end: text.length + 1, kind: 'q' }] }],
    ['spans out of order', { ...article, spans: [{ start: 10, end: 22, kind: 'q' }, { start: 2, end: 5, kind: 'code' }] }],
    ['an unknown block kind', { ...article, blocks: [{ start: 0, end: 23, kind: 'script' }] }],
    ['an unknown span kind', { ...article, spans: [{ start: 10, end: 22, kind: 'b' }] }],
    ['a block that is not an object', { ...article, blocks: [null] }],
    ['blocks that are not a list', { ...article, blocks: { 0: article.blocks[0], length: 1 } }],
    ['a block without a kind', { ...article, blocks: [{ start: 0, end: 23 }] }],
    ['a string offset', { ...article, blocks: [{ start: '0', end: 23, kind: 'paragraph' }] }],
    ['a text that is not a string', { ...article, text: ['He said'] }],
    ['a 36-character language', { ...article, lang: 'x'.repeat(36) }],
    ['no quotes asked for', { ...article, maxQuotes: 0 }],
    ['more quotes than the page takes', { ...article, maxQuotes: 5_001 }],
    ['a fractional quote count', { ...article, maxQuotes: 1.5 }],
    ['no page key', { ...article, pageKey: undefined }],
    ['no word on whether the settings were in', { ...article, beforeSettings: undefined }],
    ['a settings flag that is not a boolean', { ...article, beforeSettings: 'yes' }],
  ])('refuses %s', (_name, message) => {
    expect(contentToBackground.safeParse(message).success).toBe(false);
  });

  it('never throws on generated articles, and what it accepts has every offset inside the text (2,000 generated)', () => {
    let accepted = 0;
    const span = fc.record({ start: fc.integer({ min: -2, max: 60 }), end: fc.integer({ min: -2, max: 60 }), kind: fc.constantFrom('paragraph', 'q', 'code', 'heading') });
    // Half of the lists are made of sorted cut points, so that many articles are well-formed or nearly so.
    const ordered = (kinds: string[]) => fc.array(fc.integer({ min: -1, max: 24 }), { minLength: 2, maxLength: 8 }).chain((cuts) => {
      const c = [...cuts].sort((a, b) => a - b);
      const pairs = [];
      for (let i = 0; i + 1 < c.length; i += 2) pairs.push([c[i], c[i + 1]]);
      return fc.tuple(...pairs.map(([start, end]) => fc.constantFrom(...kinds).map((kind) => ({ start, end, kind }))));
    });
    const blockList = fc.oneof(fc.array(span, { maxLength: 4 }), ordered(['paragraph', 'paragraph', 'heading', 'heading', 'q']));
    const spanList = fc.oneof(fc.array(span, { maxLength: 4 }), ordered(['q', 'q', 'code', 'code', 'paragraph']));
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 50 }), fc.string({ minLength: 20, maxLength: 50 })), blockList, spanList, (t, blocks, spans) => {
      const r = contentToBackground.safeParse({ type: 'content/extract-quotes', pageKey: key, text: t, blocks, spans, maxQuotes: 10, beforeSettings: false });
      if (r.success && r.data.type === 'content/extract-quotes') {
        accepted++;
        for (const x of [...r.data.blocks, ...r.data.spans]) expect(0 <= x.start && x.start <= x.end && x.end <= t.length).toBe(true);
      }
    }), { numRuns: 2_000 });
    expect(accepted).toBeGreaterThan(20); // the property is not vacuous
  });
});

describe('parseExtractReply: the background\'s answer is checked like any untrusted input', () => {
  const quote = { start: 10, end: 22, kind: 'direct', speaker: 'Ana Lima', role: null, cue: 'said', confidence: 0.9 };
  it('accepts quotes inside the text and drops fields it does not know', () => {
    const r = parseExtractReply({ quotes: [{ ...quote, text: '<img src=x onerror=alert(1)>', extra: 1 }], capped: true }, 40, 10);
    expect(r).toEqual({ quotes: [quote], capped: true });
    expect(parseExtractReply({ quotes: [], capped: false }, 40, 10)).toEqual({ quotes: [], capped: false });
  });

  it.each([
    ['nothing', undefined],
    ['an error object', { message: 'QuoteLens: request refused' }],
    ['a quote past the end of the text', { quotes: [{ ...quote, end: 41 }], capped: false }],
    ['an empty quote', { quotes: [{ ...quote, end: 10 }], capped: false }],
    ['a quote ending before it starts', { quotes: [{ ...quote, start: 22, end: 10 }], capped: false }],
    ['a negative offset', { quotes: [{ ...quote, start: -1 }], capped: false }],
    ['a string offset', { quotes: [{ ...quote, start: '10' }], capped: false }],
    ['an unknown kind', { quotes: [{ ...quote, kind: 'manual' }], capped: false }],
    ['a confidence over 1', { quotes: [{ ...quote, confidence: 2 }], capped: false }],
    ['a huge speaker', { quotes: [{ ...quote, speaker: 'x'.repeat(301) }], capped: false }],
    ['a huge role', { quotes: [{ ...quote, role: 'x'.repeat(501) }], capped: false }],
    ['a cue that is not text', { quotes: [{ ...quote, cue: 7 }], capped: false }],
    ['no confidence', { quotes: [{ ...quote, confidence: undefined }], capped: false }],
    ['a confidence that is not a number', { quotes: [{ ...quote, confidence: Number.NaN }], capped: false }],
    ['a fractional offset', { quotes: [{ ...quote, start: 10.5 }], capped: false }],
    ['a quote that is not an object', { quotes: [null], capped: false }],
    ['quotes that are not a list', { quotes: { 0: quote, length: 1 }, capped: false }],
    ['no capped flag', { quotes: [quote] }],
    ['more quotes than asked for', { quotes: Array.from({ length: 11 }, () => quote), capped: false }],
  ])('refuses %s', (_name, reply) => {
    expect(parseExtractReply(reply, 40, 10)).toBeNull();
  });
});

describe('the background runs the engine only for a site that is on', () => {
  it('early requests (the tab still waits for its settings) only on a site always on; later ones on any site not off', () => {
    expect(engineMayRun('always', true)).toBe(true);
    expect(engineMayRun('always', false)).toBe(true);
    expect(engineMayRun('click', true)).toBe(false); // the reader has not clicked yet
    expect(engineMayRun('click', false)).toBe(true); // the popup was opened on the tab: the click
    expect(engineMayRun('off', true)).toBe(false);
    expect(engineMayRun('off', false)).toBe(false);
  });
});

describe('the background warms its engine up on prose that takes its main paths', () => {
  it('runs only while no tab is being answered, and finishes', async () => {
    const { warmUpEngine, warmUpSet } = await import('../../utils/engine-host');
    let asked = 0;
    const busyFor = 5; // a tab was answered a moment ago: the first looks find the worker busy
    await warmUpEngine(() => ++asked <= busyFor, 1);
    // each article waited until the worker was free: every look after the busy ones found it so
    expect(asked).toBe(busyFor + warmUpSet().length);
  });


  it('in every language it knows: quotes of every kind, with speakers named and by pronoun, and reported speech', async () => {
    const { warmUpArticles } = await import('../../utils/engine-warm-up');
    const { extractQuotes } = await import('../../utils/engine/index');
    const { LANGS } = await import('../../utils/engine/lang');
    const articles = warmUpArticles();
    expect(articles.map((a) => a.lang)).toEqual([...LANGS.slice(0, -1), undefined]); // the last one's language is detected
    for (const article of articles) {
      const { quotes } = extractQuotes(article);
      expect(new Set(quotes.map((q) => q.kind)), article.lang).toEqual(new Set(['headline', 'direct', 'partial', 'indirect', 'blockquote']));
      expect(quotes.filter((q) => q.speaker !== null).length, article.lang).toBeGreaterThan(quotes.length / 2);
      expect(quotes.some((q) => q.cue !== null && q.cue !== ':' && q.kind === 'direct'), article.lang).toBe(true);
      expect(article.spans!.some((s) => s.kind === 'q' && quotes.some((q) => q.start === s.start))).toBe(true); // the inline <q>
    }
  });
});

describe('the warm-up\'s articles drawn at random from the forms of news text', () => {
  it('are the same at every start, well formed, of every length and language, and take the engine\'s paths', async () => {
    const { variedArticles } = await import('../../utils/engine-warm-up');
    const { extractQuotes } = await import('../../utils/engine/index');
    const { LANGS } = await import('../../utils/engine/lang');
    const articles = variedArticles();
    expect(variedArticles()).toEqual(articles); // a fixed seed: every worker start warms up on the same text
    expect(variedArticles(24, 1)).not.toEqual(articles);
    for (const a of articles) {
      let at = 0;
      for (const b of a.blocks) {
        expect(b.start).toBe(at === 0 ? 0 : at + 2); // blocks in order, joined by a blank line as a page's are
        expect(b.end).toBeGreaterThan(b.start);
        at = b.end;
      }
      expect(at).toBe(a.text.length);
      expect(a.text).not.toMatch(/undefined|NaN/);
      for (const s of a.spans) expect(s.end <= a.text.length && s.start < s.end).toBe(true);
    }
    const lengths = articles.map((a) => a.text.length);
    expect(Math.min(...lengths)).toBeLessThan(1000);
    expect(Math.max(...lengths)).toBeGreaterThan(10_000);
    expect(new Set(articles.map((a) => a.lang))).toEqual(new Set([...LANGS, undefined]));
    expect(new Set(articles.flatMap((a) => a.spans.map((s) => s.kind)))).toEqual(new Set(['q', 'code']));
    const quotes = articles.flatMap((a) => extractQuotes(a).quotes);
    expect(new Set(quotes.map((q) => q.kind))).toEqual(new Set(['headline', 'direct', 'partial', 'indirect', 'blockquote']));
    expect(quotes.filter((q) => q.speaker !== null).length).toBeGreaterThan(quotes.length / 2);
    expect(new Set(quotes.map((q) => q.cue)).size).toBeGreaterThan(20); // many speech verbs, not one
  });
});

describe('the settings asked for at document_start, handed to the main content script', () => {
  it('are taken once, for the site they were asked for; another site or a second start asks afresh', async () => {
    const { putEarlySettings, takeEarlySettings } = await import('../../utils/early-settings');
    const world = {};
    const answer = Promise.resolve({ mode: 'click' as const, hidden: true, engineWarm: true });
    putEarlySettings('news.example.com', answer, world);
    expect(takeEarlySettings('news.example.com', world)).toBe(answer);
    expect(takeEarlySettings('news.example.com', world)).toBeNull(); // once: a single-page navigation asks again
    putEarlySettings('news.example.com', answer, world);
    expect(takeEarlySettings('other.example.org', world)).toBeNull(); // never another site's answer
    expect(takeEarlySettings('news.example.com', world)).toBeNull(); // and the stale one is gone
  });

  it('a failed early question is no unhandled rejection: the main script asks again', async () => {
    const { putEarlySettings, takeEarlySettings } = await import('../../utils/early-settings');
    const world = {};
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      putEarlySettings('news.example.com', Promise.reject(new Error('Could not establish connection')), world);
      await new Promise((r) => setTimeout(r, 10));
      expect(unhandled).not.toHaveBeenCalled();
      const early = takeEarlySettings('news.example.com', world)!;
      const again = { mode: 'always' as const, hidden: false };
      await expect(early.catch(() => again)).resolves.toEqual(again);
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});
