// Messaging: a web page cannot make QuoteLens do anything (window.postMessage, DOM and custom events,
// synthetic clicks, chrome.runtime.sendMessage with the extension id), and the content script, treated as
// unprivileged by the background, cannot read or write another site's annotations. The second part runs
// real messages from the content script's own isolated world, reached through CDP.
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badgeOf, highlightsOf, openPopupFor, storedAnnotations, type ExtensionBrowser, type StaticServer } from '../../scripts/lib/extension-browser';
import { closeAll, openServerAndExtension, visit, watchExtensionErrors, workerErrors, type ExtensionError } from './trust-lib';

let server: StaticServer;
let ext: ExtensionBrowser;
let page: Page;
let cdp: CDPSession;
const errors: ExtensionError[] = [];
const seed = () => `${server.origin}/corpus/dev/seed-roscosmos.html`;

const annotationCount = async () => (await storedAnnotations(ext)).length;

/** A new tab on the seed article, listening to every window message from the start as a hostile page would. */
async function freshPage(): Promise<void> {
  page = await ext.context.newPage();
  await page.addInitScript(() => {
    const seen: unknown[] = [];
    (window as unknown as { __seen: unknown[] }).__seen = seen;
    window.addEventListener('message', (e) => seen.push(e.data));
  });
  cdp = await watchExtensionErrors(page, errors);
  await visit(page, seed());
  await highlightsOf(page);
}

beforeAll(async () => {
  ({ server, ext } = await openServerAndExtension({ offline: true, trapWorkerErrors: true }));
});
afterAll(() => closeAll(ext, server));

describe('a web page cannot make the extension do anything', () => {
  it('window.postMessage, DOM and custom events, synthetic clicks and runtime.sendMessage change nothing', async () => {
    await freshPage();
    const before = await highlightsOf(page);
    const badge = await badgeOf(ext, page);
    expect(Number(badge)).toBe(before.detected);

    const outcome = await page.evaluate(async (id) => {
      const draft = { title: 't', exact: 'We discussed', prefix: '', suffix: '', start: 0, end: 12, textHash: 'x', speaker: 'Mallory', role: null, sentiment: 'negative', tags: ['pwned'], note: 'from the page', kind: 'direct', cue: null };
      const messages = [
        { type: 'content/save-annotation', pageKey: location.href, draft },
        { type: 'content/page-scanned', pageKey: location.href, count: 0, capped: false },
        { type: 'popup/settings-changed', mode: 'off', hidden: true },
        { type: 'popup/annotations-changed' },
        { type: 'background/annotate-selection' },
      ];
      for (const m of messages) {
        window.postMessage(m, '*');
        window.postMessage(JSON.stringify(m), '*');
        document.dispatchEvent(new CustomEvent('quotelens', { detail: m }));
        window.dispatchEvent(new CustomEvent(m.type, { detail: m }));
      }
      // WXT's own event names, guessed and with the extension id a page can learn.
      for (const name of ['wxt:locationchange', `${id}:content:wxt:locationchange`]) window.dispatchEvent(new Event(name));
      // Synthetic clicks on a quote (untrusted): the card must not open.
      const h = CSS.highlights.get('quotelens-detected') as unknown as Iterable<Range>;
      const first = [...h][0];
      const box = first.getClientRects()[0];
      const target = document.elementFromPoint(box.left + 2, box.top + box.height / 2)!;
      target.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: box.left + 2, clientY: box.top + box.height / 2 }));
      (target as HTMLElement).click();
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Q', altKey: true, shiftKey: true, bubbles: true }));
      // The extension id with chrome.runtime: externally_connectable is absent, so pages have no channel.
      const c = (globalThis as { chrome?: { runtime?: { sendMessage?: (...a: unknown[]) => Promise<unknown> } } }).chrome;
      let runtime: string;
      if (!c?.runtime?.sendMessage) runtime = 'no chrome.runtime.sendMessage in the page';
      else {
        try {
          await c.runtime.sendMessage(id, messages[0]);
          runtime = 'sent';
        } catch (e) {
          runtime = `refused: ${(e as Error).message}`;
        }
      }
      return { runtime };
    }, ext.extensionId);
    expect(outcome.runtime).not.toBe('sent');

    await page.waitForTimeout(1_500); // past the content script's debounce for page changes
    expect(await highlightsOf(page)).toEqual(before);
    expect(await badgeOf(ext, page)).toBe(badge);
    expect(await annotationCount()).toBe(0);
    // No card was opened by the synthetic events.
    await cdp.send('DOM.enable');
    const { nodes } = await cdp.send('DOM.getFlattenedDocument', { depth: -1, pierce: true });
    expect(nodes.some((n) => n.nodeName === 'QUOTELENS-CARD')).toBe(false);
    console.log(`page attempts: runtime.sendMessage → ${outcome.runtime}; highlights ${JSON.stringify(before)} unchanged, badge ${badge} unchanged, 0 annotations`);
  });

  it('the page cannot shut the content script down with WXT\'s "newer script started" event', async () => {
    // WXT announces each content script start with window.postMessage, which the page hears; replaying it as
    // a DOM event with another id would invalidate ours (highlights gone, listeners removed).
    await freshPage();
    const seen = await page.evaluate(() => (window as unknown as { __seen: unknown[] }).__seen);
    const started = seen.find((m): m is { type: string; contentScriptName: string } => typeof m === 'object' && m !== null && String((m as { type?: unknown }).type).endsWith('wxt:content-script-started'));
    const before = await highlightsOf(page);
    if (started) {
      await page.evaluate((m) => {
        document.dispatchEvent(new CustomEvent(m.type, { detail: { contentScriptName: m.contentScriptName, messageId: 'forged' } }));
      }, started);
      await page.waitForTimeout(500);
    }
    console.log(`WXT start announcement heard by the page: ${started ? JSON.stringify(started) : 'none'}`);
    expect(await highlightsOf(page)).toEqual(before);
    // ... and it still answers the popup.
    const popup = await openPopupFor(ext, page);
    expect(await popup.locator('[data-testid="quote"]').count()).toBeGreaterThanOrEqual(before.detected);
    await popup.close();
  });

  it('no extension error came of it', async () => {
    expect(errors).toEqual([]);
    expect(await workerErrors(ext)).toEqual([]);
  });
});

describe('the background treats the content script as unprivileged', () => {
  /** Runs `expression` (which must produce a Promise) in the content script's isolated world. */
  async function inContentScript(expression: string): Promise<{ ok: boolean; value: unknown }> {
    const contexts: { id: number; origin: string; name: string; auxData?: { type?: string; frameId?: string } }[] = [];
    const session = await ext.context.newCDPSession(page);
    session.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context as never));
    await session.send('Runtime.enable');
    await new Promise((r) => setTimeout(r, 200));
    const world = contexts.find((c) => c.auxData?.type === 'isolated' && c.origin.startsWith(`chrome-extension://${ext.extensionId}`))
      ?? contexts.find((c) => c.auxData?.type === 'isolated' && c.name === 'QuoteLens');
    if (!world) throw new Error(`no isolated world of the extension among ${JSON.stringify(contexts.map((c) => [c.name, c.origin, c.auxData?.type]))}`);
    const r = await session.send('Runtime.evaluate', {
      contextId: world.id, awaitPromise: true, returnByValue: true,
      expression: `(${expression}).then((v) => ({ ok: true, value: v }), (e) => ({ ok: false, value: String(e && e.message || e) }))`,
    });
    await session.detach();
    if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
    return r.result.value as { ok: boolean; value: unknown };
  }

  const draft = (extra: Record<string, unknown> = {}) => JSON.stringify({
    title: 't', exact: 'We discussed strategic opportunities', prefix: '', suffix: '', start: 0, end: 36, textHash: 'x', speaker: 'Someone', role: null,
    sentiment: 'negative', tags: ['x'], note: 'n', kind: 'direct', cue: null, ...extra,
  });

  it('its own page: reading its annotations works (the control)', async () => {
    await freshPage();
    const r = await inContentScript(`chrome.runtime.sendMessage({ type: 'content/get-annotations', pageKey: ${JSON.stringify(seed())} })`);
    expect(r).toEqual({ ok: true, value: [] });
  });

  it('another site\'s page key: reading and saving are refused', async () => {
    const read = await inContentScript(`chrome.runtime.sendMessage({ type: 'content/get-annotations', pageKey: 'https://bank.example/statement' })`);
    expect(read.ok).toBe(false);
    expect(String(read.value)).toMatch(/refused/);
    const save = await inContentScript(`chrome.runtime.sendMessage({ type: 'content/save-annotation', pageKey: 'https://bank.example/statement', draft: ${draft()} })`);
    expect(save.ok).toBe(false);
    expect(String(save.value)).toMatch(/refused/);
    const badge = await inContentScript(`chrome.runtime.sendMessage({ type: 'content/page-scanned', pageKey: 'https://other.example/', count: 7, capped: false })`);
    expect(badge.ok).toBe(false);
    expect(await annotationCount()).toBe(0);
  });

  it('malformed messages get no answer and change nothing', async () => {
    for (const m of [
      `{ type: 'content/save-annotation', pageKey: ${JSON.stringify(seed())}, draft: { exact: 'x' } }`,
      `{ type: 'content/get-annotations' }`,
      `{ type: 'popup/get-page' }`,
      `'content/get-annotations'`,
      `{ type: 'content/save-annotation', pageKey: ${JSON.stringify(seed())}, draft: ${draft({ end: 99 })} }`,
    ]) {
      const r = await inContentScript(`chrome.runtime.sendMessage(${m})`);
      expect(r.ok && r.value !== undefined && r.value !== null, m).toBe(false);
    }
    expect(await annotationCount()).toBe(0);
  });

  it('a page cannot change the settings: the popup\'s save message from a content script gets no answer and changes nothing', async () => {
    const forged = await inContentScript(`chrome.runtime.sendMessage({ type: 'popup/save-settings', site: '127.0.0.1', mode: 'off', hidden: true })`);
    expect(forged.ok && forged.value !== undefined && forged.value !== null).toBe(false);
    const settings = await inContentScript(`chrome.runtime.sendMessage({ type: 'content/get-settings', pageKey: ${JSON.stringify(seed())} })`);
    expect(settings.value).toMatchObject({ mode: 'always', hidden: false });
    const registered = await ext.worker.evaluate(() => (globalThis as unknown as { chrome: { scripting: { getRegisteredContentScripts(): Promise<{ excludeMatches?: string[] }[]> } } }).chrome.scripting.getRegisteredContentScripts());
    expect(registered.map((r) => r.excludeMatches ?? [])).toEqual([[]]);
  });

  it('the engine runs only for a site that is on: an early request only when always on, none when off', async () => {
    const text = '“We will win,” said Jane Smith.';
    const extract = (beforeSettings: boolean) => inContentScript(`chrome.runtime.sendMessage(${JSON.stringify({
      type: 'content/extract-quotes', pageKey: seed(), text, blocks: [{ start: 0, end: text.length, kind: 'paragraph' }], spans: [], maxQuotes: 10, beforeSettings,
    })})`);
    const setMode = async (mode: string) => {
      const popup = await openPopupFor(ext, page);
      await popup.selectOption('[data-testid="site-mode"]', mode);
      await popup.close();
    };
    const answered = (r: { ok: boolean; value: unknown }) => (r.ok ? (r.value as { quotes: { speaker: string }[] }).quotes.map((q) => q.speaker) : String(r.value));
    try {
      expect(answered(await extract(true))).toEqual(['Jane Smith']); // the control: always on
      await setMode('click');
      expect(answered(await extract(true))).toMatch(/not on for this site/); // the reader has not clicked
      expect(answered(await extract(false))).toEqual(['Jane Smith']); // the popup was opened: the click
      await setMode('off');
      expect(answered(await extract(true))).toMatch(/not on for this site/);
      expect(answered(await extract(false))).toMatch(/not on for this site/);
    } finally {
      await setMode('always');
    }
  });

  it('an annotation of another page cannot be changed by id from this one', async () => {
    // An annotation saved on another site, straight into the database through the worker.
    const id = await ext.worker.evaluate(() => new Promise<string>((resolve, reject) => {
      const open = indexedDB.open('quotelens');
      open.onsuccess = () => {
        const db = open.result;
        const rec = {
          id: 'other-page-annotation', pageKey: 'https://bank.example/statement', url: 'https://bank.example/statement', site: 'bank.example', title: 'b',
          exact: 'private words', prefix: '', suffix: '', start: 0, end: 13, textHash: 'y', speaker: null, speakerKey: '', role: null, sentiment: null,
          tags: [], tagTimes: [], words: ['private', 'words'], note: 'secret', kind: 'manual', cue: null, created: 1, updated: 1,
        };
        const tx = db.transaction('annotations', 'readwrite');
        tx.objectStore('annotations').put(rec);
        tx.oncomplete = () => { db.close(); resolve(rec.id); };
        tx.onerror = () => reject(tx.error);
      };
      open.onerror = () => reject(open.error);
    }));
    const r = await inContentScript(`chrome.runtime.sendMessage({ type: 'content/save-annotation', pageKey: ${JSON.stringify(seed())}, draft: ${draft({ id: 'other-page-annotation', note: 'overwritten' })} })`);
    expect(r.ok).toBe(false);
    expect(String(r.value)).toMatch(/refused/);
    const note = await ext.worker.evaluate((key) => new Promise<string>((resolve) => {
      const open = indexedDB.open('quotelens');
      open.onsuccess = () => {
        const req = open.result.transaction('annotations').objectStore('annotations').get(key);
        req.onsuccess = () => { resolve(req.result.note); open.result.close(); };
      };
    }), id);
    expect(note).toBe('secret');
  });
});
