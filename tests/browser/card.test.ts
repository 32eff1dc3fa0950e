// The in-page card and the "annotate as a quotation" flow, end to end in real Chromium with the built
// extension: click a highlight, tag it from the keyboard, save (content → background → IndexedDB), see it
// repainted; select words the engine missed and annotate them through the context-menu handler. Playwright
// cannot click a browser context menu, so the test calls the very handler the menu calls, in the service
// worker (`quotelensHandlers.onMenuClick`, registered for chrome.contextMenus.onClicked); the keyboard
// shortcut goes through the same function (`onCommand`).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { highlightTexts, highlightsOf, openPopupFor, storedAnnotations, tabIdOf, type ExtensionBrowser, type StaticServer } from '../../scripts/lib/extension-browser';
import { cardIsOpen, fillCardByKeyboard, selectWords, highlightPoint } from './card-lib';
import { closeAll, openServerAndExtension } from './trust-lib';

let server: StaticServer;
let ext: ExtensionBrowser;
let page: Page;

const records = () => storedAnnotations(ext);
const pointOf = (words: string, group = 'detected') => highlightPoint(page, words, group);
const cardOpen = () => cardIsOpen(page);

beforeAll(async () => {
  ({ server, ext } = await openServerAndExtension({ launch: { colorScheme: 'dark' } }));
  page = await ext.context.newPage();
  await page.goto(`${server.origin}/fixtures/issue4/story.html`);
  await highlightsOf(page);
});
afterAll(() => closeAll(ext, server));

describe('the in-page card', () => {
  it('opens on a click on a highlight, in a closed shadow root, and Escape closes it', async () => {
    const { x, y } = await pointOf('We will rebuild');
    await page.mouse.click(x, y);
    await expect.poll(cardOpen).toBe(true);
    // Closed: the page cannot reach into it.
    expect(await page.evaluate(() => (document.querySelector('quotelens-card') as HTMLElement).shadowRoot)).toBeNull();
    await page.keyboard.press('Escape');
    await expect.poll(cardOpen).toBe(false);
  });

  it('a click on plain text opens nothing; a script-made click on a highlight opens nothing', async () => {
    const box = await page.evaluate(() => {
      const p = [...document.querySelectorAll('p')].find((x) => x.textContent!.startsWith('Several residents'))!;
      const r = p.getBoundingClientRect();
      return { x: r.left + 30, y: r.top + 8 };
    });
    await page.mouse.click(box.x, box.y);
    await page.waitForTimeout(200);
    expect(await cardOpen()).toBe(false);
    const { x, y } = await pointOf('We will rebuild');
    await page.evaluate(([cx, cy]) => {
      document.elementFromPoint(cx, cy)!.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: cx, clientY: cy }));
    }, [x, y] as const);
    await page.waitForTimeout(200);
    expect(await cardOpen()).toBe(false);
  });

  it('tags a quote from the keyboard and saves it through the background; the highlight takes the sentiment colour', async () => {
    const { x, y } = await pointOf('We will rebuild');
    await page.mouse.click(x, y);
    await expect.poll(cardOpen).toBe(true);
    // Focus starts in the speaker field (pre-filled with the engine's speaker); sentiment none → positive.
    await fillCardByKeyboard(page, { speaker: 'Mayor Ana Lima', sentimentSteps: 1, tags: 'infrastructure, budget', note: 'Said at the <b>opening</b> of the session.' });
    await expect.poll(cardOpen).toBe(false);
    await expect.poll(async () => (await records()).length).toBe(1);
    const [r] = await records();
    expect(r.speaker).toBe('Mayor Ana Lima');
    expect(r.sentiment).toBe('positive');
    expect(r.tags).toEqual(['infrastructure', 'budget']);
    expect(r.note).toBe('Said at the <b>opening</b> of the session.');
    expect(String(r.exact)).toContain('We will rebuild the bridge');
    expect(r.kind).toBe('direct');
    expect(r.url).toBe(`${server.origin}/fixtures/issue4/story.html`);
    expect(String(r.prefix).length).toBeGreaterThanOrEqual(32);
    await expect.poll(async () => (await highlightTexts(page, 'positive')).join(' ')).toContain('We will rebuild the bridge');
    expect((await highlightTexts(page, 'detected')).join(' ')).not.toContain('We will rebuild the bridge');
  });

  it('reopening a saved quote edits the same record', async () => {
    const { x, y } = await pointOf('We will rebuild', 'positive');
    await page.mouse.click(x, y);
    await expect.poll(cardOpen).toBe(true);
    await fillCardByKeyboard(page, { sentimentSteps: 1 }); // positive → negative
    await expect.poll(async () => (await records())[0]?.sentiment).toBe('negative');
    expect(await records()).toHaveLength(1);
    await expect.poll(async () => (await highlightTexts(page, 'negative')).join(' ')).toContain('We will rebuild the bridge');
  });
});

describe('annotating words the engine missed (context menu / keyboard shortcut)', () => {
  it('selection → the context-menu handler in the service worker → the card (kind manual, speaker) → saved and highlighted', async () => {
    const words = 'asked for an independent review of the engineering report';
    await selectWords(page, words);
    const tabId = await tabIdOf(ext, page);
    const handled = await ext.worker.evaluate((id) => (globalThis as unknown as { quotelensHandlers: { onMenuClick(i: unknown, t: unknown): Promise<boolean> } })
      .quotelensHandlers.onMenuClick({ menuItemId: 'quotelens-annotate-selection', editable: false }, { id }), tabId);
    expect(handled).toBe(true);
    await expect.poll(cardOpen).toBe(true);
    await page.keyboard.type('the opposition members');
    await page.keyboard.press('Control+Enter');
    await expect.poll(async () => (await records()).length).toBe(2);
    const manual = (await records()).find((r) => r.kind === 'manual')!;
    expect(manual.exact).toBe(words);
    expect(manual.speaker).toBe('the opposition members');
    expect(Number(manual.end) - Number(manual.start)).toBe(words.length);
    await expect.poll(async () => (await highlightTexts(page, 'saved')).join(' ')).toContain(words);
    // The popup lists it as added by you.
    const popup = await openPopupFor(ext, page);
    const row = popup.locator('[data-testid="quote"]').filter({ hasText: words }).first();
    expect(await row.textContent()).toContain('added by you');
    await popup.close();
  });

  it('the keyboard-shortcut handler takes the same path; without a selection the card says to select first', async () => {
    await page.evaluate(() => getSelection()!.removeAllRanges());
    const tabId = await tabIdOf(ext, page);
    const handled = await ext.worker.evaluate((id) => (globalThis as unknown as { quotelensHandlers: { onCommand(c: string, t: unknown): Promise<boolean> } })
      .quotelensHandlers.onCommand('annotate-selection', { id }), tabId);
    expect(handled).toBe(false);
    await expect.poll(cardOpen).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(cardOpen).toBe(false);
    expect(await records()).toHaveLength(2);
  });
});

describe('the background refuses what a page should not be able to do', () => {
  it('a save that does not come from a tab\'s own page is refused', async () => {
    const tabId = await tabIdOf(ext, page);
    // Playwright cannot run code in the content script's world; an extension page sending the content
    // message is refused because it is not a tab (the same-host and offset checks are unit-tested in
    // tests/unit/messages.test.ts).
    const popup = await openPopupFor(ext, page);
    const answer = await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'content/save-annotation', pageKey: 'https://bank.example/', draft: {
      title: 't', exact: 'x', prefix: '', suffix: '', start: 0, end: 1, textHash: 'h', speaker: null, role: null, sentiment: null, tags: [], note: '', kind: 'manual', cue: null,
    } }).then(() => 'accepted', (e: Error) => `refused: ${e.message}`));
    expect(answer).toMatch(/refused/);
    expect(await records()).toHaveLength(2);
    expect(tabId).toBeGreaterThan(0);
    await popup.close();
  });
});
