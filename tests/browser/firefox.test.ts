// The content-script part of the browser tests in Firefox ESR (puppeteer-core, WebDriver BiDi): the built
// Firefox extension highlights the launch article's quotations, and the Firefox build passes web-ext lint.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, ROOT, startServer, type StaticServer } from '../../scripts/lib/extension-browser';
import { FIREFOX_EXTENSION, launchFirefoxWithExtension, type FirefoxWithExtension } from '../../scripts/lib/firefox';

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
    expect(errors).toEqual([]);
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
