// The page layer around anchoring, with happy-dom: living-page mutation batches, appended text, the
// element fallback for browsers without the CSS Custom Highlight API, and the engine run in slices.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';
import { parseHTML } from 'linkedom';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { extractQuotes } from '../../utils/engine/index';
import { Highlighter, MARK_TAG, unwrapMarks } from '../../utils/page/highlighter';
import { classifyMutations } from '../../utils/page/living';
import { extractInSlices } from '../../utils/page/engine-slices';
import { ENGINE_ON_PAGE_MAX_CHARS, PageSession } from '../../utils/page/page-session';
import { readArticle } from '../../utils/page/read-article';
import { appendArticle, extractArticleText } from '../../utils/page/text-map';

import { extractForTab } from '../../utils/engine-host';
import { contentToBackground } from '../../utils/messages';

function dom(html: string): { win: Window; doc: Document } {
  const win = new Window();
  win.document.body.innerHTML = html;
  return { win, doc: win.document as unknown as Document };
}

async function mutations(doc: Document, change: () => void): Promise<MutationRecord[]> {
  const view = doc.defaultView as unknown as { MutationObserver: typeof MutationObserver };
  const records: MutationRecord[] = [];
  const mo = new view.MutationObserver((r) => records.push(...r));
  mo.observe(doc.body, { childList: true, subtree: true, characterData: true });
  change();
  await new Promise((r) => setTimeout(r, 0));
  records.push(...mo.takeRecords());
  mo.disconnect();
  return records;
}

const ARTICLE = '<article id="a"><p>First paragraph with “a quote here,” said Ana.</p><p>Second paragraph of the story.</p></article><aside>ads</aside>';

describe('classifyMutations', () => {
  it('blocks appended after the last text → append; edits inside → reread; article removed → restart; elsewhere → none', async () => {
    const { doc } = dom(ARTICLE);
    const root = doc.getElementById('a')!;
    const last = () => extractArticleText(root).map.lastNode;
    const never = () => false;

    const lastBefore = last();
    let recs = await mutations(doc, () => { const p = doc.createElement('p'); p.textContent = 'Third, appended.'; root.append(p); });
    const change = classifyMutations(recs, root, lastBefore, never);
    expect(change.kind).toBe('append');

    recs = await mutations(doc, () => { (root.firstElementChild!.firstChild as Text).data = 'Changed first paragraph.'; });
    expect(classifyMutations(recs, root, last(), never).kind).toBe('reread');

    recs = await mutations(doc, () => { const p = doc.createElement('p'); p.textContent = 'A new top entry.'; root.prepend(p); });
    expect(classifyMutations(recs, root, last(), never).kind).toBe('reread');

    recs = await mutations(doc, () => { doc.querySelector('aside')!.textContent = 'other ads'; });
    expect(classifyMutations(recs, root, last(), never).kind).toBe('none');

    recs = await mutations(doc, () => { const s = doc.createElement('script'); s.textContent = 'var x = 1;'; root.append(s); });
    expect(classifyMutations(recs, root, last(), never).kind).toBe('none');

    const lastNode = last();
    recs = await mutations(doc, () => root.remove());
    expect(classifyMutations(recs, root, lastNode, never).kind).toBe('restart');
  });

  it('appended text read alone gives the same text and offsets as reading the whole article again', () => {
    const { doc } = dom(ARTICLE);
    const root = doc.getElementById('a')!;
    const before = extractArticleText(root);
    const added = ['Third paragraph “with its own quote,” she said.', 'Fourth one.'].map((t) => {
      const p = doc.createElement('p');
      p.textContent = t;
      root.append(p);
      return p;
    });
    const more = extractArticleText(added[0], { after: added.slice(1) });
    const merged = appendArticle(before, more);
    const whole = extractArticleText(root);
    expect(merged.text).toBe(whole.text);
    expect(merged.blocks).toEqual(whole.blocks);
    const at = merged.text.indexOf('with its own quote');
    expect(merged.map.range(doc, at, at + 18)!.toString()).toBe('with its own quote');
  });
});

describe('element fallback (no CSS Custom Highlight API)', () => {
  it('wraps ranges in inline <quotelens-mark> elements and removes them leaving the DOM as it was', () => {
    const { doc } = dom('<article id="a"><p>He said “we <b>will</b> win” and left. Then “<i>more</i> words” came.</p></article>');
    const root = doc.getElementById('a')!;
    const html = root.innerHTML;
    const article = extractArticleText(root);
    const text = article.text;
    const spans = [['we will win'], ['more words']].map(([w]) => {
      const s = text.indexOf(w);
      return { range: article.map.range(doc, s, s + w.length)!, id: `q:${w}` };
    });
    const h = new Highlighter(doc, { forceFallback: true });
    expect(h.fallback).toBe(true);
    h.set('detected', spans);
    const marks = [...doc.querySelectorAll(MARK_TAG)];
    expect(marks.map((m) => m.textContent).join('|')).toBe('we |will| win|more| words');
    expect(marks.every((m) => m.getAttribute('style')!.includes('display: inline'))).toBe(true);
    expect(root.textContent).toBe('He said “we will win” and left. Then “more words” came.');
    // The text the article reader sees is unchanged while marked.
    expect(extractArticleText(root).text).toBe(text);
    h.setHidden(true);
    expect(doc.querySelectorAll(MARK_TAG).length).toBe(0);
    expect(root.innerHTML).toBe(html);
    h.setHidden(false);
    expect(doc.querySelectorAll(MARK_TAG).length).toBe(5);
    h.clear();
    expect(root.innerHTML).toBe(html);
    // The original text nodes are back, so the first map still works.
    expect(article.map.range(doc, text.indexOf('we will'), text.indexOf('we will') + 11)!.toString()).toBe('we will win');
    unwrapMarks(doc);
    expect(root.innerHTML).toBe(html);
  });

  it('a text read while the page is marked names the page\'s own text nodes: its points hold once the marks are gone', () => {
    // one block read node by node (inline markup), one read whole and mapped only when a point is asked for
    const { doc } = dom('<article id="a"><p>He said “we <b>will</b> win” and left.</p><p>She said “plain words here” and then “more plain words” too.</p></article>');
    const root = doc.getElementById('a')!;
    const before = extractArticleText(root);
    const quotes = ['we will win', 'plain words here', 'more plain words'];
    const at = (w: string) => before.text.indexOf(w);
    const h = new Highlighter(doc, { forceFallback: true });
    h.set('detected', quotes.map((w) => ({ range: before.map.range(doc, at(w), at(w) + w.length)!, id: `q:${w}` })));
    expect(doc.querySelectorAll(MARK_TAG).length).toBeGreaterThanOrEqual(3); // the page's text nodes are split now
    const marked = extractArticleText(root);
    expect(marked.text).toBe(before.text);
    // the plain block's nodes are mapped now, while split
    expect(marked.map.range(doc, at('plain words here'), at('plain words here') + 16)!.toString()).toBe('plain words here');
    h.clear();
    expect(doc.querySelectorAll(MARK_TAG).length).toBe(0);
    for (const w of quotes) {
      const r = marked.map.range(doc, at(w), at(w) + w.length)!;
      expect(r.startContainer.isConnected && r.endContainer.isConnected, w).toBe(true);
      expect(r.toString()).toBe(w);
    }
  });
});

describe('extractInSlices', () => {
  it('finds the same quotes as one engine call on long corpus pages', async () => {
    for (const name of ['dev/nytimes-1.html', 'dev/lemonde-1.html', 'pages/wikipedia-2.html']) {
      const file = join(import.meta.dirname, '../../../shared/corpus', name);
      const { document } = parseHTML(readFileSync(file, 'utf8'));
      const { article } = readArticle(document as unknown as Document);
      const whole = extractQuotes(article, { maxQuotes: 5000 }).quotes.map((q) => `${q.start}:${q.end}:${q.kind}`);
      const sliced = (await extractInSlices(article, 5000)).quotes.map((q) => `${q.start}:${q.end}:${q.kind}`);
      expect(sliced, name).toEqual(whole);
    }
  }, 60_000);

  it('in two steps (a page cold for our code) gives exactly one call\'s result, in two engine tasks', async () => {
    for (const name of ['dev/nytimes-1.html', 'dev/lemonde-1.html', 'pages/wikipedia.html', 'dev/seed-roscosmos.html']) {
      const file = join(import.meta.dirname, '../../../shared/corpus', name);
      const { document } = parseHTML(readFileSync(file, 'utf8'));
      const { article } = readArticle(document as unknown as Document);
      const whole = extractQuotes(article, { maxQuotes: 5000 });
      const before = performance.getEntriesByName('quotelens:task').filter((m) => (m as PerformanceMeasure).detail === 'engine').length;
      const stepped = await extractInSlices(article, 5000, () => false, undefined, true);
      const tasks = performance.getEntriesByName('quotelens:task').filter((m) => (m as PerformanceMeasure).detail === 'engine').length - before;
      expect(stepped, name).toEqual(whole);
      expect(tasks, name).toBe(2);
    }
  }, 60_000);
});

describe('PageSession.start with the site settings still on their way', () => {
  const story = `<script type="application/ld+json">{"@type":"NewsArticle"}</script><article><h1>Budget vote</h1>${
    Array.from({ length: 6 }, (_, i) => `<p>“We will pass budget number ${i} before the summer,” said Jane Smith, the mayor of the town, on Tuesday.</p>`).join('')}</article>`;
  const session = (doc: Document, reported: number[]) => new PageSession(doc, {
    loadAnnotations: async () => [],
    reportCount: async (_key, count) => { reported.push(count); },
  }, { forceFallback: true });

  it('paints and reports once the answer says the site is on', async () => {
    const { doc } = dom(story);
    const reported: number[] = [];
    let answer!: (on: boolean) => void;
    const s = session(doc, reported);
    const started = s.start(undefined, new Promise<boolean>((ok) => { answer = ok; }));
    await new Promise((ok) => setTimeout(ok, 20)); // the page is read meanwhile; nothing is shown yet
    expect(doc.querySelectorAll(MARK_TAG).length).toBe(0);
    expect(reported).toEqual([]);
    answer(true);
    expect(await started).toBe(true);
    expect(reported).toEqual([6]);
    expect(doc.querySelectorAll(MARK_TAG).length).toBeGreaterThanOrEqual(6);
    expect(s.textHash).toMatch(/^[0-9a-f]{8}:/);
  });

  it('drops the reading, paints nothing and reports nothing when the site is not on', async () => {
    const { doc } = dom(story);
    const reported: number[] = [];
    const s = session(doc, reported);
    expect(await s.start(undefined, Promise.resolve(false))).toBe(false);
    expect(doc.querySelectorAll(MARK_TAG).length).toBe(0);
    expect(reported).toEqual([]);
    expect(s.isArticle).toBe(false);
    expect(s.hasScanned).toBe(false); // the toolbar button can still start it
    expect(s.state().quotes).toEqual([]);
    expect(s.textHash).toBe('');
  });
});

describe('PageSession with the quote engine in the background', () => {
  const filler = 'The council met for a long session on the budget, the roads, the schools and the parks of the town. '.repeat(4);
  const paragraphs = (n: number) => Array.from({ length: n }, (_, i) => (i % 8 ? `<p>${filler}</p>` : `<p>“We will pass budget number ${i} before the summer,” said Jane Smith, the mayor of the town, on Tuesday. Critics said the plan was late.</p>`)).join('');
  // over ENGINE_ON_PAGE_MAX_CHARS: shorter articles are searched on the page without asking
  const story = `<script type="application/ld+json">{"@type":"NewsArticle"}</script><article><h1>Budget vote</h1>${paragraphs(120)}</article>`;
  type Remote = ConstructorParameters<typeof PageSession>[1]['extractRemote'];
  const asked: number[] = [];
  const beforeSettings: boolean[] = [];
  /** The background as the content script reaches it: the message validated by the protocol, the answer cloned. */
  const background: Remote = async (pageKey, article, maxQuotes, early) => {
    asked.push(article.text.length);
    beforeSettings.push(early);
    const message = contentToBackground.parse({ type: 'content/extract-quotes', pageKey, ...article, maxQuotes, beforeSettings: early });
    if (message.type !== 'content/extract-quotes') throw new Error('wrong message');
    return structuredClone(await extractForTab(message));
  };
  const quotesOf = async (extractRemote: Remote) => {
    const { doc } = dom(story);
    const s = new PageSession(doc, { loadAnnotations: async () => [], reportCount: async () => undefined, extractRemote }, { forceFallback: true });
    expect(await s.start('https://news.example/budget')).toBe(true);
    const engine = performance.getEntriesByName('quotelens:engine').at(-1) as PerformanceMark | undefined;
    return { quotes: s.state().quotes, engine: engine?.detail as { where: string; why?: string }, marks: doc.querySelectorAll(MARK_TAG).length };
  };
  beforeEach(() => { performance.clearMarks(); asked.length = 0; beforeSettings.length = 0; });

  it('paints the background\'s quotes: the same quotes, speakers and contexts as the engine run on the page', async () => {
    const local = await quotesOf(undefined);
    expect(local.engine).toEqual({ where: 'page', why: 'no background' });
    expect(local.quotes.length).toBeGreaterThanOrEqual(6);
    expect(asked).toEqual([]);
    const remote = await quotesOf(background);
    expect(asked[0]).toBeGreaterThan(ENGINE_ON_PAGE_MAX_CHARS);
    expect(remote.engine.where).toBe('background');
    expect(asked).toHaveLength(1);
    expect(beforeSettings).toEqual([false]);
    expect(remote.quotes).toEqual(local.quotes);
    expect(remote.marks).toBe(local.marks);
  });

  it.each<[string, Remote, string]>([
    ['fails (no receiver, a worker killed mid-answer)', async () => { throw new Error('Could not establish connection. Receiving end does not exist.'); }, 'failed'],
    ['answers nothing', async () => undefined, 'malformed reply'],
    ['answers a quote past the end of the text', async (k, a, m, e) => { const r = (await background!(k, a, m, e)) as { quotes: { end: number }[] }; r.quotes[0].end = a.text.length + 5; return r; }, 'malformed reply'],
    ['answers an empty span', async (k, a, m, e) => { const r = (await background!(k, a, m, e)) as { quotes: { start: number; end: number }[] }; r.quotes[1].end = r.quotes[1].start; return r; }, 'malformed reply'],
    ['answers quotes of the wrong shape', async () => ({ quotes: [{ start: '1', end: 5 }], capped: false }), 'malformed reply'],
    ['answers more quotes than asked for', async () => ({ quotes: Array.from({ length: 5_001 }, () => ({ start: 0, end: 1, kind: 'direct', speaker: null, role: null, cue: null, confidence: 1 })), capped: false }), 'malformed reply'],
    ['never answers', () => new Promise(() => undefined), 'timeout'],
  ])('finds the quotes on the page when the background %s', async (_name, remote, why) => {
    const local = await quotesOf(undefined);
    const fallback = await quotesOf(remote);
    expect(fallback.engine).toEqual({ where: 'page', why });
    expect(fallback.quotes).toEqual(local.quotes);
    expect(fallback.marks).toBe(local.marks);
  }, 10_000);

  it.each([6, 100])('searches a short article (%i paragraphs) on the page, without asking the background', async (n) => {
    const { doc } = dom(`<script type="application/ld+json">{"@type":"NewsArticle"}</script><article><h1>Budget vote</h1>${paragraphs(n)}</article>`);
    const s = new PageSession(doc, { loadAnnotations: async () => [], reportCount: async () => undefined, extractRemote: background }, { forceFallback: true });
    expect(await s.start('https://news.example/short')).toBe(true);
    expect(s.article!.text.length).toBeLessThanOrEqual(ENGINE_ON_PAGE_MAX_CHARS);
    expect(asked).toEqual([]);
    expect((performance.getEntriesByName('quotelens:engine').at(-1) as PerformanceMark).detail).toEqual({ where: 'page', why: 'short article' });
    expect(s.state().quotes.filter((q) => q.kind !== 'indirect').map((q) => q.exact)).toEqual(Array.from({ length: Math.ceil(n / 8) }, (_, i) => `We will pass budget number ${i * 8} before the summer,`));
  }, 30_000);

  it('sends a short article to the background when the page is cold for our code, and paints the same quotes', async () => {
    const short = `<script type="application/ld+json">{"@type":"NewsArticle"}</script><article><h1>Budget vote</h1>${paragraphs(24)}</article>`;
    const here = dom(short);
    const onPage = new PageSession(here.doc, { loadAnnotations: async () => [], reportCount: async () => undefined, extractRemote: background }, { forceFallback: true });
    expect(await onPage.start('https://news.example/short')).toBe(true);
    expect(asked).toEqual([]);
    const { doc } = dom(short);
    const s = new PageSession(doc, { loadAnnotations: async () => [], reportCount: async () => undefined, extractRemote: background, coldPage: true, backgroundWarm: () => true }, { forceFallback: true });
    expect(await s.start('https://news.example/short')).toBe(true);
    expect(s.article!.text.length).toBeLessThanOrEqual(ENGINE_ON_PAGE_MAX_CHARS);
    expect(asked).toEqual([s.article!.text.length]);
    expect((performance.getEntriesByName('quotelens:engine').at(-1) as PerformanceMark).detail).toEqual({ where: 'background', ms: expect.any(Number), why: 'cold page' });
    expect(s.state().quotes.filter((q) => q.kind !== 'indirect')).toHaveLength(3);
    expect(s.state().quotes).toEqual(onPage.state().quotes);
    expect(doc.querySelectorAll(MARK_TAG).length).toBe(here.doc.querySelectorAll(MARK_TAG).length);
  });

  it('keeps a short article on a cold page when the background\'s engine is cold too (a worker just started), and a long one goes all the same', async () => {
    const short = `<script type="application/ld+json">{"@type":"NewsArticle"}</script><article><h1>Budget vote</h1>${paragraphs(24)}</article>`;
    const { doc } = dom(short);
    const s = new PageSession(doc, { loadAnnotations: async () => [], reportCount: async () => undefined, extractRemote: background, coldPage: true, backgroundWarm: () => false }, { forceFallback: true });
    const engineTasks = () => performance.getEntriesByName('quotelens:task').filter((m) => (m as PerformanceMeasure).detail === 'engine').length;
    const before = engineTasks();
    expect(await s.start('https://news.example/short')).toBe(true);
    expect(asked).toEqual([]);
    expect((performance.getEntriesByName('quotelens:engine').at(-1) as PerformanceMark).detail).toEqual({ where: 'page', why: 'cold background' });
    expect(engineTasks() - before).toBe(2); // its cold run in two tasks
    expect(s.state().quotes.filter((q) => q.kind !== 'indirect')).toHaveLength(3);
    const long = dom(`<script type="application/ld+json">{"@type":"NewsArticle"}</script><article><h1>Budget vote</h1>${paragraphs(400)}</article>`);
    const l = new PageSession(long.doc, { loadAnnotations: async () => [], reportCount: async () => undefined, extractRemote: background, coldPage: true, backgroundWarm: () => false }, { forceFallback: true });
    expect(await l.start('https://news.example/long')).toBe(true);
    expect(l.article!.text.length).toBeGreaterThan(ENGINE_ON_PAGE_MAX_CHARS);
    expect(asked).toEqual([l.article!.text.length]);
    expect((performance.getEntriesByName('quotelens:engine').at(-1) as PerformanceMark).detail).toEqual({ where: 'background', ms: expect.any(Number), why: 'long article' });
  });

  /** A settings answer the test gives when it wants; the session's start is asked with it still pending. */
  const pendingSettings = () => {
    let answer!: (on: boolean) => void;
    return { allowed: new Promise<boolean>((resolve) => { answer = resolve; }), answer: (on: boolean) => answer(on) };
  };

  it('asks the background while the site\'s settings are still on their way (one round trip), and paints once they say the site is on', async () => {
    const local = await quotesOf(undefined);
    const { doc } = dom(story);
    const s = new PageSession(doc, { loadAnnotations: async () => [], reportCount: async () => undefined, extractRemote: background }, { forceFallback: true });
    const settings = pendingSettings();
    const started = s.start('https://news.example/budget', settings.allowed);
    await expect.poll(() => asked.length).toBe(1);
    expect(beforeSettings).toEqual([true]); // the background runs it only if the site is always on
    expect(s.state().quotes).toEqual([]); // nothing is shown before the settings say so
    expect(doc.querySelectorAll(MARK_TAG).length).toBe(0);
    settings.answer(true);
    expect(await started).toBe(true);
    expect(s.state().quotes).toEqual(local.quotes);
    expect(doc.querySelectorAll(MARK_TAG).length).toBe(local.marks);
  });

  it('drops the early answer when the settings say the site is not on: nothing painted, nothing reported', async () => {
    const { doc } = dom(story);
    const reported: number[] = [];
    const s = new PageSession(doc, { loadAnnotations: async () => [], reportCount: async (_k, n) => { reported.push(n); }, extractRemote: background }, { forceFallback: true });
    const settings = pendingSettings();
    const started = s.start('https://news.example/budget', settings.allowed);
    await expect.poll(() => asked.length).toBe(1);
    settings.answer(false);
    expect(await started).toBe(false);
    expect(s.state().quotes).toEqual([]);
    expect(doc.querySelectorAll(MARK_TAG).length).toBe(0);
    expect(reported).toEqual([]);
  });

  it('keeps an article too long for the background on the page, in slices, and never sends it', async () => {
    const filler = 'The council met for a long session on the budget, the roads, the schools and the parks of the town. '.repeat(4);
    const long = `<script type="application/ld+json">{"@type":"NewsArticle"}</script><article>${
      Array.from({ length: 800 }, (_, i) => (i % 100 ? `<p>${filler}</p>` : `<p>“Paragraph ${i} is quoted,” said Jane Smith, the mayor of the town.</p>`)).join('')}</article>`;
    const { doc } = dom(long);
    const s = new PageSession(doc, { loadAnnotations: async () => [], reportCount: async () => undefined, extractRemote: background }, { forceFallback: true });
    expect(await s.start('https://news.example/long')).toBe(true);
    expect(s.article!.text.length).toBeGreaterThan(300_000);
    expect(asked).toEqual([]);
    expect((performance.getEntriesByName('quotelens:engine').at(-1) as PerformanceMark).detail).toEqual({ where: 'page', why: 'long article' });
    expect(s.state().quotes.map((q) => q.exact)).toEqual(Array.from({ length: 8 }, (_, i) => `Paragraph ${i * 100} is quoted,`));
  }, 60_000);
});
