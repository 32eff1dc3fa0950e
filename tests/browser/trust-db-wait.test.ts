// A blocked database upgrade, second case: an old-version connection (an old QuoteLens tab) blocks the
// upgrade, the background's open is the one told "blocked", and the popup's open is queued behind it with
// no event at all. The popup must not sit on "Reading the page…" for ever: after a few seconds it says
// what it is waiting for, keeps waiting (a slow migration is not aborted), and carries on once the old
// connection goes away. (The first case, the open that is told "blocked", is in trust-faults.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, startServer, tabIdOf, type StaticServer } from '../../scripts/lib/extension-browser';
import { holdOldDatabase, visit } from './trust-lib';

let server: StaticServer;
let ext: Awaited<ReturnType<typeof launchWithExtension>>;

beforeAll(async () => {
  server = await startServer();
  ext = await launchWithExtension();
});
afterAll(async () => {
  await ext?.close();
  await server?.close();
});

describe('opening the database waits behind another waiting open', () => {
  it('the popup says why it waits, and carries on when the old connection closes', async () => {
    // The database at schema version 1, held open by a connection that ignores version changes.
    await holdOldDatabase(ext);
    // An article: the content script asks the background for its annotations, whose open is the first
    // waiting one (it is told "blocked").
    const article = await ext.context.newPage();
    await visit(article, `${server.origin}/fixtures/issue4/story.html`);
    await article.waitForTimeout(1_500);
    const tabId = await tabIdOf(ext, article);
    const popup = await ext.context.newPage();
    const started = Date.now();
    await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?tab=${tabId}`);
    const wait = popup.locator('[data-testid="db-wait"]');
    await wait.waitFor({ timeout: 15_000 });
    const text = (await wait.textContent()) ?? '';
    console.log(`popup after ${Date.now() - started} ms: "${text}"`);
    expect(text).toMatch(/Waiting for the QuoteLens database/);
    expect(text).toMatch(/older version/);
    expect(await wait.getAttribute('role')).toBe('alert');
    // The library, opened meanwhile, says the same in its alert region.
    const library = await ext.context.newPage();
    await library.goto(`chrome-extension://${ext.extensionId}/library.html`);
    const libraryAlert = library.locator('[data-testid="error"]');
    await expect.poll(() => libraryAlert.textContent(), { timeout: 15_000 }).toMatch(/Waiting for the QuoteLens database/);
    // The old tab goes away: the upgrade runs, the popup's open completes and the message is replaced.
    await ext.worker.evaluate(() => (globalThis as unknown as { __held: IDBDatabase }).__held.close());
    await popup.waitForSelector('[data-testid="summary"]', { timeout: 20_000 });
    expect(await wait.count()).toBe(0);
    await expect.poll(() => libraryAlert.textContent(), { timeout: 20_000 }).toBe('');
    await library.close();
    await popup.close();
    await article.close();
  });
});
