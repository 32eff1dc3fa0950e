// The message protocol's schemas and the background's sender checks, as pure functions: malformed,
// oversized, extra-typed and cross-site messages are refused before anything acts on them.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';

// background.ts registers listeners when its default export runs, not at import; the polyfill is only
// needed by then. In Node it would throw ("only be loaded in a browser extension").
vi.mock('webextension-polyfill', () => ({ default: { runtime: { id: 'test' } } }));

const { annotationDraft, backgroundToContent, contentToBackground, popupToContent } = await import('../../utils/messages');
const { draftProblem, pageBelongsToSender } = await import('../../entrypoints/background');

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
