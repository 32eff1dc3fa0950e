// Per-site control from the real popup (always on / only when I click the toolbar button / off) and the
// toggle that hides every highlight, in real Chromium with the built extension.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badgeOf, highlightsOf, launchWithExtension, openPopupFor, startServer, type ExtensionBrowser, type StaticServer } from '../../scripts/lib/extension-browser';

let server: StaticServer;
let ext: ExtensionBrowser;
let page: Page;

const ours = () => page.evaluate(() => [...CSS.highlights.keys()].filter((k) => String(k).startsWith('quotelens-')).length);
const done = () => page.waitForFunction(() => performance.getEntriesByName('quotelens:done').length > 0, null, { timeout: 15_000 });

beforeAll(async () => {
  server = await startServer();
  ext = await launchWithExtension();
  page = await ext.context.newPage();
  await page.goto(`${server.origin}/fixtures/issue4/story.html`);
  await highlightsOf(page);
});
afterAll(async () => {
  await ext?.close();
  await server?.close();
});

describe('per-site mode and hiding highlights', () => {
  it('hides every highlight and shows them again', async () => {
    const popup = await openPopupFor(ext, page);
    await popup.locator('[data-testid="hide-highlights"]').check();
    await expect.poll(ours).toBe(0);
    await popup.locator('[data-testid="hide-highlights"]').uncheck();
    await expect.poll(ours).toBeGreaterThan(0);
    await popup.close();
  });

  it('"off": the highlights go at once, and after a reload nothing is read (no marks, no badge)', async () => {
    const popup = await openPopupFor(ext, page);
    await popup.selectOption('[data-testid="site-mode"]', 'off');
    await expect.poll(ours).toBe(0);
    await popup.close();
    await page.reload();
    await done();
    expect(await page.evaluate(() => performance.getEntriesByName('quotelens:painted').length)).toBe(0);
    expect(await ours()).toBe(0);
    expect(await badgeOf(ext, page)).toBe('');
    const again = await openPopupFor(ext, page);
    expect(await again.locator('[role="status"]').first().textContent()).toContain('off on this site');
    await again.close();
  });

  it('"only when I click": nothing until the popup is opened on the tab, then the page is read', async () => {
    const popup = await openPopupFor(ext, page);
    await popup.selectOption('[data-testid="site-mode"]', 'click');
    await popup.close();
    await page.reload();
    await done();
    expect(await page.evaluate(() => performance.getEntriesByName('quotelens:painted').length)).toBe(0);
    expect(await ours()).toBe(0);
    const opened = await openPopupFor(ext, page);
    await expect.poll(() => opened.locator('[data-testid="quote"]').count()).toBeGreaterThan(0);
    await expect.poll(ours).toBeGreaterThan(0);
    await opened.selectOption('[data-testid="site-mode"]', 'always');
    await opened.close();
    await page.reload();
    await highlightsOf(page);
  });

  it('the site-on script runs exactly where the site is always on and highlights are shown, and follows every change', async () => {
    type Registered = { id: string; js?: string[]; matches?: string[]; excludeMatches?: string[] };
    const registered = () => ext.worker.evaluate(() => (globalThis as unknown as { chrome: { scripting: { getRegisteredContentScripts(): Promise<Registered[]> } } }).chrome.scripting.getRegisteredContentScripts());
    /** The page's own record of its settings: the answer, and whether the site-on script had run. */
    const settingsOf = async (p: Page) => {
      await p.waitForFunction(() => performance.getEntriesByName('quotelens:settings').length > 0, null, { timeout: 15_000 });
      return p.evaluate(() => (performance.getEntriesByName('quotelens:settings')[0] as PerformanceMark).detail as { mode: string; hidden: boolean; siteOn: boolean });
    };
    const here = new URL(page.url());
    const otherSite = `${here.protocol}//localhost:${here.port}${here.pathname}`; // another host name, the same server

    // Every site is always on: registered for all, nothing excluded, and the page knew without asking.
    await expect.poll(async () => (await registered()).map((r) => [r.id, r.js, r.matches, r.excludeMatches ?? []]))
      .toEqual([['quotelens-site-on', ['site-on.js'], ['http://*/*', 'https://*/*'], []]]);
    await page.reload();
    await highlightsOf(page);
    expect(await settingsOf(page)).toMatchObject({ mode: 'always', hidden: false, siteOn: true });

    // This site off: excluded; its pages ask and wait, and stay untouched.
    const popup = await openPopupFor(ext, page);
    await popup.selectOption('[data-testid="site-mode"]', 'off');
    await popup.close();
    await expect.poll(async () => (await registered())[0]?.excludeMatches).toEqual(['*://127.0.0.1/*']);
    await page.reload();
    await done();
    expect(await settingsOf(page)).toMatchObject({ mode: 'off', siteOn: false });
    expect(await page.evaluate(() => performance.getEntriesByName('quotelens:painted').length)).toBe(0);

    // A registration that lags behind the database (a change made while the page loaded): the page starts
    // at once, then the answer says off, and whatever was painted goes, with the badge.
    await ext.worker.evaluate(async () => {
      const scripting = (globalThis as unknown as { chrome: { scripting: { unregisterContentScripts(f: object): Promise<void>; registerContentScripts(s: object[]): Promise<void> } } }).chrome.scripting;
      await scripting.unregisterContentScripts({ ids: ['quotelens-site-on'] });
      await scripting.registerContentScripts([{ id: 'quotelens-site-on', js: ['site-on.js'], matches: ['http://*/*', 'https://*/*'], runAt: 'document_start' }]);
    });
    await page.reload();
    expect(await settingsOf(page)).toMatchObject({ mode: 'off', siteOn: true });
    await page.waitForFunction(() => performance.getEntriesByName('quotelens:done').some((m) => (m as PerformanceMark).detail?.article === null), null, { timeout: 15_000 });
    await expect.poll(ours).toBe(0);
    await expect.poll(() => badgeOf(ext, page)).toBe('');
    const fix = await openPopupFor(ext, page); // any change puts the registration right again
    await fix.selectOption('[data-testid="site-mode"]', 'click');
    await fix.selectOption('[data-testid="site-mode"]', 'off');
    await fix.close();
    await expect.poll(async () => (await registered())[0]?.excludeMatches).toEqual(['*://127.0.0.1/*']);

    // Another site is still always on: the script runs there and its quotes are painted.
    const other = await ext.context.newPage();
    await other.goto(otherSite);
    await highlightsOf(other);
    expect(await settingsOf(other)).toMatchObject({ mode: 'always', siteOn: true });

    // Highlights hidden: registered nowhere; the other site's page asks, and paints nothing visible.
    const fromOther = await openPopupFor(ext, other);
    await fromOther.locator('[data-testid="hide-highlights"]').check();
    await fromOther.close();
    await expect.poll(registered).toEqual([]);
    await other.reload();
    await other.waitForFunction(() => performance.getEntriesByName('quotelens:done').length > 0, null, { timeout: 15_000 });
    expect(await settingsOf(other)).toMatchObject({ mode: 'always', hidden: true, siteOn: false });
    expect(await other.evaluate(() => [...CSS.highlights.keys()].filter((k) => String(k).startsWith('quotelens-')).length)).toBe(0);

    // Back to the defaults: registered for all again.
    const back = await openPopupFor(ext, page);
    await back.selectOption('[data-testid="site-mode"]', 'always');
    await back.locator('[data-testid="hide-highlights"]').uncheck();
    await back.close();
    await expect.poll(async () => (await registered()).map((r) => r.excludeMatches ?? [])).toEqual([[]]);
    await other.close();
    await page.reload();
    await highlightsOf(page);
    expect(await settingsOf(page)).toMatchObject({ mode: 'always', hidden: false, siteOn: true });
  });
});
