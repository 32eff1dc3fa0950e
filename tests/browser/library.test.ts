// The library page in real Chromium with the built extension and the browser's real IndexedDB: search,
// filters, grouped views, speaker merge, edit/delete/undo, bulk actions, keyboard-only use, the
// export -> clear -> import round trip through the page's own controls, and v2 -> v4 and v3 -> v4 migrations.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LibraryHook } from '../../components/library/hook';
import type { Annotation } from '../../utils/annotation';
import { toStored } from '../../utils/db';
import { launchWithExtension, type ExtensionBrowser } from '../../scripts/lib/extension-browser';

declare const quoteLensLibrary: LibraryHook;

let ext: ExtensionBrowser;
let lib: Page;
const libraryUrl = () => `chrome-extension://${ext.extensionId}/library.html`;

const day = (s: string) => new Date(`${s}T12:00:00`).getTime();
function rec(id: number, over: Partial<Annotation>): Annotation {
  const pageKey = over.pageKey ?? 'https://roscosmos.example/news/1';
  return {
    id: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
    pageKey,
    url: pageKey,
    title: 'Roscosmos head visits Houston',
    site: new URL(pageKey).hostname,
    exact: 'quote',
    prefix: 'p'.repeat(32),
    suffix: 's'.repeat(32),
    start: id * 100,
    end: id * 100 + 20,
    textHash: 'h',
    speaker: null,
    speakerKey: '',
    role: null,
    sentiment: null,
    tags: [],
    note: '',
    kind: 'direct',
    cue: 'said',
    created: 0,
    updated: 0,
    ...over,
  };
}
const SET: Annotation[] = [
  rec(1, { exact: 'We discussed strategic opportunities for cooperation', speaker: 'Dmitry Bakanov', sentiment: 'positive', tags: ['cooperation', 'ISS'], note: '<img src=x onerror="window.pwned=1"> <b>bold</b>', created: day('2025-03-10'), updated: day('2025-03-10') }),
  rec(2, { exact: 'The budget for the station is slightly ambitious', speaker: 'Bakanov', sentiment: 'negative', tags: ['budget'], created: day('2025-03-12'), updated: day('2025-03-12') }),
  rec(3, { exact: 'That deal will not survive the budget review', speaker: 'dmitry BAKÁNOV', sentiment: 'negative', tags: ['budget', 'deal'], pageKey: 'https://news.example.org/deal', title: 'The deal', created: day('2025-02-01'), updated: day('2025-02-01') }),
  rec(4, { exact: 'Housing must come first in this city', speaker: 'Anna Müller', sentiment: 'neutral', tags: ['housing'], pageKey: 'https://news.example.org/housing', title: 'Housing plan', created: day('2025-01-05'), updated: day('2025-01-05') }),
  rec(5, { exact: 'Nobody knows what happens next', sentiment: 'mixed', created: day('2024-12-30'), updated: day('2024-12-30') }),
];
for (const a of SET) a.speakerKey = toStored(a).speakerKey;

/** Every record straight from IndexedDB with the raw API (no Dexie, no code of ours). */
function rawRecords(page: Page): Promise<Record<string, unknown>[]> {
  return page.evaluate(() => new Promise<Record<string, unknown>[]>((resolve, reject) => {
    const open = indexedDB.open('quotelens');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const req = open.result.transaction('annotations', 'readonly').objectStore('annotations').getAll();
      req.onsuccess = () => { resolve(req.result); open.result.close(); };
      req.onerror = () => reject(req.error);
    };
  }));
}

async function openLibrary(): Promise<void> {
  await lib.goto(libraryUrl());
  await lib.waitForSelector('[data-testid="count"][data-query-ms]');
}

async function reset(list: Annotation[] = SET): Promise<void> {
  await lib.goto(libraryUrl());
  await lib.waitForFunction(() => 'quoteLensLibrary' in window);
  await lib.evaluate(async (l) => { await quoteLensLibrary.clear(); await quoteLensLibrary.add(l); }, list);
  await openLibrary();
}

const count = () => lib.textContent('[data-testid="count"]');
const rowTexts = () => lib.locator('[data-testid="row"] [data-testid="quote-text"]').allTextContents();
const waitCount = (text: string) => expect.poll(count, { timeout: 10_000 }).toBe(text);

beforeAll(async () => {
  ext = await launchWithExtension();
  lib = await ext.context.newPage();
});
afterAll(async () => {
  await ext?.close();
});
beforeEach(async () => {
  await reset();
});

describe('the library page', () => {
  it('is the options page too, and lists everything newest first, page text as text only', async () => {
    const manifest = await ext.worker.evaluate(() => chrome.runtime.getManifest());
    expect(manifest.options_ui?.page).toBe('options.html');
    expect(await count()).toBe('5 annotations');
    // Newest first: the 12 March quote, then 10 March, ...
    await expect.poll(rowTexts).toEqual([1, 0, 2, 3, 4].map((i) => SET[i].exact));
    const first = lib.locator('[data-testid="row"]', { hasText: 'strategic' });
    const note = first.locator('[data-testid="note"]');
    expect(await note.textContent()).toBe(SET[0].note);
    expect(await lib.locator('.library img, .library b').count()).toBe(0);
    expect(await lib.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
    const href = await first.locator('[data-testid="open"]').getAttribute('href');
    expect(href).toBe('https://roscosmos.example/news/1#:~:text=We%20discussed%20strategic%20opportunities%20for%20cooperation');
    expect(await first.locator('[data-testid="open"]').getAttribute('target')).toBe('_blank');
    const options = await ext.context.newPage();
    await options.goto(`chrome-extension://${ext.extensionId}/options.html`);
    await options.waitForSelector('[data-testid="row"]');
    expect(await options.locator('[data-testid="row"]').count()).toBe(5);
    await options.close();
  });

  it('searches quote, speaker, note and tags, folded', async () => {
    await lib.fill('[data-testid="search"]', 'STRATEG');
    await waitCount('1 annotation match');
    await expect.poll(rowTexts).toEqual([SET[0].exact]);
    await lib.fill('[data-testid="search"]', 'budget bakanov');
    await waitCount('2 annotations match');
    await lib.fill('[data-testid="search"]', 'onerror');
    await waitCount('1 annotation match');
    await lib.fill('[data-testid="search"]', 'müller');
    await waitCount('1 annotation match');
    await lib.fill('[data-testid="search"]', 'nothing-like-this');
    await waitCount('0 annotations match');
    expect(await lib.textContent('[data-testid="empty"]')).toContain('No annotation matches');
  });

  it('filters by speaker (however typed), sentiment, tag, site and date range, combined', async () => {
    await lib.fill('[data-testid="filter-speaker"]', 'DMITRY bakanov');
    await waitCount('2 annotations match');
    await lib.selectOption('[data-testid="filter-sentiment"]', 'negative');
    await waitCount('1 annotation match');
    await expect.poll(rowTexts).toEqual([SET[2].exact]);
    await lib.click('text=Clear filters');
    await waitCount('5 annotations');
    await lib.fill('[data-testid="filter-tag"]', 'budget');
    await waitCount('2 annotations match');
    await lib.selectOption('[data-testid="filter-site"]', 'news.example.org');
    await waitCount('1 annotation match');
    await lib.click('text=Clear filters');
    await lib.fill('[data-testid="filter-from"]', '2025-02-01');
    await lib.fill('[data-testid="filter-to"]', '2025-03-10');
    await waitCount('2 annotations match');
    await expect.poll(rowTexts).toEqual([SET[0].exact, SET[2].exact]);
  });

  it('groups by speaker (one person however spelled, with a tally), by article and by tag', async () => {
    await lib.click('[data-testid="view-speakers"]');
    await expect.poll(() => lib.locator('[data-testid="group"]').count()).toBe(4);
    const dmitry = lib.locator('[data-testid="group"][data-key="dmitry bakanov"]');
    await expect.poll(() => dmitry.locator('[data-testid="group-n"]').textContent()).toBe('2 quotes');
    await dmitry.locator('button').click();
    await lib.waitForSelector('[data-testid="tally"]');
    expect(await lib.textContent('#scope-h')).toContain('Speaker:');
    expect(await lib.textContent('[data-testid="tally"] [data-sentiment="positive"]')).toBe('positive: 1');
    expect(await lib.textContent('[data-testid="tally"] [data-sentiment="negative"]')).toBe('negative: 1');
    await waitCount('2 annotations match');

    await lib.click('[data-testid="view-articles"]');
    await expect.poll(() => lib.locator('[data-testid="group"]').count()).toBe(3);
    const deal = lib.locator('[data-testid="group"][data-key="https://news.example.org/deal"]');
    await expect.poll(() => deal.textContent()).toContain('The deal');
    await deal.locator('button').click();
    await waitCount('1 annotation match');
    await expect.poll(rowTexts).toEqual([SET[2].exact]);

    await lib.click('[data-testid="view-tags"]');
    const budget = lib.locator('[data-testid="group"][data-key="budget"]');
    await expect.poll(() => budget.locator('[data-testid="group-n"]').textContent()).toBe('2 quotes');
    await budget.locator('button').click();
    await waitCount('2 annotations match');
  });

  it('merges "Bakanov" into "Dmitry Bakanov", updating every annotation, with undo', async () => {
    await lib.locator('[data-testid="row"]', { hasText: 'slightly ambitious' }).locator('[data-testid="speaker"]').click();
    await waitCount('1 annotation match');
    await lib.fill('[data-testid="merge-into"]', 'Dmitry Bakanov');
    await lib.click('[data-testid="merge"]');
    await expect.poll(() => lib.textContent('[data-testid="status"]')).toContain('Merged 1 quote of “Bakanov” into “Dmitry Bakanov”');
    await waitCount('3 annotations match');
    expect(await lib.textContent('[data-testid="tally"] [data-sentiment="negative"]')).toBe('negative: 2');
    const raw = await rawRecords(lib);
    expect(raw.filter((r) => r.speakerKey === 'dmitry bakanov')).toHaveLength(3);
    expect(raw.find((r) => String(r.exact).includes('slightly ambitious'))!.speaker).toBe('Dmitry Bakanov');
    await lib.click('[data-testid="undo"]');
    await expect.poll(async () => (await rawRecords(lib)).find((r) => String(r.exact).includes('slightly ambitious'))!.speaker).toBe('Bakanov');
  });

  it('edits and deletes with undo', async () => {
    const row = lib.locator('[data-testid="row"]', { hasText: 'Housing must come first' });
    await row.locator('[data-testid="edit"]').click();
    await lib.fill('[data-testid="edit-note"]', 'Check the council minutes');
    await lib.fill('[data-testid="edit-tags"]', 'housing, city');
    await lib.click('[data-testid="edit-save"]');
    await expect.poll(() => row.locator('[data-testid="note"]').textContent()).toBe('Check the council minutes');
    expect(await row.locator('[data-testid="tag"]').allTextContents()).toEqual(['housing', 'city']);
    await row.locator('[data-testid="delete"]').click();
    await waitCount('4 annotations');
    expect((await rawRecords(lib)).some((r) => r.id === SET[3].id)).toBe(false);
    await lib.click('[data-testid="undo"]');
    await waitCount('5 annotations');
    const back = (await rawRecords(lib)).find((r) => r.id === SET[3].id)!;
    expect(back.note).toBe('Check the council minutes');
  });

  it('acts on a selection: tag, delete (with undo) and export', async () => {
    const rows = lib.locator('[data-testid="row"]');
    await rows.nth(0).locator('[data-testid="select"]').check();
    await rows.nth(2).locator('[data-testid="select"]').check();
    expect(await lib.textContent('[data-testid="selected-count"]')).toBe('2 selected');
    await lib.fill('[data-testid="bulk-tag-input"]', 'checked');
    await lib.click('[data-testid="bulk-tag"]');
    await expect.poll(() => lib.textContent('[data-testid="status"]')).toContain('Tagged 2 annotations');
    const tagged = (await rawRecords(lib)).filter((r) => (r.tags as string[]).includes('checked')).map((r) => r.id).sort();
    expect(tagged).toEqual([SET[1].id, SET[2].id]);

    await lib.selectOption('[data-testid="export-format"]', 'csv');
    const [download] = await Promise.all([lib.waitForEvent('download'), lib.click('[data-testid="export-selected"]')]);
    expect(download.suggestedFilename()).toMatch(/^quotelens-selection-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(3);

    // Markdown of everything: one section per article.
    await lib.selectOption('[data-testid="export-format"]', 'markdown');
    const [md] = await Promise.all([lib.waitForEvent('download'), lib.click('[data-testid="export-all"]')]);
    const headings = readFileSync((await md.path())!, 'utf8').split('\n').filter((l) => l.startsWith('## '));
    expect(headings).toHaveLength(3);
    expect(new Set(headings).size).toBe(3);

    await lib.click('[data-testid="delete-selected"]');
    await waitCount('3 annotations');
    await lib.click('[data-testid="undo"]');
    await waitCount('5 annotations');
    await lib.click('[data-testid="select-all"]');
    await expect.poll(() => lib.textContent('[data-testid="selected-count"]')).toBe('5 selected');
  });

  it('is usable by keyboard alone: roving focus through the list, select, edit, delete, undo', async () => {
    // Tab from the top of the page until the list's one tab stop (its active row) has focus.
    await lib.focus('[data-testid="search"]');
    for (let i = 0; i < 40; i++) {
      await lib.keyboard.press('Tab');
      if (await lib.evaluate(() => document.activeElement?.classList.contains('vrow'))) break;
    }
    expect(await lib.evaluate(() => document.activeElement?.getAttribute('aria-posinset'))).toBe('1');
    expect(await lib.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).not.toBe('none');
    await lib.keyboard.press('ArrowDown');
    await lib.keyboard.press('ArrowDown');
    expect(await lib.evaluate(() => document.activeElement?.getAttribute('aria-posinset'))).toBe('3');
    expect(await lib.evaluate(() => document.querySelectorAll('.vrow[tabindex="0"]').length)).toBe(1);
    await lib.keyboard.press(' ');
    expect(await lib.textContent('[data-testid="selected-count"]')).toBe('1 selected');
    await lib.keyboard.press('Enter');
    await lib.waitForSelector('[data-testid="edit-dialog"][open]');
    expect(await lib.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('edit-speaker');
    await lib.keyboard.press('Escape');
    await expect.poll(() => lib.locator('[data-testid="edit-dialog"]').count()).toBe(0);
    // Focus goes back to the row the dialog was opened from (before the next key: one sent in the same
    // instant as the dialog's removal could reach the page ahead of that focus).
    await expect.poll(() => lib.evaluate(() => document.activeElement?.getAttribute('aria-posinset'))).toBe('3');
    await lib.keyboard.press('End');
    expect(await lib.evaluate(() => document.activeElement?.getAttribute('aria-posinset'))).toBe('5');
    await lib.keyboard.press('Home');
    await lib.keyboard.press('Enter');
    await lib.waitForSelector('[data-testid="edit-dialog"][open]');
    for (let i = 0; i < 10 && (await lib.evaluate(() => document.activeElement?.getAttribute('data-testid'))) !== 'edit-tags'; i++) await lib.keyboard.press('Tab');
    await lib.keyboard.press('End');
    await lib.keyboard.type(', keyboard');
    await lib.keyboard.press('Enter');
    await expect.poll(async () => (await rawRecords(lib)).find((r) => r.id === SET[1].id)!.tags).toEqual(['budget', 'keyboard']);
    // The focused row's own controls follow it in tab order; Delete deletes the focused row.
    await lib.focus('.vrow[tabindex="0"]');
    await lib.keyboard.press('Delete');
    await waitCount('4 annotations');
    expect(await lib.textContent('[role="status"]')).toContain('Deleted 1 annotation');
    await lib.focus('[data-testid="undo"]');
    await lib.keyboard.press('Enter');
    await waitCount('5 annotations');
  });

  it('shows the first screen without loading the export and import code, and loads it when the reader exports', async () => {
    // Every script the page evaluates, from the debugger (extension pages report no resource timings).
    const cdp = await ext.context.newCDPSession(lib);
    const parsed: string[] = [];
    cdp.on('Debugger.scriptParsed', (e) => { if (e.url.includes('/chunks/')) parsed.push(new URL(e.url).pathname); });
    await cdp.send('Debugger.enable');
    parsed.length = 0;
    await openLibrary();
    await expect.poll(rowTexts).toEqual([1, 0, 2, 3, 4].map((i) => SET[i].exact));
    const atStart = [...new Set(parsed)];
    // Only the page's own module scripts (those library.html names), and none holds the import schema (zod).
    const html = readFileSync(join(ext.dir, 'library.html'), 'utf8');
    const named = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]);
    expect(atStart.sort()).toEqual([...named].sort());
    const holdsZod = (path: string) => readFileSync(join(ext.dir, path), 'utf8').includes('ZodType');
    expect(atStart.filter(holdsZod)).toEqual([]);
    expect(readdirSync(join(ext.dir, 'chunks')).some((f) => holdsZod(`/chunks/${f}`))).toBe(true);

    // Exporting loads the writers, and the file is complete.
    await lib.selectOption('[data-testid="export-format"]', 'csv');
    const [download] = await Promise.all([lib.waitForEvent('download'), lib.click('[data-testid="export-all"]')]);
    expect(readFileSync((await download.path())!, 'utf8').split('\r\n').filter(Boolean)).toHaveLength(6);
    expect(parsed.length).toBeGreaterThan(atStart.length);
    await cdp.detach();
  });

  it('round-trips a backup through the page: export JSON-LD, delete everything, import, identical data', async () => {
    await lib.evaluate(async () => { await quoteLensLibrary.clear(); await quoteLensLibrary.seed(500, 99); });
    await openLibrary();
    await waitCount('500 annotations');
    const byId = (xs: Record<string, unknown>[]) => [...xs].sort((a, b) => String(a.id).localeCompare(String(b.id)));
    const before = byId(await rawRecords(lib));
    expect(before).toHaveLength(500);

    await lib.selectOption('[data-testid="export-format"]', 'jsonld');
    const [download] = await Promise.all([lib.waitForEvent('download'), lib.click('[data-testid="export-all"]')]);
    const file = (await download.path())!;
    expect(JSON.parse(readFileSync(file, 'utf8')).total).toBe(500);

    await lib.click('[data-testid="clear-all"]');
    await lib.click('[data-testid="clear-confirm"]');
    await waitCount('0 annotations');
    expect(await rawRecords(lib)).toHaveLength(0);

    await lib.setInputFiles('[data-testid="import-file"]', file);
    await expect.poll(() => lib.textContent('[data-testid="status"]'), { timeout: 30_000 }).toContain('500 added');
    await waitCount('500 annotations');
    expect(byId(await rawRecords(lib))).toEqual(before);

    // The same file again adds nothing.
    await lib.setInputFiles('[data-testid="import-file"]', file);
    await expect.poll(() => lib.textContent('[data-testid="status"]'), { timeout: 30_000 }).toContain('0 added, 0 updated, 500 already here');
    expect(await rawRecords(lib)).toHaveLength(500);
  });

  it('imports nothing from a partly bad file and says which entry is wrong and why', async () => {
    const good = { id: 'urn:uuid:11111111-1111-4111-8111-111111111111', type: 'Annotation', created: '2025-01-01T00:00:00Z', target: { source: 'https://a.example/x', selector: [{ type: 'TextQuoteSelector', exact: 'fine' }] } };
    const bad = { ...good, id: 'urn:uuid:22222222-2222-4222-8222-222222222222', target: { source: 'https://a.example/x', selector: [{ type: 'TextPositionSelector', start: 5, end: 2 }, { type: 'TextQuoteSelector', exact: '' }] } };
    const text = JSON.stringify({ '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationCollection', total: 2, first: { type: 'AnnotationPage', startIndex: 0, items: [good, bad] } });
    await lib.setInputFiles('[data-testid="import-file"]', { name: 'broken.jsonld', mimeType: 'application/ld+json', buffer: Buffer.from(text) });
    await expect.poll(() => lib.textContent('[role="alert"]')).toContain('Nothing was imported');
    const alert = await lib.textContent('[role="alert"]');
    expect(alert).toContain('broken.jsonld');
    expect(alert).toContain('entry 2');
    expect(alert).toMatch(/must not be before "start"|non-empty/);
    expect(await rawRecords(lib)).toHaveLength(5);
  });

  it('upgrades a version 2 database left by an older release, losing nothing', async () => {
    await lib.goto('about:blank');
    // The v2 database with the raw API, in the extension's origin, exactly as Dexie v2 laid it out.
    const v2Records = SET.map((a) => {
      const { tagTimes: _t, ...v2 } = toStored(a);
      return v2;
    });
    await createRawDatabase(20, V2_INDEXES, v2Records);
    await openLibrary();
    await waitCount('5 annotations');
    const version = await lib.evaluate(() => new Promise<number>((resolve) => {
      const open = indexedDB.open('quotelens');
      open.onsuccess = () => { resolve(open.result.version); open.result.close(); };
    }));
    expect(version).toBe(40);
    const raw = await rawRecords(lib);
    for (const before of v2Records) {
      const after = raw.find((r) => r.id === before.id)!;
      const { tagTimes, ...rest } = after as Record<string, unknown> & { tagTimes: string[] };
      expect(rest).toEqual(before);
      expect(tagTimes).toHaveLength(before.tags.length);
    }
    await lib.fill('[data-testid="filter-tag"]', 'budget');
    await waitCount('2 annotations match');
    await lib.fill('[data-testid="filter-speaker"]', 'Dmitry Bakanov');
    await waitCount('1 annotation match');
  });

  it('upgrades a version 3 database left by the previous release: every record kept, unread indexes dropped, views and filters work', async () => {
    await lib.goto('about:blank');
    const v3Records = SET.map((a) => toStored(a));
    await createRawDatabase(30, V3_INDEXES, v3Records);

    await openLibrary();
    await waitCount('5 annotations');
    const { version, indexes } = await lib.evaluate(() => new Promise<{ version: number; indexes: string[] }>((resolve) => {
      const open = indexedDB.open('quotelens');
      open.onsuccess = () => {
        const names = [...open.result.transaction('annotations').objectStore('annotations').indexNames];
        resolve({ version: open.result.version, indexes: names });
        open.result.close();
      };
    }));
    expect(version).toBe(40);
    expect(indexes.sort()).toEqual(['*tagTimes', '*words', '[pageKey+created]', '[pageKey+start]', '[sentiment+created]', '[site+created]', '[speakerKey+created]', '[speakerKey+sentiment]', 'created'].map((n) => n.replace('*', '')).sort());
    const byId = (xs: Record<string, unknown>[]) => [...xs].sort((a, b) => String(a.id).localeCompare(String(b.id)));
    expect(byId(await rawRecords(lib))).toEqual(byId(v3Records as unknown as Record<string, unknown>[]));
    await expect.poll(rowTexts).toEqual([1, 0, 2, 3, 4].map((i) => SET[i].exact));
    await lib.fill('[data-testid="filter-tag"]', 'budget');
    await waitCount('2 annotations match');
    await lib.fill('[data-testid="filter-tag"]', '');
    await lib.selectOption('[data-testid="filter-site"]', 'news.example.org');
    await waitCount('2 annotations match');
    await lib.click('[data-testid="view-speakers"]');
    await expect.poll(() => lib.locator('[data-testid="group"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-key')))).toEqual(['', 'anna muller', 'bakanov', 'dmitry bakanov']);
    await lib.click('[data-testid="view-tags"]');
    await expect.poll(() => lib.locator('[data-testid="group"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-key')))).toEqual(['ISS', 'budget', 'cooperation', 'deal', 'housing']);
  });
});

const V2_INDEXES: [string, string | string[], boolean][] = [
  ['pageKey', 'pageKey', false], ['speakerKey', 'speakerKey', false], ['sentiment', 'sentiment', false], ['tags', 'tags', true],
  ['site', 'site', false], ['created', 'created', false], ['updated', 'updated', false], ['[pageKey+start]', ['pageKey', 'start'], false],
  ['words', 'words', true],
];
const V3_INDEXES: [string, string | string[], boolean][] = [
  ...V2_INDEXES,
  ['[speakerKey+created]', ['speakerKey', 'created'], false], ['[sentiment+created]', ['sentiment', 'created'], false],
  ['[site+created]', ['site', 'created'], false], ['[pageKey+created]', ['pageKey', 'created'], false],
  ['[speakerKey+sentiment]', ['speakerKey', 'sentiment'], false], ['tagTimes', 'tagTimes', true],
];

/** A QuoteLens database at an older version made with the raw API (as Dexie laid it out: version x 10), with these records. */
async function createRawDatabase(version: number, indexes: [string, string | string[], boolean][], records: unknown[]): Promise<void> {
  await ext.worker.evaluate(({ version, indexes, records }) => new Promise<void>((resolve, reject) => {
    const del = indexedDB.deleteDatabase('quotelens');
    del.onerror = () => reject(del.error);
    del.onsuccess = () => {
      const open = indexedDB.open('quotelens', version);
      open.onupgradeneeded = () => {
        const store = open.result.createObjectStore('annotations', { keyPath: 'id' });
        for (const [name, keyPath, multiEntry] of indexes) store.createIndex(name, keyPath, { multiEntry });
      };
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const tx = open.result.transaction('annotations', 'readwrite');
        for (const r of records) tx.objectStore('annotations').put(r);
        tx.oncomplete = () => { open.result.close(); resolve(); };
        tx.onerror = () => reject(tx.error);
      };
    };
  }), { version, indexes, records });
}
