// Saved quotes on an article edited between save and revisit (real Chromium, built extension):
// a paragraph inserted above (the quote moved: found exactly), a typo fixed inside a quote (found by
// fuzzy match), a quote deleted (listed in the popup as not found on this page, never attached elsewhere).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, highlightTexts, highlightsOf, launchWithExtension, openPopupFor, startServer, tabIdOf, type ExtensionBrowser, type StaticServer } from '../../scripts/lib/extension-browser';

const PATH = '/fixtures/issue4/story.html';
const v1 = readFileSync(join(FIXTURES, 'issue4/story.html'), 'utf8');
const Q1 = 'We will rebuild the bridge before the winter comes, whatever the cost to the town,';
const Q2_OLD = 'The budget is compleetly under control';
const Q2_NEW = 'The budget is completely under control';
const Q3 = 'Nobody in this town will pay a single cent more in taxes next year';
const v2 = v1
  .replace('<article id="story">', '<article id="story">\n<p><em>Update, Wednesday:</em> this article was corrected and expanded after publication; an earlier version misspelt a word in a quotation and included a remark that was withdrawn.</p>')
  .replace('compleetly', 'completely')
  .replace(/<p>“Nobody in this town[^\n]*\n/, '');

let server: StaticServer;
let ext: ExtensionBrowser;
let article: Page;

async function pageState(): Promise<{ anchors: { id: string; start: number | null; end: number | null; status: string }[]; textHash: string }> {
  const tabId = await tabIdOf(ext, article);
  return ext.worker.evaluate((id) => chrome.tabs.sendMessage(id, { type: 'popup/get-page' }), tabId);
}

beforeAll(async () => {
  server = await startServer();
  server.override(PATH, v1);
  ext = await launchWithExtension();
  article = await ext.context.newPage();
  await article.goto(server.origin + PATH);
});
afterAll(async () => {
  await ext?.close();
  await server?.close();
});

describe('anchoring saved quotes on an edited article', () => {
  it('saves three quotes through the popup with 32+ characters of context', async () => {
    await highlightsOf(article);
    const popup = await openPopupFor(ext, article);
    for (const words of ['We will rebuild', 'compleetly', 'Nobody in this town']) {
      const row = popup.locator('[data-testid="quote"]').filter({ hasText: words }).first();
      await row.locator('[data-testid="edit"]').click();
      await row.locator('[data-testid="save"]').click();
      await expect.poll(() => row.getAttribute('data-saved')).toBe('true');
    }
    await popup.close();
    const records = await ext.worker.evaluate(() => new Promise<Record<string, unknown>[]>((resolve, reject) => {
      const open = indexedDB.open('quotelens');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const req = open.result.transaction('annotations', 'readonly').objectStore('annotations').getAll();
        req.onsuccess = () => { resolve(req.result); open.result.close(); };
      };
    }));
    expect(records).toHaveLength(3);
    for (const r of records) {
      expect(String(r.prefix).length).toBeGreaterThanOrEqual(32);
      expect(String(r.suffix).length).toBeGreaterThanOrEqual(32);
      expect(typeof r.textHash).toBe('string');
      expect(Number(r.end) - Number(r.start)).toBe(String(r.exact).length);
    }
    expect((await pageState()).anchors.map((a) => a.status).sort()).toEqual(['exact', 'exact', 'exact']);
  });

  it('after the edit: the moved quote comes back exactly, the corrected one by fuzzy match, the deleted one is not attached anywhere', async () => {
    server.override(PATH, v2);
    await article.reload();
    await highlightsOf(article);
    await expect.poll(async () => (await pageState()).anchors.length).toBe(3);
    const state = await pageState();
    const statuses = state.anchors.map((a) => a.status).sort();
    expect(statuses).toEqual(['fuzzy', 'moved', 'orphan']);
    // Saved quotes are painted in their sentiment's colour (the popup suggests one), or as "saved".
    const saved: string[] = [];
    for (const group of ['saved', 'positive', 'negative', 'neutral', 'mixed']) saved.push(...(await highlightTexts(article, group)));
    expect(saved).toHaveLength(2);
    // Exactly the saved words, in their new place.
    expect(saved.some((t) => t.replace(/\s+/g, ' ') === Q1)).toBe(true);
    // The corrected quotation, highlighted over its new spelling.
    expect(saved.some((t) => t.includes(Q2_NEW))).toBe(true);
    expect(saved.join(' ')).not.toContain(Q3.slice(0, 20));
  });

  it('the popup lists the deleted quote as not found on this page, with its text, and flags the changed one', async () => {
    const popup = await openPopupFor(ext, article);
    const orphans = popup.locator('[data-testid="orphans"] [data-testid="quote"]');
    await expect.poll(() => orphans.count()).toBe(1);
    expect(await orphans.first().textContent()).toContain(Q3);
    expect(await orphans.first().textContent()).toContain('not found on this page');
    // The saved record still says what was saved (the old spelling): nothing is rewritten behind the reader's back.
    const changed = popup.locator('[data-testid="quote"]').filter({ hasText: Q2_OLD }).first();
    expect(await changed.textContent()).toContain('text changed since saved');
    await popup.close();
  });
});
