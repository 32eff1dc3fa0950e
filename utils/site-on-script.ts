// The site-on script (entrypoints/site-on.ts) is registered to run on every site that is always on while
// highlights are shown, so the main content script knows that with no message (utils/early-settings.ts).
// The registration follows the settings database: the background takes it down while it saves a change for
// the popup and puts it back as the database then says, and checks it again when the extension is
// installed or updated and when the browser starts.
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

/** One registration change at a time per context, in the order asked. */
function queued<T>(job: () => Promise<T>): Promise<T> {
  const run = queue.then(job);
  queue = run.catch(() => undefined);
  return run;
}

/** Registers the script as the database says (true), or leaves none (false: logged). */
async function follow(db: SettingsDB, scripting: Scripting | undefined): Promise<boolean> {
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
}

/** Makes the registration follow the settings database: true when it does, false when it could not (then nothing is registered). */
export function syncSiteOnScript(db: SettingsDB, scripting: Scripting | undefined = browser.scripting): Promise<boolean> {
  return queued(() => follow(db, scripting));
}

/**
 * Saves a change of the settings (`write`) with the script unregistered meanwhile, so that it never runs on
 * a site the change turns off, then registers it as the database now says (also when the write failed).
 * Rejects with the write's error; resolves with whether the registration follows.
 */
export function saveSettingsChange(db: SettingsDB, write: () => Promise<unknown>, scripting: Scripting | undefined = browser.scripting): Promise<boolean> {
  return queued(async () => {
    await scripting?.unregisterContentScripts({ ids: [SITE_ON_SCRIPT_ID] }).catch(() => undefined);
    const failed = await write().then(() => null, (err: unknown) => ({ err }));
    const following = await follow(db, scripting);
    if (failed) throw failed.err;
    return following;
  });
}
