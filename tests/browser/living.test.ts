// Living pages in real Chromium with the built extension: a single-page site that swaps articles with
// history.pushState, a page that appends paragraphs as you scroll (and a saved quote that only comes back
// once its paragraph has arrived), and the badge against the command-line extractor.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, ROOT, badgeOf, highlightTexts, highlightsOf, launchWithExtension, startServer, tabIdOf, type ExtensionBrowser, type StaticServer } from '../../scripts/lib/extension-browser';

let server: StaticServer;
let ext: ExtensionBrowser;

interface State { pageKey: string; isArticle: boolean; quotes: { exact: string; kind: string; start: number; end: number; prefix: string; suffix: string }[]; anchors: { id: string; status: string }[]; textHash: string; title: string; url: string }
async function stateOf(page: Page): Promise<State> {
  const tabId = await tabIdOf(ext, page);
  return ext.worker.evaluate((id) => chrome.tabs.sendMessage(id, { type: 'popup/get-page' }), tabId);
}
const savedTexts = async (page: Page) => {
  const out: string[] = [];
  for (const g of ['saved', 'positive', 'negative', 'neutral', 'mixed']) out.push(...(await highlightTexts(page, g)));
  return out;
};

beforeAll(async () => {
  server = await startServer();
  ext = await launchWithExtension();
});
afterAll(async () => {
  await ext?.close();
  await server?.close();
});

describe('single-page navigation', () => {
  it('clears the old article\'s highlights and reads the new one under its own page key', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${server.origin}/fixtures/issue4/spa.html`);
    await highlightsOf(page);
    expect((await highlightTexts(page, 'detected')).join(' ')).toContain('We will rebuild the bridge');
    const before = await stateOf(page);
    expect(before.pageKey).toBe(`${server.origin}/fixtures/issue4/spa.html`);

    await page.click('#next');
    await page.waitForURL('**/spa-second');
    await expect.poll(async () => (await highlightTexts(page, 'detected')).join(' '), { timeout: 10_000 }).toContain('Reading should never have to wait');
    expect((await highlightTexts(page, 'detected')).join(' ')).not.toContain('We will rebuild the bridge');
    const after = await stateOf(page);
    // The site left the first article's canonical link in place: the new address is the key.
    expect(after.pageKey).toBe(`${server.origin}/fixtures/issue4/spa-second`);
    expect(after.quotes.map((q) => q.exact).join(' ')).not.toContain('We will rebuild');
    await expect.poll(() => badgeOf(ext, page)).toBe(String(after.quotes.filter((q) => q.kind !== 'indirect').length));
    await page.close();
  });
});

describe('a page that appends paragraphs as you scroll', () => {
  const scrollOnce = (page: Page) => page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));

  it('scans each new paragraph when it arrives and updates the badge', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${server.origin}/fixtures/issue4/scroll.html`);
    await highlightsOf(page);
    const first = (await stateOf(page)).quotes.length;
    expect((await highlightTexts(page, 'detected')).join(' ')).toContain('The water is still rising');
    for (let i = 0; i < 3; i++) {
      await scrollOnce(page);
      await page.waitForTimeout(150);
      await page.evaluate(() => window.scrollTo(0, 0));
    }
    await expect.poll(async () => (await highlightTexts(page, 'detected')).join(' '), { timeout: 10_000 }).toContain('The bridge piers held');
    const detected = (await highlightTexts(page, 'detected')).join(' ');
    expect(detected).toContain('We have opened the school gym');
    const state = await stateOf(page);
    expect(state.quotes.length).toBeGreaterThan(first);
    // Offsets of the appended quotes point at their words in the page text.
    for (const q of state.quotes) expect(q.exact.length).toBe(q.end - q.start);
    await expect.poll(() => badgeOf(ext, page)).toBe(String(state.quotes.filter((q) => q.kind !== 'indirect').length));
    await page.close();
  });

  it('a saved quote from a paragraph that arrives late is an orphan until the paragraph comes, then is anchored', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${server.origin}/fixtures/issue4/scroll.html`);
    await highlightsOf(page);
    for (let i = 0; i < 3; i++) {
      await scrollOnce(page);
      await page.waitForTimeout(150);
      await page.evaluate(() => window.scrollTo(0, 0));
    }
    await expect.poll(async () => (await stateOf(page)).quotes.some((q) => q.exact.includes('The bridge piers held')), { timeout: 10_000 }).toBe(true);
    // Save the late quote through the popup.
    const tabId = await tabIdOf(ext, page);
    const popup = await ext.context.newPage();
    await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?tab=${tabId}`);
    const row = popup.locator('[data-testid="quote"]').filter({ hasText: 'The bridge piers held' }).first();
    await row.locator('[data-testid="edit"]').click();
    await row.locator('[data-testid="save"]').click();
    await expect.poll(() => row.getAttribute('data-saved')).toBe('true');
    await popup.close();

    await page.reload();
    await highlightsOf(page);
    await expect.poll(async () => (await stateOf(page)).anchors.map((a) => a.status).join()).toBe('orphan');
    for (let i = 0; i < 3; i++) {
      await scrollOnce(page);
      await page.waitForTimeout(150);
      await page.evaluate(() => window.scrollTo(0, 0));
    }
    await expect.poll(async () => (await stateOf(page)).anchors.map((a) => a.status).join(), { timeout: 10_000 }).not.toBe('orphan');
    expect((await savedTexts(page)).join(' ')).toContain('The bridge piers held');
    await page.close();
  });
});

describe('the badge counts what the command-line extractor finds', () => {
  it('on eight dev-corpus pages (short and long, three languages): badge = non-indirect quotes of `npm run -s extract`', async () => {
    const files = ['seed-roscosmos', 'seed-roscosmos-flat', 'cnn', 'nytimes-1', 'lemonde-1', 'folha', 'theverge', 'mozilla-hacks-fetch']
      .map((n) => join(CORPUS, 'dev', `${n}.html`));
    const out = execFileSync('npx', ['tsx', 'scripts/extract.ts', ...files], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
    const cli = new Map<string, { article: boolean; count: number }>();
    for (const line of out.trim().split('\n')) {
      const r = JSON.parse(line) as { file: string; article: boolean; quotes: { kind: string }[] };
      cli.set(r.file, { article: r.article, count: r.quotes.filter((q) => q.kind !== 'indirect').length });
    }
    const page = await ext.context.newPage();
    const mismatches: string[] = [];
    for (const file of files) {
      const name = file.split('/').pop()!;
      await page.goto(`${server.origin}/corpus/dev/${name}`, { waitUntil: 'load' });
      await page.waitForFunction(() => performance.getEntriesByName('quotelens:done').length > 0, null, { timeout: 30_000 });
      const expected = cli.get(file)!;
      const badge = await badgeOf(ext, page);
      const want = expected.article && expected.count > 0 ? String(expected.count) : '';
      if (badge !== want) mismatches.push(`${name}: badge "${badge}", extractor ${expected.count} (article: ${expected.article})`);
    }
    await page.close();
    expect(mismatches).toEqual([]);
  });
});
