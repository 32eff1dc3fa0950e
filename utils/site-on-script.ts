// The site-on script (entrypoints/site-on.ts) is registered to run on every site that is always on while
// highlights are shown, so the main content script knows that with no message (utils/early-settings.ts).
// The registration follows the settings database: the background writes it after every change it saves for
// the popup, and again when the extension is installed or updated and when the browser starts.
//
// It may only ever say less than the database: where it does not run, the page asks and waits, as without
// it. So any failure leaves nothing registered, and a page that started on it still takes the background's
// answer and stops if the site is not on after all (a change made while the page loaded).
import browser from 'webextension-polyfill';
import { notAlwaysOn, type SettingsDB } from './settings';

export const SITE_ON_SCRIPT_ID = 'quotelens-site-on';
/** The unlisted script's file in the build (WXT names it after entrypoints/site-on.ts). */
export const SITE_ON_SCRIPT_FILE = 'site-on.js';
const ALL_SITES = ['http://*/*', 'https://*/*'];

/**
 * The match patterns of a site as utils/page-key.ts names it (a host name without "www."): the host and its
 * www. form (an IPv4 address has none), any scheme and port. Null for a host a pattern cannot name.
 */
export function sitePatterns(site: string): string[] | null {
  if (!/^(?:[a-z0-9-]+\.)*[a-z0-9-]+$/.test(site)) return null;
  if (/^[\d.]+$/.test(site)) return /^\d{1,3}(?:\.\d{1,3}){3}$/.test(site) ? [`*://${site}/*`] : null;
  return [`*://${site}/*`, `*://www.${site}/*`];
}

type Registration = Parameters<typeof browser.scripting.registerContentScripts>[0][number];

/** What to register for these settings: null when nothing is (highlights hidden, or a site no pattern can name). */
export function siteOnRegistration(settings: { sites: string[]; hidden: boolean }): Registration | null {
  if (settings.hidden) return null;
  const excludeMatches: string[] = [];
  for (const site of settings.sites) {
    const patterns = sitePatterns(site);
    if (!patterns) return null;
    excludeMatches.push(...patterns);
  }
  return {
    id: SITE_ON_SCRIPT_ID,
    js: [SITE_ON_SCRIPT_FILE],
    matches: ALL_SITES,
    ...(excludeMatches.length ? { excludeMatches } : {}),
    runAt: 'document_start',
    allFrames: false,
    persistAcrossSessions: true,
  };
}

type Scripting = Pick<typeof browser.scripting, 'registerContentScripts' | 'unregisterContentScripts' | 'getRegisteredContentScripts'>;

let queue: Promise<unknown> = Promise.resolve();

/**
 * Makes the registration follow the settings database. Resolves true when it does, false when it could not
 * (then nothing is registered, if even that could be done). One update at a time per context.
 */
export function syncSiteOnScript(db: SettingsDB, scripting: Scripting | undefined = browser.scripting): Promise<boolean> {
  const run = queue.then(async () => {
    if (!scripting) return false; // no scripting API: every page asks
    try {
      const wanted = siteOnRegistration(await notAlwaysOn(db));
      // Removed, then registered anew: in between pages just ask, and no update can leave half an old list.
      const there = await scripting.getRegisteredContentScripts({ ids: [SITE_ON_SCRIPT_ID] });
      if (there.length) await scripting.unregisterContentScripts({ ids: [SITE_ON_SCRIPT_ID] });
      if (wanted) await scripting.registerContentScripts([wanted]);
      return true;
    } catch (err) {
      console.warn('QuoteLens could not register its site-on script; pages will ask for their settings:', err);
      await scripting.unregisterContentScripts({ ids: [SITE_ON_SCRIPT_ID] }).catch(() => undefined);
      return false;
    }
  });
  queue = run;
  return run;
}
