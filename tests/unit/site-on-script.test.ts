// The site-on script's registration (utils/site-on-script.ts) against the settings it follows, with a
// recording stand-in for the browser's scripting API and the settings database in fake-indexeddb. The same
// registration in real Chromium: tests/browser/living-site-mode.test.ts.
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { putSiteOn, takeSiteOn } from '../../utils/early-settings';
import { SettingsDB, setHidden, setSiteMode } from '../../utils/settings';
import { saveSettingsChange, SITE_ON_SCRIPT_FILE, SITE_ON_SCRIPT_ID, siteOnRegistration, sitePatterns, syncSiteOnScript } from '../../utils/site-on-script';

vi.mock('webextension-polyfill', () => ({ default: { runtime: { id: 'test' } } }));

let dbs = 0;
const openSettings = () => new SettingsDB(`settings-${++dbs}`, { indexedDB, IDBKeyRange });

type Script = { id: string; js?: string[]; matches?: string[]; excludeMatches?: string[] };
/** Keeps what is registered, as the browser does; `failRegister` makes the next registration throw. */
function fakeScripting() {
  const registered = new Map<string, Script>();
  const api = {
    failRegister: false,
    registered,
    async getRegisteredContentScripts(filter?: { ids?: string[] }) {
      return [...registered.values()].filter((s) => !filter?.ids || filter.ids.includes(s.id));
    },
    async registerContentScripts(scripts: Script[]) {
      if (api.failRegister) throw new Error('Invalid match pattern');
      for (const s of scripts) {
        if (registered.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
        registered.set(s.id, s);
      }
    },
    async unregisterContentScripts(filter?: { ids?: string[] }) {
      for (const id of filter?.ids ?? [...registered.keys()]) registered.delete(id);
    },
  };
  return api;
}
const asScripting = (f: ReturnType<typeof fakeScripting>) => f as unknown as Parameters<typeof syncSiteOnScript>[1];

describe('the site-on script registration', () => {
  it('names a site by its host and its www. form; a host no pattern can name gives none', () => {
    expect(sitePatterns('example.com')).toEqual(['*://example.com/*', '*://www.example.com/*']);
    expect(sitePatterns('127.0.0.1')).toEqual(['*://127.0.0.1/*']); // Chrome refuses www.127.0.0.1
    expect(sitePatterns('1.2.3')).toBeNull();
    expect(sitePatterns('xn--bcher-kva.example')).toEqual(['*://xn--bcher-kva.example/*', '*://www.xn--bcher-kva.example/*']);
    for (const bad of ['', '[::1]', 'a/b', 'a*b.com', 'a b.com', 'under_score.com', '.com', 'a..b']) expect(sitePatterns(bad), bad).toBeNull();
  });

  it('runs everywhere but the sites not always on, and nowhere while highlights are hidden', () => {
    const all = siteOnRegistration({ sites: [], hidden: false })!;
    expect(all).toMatchObject({ id: SITE_ON_SCRIPT_ID, js: [SITE_ON_SCRIPT_FILE], matches: ['http://*/*', 'https://*/*'], runAt: 'document_start', allFrames: false });
    expect(all.excludeMatches).toBeUndefined();
    expect(siteOnRegistration({ sites: ['a.example', 'b.example'], hidden: false })!.excludeMatches)
      .toEqual(['*://a.example/*', '*://www.a.example/*', '*://b.example/*', '*://www.b.example/*']);
    expect(siteOnRegistration({ sites: [], hidden: true })).toBeNull();
    // one site it cannot exclude: it runs nowhere rather than on that site
    expect(siteOnRegistration({ sites: ['a.example', '[::1]'], hidden: false })).toBeNull();
  });

  it('follows the settings database through every change', async () => {
    const db = openSettings();
    const scripting = fakeScripting();
    await expect(syncSiteOnScript(db, asScripting(scripting))).resolves.toBe(true);
    expect(scripting.registered.get(SITE_ON_SCRIPT_ID)?.excludeMatches).toBeUndefined();

    await setSiteMode(db, 'off.example', 'off');
    await setSiteMode(db, 'click.example', 'click');
    await setSiteMode(db, 'on.example', 'always'); // the default: no row, nothing excluded
    await syncSiteOnScript(db, asScripting(scripting));
    expect(scripting.registered.get(SITE_ON_SCRIPT_ID)?.excludeMatches?.sort())
      .toEqual(['*://click.example/*', '*://off.example/*', '*://www.click.example/*', '*://www.off.example/*']);

    await setHidden(db, true);
    await syncSiteOnScript(db, asScripting(scripting));
    expect(scripting.registered.size).toBe(0);

    await setHidden(db, false);
    await setSiteMode(db, 'off.example', 'always');
    await syncSiteOnScript(db, asScripting(scripting));
    expect(scripting.registered.get(SITE_ON_SCRIPT_ID)?.excludeMatches).toEqual(['*://click.example/*', '*://www.click.example/*']);
    db.close();
  });

  it('a registration that fails leaves none: every page then asks for its settings', async () => {
    const db = openSettings();
    const scripting = fakeScripting();
    await syncSiteOnScript(db, asScripting(scripting));
    expect(scripting.registered.size).toBe(1);
    await setSiteMode(db, 'off.example', 'off');
    scripting.failRegister = true;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await expect(syncSiteOnScript(db, asScripting(scripting))).resolves.toBe(false);
    warn.mockRestore();
    expect(scripting.registered.size).toBe(0); // not the old one, which would still run on off.example
    await expect(syncSiteOnScript(db, undefined)).resolves.toBe(false); // no scripting API at all
    db.close();
  });

  it('is taken down while a change is saved (never running on a site the change turns off), then put back as the database says', async () => {
    const db = openSettings();
    const scripting = fakeScripting();
    await syncSiteOnScript(db, asScripting(scripting));
    let duringWrite = -1;
    await expect(saveSettingsChange(db, async () => { duringWrite = scripting.registered.size; await setSiteMode(db, 'off.example', 'off'); }, asScripting(scripting))).resolves.toBe(true);
    expect(duringWrite).toBe(0);
    expect(scripting.registered.get(SITE_ON_SCRIPT_ID)?.excludeMatches).toEqual(['*://off.example/*', '*://www.off.example/*']);
    // a write that fails: its error reaches the caller, and the registration is put back as it was
    await expect(saveSettingsChange(db, async () => { throw new Error('QuotaExceededError'); }, asScripting(scripting))).rejects.toThrow('QuotaExceededError');
    expect(scripting.registered.get(SITE_ON_SCRIPT_ID)?.excludeMatches).toEqual(['*://off.example/*', '*://www.off.example/*']);
    db.close();
  });

  it('updates one at a time: the last state written is the one registered', async () => {
    const db = openSettings();
    const scripting = fakeScripting();
    await setSiteMode(db, 'a.example', 'off');
    const first = syncSiteOnScript(db, asScripting(scripting));
    await setSiteMode(db, 'b.example', 'off');
    const second = syncSiteOnScript(db, asScripting(scripting));
    await expect(Promise.all([first, second])).resolves.toEqual([true, true]);
    expect(scripting.registered.get(SITE_ON_SCRIPT_ID)?.excludeMatches).toContain('*://b.example/*');
    db.close();
  });
});

describe('the site-on fact handed to the main content script', () => {
  it('is taken once, and only for the site it was noted for', () => {
    const world = {};
    expect(takeSiteOn('news.example.com', world)).toBe(false); // the script did not run: ask
    putSiteOn('news.example.com', world);
    expect(takeSiteOn('news.example.com', world)).toBe(true);
    expect(takeSiteOn('news.example.com', world)).toBe(false); // a single-page navigation asks afresh
    putSiteOn('news.example.com', world);
    expect(takeSiteOn('other.example.org', world)).toBe(false);
    putSiteOn('', world);
    expect(takeSiteOn('', world)).toBe(false); // a page with no site name is never taken as on
  });
});
