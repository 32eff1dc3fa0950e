// What the main content script knows of the site's settings before it starts, handed over in the extension's
// own isolated world, whose global object the page cannot see:
// - the answer to the question asked as the page starts loading (entrypoints/early.content.ts), in by the
//   main script's start as a rule, so the way to the first paint holds no round trip to the background;
// - whether the registered site-on script ran (entrypoints/site-on.ts, utils/site-on-script.ts): the site is
//   always on and highlights are shown, known with no message at all. The answer can be late: the browser
//   holds a new page's messages while it commits the navigation and tears down the page before (26-100 ms
//   after a heavy page, measured), and the page's own parsing and layout go before the reply.
import type { SettingsReply } from './messages';

const SLOT = '__quotelensEarlySettings';
const SITE_ON_SLOT = '__quotelensSiteOn';

interface EarlyAsk {
  /** The site the question was asked for (a document keeps its origin, but check: a stale answer is worse than none). */
  site: string;
  answer: Promise<SettingsReply>;
}

type Slots = { [SLOT]?: EarlyAsk; [SITE_ON_SLOT]?: string };

/** Leaves the early question's answer for the main content script. */
export function putEarlySettings(site: string, answer: Promise<SettingsReply>, global: object = globalThis): void {
  // A rejection is the main script's to handle (it asks again); never an unhandled one meanwhile.
  answer.catch(() => undefined);
  (global as Slots)[SLOT] = { site, answer };
}

/** The early answer for `site`, once (a later start, after a single-page navigation, asks afresh); null when there is none. */
export function takeEarlySettings(site: string, global: object = globalThis): Promise<SettingsReply> | null {
  const slots = global as Slots;
  const early = slots[SLOT];
  delete slots[SLOT];
  return early && early.site === site ? early.answer : null;
}

/** Notes that the site-on script ran for `site` (it runs only where the site is always on and highlights are shown). */
export function putSiteOn(site: string, global: object = globalThis): void {
  (global as Slots)[SITE_ON_SLOT] = site;
}

/** Whether the site-on script ran for `site`, once (a later start, after a single-page navigation, asks afresh). */
export function takeSiteOn(site: string, global: object = globalThis): boolean {
  const slots = global as Slots;
  const ran = slots[SITE_ON_SLOT];
  delete slots[SITE_ON_SLOT];
  return site !== '' && ran === site;
}
