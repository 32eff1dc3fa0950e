// Concurrency and faults: two popups saving at once lose nothing; the service worker stopped in the middle
// of a session loses nothing; a full disk (QuotaExceededError) and a blocked database upgrade are shown to
// the reader, never swallowed.
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, highlightsOf, storedAnnotations, tabIdOf, type ExtensionBrowser, type StaticServer } from '../../scripts/lib/extension-browser';
import { cardIsOpen, highlightPoint } from './card-lib';
import { closeAll, holdOldDatabase, openServerAndExtension, visit, watchExtensionErrors, type ExtensionError } from './trust-lib';

let server: StaticServer;
let ext: ExtensionBrowser;
const errors: ExtensionError[] = [];
const numbers: string[] = [];
const url = (name: string) => `${server.origin}/corpus/dev/${name}`;

beforeAll(async () => {
  ({ server, ext } = await openServerAndExtension({ offline: true }));
});
afterAll(async () => {
  if (numbers.length) console.log(`faults:\n  ${numbers.join('\n  ')}`);
  await closeAll(ext, server);
});

/** All stored annotations, read from an extension page (the worker may be stopped). */
const stored = (reader: Page) => storedAnnotations(reader) as Promise<{ id: string; pageKey: string; note: string; exact: string }[]>;

async function article(name: string): Promise<Page> {
  const page = await ext.context.newPage();
  await watchExtensionErrors(page, errors);
  await visit(page, url(name));
  await highlightsOf(page);
  return page;
}

/** A popup page for the tab of `page`, optionally with a script run before the popup's own code. */
async function popupFor(page: Page, init?: () => void): Promise<Page> {
  const tabId = await tabIdOf(ext, page);
  const popup = await ext.context.newPage();
  if (init) await popup.addInitScript(init);
  await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?tab=${tabId}`);
  await popup.waitForSelector('[data-testid="summary"], [role="alert"]', { timeout: 20_000 });
  return popup;
}

/** Tags the n-th quote of a popup with a note (through the real form). */
async function tag(popup: Page, n: number, note: string): Promise<void> {
  const item = popup.locator('[data-testid="quote"]').nth(n);
  await item.locator('[data-testid="edit"]').click();
  await item.locator('[data-testid="note-input"]').fill(note);
  await item.locator('[data-testid="save"]').click();
  await popup.waitForFunction((i) => document.querySelectorAll('[data-testid="quote"]')[i]?.getAttribute('data-saved') === 'true', n, { timeout: 15_000 });
}

describe('two tabs saving at once', () => {
  it('two popups on two articles and two popups on one article, all saving at the same time, lose nothing', async () => {
    const a = await article('seed-roscosmos.html');
    const b = await article('seed-roscosmos-flat.html');
    const pa1 = await popupFor(a);
    const pa2 = await popupFor(a);
    const pb = await popupFor(b);
    const t0 = Date.now();
    // Interleaved: each popup saves its own quotes while the others do the same.
    await Promise.all([
      (async () => { for (const n of [0, 2, 4, 6]) await tag(pa1, n, `a1-${n}`); })(),
      (async () => { for (const n of [1, 3, 5, 7]) await tag(pa2, n, `a2-${n}`); })(),
      (async () => { for (const n of [0, 1, 2, 3]) await tag(pb, n, `b-${n}`); })(),
    ]);
    const records = await stored(pa1);
    numbers.push(`concurrent saves: 12 saves from 3 popups in ${Date.now() - t0} ms, ${records.length} records stored`);
    expect(records.map((r) => r.note).sort()).toEqual(['a1-0', 'a1-2', 'a1-4', 'a1-6', 'a2-1', 'a2-3', 'a2-5', 'a2-7', 'b-0', 'b-1', 'b-2', 'b-3'].sort());
    expect(new Set(records.map((r) => r.id)).size).toBe(12);
    // Both editing at once: each edit of a different saved quote survives the other's.
    await pa1.reload();
    await pa2.reload();
    await Promise.all([pa1.waitForSelector('[data-testid="summary"]'), pa2.waitForSelector('[data-testid="summary"]')]);
    await Promise.all([tag(pa1, 0, 'a1-0 edited'), tag(pa2, 1, 'a2-1 edited')]);
    const after = await stored(pa1);
    expect(after).toHaveLength(12);
    expect(after.map((r) => r.note)).toEqual(expect.arrayContaining(['a1-0 edited', 'a2-1 edited']));
    for (const p of [pa1, pa2, pb, a, b]) await p.close();
  });
});

/** Stops every service worker of the browser through CDP (as Chromium does to an idle worker). */
async function stopWorkers(page: Page): Promise<void> {
  const cdp: CDPSession = await ext.context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}

async function cardText(page: Page): Promise<string> {
  const cdp = await ext.context.newCDPSession(page);
  await cdp.send('DOM.enable');
  const { nodes } = await cdp.send('DOM.getFlattenedDocument', { depth: -1, pierce: true });
  await cdp.detach();
  return nodes.filter((n) => n.nodeName === '#text').map((n) => n.nodeValue).join(' ');
}

/** Opens the in-page card on the first quote whose words contain `words` (a trusted click on the highlight). */
async function openCard(page: Page, words: string): Promise<void> {
  const at = await highlightPoint(page, words);
  await page.mouse.click(at.x, at.y);
  await expect.poll(() => cardIsOpen(page)).toBe(true);
}

describe('the service worker stopped in the middle of a session', () => {
  it('loses nothing: saves before and after the stop are kept, a save racing the stop is kept or reported', async () => {
    const page = await article('seed-roscosmos.html');
    const base = (await stored(await readerPage())).length;
    const popup = await popupFor(page);
    await tag(popup, 9, 'before the stop');
    await popup.close();

    await stopWorkers(page);
    await page.waitForTimeout(500);
    // The in-page card saves through the background, which the browser starts again for the message.
    await openCard(page, 'slightly ambitious');
    // Focus is in the card's speaker field; a note, then Ctrl+Enter saves.
    await page.keyboard.type('Roscosmos chief');
    await page.keyboard.press('Control+Enter');
    await expect.poll(async () => (await stored(await readerPage())).length, { timeout: 15_000, message: 'card after stop' }).toBe(base + 2);

    // A save racing a stop: the card's save and the worker's stop at the same moment.
    await openCard(page, 'We all understand');
    await Promise.all([page.keyboard.press('Control+Enter'), stopWorkers(page)]);
    await page.waitForTimeout(2_000);
    const records = await stored(await readerPage());
    const text = await cardText(page);
    const raced = records.some((r) => r.exact.includes('We all understand'));
    numbers.push(`worker stopped twice mid-session: ${records.length} records kept; the save racing the stop was ${raced ? 'kept' : `reported: ${/Not saved[^.]*/.exec(text)?.[0] ?? '(no message!)'}`}`);
    expect(raced || /Not saved/.test(text)).toBe(true);
    expect(records.map((r) => r.note)).toContain('before the stop');
    await page.close();
  });
});

let reader: Page | null = null;
async function readerPage(): Promise<Page> {
  if (!reader || reader.isClosed()) {
    reader = await ext.context.newPage();
    await reader.goto(`chrome-extension://${ext.extensionId}/popup.html?tab=999999`);
  }
  return reader;
}

describe('storage failures are shown to the reader', () => {
  it('a full disk (QuotaExceededError on put) is shown in the popup', async () => {
    const page = await article('seed-roscosmos.html');
    const popup = await popupFor(page, () => {
      const fail = function (): never { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
      IDBObjectStore.prototype.put = fail;
      IDBObjectStore.prototype.add = fail;
    });
    const before = (await stored(await readerPage())).length;
    const item = popup.locator('[data-testid="quote"]').nth(3);
    await item.locator('[data-testid="edit"]').click();
    await item.locator('[data-testid="note-input"]').fill('this will not fit');
    await item.locator('[data-testid="save"]').click();
    const alert = popup.locator('[role="alert"]');
    await alert.waitFor({ timeout: 10_000 });
    const text = (await alert.textContent()) ?? '';
    numbers.push(`quota error in the popup: "${text}"`);
    expect(text).toMatch(/disk is full|quota/i);
    expect(text).toMatch(/QuotaExceededError/);
    expect((await stored(await readerPage())).length).toBe(before);
    await popup.close();
    await page.close();
  });

  it('a full disk while saving from the in-page card is shown in the card', async () => {
    const page = await article('seed-roscosmos.html');
    await ext.worker.evaluate(() => {
      const g = globalThis as unknown as { __put?: typeof IDBObjectStore.prototype.put };
      g.__put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function (): never { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
    }).catch(() => undefined);
    await openCard(page, 'ISS cross-flight');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => cardText(page), { timeout: 10_000 }).toMatch(/Not saved/);
    const text = await cardText(page);
    numbers.push(`quota error in the card: "${/Not saved[^\n]*?\)/.exec(text)?.[0] ?? text.slice(0, 200)}"`);
    expect(text).toMatch(/disk is full|quota/i);
    await ext.worker.evaluate(() => {
      const g = globalThis as unknown as { __put?: typeof IDBObjectStore.prototype.put };
      if (g.__put) IDBObjectStore.prototype.put = g.__put;
    }).catch(() => undefined);
    await page.close();
  });

  it('a database upgrade blocked by an old connection is shown, not left spinning', async () => {
    // A fresh profile whose database is still at schema version 1, held open by a connection that never
    // closes for an upgrade (an old tab): the popup's newer schema cannot open.
    const other = await launchWithExtension();
    try {
      await holdOldDatabase(other);
      // The library opens the database itself (the worker has not yet: no article was visited).
      const lib = await other.context.newPage();
      await lib.goto(`chrome-extension://${other.extensionId}/library.html`);
      const alert = lib.locator('[role="alert"], .error, [data-testid="status"].error, .lib-status.error').first();
      const shown = await alert.waitFor({ timeout: 15_000 }).then(() => true, () => false);
      const text = shown ? (await alert.textContent()) ?? '' : `(nothing shown; the library says "${(await lib.locator('body').innerText()).slice(0, 200)}")`;
      numbers.push(`blocked upgrade in the library: ${text}`);
      expect(shown).toBe(true);
      expect(text).toMatch(/older version|blocked|close/i);
    } finally {
      await other.close();
    }
  });

  it('no uncaught error from the extension in the pages', () => {
    expect(errors.filter((e) => !/console\.warning/.test(e.text))).toEqual([]);
  });
});
