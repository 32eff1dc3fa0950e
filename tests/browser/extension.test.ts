// The whole extension once, for real: built extension in Chromium, the launch article served on
// 127.0.0.1, tagging through the real popup page, the record in the browser's IndexedDB, highlights
// restored after a reload, and the three exports downloaded and parsed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../utils/export/csv';
import { CORPUS, badgeOf, highlightTexts, highlightsOf, launchWithExtension, openPopupFor, startServer, type ExtensionBrowser, type StaticServer } from '../../scripts/lib/extension-browser';

const norm = (s: string) => s.replace(/[\s\u00a0]+/g, ' ').replace(/[“”"‘’']/g, '').trim().toLowerCase();
const gold = JSON.parse(readFileSync(join(CORPUS, 'dev/seed-roscosmos.gold.json'), 'utf8')) as { quotes: { text: string; speaker: string }[] };

let server: StaticServer;
let ext: ExtensionBrowser;
let article: Page;
const seedUrl = () => `${server.origin}/corpus/dev/seed-roscosmos.html`;

async function readAllFromIndexedDb(): Promise<Record<string, unknown>[]> {
  // Straight from the browser's IndexedDB with the raw API: no Dexie, no code of ours.
  return ext.worker.evaluate(() => new Promise<Record<string, unknown>[]>((resolve, reject) => {
    const open = indexedDB.open('quotelens');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction('annotations', 'readonly');
      const req = tx.objectStore('annotations').getAll();
      req.onsuccess = () => { resolve(req.result); open.result.close(); };
      req.onerror = () => reject(req.error);
    };
  }));
}

async function download(popup: Page, format: string, scope: 'page' | 'all'): Promise<{ name: string; text: string }> {
  await popup.selectOption('[data-testid="export-format"]', format);
  const [file] = await Promise.all([popup.waitForEvent('download'), popup.click(`[data-testid="export-${scope}"]`)]);
  const path = await file.path();
  return { name: file.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

beforeAll(async () => {
  server = await startServer();
  ext = await launchWithExtension();
  article = await ext.context.newPage();
  await article.goto(seedUrl());
});
afterAll(async () => {
  await ext?.close();
  await server?.close();
});

describe('QuoteLens in Chromium on the launch article', () => {
  it('highlights every gold quotation without touching the DOM, and counts them on the badge', async () => {
    const sizes = await highlightsOf(article);
    expect(sizes.detected).toBeGreaterThanOrEqual(gold.quotes.length);
    const painted = (await highlightTexts(article, 'detected')).map(norm);
    for (const q of gold.quotes) {
      expect(painted.some((p) => p.includes(norm(q.text)) || norm(q.text).includes(p) && p.length > norm(q.text).length * 0.6), q.text).toBe(true);
    }
    const badge = Number((await badgeOf(ext, article)).replace('+', ''));
    expect(badge).toBe(sizes.detected);
    // The CSS Custom Highlight API paints without adding elements: no marks or wrappers in the page.
    const raw = await (await fetch(seedUrl())).text();
    const unchanged = await article.evaluate((html) => new DOMParser().parseFromString(html, 'text/html').body.innerHTML === document.body.innerHTML, raw);
    expect(unchanged).toBe(true);
  });

  it('lists the quotes in page order with speakers, tags one through the real popup, and stores it in IndexedDB', async () => {
    const popup = await openPopupFor(ext, article);
    // The popup's count of quotations is the badge's; reported speech is counted apart.
    const badge = await badgeOf(ext, article);
    expect(await popup.locator('[data-testid="summary"]').textContent()).toMatch(new RegExp(`^${badge} quotations( and \\d+ reported statements?)? found, 0 saved`));
    const items = popup.locator('[data-testid="quote"]');
    expect(await items.count()).toBeGreaterThanOrEqual(gold.quotes.length);
    // Page order: each listed quote stands later in the article than the one before it.
    const body = norm(await article.evaluate(() => document.body.innerText));
    const listed = (await items.locator('.quote-words').allTextContents()).map((t) => norm(t).slice(0, 40));
    let at = -1;
    for (const t of listed) {
      const next = body.indexOf(t, at + 1);
      expect(next, t).toBeGreaterThan(at);
      at = next;
    }
    const first = items.filter({ hasText: 'We discussed strategic opportunities' }).first();
    expect(await first.locator('[data-testid="speaker"]').textContent()).toBe('Dmitry Bakanov');
    await first.locator('[data-testid="edit"]').click();
    // The engine's sentiment is pre-selected as a suggestion; it is only stored once the user saves.
    expect(await first.locator('legend').textContent()).toMatch(/suggested: (positive|negative|neutral|mixed)/);
    await first.locator('input[type="radio"][value="positive"]').check();
    await first.locator('[data-testid="speaker-input"]').fill('Dmitry Bakanov');
    await first.locator('[data-testid="tag-input"]').fill('cooperation, ISS');
    await first.locator('[data-testid="note-input"]').fill('Said after the <b>Houston</b> meeting, "first" one.');
    await first.locator('[data-testid="save"]').click();
    await expect.poll(() => first.getAttribute('data-saved')).toBe('true');

    const records = await readAllFromIndexedDb();
    expect(records).toHaveLength(1);
    const rec = records[0];
    expect(rec.speaker).toBe('Dmitry Bakanov');
    expect(rec.sentiment).toBe('positive');
    expect(rec.tags).toEqual(['cooperation', 'ISS']);
    expect(rec.note).toBe('Said after the <b>Houston</b> meeting, "first" one.');
    expect(String(rec.exact)).toContain('We discussed strategic opportunities');
    expect(String(rec.prefix).length).toBeGreaterThanOrEqual(32);
    expect(String(rec.suffix).length).toBeGreaterThanOrEqual(32);
    expect(rec.pageKey).toBe(seedUrl());
    expect(typeof rec.created).toBe('number');
    // The saved quote is now painted as saved (its sentiment's colour), not as merely detected.
    await expect.poll(async () => (await highlightTexts(article, 'positive')).join(' ')).toContain('We discussed strategic opportunities');
    await popup.close();
  });

  it('highlights the saved annotation again after a reload', async () => {
    await article.reload();
    await highlightsOf(article);
    await expect.poll(async () => (await highlightTexts(article, 'positive')).join(' ')).toContain('We discussed strategic opportunities');
    const detected = (await highlightTexts(article, 'detected')).join(' ');
    expect(detected).not.toContain('We discussed strategic opportunities');
  });

  it('clicking a quote in the popup scrolls the page to it and flashes it', async () => {
    const popup = await openPopupFor(ext, article);
    await article.evaluate(() => window.scrollTo(0, 0));
    await popup.locator('[data-testid="quote"]').filter({ hasText: 'slightly ambitious' }).last().locator('.quote-text').click();
    await expect.poll(() => article.evaluate(() => CSS.highlights.get('quotelens-flash')?.size ?? 0)).toBe(1);
    expect((await highlightTexts(article, 'flash'))[0].toLowerCase()).toContain('slightly ambitious');
    await popup.close();
  });

  it('exports the saved annotation as Web Annotation JSON-LD, CSV and Markdown', async () => {
    const popup = await openPopupFor(ext, article);
    const jsonld = await download(popup, 'jsonld', 'page');
    expect(jsonld.name).toMatch(/\.jsonld$/);
    const doc = JSON.parse(jsonld.text);
    expect(doc['@context']).toContain('http://www.w3.org/ns/anno.jsonld');
    expect(doc.type).toBe('AnnotationCollection');
    const items = doc.first?.items ?? doc.items;
    expect(items).toHaveLength(1);
    const selectors = items[0].target.selector;
    expect(selectors.find((s: { type: string }) => s.type === 'TextQuoteSelector').exact).toContain('We discussed strategic opportunities');
    expect(items[0].body.some((b: { purpose: string; value: string }) => b.purpose === 'identifying' && b.value === 'Dmitry Bakanov')).toBe(true);

    const csv = await download(popup, 'csv', 'all');
    expect(csv.name).toMatch(/\.csv$/);
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(csv.text.slice(1));
    const header = rows[0];
    const row = rows[1];
    expect(row[header.indexOf('speaker')]).toBe('Dmitry Bakanov');
    expect(row[header.indexOf('note')]).toBe('Said after the <b>Houston</b> meeting, "first" one.');

    const md = await download(popup, 'markdown', 'page');
    expect(md.name).toMatch(/\.md$/);
    expect(md.text).toMatch(/^> .*We discussed strategic opportunities/m);
    expect(md.text).toContain('Dmitry Bakanov');
    expect(md.text).not.toContain('<b>Houston</b>');
    await popup.close();
  });

  it('opens the library from the popup, with the saved annotation in it', async () => {
    const popup = await openPopupFor(ext, article);
    const [library] = await Promise.all([ext.context.waitForEvent('page'), popup.click('[data-testid="open-library"]')]);
    await library.waitForLoadState();
    expect(library.url()).toBe(`chrome-extension://${ext.extensionId}/library.html`);
    await expect.poll(() => library.locator('body').innerText(), { timeout: 10_000 }).toContain('We discussed strategic opportunities');
  });
});
