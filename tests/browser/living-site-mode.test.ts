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
});
