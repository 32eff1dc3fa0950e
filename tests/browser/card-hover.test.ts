// Hover to open the in-page card, end to end in real Chromium with the built extension on a real corpus page:
// the real mouse rests on a detected quote's highlight, the card opens after the dwell time (never on plain
// text, never before), shows that quote's words and speaker, closes when the pointer leaves unless the card
// is pinned (opened by a click) or being edited, and a sentiment tagged and saved from the hover card is
// stored in the browser's IndexedDB and repaints the highlight in the sentiment's colour.
// Times are read in the page (when the mouse events arrived, when the card's host was added or removed),
// so a busy machine makes the card later, never earlier.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageState } from '../../utils/messages';
import { cardIsOpen } from './card-lib';
import { highlightTexts, highlightsOf, inClosedShadowRoot, launchWithExtension, startServer, storedAnnotations, tabIdOf, type ExtensionBrowser, type StaticServer } from '../../scripts/lib/extension-browser';

/** entrypoints/content/index.ts: HOVER_OPEN_MS (dwell before a hover opens the card) and HOVER_CLOSE_MS (grace before it closes). */
const HOVER_OPEN_MS = 500;
const HOVER_CLOSE_MS = 500;
/** Timers are not exact to the millisecond: what "after the dwell" allows for. */
const TIMER_SLACK_MS = 20;

let server: StaticServer;
let ext: ExtensionBrowser;
let page: Page;
let quote: PageState['quotes'][number];
type Point = { x: number; y: number };
let onQuote: Point;
let onPlainText: Point;

type Recorder = { moves: [number, number, number][]; opened: number[]; closed: number[] };

/** The card as the reader sees it (read through CDP: its shadow root is closed). */
const cardView = () => inClosedShadowRoot(page, 'quotelens-card', (root) => ({
  title: root.querySelector('h2')?.textContent ?? '',
  quote: root.querySelector('blockquote')?.textContent ?? '',
  speaker: root.querySelector<HTMLInputElement>('#ql-speaker')?.value ?? null,
  note: root.querySelector<HTMLTextAreaElement>('#ql-note')?.value ?? null,
  focused: root.activeElement !== null,
}));

/** The centre of an element of the card, for the real mouse. */
const cardPoint = async (what: { selector: string; text?: string }): Promise<Point> => {
  const p = await inClosedShadowRoot(page, 'quotelens-card', (root, w) => {
    const el = [...root.querySelectorAll(w.selector)].find((e) => w.text === undefined || e.textContent!.trim() === w.text);
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  }, what);
  if (!p) throw new Error(`nothing in the card matches ${JSON.stringify(what)}`);
  return p;
};

const cardOpen = () => cardIsOpen(page);
const recorder = () => page.evaluate(() => (window as unknown as { __hover: Recorder }).__hover);
/** When (page clock) the mouse first arrived at `p` after the `after`-th recorded move. */
const arrivedAt = async (p: Point, after = 0): Promise<number> => {
  const { moves } = await recorder();
  const m = moves.slice(after).find(([, x, y]) => Math.abs(x - p.x) < 1 && Math.abs(y - p.y) < 1);
  if (!m) throw new Error(`no mouse move to ${p.x},${p.y} was seen by the page`);
  return m[0];
};
/** Waits until the pointer has rested for `ms` (page clock): how a reader leaves the mouse somewhere. */
const rest = (ms: number) => page.waitForFunction((t) => {
  const moves = (window as unknown as { __hover: Recorder }).__hover.moves;
  return performance.now() - (moves.at(-1)?.[0] ?? 0) > t;
}, ms, { polling: 50 });

/** No card, pointer on plain text: every test starts here. */
async function reset(): Promise<void> {
  if (await cardOpen()) {
    await page.mouse.click(onPlainText.x, onPlainText.y); // closes a pinned card
    await page.mouse.move(onPlainText.x + 1, onPlainText.y); // and a hover card after the grace time
    await expect.poll(cardOpen, { timeout: 5_000 }).toBe(false);
  }
  await page.mouse.move(onPlainText.x, onPlainText.y);
}

/** From a fresh start, the pointer rests on the quote until its hover card is open. */
async function hoverOpen(): Promise<void> {
  await reset();
  await page.mouse.move(onQuote.x, onQuote.y);
  await expect.poll(cardOpen, { timeout: 5_000 }).toBe(true);
}

beforeAll(async () => {
  server = await startServer();
  ext = await launchWithExtension();
  page = await ext.context.newPage();
  await page.goto(`${server.origin}/corpus/dev/seed-roscosmos.html`);
  await highlightsOf(page);
  // The quote is chosen from what the content script found (its state, asked as the popup asks).
  const tabId = await tabIdOf(ext, page);
  const state = await ext.worker.evaluate((id) => chrome.tabs.sendMessage(id, { type: 'popup/get-page' }), tabId) as PageState;
  const detected = await highlightTexts(page, 'detected');
  const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
  const candidate = state.quotes.find((q) => q.kind === 'direct' && q.speaker && q.exact.length >= 40 && detected.some((t) => squash(t) === squash(q.exact)));
  if (!candidate) throw new Error(`no direct quote with a speaker among ${state.quotes.length} quotes`);
  quote = candidate;

  // A point on the quote's highlight, and one on words no highlight covers, both in view.
  const points = await page.evaluate((exact) => {
    const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
    const ranges: Range[] = [];
    CSS.highlights.forEach((h, name) => { if (name.startsWith('quotelens-')) for (const r of h) ranges.push(r as Range); });
    const mine = ranges.find((r) => squash(r.toString()) === squash(exact))!;
    mine.startContainer.parentElement!.scrollIntoView({ block: 'center' });
    const box = [...mine.getClientRects()].find((b) => b.width > 40)!;
    const onQuote = { x: Math.round(box.left + Math.min(30, box.width / 2)), y: Math.round(box.top + box.height / 2) };
    const painted = ranges.flatMap((r) => [...r.getClientRects()]);
    const near = (b: DOMRect) => painted.some((p) => b.left < p.right + 4 && p.left < b.right + 4 && b.top < p.bottom + 4 && p.top < b.bottom + 4);
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const word = document.createRange();
    for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
      if (!n.parentElement?.closest('p')) continue;
      for (const m of n.data.matchAll(/\p{L}{4,}/gu)) {
        word.setStart(n, m.index!);
        word.setEnd(n, m.index! + m[0].length);
        const b = word.getBoundingClientRect();
        if (b.top > 40 && b.bottom < innerHeight - 40 && b.width > 0 && !near(b)) return { onQuote, onPlainText: { x: Math.round(b.left + b.width / 2), y: Math.round(b.top + b.height / 2) } };
      }
    }
    return { onQuote, onPlainText: null };
  }, quote.exact);
  if (!points.onPlainText) throw new Error('no plain text in view next to the quote');
  ({ onQuote, onPlainText } = points as { onQuote: Point; onPlainText: Point });

  // What the page itself can see: when mouse events arrive, and when the card's host element comes and goes.
  await page.evaluate(() => {
    const rec: Recorder = { moves: [], opened: [], closed: [] };
    (window as unknown as { __hover: Recorder }).__hover = rec;
    document.addEventListener('mousemove', (e) => { rec.moves.push([performance.now(), e.clientX, e.clientY]); }, true);
    new MutationObserver((records) => {
      for (const r of records) {
        for (const n of r.addedNodes) if (n.nodeName === 'QUOTELENS-CARD') rec.opened.push(performance.now());
        for (const n of r.removedNodes) if (n.nodeName === 'QUOTELENS-CARD') rec.closed.push(performance.now());
      }
    }).observe(document.documentElement, { childList: true });
  });
  await page.mouse.move(onPlainText.x, onPlainText.y);
});
afterAll(async () => {
  await ext?.close();
  await server?.close();
});

describe('the hover card', () => {
  it('resting on plain text opens nothing; resting on a quote opens its card after the dwell, with its words and speaker, without taking focus', async () => {
    await reset();
    await rest(HOVER_OPEN_MS * 2);
    expect((await recorder()).opened).toEqual([]);
    expect(await cardOpen()).toBe(false);

    const movesBefore = (await recorder()).moves.length;
    await page.mouse.move(onQuote.x, onQuote.y);
    await expect.poll(cardOpen, { timeout: 5_000 }).toBe(true);
    const { opened } = await recorder();
    expect(opened).toHaveLength(1);
    const dwell = opened[0] - (await arrivedAt(onQuote, movesBefore));
    console.log(`hover card opened ${dwell.toFixed(0)} ms after the pointer arrived on the quote (dwell ${HOVER_OPEN_MS} ms)`);
    expect(dwell).toBeGreaterThanOrEqual(HOVER_OPEN_MS - TIMER_SLACK_MS);

    const view = await cardView();
    expect(view).toMatchObject({ title: 'Quotation', quote: quote.exact, speaker: quote.speaker, focused: false });
    // The reader keeps reading: a hover card leaves focus where it was.
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
  });

  it('leaving the quote for plain text closes the hover card, after the grace time', async () => {
    await hoverOpen();
    const closedBefore = (await recorder()).closed.length;
    const movesBefore = (await recorder()).moves.length;
    await page.mouse.move(onPlainText.x, onPlainText.y);
    await expect.poll(cardOpen, { timeout: 5_000 }).toBe(false);
    const { closed } = await recorder();
    expect(closed).toHaveLength(closedBefore + 1);
    expect(closed.at(-1)! - (await arrivedAt(onPlainText, movesBefore))).toBeGreaterThanOrEqual(HOVER_CLOSE_MS - TIMER_SLACK_MS);
  });

  // The move is handled in the next animation frame, when event.composedPath() is already empty: whether the
  // pointer is on the card must be asked at the event (a bug this caught: the card closed under the pointer).
  it('moving onto the hover card keeps it open', async () => {
    await hoverOpen();
    const inCard = await cardPoint({ selector: 'h2' });
    await page.mouse.move(inCard.x, inCard.y);
    await rest(HOVER_CLOSE_MS * 3);
    expect(await cardOpen()).toBe(true);
  });

  it('a card opened by a click (pinned) stays when the pointer leaves', async () => {
    await reset();
    await page.mouse.click(onQuote.x, onQuote.y);
    await expect.poll(cardOpen, { timeout: 5_000 }).toBe(true);
    expect((await cardView())?.focused).toBe(true);
    await page.mouse.move(onPlainText.x, onPlainText.y);
    await rest(HOVER_CLOSE_MS * 3);
    expect(await cardOpen()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(cardOpen).toBe(false);
  });

  // A hover card the reader types in is pinned, so leaving it with the pointer loses nothing.
  it('a hover card being edited stays when the pointer leaves, with what was typed', async () => {
    await hoverOpen();
    const note = await cardPoint({ selector: '#ql-note' });
    await page.mouse.click(note.x, note.y);
    await page.keyboard.type('typed in the hover card');
    expect((await cardView())?.note).toBe('typed in the hover card');
    await page.mouse.move(onPlainText.x, onPlainText.y);
    await rest(HOVER_CLOSE_MS * 3);
    expect(await cardOpen()).toBe(true);
    expect((await cardView())?.note).toBe('typed in the hover card');
  });

  it('a sentiment tagged and saved from the hover card is stored in IndexedDB and repaints the highlight', async () => {
    await reset();
    expect(await storedAnnotations(ext)).toEqual([]);
    await page.mouse.move(onQuote.x, onQuote.y);
    await expect.poll(cardOpen, { timeout: 5_000 }).toBe(true);
    // All with the real mouse, inside the card: the "positive" chip, then Save. Both are located before the
    // pointer enters the card and clicked straight after: while the "moving onto the hover card" bug stands, it closes
    // HOVER_CLOSE_MS after the pointer enters it, and a slow machine must not turn that into a flaky test.
    const positive = await cardPoint({ selector: '.chips label', text: 'positive' });
    const saveButton = await cardPoint({ selector: 'button[type=submit]' });
    await page.mouse.click(positive.x, positive.y);
    await page.mouse.click(saveButton.x, saveButton.y);
    await expect.poll(cardOpen, { timeout: 5_000 }).toBe(false);
    await expect.poll(async () => (await storedAnnotations(ext)).length).toBe(1);
    const [record] = await storedAnnotations(ext);
    expect(record).toMatchObject({ exact: quote.exact, start: quote.start, end: quote.end, speaker: quote.speaker, sentiment: 'positive', kind: quote.kind, url: page.url() });
    const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
    await expect.poll(async () => (await highlightTexts(page, 'positive')).map(squash)).toContain(squash(quote.exact));
    expect((await highlightTexts(page, 'detected')).map(squash)).not.toContain(squash(quote.exact));
    // Hovering it again opens the saved quotation, with its sentiment.
    await page.mouse.move(onPlainText.x, onPlainText.y);
    await page.mouse.move(onQuote.x, onQuote.y);
    await expect.poll(cardOpen, { timeout: 5_000 }).toBe(true);
    expect((await cardView())?.title).toBe('Saved quotation');
    expect(await inClosedShadowRoot(page, 'quotelens-card', (root) => root.querySelector<HTMLInputElement>('input[name="ql-sentiment"]:checked')?.value)).toBe('positive');
  });
});
