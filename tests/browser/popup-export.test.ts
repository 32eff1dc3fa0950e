// The popup's "Everything" export in real Chromium with real IndexedDB: it reads the library in pages (a
// limit, continued by key) and writes the file page by page, so a library bigger than one read comes out
// whole, each annotation once, in every format; an empty library says so and saves nothing.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibraryHook } from '../../components/library/hook';
import { openPopupFor, type ExtensionBrowser, type StaticServer } from '../../scripts/lib/extension-browser';
import { parseCsv } from '../../utils/export/csv';
import { closeAll, openServerAndExtension, visit } from './trust-lib';

declare const quoteLensLibrary: LibraryHook;

let server: StaticServer;
let ext: ExtensionBrowser;
let article: Page;
let lib: Page;

beforeAll(async () => {
  ({ server, ext } = await openServerAndExtension());
  article = await ext.context.newPage();
  await visit(article, `${server.origin}/corpus/dev/seed-roscosmos.html`);
  lib = await ext.context.newPage();
  await lib.goto(`chrome-extension://${ext.extensionId}/library.html`);
  await lib.waitForFunction(() => 'quoteLensLibrary' in window);
});
afterAll(() => closeAll(ext, server));

/** The ids in IndexedDB, read with the raw API. */
const storedIds = () =>
  lib.evaluate(() => new Promise<string[]>((resolve, reject) => {
    const open = indexedDB.open('quotelens');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const req = open.result.transaction('annotations', 'readonly').objectStore('annotations').getAllKeys();
      req.onsuccess = () => { resolve(req.result as string[]); open.result.close(); };
      req.onerror = () => reject(req.error);
    };
  }));

async function exportFromPopup(format: 'jsonld' | 'csv' | 'markdown'): Promise<{ name: string; text: string; status: string | null }> {
  const popup = await openPopupFor(ext, article);
  try {
    await popup.selectOption('[data-testid="export-format"]', format);
    const [download] = await Promise.all([popup.waitForEvent('download', { timeout: 60_000 }), popup.click('[data-testid="export-all"]')]);
    const text = readFileSync((await download.path())!, 'utf8');
    await expect.poll(() => popup.textContent('[data-testid="status"]')).toContain('Exported');
    return { name: download.suggestedFilename(), text, status: await popup.textContent('[data-testid="status"]') };
  } finally {
    await popup.close();
  }
}

describe('the popup exports everything', () => {
  it('in pages: 2,345 annotations (several reads) come out whole, each once, in JSON-LD, CSV and Markdown', async () => {
    await lib.evaluate(async () => { await quoteLensLibrary.clear(); await quoteLensLibrary.seed(2345, 3); });
    const ids = (await storedIds()).sort();
    expect(ids).toHaveLength(2345);

    const jsonld = await exportFromPopup('jsonld');
    expect(jsonld.name).toMatch(/^quotelens-all-\d{4}-\d{2}-\d{2}\.jsonld$/);
    expect(jsonld.status).toContain('Exported 2345 annotations');
    const collection = JSON.parse(jsonld.text);
    expect(collection.total).toBe(2345);
    const exported = collection.first.items.map((item: { id: string }) => item.id.replace(/^urn:uuid:/, '')).sort();
    expect(exported).toEqual(ids);

    const csv = await exportFromPopup('csv');
    const rows = parseCsv(csv.text);
    expect(rows[0][rows[0].length - 1]).toBe('id');
    expect(rows.slice(1).map((r) => r[r.length - 1]).sort()).toEqual(ids);

    const md = await exportFromPopup('markdown');
    expect(md.text.split('\n').filter((l) => l.startsWith('> ')).length).toBeGreaterThanOrEqual(2345);
    expect(md.status).toContain('Exported 2345 annotations');
  });

  it('says so when nothing is saved, and saves no file', async () => {
    await lib.evaluate(() => quoteLensLibrary.clear());
    const popup = await openPopupFor(ext, article);
    let downloaded = false;
    popup.on('download', () => (downloaded = true));
    await popup.click('[data-testid="export-all"]');
    await expect.poll(() => popup.textContent('[data-testid="status"]')).toBe('Nothing saved yet.');
    await popup.waitForTimeout(300);
    expect(downloaded).toBe(false);
    await popup.close();
  });
});
