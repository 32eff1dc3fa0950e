// Privacy and permissions: a full session (detect, tag in the popup, save from the in-page card, the
// library, export) makes no network request from the extension; the built manifest asks for exactly the
// permissions README justifies, with host permissions no wider than the content scripts' own sites, no
// external connections and no resources exposed to pages.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, highlightsOf, openPopupFor, type ExtensionBrowser, type StaticServer } from '../../scripts/lib/extension-browser';
import { closeAll, openServerAndExtension, visit } from './trust-lib';

let server: StaticServer;
let ext: ExtensionBrowser & { dir: string };
const requests: { url: string; from: string; type: string }[] = [];

beforeAll(async () => {
  ({ server, ext } = await openServerAndExtension());
  // Every request of every page, extension page and the service worker (Playwright reports worker requests on the context).
  const record = (r: Request) => requests.push({ url: r.url(), from: r.serviceWorker()?.url() ?? r.frame()?.url() ?? '?', type: r.resourceType() });
  ext.context.on('request', record);
  // And through CDP on the worker target itself, in case a request escapes the context's events.
  const cdp = await ext.context.newCDPSession(await ext.context.newPage());
  await cdp.send('Target.setDiscoverTargets', { discover: true });
});
afterAll(() => closeAll(ext, server));

describe('no network requests from the extension', () => {
  it('a full session: detect, tag, save from the card, library, export', async () => {
    const page = await ext.context.newPage();
    await visit(page, `${server.origin}/corpus/dev/seed-roscosmos.html`);
    await highlightsOf(page);
    // Tag in the popup and export.
    const popup = await openPopupFor(ext, page);
    const item = popup.locator('[data-testid="quote"]').first();
    await item.locator('[data-testid="edit"]').click();
    await item.locator('input[type="radio"][value="neutral"]').check();
    await item.locator('[data-testid="note-input"]').fill('privacy check');
    await item.locator('[data-testid="save"]').click();
    await expect.poll(() => item.getAttribute('data-saved')).toBe('true');
    for (const format of ['jsonld', 'csv', 'markdown']) {
      await popup.selectOption('[data-testid="export-format"]', format);
      await Promise.all([popup.waitForEvent('download'), popup.click('[data-testid="export-all"]')]);
    }
    await popup.close();
    // Save from the in-page card (through the service worker).
    const at = await page.evaluate(() => {
      const h = CSS.highlights.get('quotelens-detected') as unknown as Iterable<Range>;
      const r = [...h][2];
      const b = r.getClientRects()[0];
      return { x: b.left + Math.min(8, b.width / 2), y: b.top + b.height / 2 };
    });
    await page.mouse.click(at.x, at.y);
    await page.waitForTimeout(300);
    await page.keyboard.type('Someone');
    await page.keyboard.press('Control+Enter');
    await page.waitForTimeout(1_000);
    // Reload: saved annotations are anchored again.
    await page.reload();
    await highlightsOf(page);
    // The library, with its search and export.
    const lib = await ext.context.newPage();
    await lib.goto(`chrome-extension://${ext.extensionId}/library.html`);
    await lib.waitForSelector('[data-testid="row"]');
    await lib.fill('[data-testid="search"]', 'privacy');
    await lib.waitForTimeout(500);
    await Promise.all([lib.waitForEvent('download'), lib.click('[data-testid="export-all"]')]);
    await lib.close();
    await page.waitForTimeout(500);

    const ours = (u: string) => u.startsWith(`chrome-extension://${ext.extensionId}/`) || u.startsWith('blob:chrome-extension://') || u.startsWith('data:');
    const page_ = (u: string) => u.startsWith(`${server.origin}/corpus/dev/seed-roscosmos.html`);
    const outside = requests.filter((r) => !ours(r.url) && !page_(r.url));
    const fromExtension = requests.filter((r) => !ours(r.url) && (r.from.startsWith('chrome-extension://')));
    console.log(`network during a full session: ${requests.length} requests, ${requests.filter((r) => ours(r.url)).length} to the extension's own files, ${requests.filter((r) => page_(r.url)).length} for the article itself, ${outside.length} elsewhere, ${fromExtension.length} from extension contexts to the network`);
    expect(outside).toEqual([]);
    expect(fromExtension).toEqual([]);
    expect(ext.context.serviceWorkers().length).toBeGreaterThan(0);
  });
});

describe('the manifest asks only for what is used', () => {
  // The manifest of the very build this browser loaded (a private copy of .output/chrome-mv3).
  const manifest = () => JSON.parse(readFileSync(join(ext.dir, 'manifest.json'), 'utf8'));
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const permissionsSection = readme.slice(readme.indexOf('## Permissions'));

  it('permissions are exactly the expected list, and nothing grants more', () => {
    const m = manifest();
    // contextMenus: "Annotate as a quotation" on selected text; scripting: the site-on script registered
    // where the site is always on. Nothing else: no storage (IndexedDB needs no permission), no tabs
    // (tabs.sendMessage and the active tab id need none), no downloads (a download link).
    expect(m.permissions ?? []).toEqual(['contextMenus', 'scripting']);
    // The registered script needs host permissions; they are the content scripts' own sites, nothing more.
    expect([...(m.host_permissions ?? [])].sort()).toEqual(['http://*/*', 'https://*/*']);
    expect(m.optional_permissions ?? []).toEqual([]);
    expect(m.optional_host_permissions ?? []).toEqual([]);
    expect(m.externally_connectable).toBeUndefined();
    expect(m.web_accessible_resources).toBeUndefined();
    expect(m.content_security_policy).toBeUndefined(); // the MV3 default: no remote code, no eval
    // the main script at document_idle, and the one that only asks for the site's settings at document_start
    expect(m.content_scripts.map((c: { js: string[]; run_at: string }) => `${c.js.join()} ${c.run_at}`).sort())
      .toEqual(['content-scripts/content.js document_idle', 'content-scripts/early.js document_start']);
    for (const c of m.content_scripts as { matches: string[] }[]) expect([...c.matches].sort()).toEqual(['http://*/*', 'https://*/*']);
    expect(m.content_scripts.every((c: { all_frames?: boolean }) => !c.all_frames)).toBe(true);
  });

  it('README justifies every permission and the content-script match patterns', () => {
    for (const p of manifest().permissions ?? []) expect(permissionsSection, `README's Permissions section should justify "${p}"`).toContain(p);
    expect(permissionsSection).toContain('http://*/*');
    expect(permissionsSection).toMatch(/no network requests/);
  });
});
