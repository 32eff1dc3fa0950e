// The browser tests in Firefox ESR (puppeteer-core, WebDriver BiDi): the built Firefox extension highlights
// the launch article's quotations; a quote tagged in the in-page card is stored in Firefox's real IndexedDB
// and found by the library page (moz-extension://), which also imports a JSON-LD file; and the Firefox build
// passes web-ext lint.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Annotation } from '../../utils/annotation';
import { serializeWebAnnotation } from '../../utils/export/web-annotation';
import { CORPUS, ROOT, startServer, type StaticServer } from '../../scripts/lib/extension-browser';
import { FIREFOX_EXTENSION, launchFirefoxWithExtension, openExtensionPage, type FirefoxWithExtension } from '../../scripts/lib/firefox';

const gold = JSON.parse(readFileSync(join(CORPUS, 'dev/seed-roscosmos.gold.json'), 'utf8')) as { quotes: { text: string }[] };
let server: StaticServer;
let ff: FirefoxWithExtension;

beforeAll(async () => {
  // `npm run build` makes the Chrome build only: the Firefox build is made here, fresh.
  execFileSync('npx', ['wxt', 'build', '-b', 'firefox'], { cwd: ROOT, stdio: 'pipe' });
  server = await startServer();
  ff = await launchFirefoxWithExtension();
}, 180_000);
afterAll(async () => {
  await ff?.close();
  await server?.close();
});

describe('QuoteLens in Firefox ESR', () => {
  it('highlights the launch article (CSS Custom Highlight API, or the fallback marks without it)', async () => {
    const major = Number(/(\d+)\./.exec(ff.version)?.[1] ?? 0);
    const page = await ff.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.origin}/corpus/dev/seed-roscosmos.html`, { waitUntil: 'load' });
    const hasApi = await page.evaluate(() => typeof CSS !== 'undefined' && 'highlights' in CSS);
    let count = 0;
    if (hasApi) {
      await page.waitForFunction(() => ((CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.get('quotelens-detected')?.size ?? 0) >= 12, { timeout: 30_000 });
      count = await page.evaluate(() => (CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.get('quotelens-detected')!.size);
    } else {
      // Without the Highlight API the content script falls back to marking elements.
      await page.waitForFunction(() => document.querySelectorAll('quotelens-mark').length >= 12, { timeout: 30_000 });
      count = await page.evaluate(() => new Set([...document.querySelectorAll('quotelens-mark[data-id]')].map((m) => m.getAttribute('data-id'))).size);
    }
    console.log(`Firefox ${ff.version} (major ${major}): Highlight API ${hasApi ? 'present' : 'absent (fallback marks)'}, ${count} quotations highlighted on the launch article (gold: ${gold.quotes.length})`);
    if (major >= 140) expect(hasApi).toBe(true);
    expect(count).toBeGreaterThanOrEqual(12);
    // The background registered the site-on script (scripting API, Firefox 102+ in MV2) and it ran here.
    await page.waitForFunction(() => performance.getEntriesByName('quotelens:settings').length > 0, { timeout: 15_000 });
    expect(await page.evaluate(() => ((performance.getEntriesByName('quotelens:settings')[0] as PerformanceMark).detail as { siteOn: boolean }).siteOn)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('a quote tagged in the in-page card is stored in Firefox\'s IndexedDB and found by the library page; the library imports a file', async () => {
    const page = await ff.browser.newPage();
    await page.goto(`${server.origin}/corpus/dev/seed-roscosmos.html`, { waitUntil: 'load' });
    // A detected quote (Highlight API or fallback marks), clicked with the mouse: its card opens with focus.
    const target = await page.waitForFunction(() => {
      const ranges: Range[] = typeof CSS !== 'undefined' && 'highlights' in CSS
        ? [...((CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.get('quotelens-detected') ?? [])]
        : [...document.querySelectorAll('quotelens-mark[data-id]')].map((m) => { const r = document.createRange(); r.selectNodeContents(m); return r; });
      for (const r of ranges) {
        const words = r.toString();
        if (words.length < 40) continue;
        r.startContainer.parentElement!.scrollIntoView({ block: 'center' });
        const box = [...r.getClientRects()].find((b) => b.width > 40);
        if (box) return { words, x: box.left + 20, y: box.top + box.height / 2 };
      }
      return null;
    }, { timeout: 30_000 }).then((h) => h.jsonValue() as Promise<{ words: string; x: number; y: number }>);
    await page.mouse.click(target.x, target.y);
    await page.waitForFunction(() => document.querySelector('quotelens-card') !== null, { timeout: 10_000 });
    await page.keyboard.press('Tab'); // speaker → sentiment ("none")
    await page.keyboard.press('ArrowRight'); // → positive
    await page.keyboard.press('Tab');
    await page.keyboard.type('firefox-check');
    await page.keyboard.down('Control');
    await page.keyboard.press('Enter');
    await page.keyboard.up('Control');
    await page.waitForFunction(() => document.querySelector('quotelens-card') === null, { timeout: 10_000 });

    const lib = await openExtensionPage(ff, 'library.html');
    const count = () => lib.$eval('[data-testid="count"]', (e) => e.textContent ?? '');
    const rows = () => lib.$$eval('[data-testid="row"] [data-testid="quote-text"]', (xs) => xs.map((x) => x.textContent ?? ''));
    const until = (what: () => Promise<boolean>) => poll(what, 15_000);
    await until(async () => (await count()) === '1 annotation');
    // A word of the quote finds it; a search for nothing empties the list; its tag finds it, with its sentiment.
    const word = /\p{L}{6,}/u.exec(target.words)![0];
    const rowsNow = () => lib.$$eval('[data-testid="row"]', (xs) => xs.map((x) => x.textContent ?? ''));
    await search(lib, word);
    await until(async () => (await count()) === '1 annotation match' && (await rows()).some((t) => squash(t).includes(squash(target.words))));
    await search(lib, 'nothing-like-this');
    await until(async () => (await count()) === '0 annotations match' && (await rowsNow()).length === 0);
    await search(lib, 'firefox-check');
    await until(async () => { const r = await rowsNow(); return r.length === 1 && r[0].includes('positive') && squash(r[0]).includes(squash(target.words)); });

    // Import through the page's own file input (WebDriver BiDi input.setFiles), then search it.
    const imported = importFile();
    const input = await lib.$('[data-testid="import-file"]');
    await (input as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(imported.path);
    await until(async () => (await lib.$eval('[data-testid="status"]', (e) => e.textContent ?? '')).includes('1 added'));
    await search(lib, 'quokka');
    await until(async () => (await count()) === '1 annotation match' && (await rows()).some((t) => squash(t).includes(squash(imported.exact))));
    await search(lib, '');
    await until(async () => (await count()) === '2 annotations');
    await lib.close();
    await page.close();
  }, 120_000);

  it('the Firefox build passes web-ext lint with no errors', () => {
    let out: string;
    try {
      out = execFileSync('npx', ['web-ext', 'lint', '--source-dir', FIREFOX_EXTENSION, '--output', 'json', '--no-input'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      out = String((e as { stdout?: string }).stdout ?? '');
    }
    const report = JSON.parse(out.slice(out.indexOf('{'))) as { summary: { errors: number; warnings: number }; errors: unknown[]; warnings: { code: string; file?: string }[] };
    console.log(`web-ext lint: ${report.summary.errors} errors, ${report.summary.warnings} warnings (${report.warnings.map((w) => `${w.code} in ${w.file}`).join(', ')})`);
    expect(report.errors).toEqual([]);
    // No manifest warnings: the add-on id and the data-collection consent are declared.
    expect(report.warnings.filter((w) => w.file === 'manifest.json')).toEqual([]);
  }, 120_000);
});

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

async function poll(what: () => Promise<boolean>, timeout: number): Promise<void> {
  const until = Date.now() + timeout;
  for (;;) {
    if (await what().catch(() => false)) return;
    if (Date.now() > until) throw new Error(`not true within ${timeout} ms: ${what.toString()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Types into the library's search box (replacing what is there). */
async function search(lib: Page, words: string): Promise<void> {
  await lib.click('[data-testid="search"]', { count: 3 });
  await lib.keyboard.press('Backspace');
  if (words) await lib.type('[data-testid="search"]', words);
}

/** A QuoteLens JSON-LD export with one annotation, written by our exporter, on disk. */
function importFile(): { path: string; exact: string } {
  const exact = 'The quokka census will be finished before the spring';
  const now = Date.UTC(2025, 2, 1);
  const a: Annotation = {
    id: '7f3d2c1b-0a9e-4d8c-b7a6-5f4e3d2c1b0a', pageKey: 'https://wildlife.example/census', url: 'https://wildlife.example/census', title: 'Census',
    site: 'wildlife.example', exact, prefix: 'p'.repeat(32), suffix: 's'.repeat(32), start: 100, end: 100 + exact.length, textHash: 'h',
    speaker: 'Dana Park', speakerKey: 'dana park', role: null, sentiment: 'neutral', tags: ['wildlife'], note: '', kind: 'direct', cue: 'said', created: now, updated: now,
  };
  const path = join(mkdtempSync(join(tmpdir(), 'quotelens-import-')), 'census.jsonld');
  writeFileSync(path, serializeWebAnnotation([a]));
  return { path, exact };
}
