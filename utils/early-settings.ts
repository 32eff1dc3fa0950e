// The site's settings, asked for as the page starts loading (entrypoints/early.content.ts) and taken by the
// main content script when it starts at document_idle: the answer is in by then, so the way from the main
// script's start to the first paint holds no round trip to the background at all for an article read and
// searched on the page. Both scripts run in the extension's own isolated world, whose global object the
// page cannot see; the answer is handed over there.
import type { SettingsReply } from './messages';

const SLOT = '__quotelensEarlySettings';

interface EarlyAsk {
  /** The site the question was asked for (a document keeps its origin, but check: a stale answer is worse than none). */
  site: string;
  answer: Promise<SettingsReply>;
}

type Slots = { [SLOT]?: EarlyAsk };

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
