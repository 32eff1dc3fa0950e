// `npm start`: builds QuoteLens, opens Chromium with it on the bundled launch article, and shows it working.
// With no display (or CI) it runs headless: prints the quotes with their speakers, tags one through the
// real popup, and writes out/demo.png (the article), out/demo-popup.png and an export of the saved quote.
import { execSync } from 'node:child_process';
import { mkdirSync, copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PageState } from '../utils/messages';
import { ROOT, launchWithExtension, openPopupFor, startServer, tabIdOf, highlightsOf } from './lib/extension-browser';

const OUT = join(ROOT, 'out');
const headed = !!process.env.DISPLAY && !process.env.CI && !process.argv.includes('--headless');

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ')).join('\n');
}
const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + '…' : s);

async function main() {
  const t0 = Date.now();
  console.log('Building the extension (npm run build)…');
  try {
    execSync('npm run -s build', { cwd: ROOT, stdio: 'pipe' });
  } catch (err) {
    const e = err as { stdout?: Buffer; stderr?: Buffer };
    process.stderr.write(`${e.stdout ?? ''}${e.stderr ?? ''}`);
    throw new Error('the build failed (output above)');
  }
  const buildMs = Date.now() - t0;
  mkdirSync(OUT, { recursive: true });

  const server = await startServer();
  const ext = await launchWithExtension({ headed });
  const url = `${server.origin}/demo/seed-roscosmos.html`;
  const article = await ext.context.newPage();
  await article.goto(url);
  const sizes = await highlightsOf(article);

  const tabId = await tabIdOf(ext, article);
  const state = (await ext.worker.evaluate((id) => chrome.tabs.sendMessage(id, { type: 'popup/get-page' }), tabId)) as PageState;
  const quotes = state.quotes.filter((q) => q.kind !== 'indirect');
  console.log(`\n${state.title}\n${quotes.length} quotations highlighted (badge: ${quotes.length}), ${state.quotes.length - quotes.length} reported-speech passages found.\n`);
  console.log(table([['#', 'speaker', 'kind', 'quotation'], ...state.quotes.map((q, i) => [String(i + 1), q.speaker ?? '—', q.kind, clip(q.exact.replace(/\s+/g, ' '), 90)])]));

  // Tag a quote the way a reader would, through the real popup page.
  const popup = await openPopupFor(ext, article);
  await popup.setViewportSize({ width: 460, height: 640 });
  // The first direct quotation (reported speech is listed too, but a quote is the usual thing to tag).
  const first = popup.locator('[data-testid="quote"]').filter({ has: popup.locator('.kind', { hasText: /^quote$/ }) }).first();
  await first.locator('[data-testid="edit"]').click();
  await first.locator('input[type="radio"][value="positive"]').check();
  await first.locator('[data-testid="tag-input"]').fill('cooperation, ISS');
  await first.locator('[data-testid="note-input"]').fill('Tagged by the QuoteLens demo.');
  await first.locator('[data-testid="save"]').click();
  await first.locator('[data-testid="saved-badge"]').waitFor();
  await popup.selectOption('[data-testid="export-format"]', 'jsonld');
  const [download] = await Promise.all([popup.waitForEvent('download'), popup.click('[data-testid="export-page"]')]);
  const exportPath = join(OUT, download.suggestedFilename());
  await download.saveAs(exportPath);
  await popup.evaluate(() => document.querySelector('.popup')?.scrollTo(0, 0));
  await popup.screenshot({ path: join(OUT, 'demo-popup.png') });

  await article.bringToFront();
  await article.evaluate(() => document.querySelector('h1')?.scrollIntoView({ block: 'start' }));
  await article.waitForTimeout(300);
  await article.screenshot({ path: join(OUT, 'demo.png') });
  writeFileSync(join(OUT, 'demo-quotes.json'), JSON.stringify(state, null, 2));
  if (process.argv.includes('--update-readme-screenshots')) {
    copyFileSync(join(OUT, 'demo.png'), join(ROOT, 'assets/screenshot-article.png'));
    copyFileSync(join(OUT, 'demo-popup.png'), join(ROOT, 'assets/screenshot-popup.png'));
  }
  console.log(`\nHighlights painted: ${JSON.stringify(sizes)}`);
  console.log(`Wrote out/demo.png, out/demo-popup.png, out/demo-quotes.json and out/${download.suggestedFilename()} (build ${(buildMs / 1000).toFixed(1)} s, total ${((Date.now() - t0) / 1000).toFixed(1)} s).`);

  if (headed) {
    console.log('\nChromium stays open with QuoteLens loaded: click its toolbar button on the article. Close the window to finish.');
    await new Promise<void>((done) => ext.context.on('close', () => done()));
  } else {
    await ext.close();
  }
  await server.close();
}

main().catch((err) => {
  console.error(`demo failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
