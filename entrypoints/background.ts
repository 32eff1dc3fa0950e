// The background service worker: the only context that both hears content scripts and opens the
// database for them. Content scripts are unprivileged callers: every message is checked for its sender
// and validated against the protocol, and a tab may only read, report or save about its own page.
import browser from 'webextension-polyfill';
import { defineBackground } from 'wxt/utils/define-background';
import type { Annotation } from '../utils/annotation';
import { annotationsForPage, getAnnotation, newAnnotation, saveAnnotation } from '../utils/annotation-store';
import { QuoteLensDB } from '../utils/db';
import { contentToBackground, popupToBackground, type AnnotationDraft, type BackgroundReplies, type BackgroundRepliesToPopup, type BackgroundToContent } from '../utils/messages';
import { extractForTab, warmUpEngine } from '../utils/engine-host';
import { siteOf } from '../utils/page-key';
import { SettingsDB, setHidden, setSiteMode, settingsFor, type SiteMode, type SiteSettings } from '../utils/settings';
import { saveSettingsChange, syncSiteOnScript } from '../utils/site-on-script';

export const MENU_ID = 'quotelens-annotate-selection';
export const COMMAND = 'annotate-selection';

/**
 * A content script may only speak for the page it runs on: the page key (the canonical URL the page
 * declares, cleaned) must be on the same host as the address the browser says the message came from.
 */
export function pageBelongsToSender(pageKey: string, senderUrl: string | undefined): boolean {
  if (!senderUrl) return false;
  try {
    const key = new URL(pageKey);
    const from = new URL(senderUrl);
    if (key.protocol !== 'http:' && key.protocol !== 'https:') return false;
    return key.host !== '' && key.host === from.host && siteOf(pageKey) !== '';
  } catch {
    return false;
  }
}

/** Checks a draft beyond its schema: the offsets must describe the quoted words. */
export function draftProblem(d: AnnotationDraft): string | null {
  if (d.end <= d.start) return 'empty span';
  if (d.end - d.start !== d.exact.length) return 'offsets do not match the quoted words';
  if (!d.exact.trim()) return 'no words';
  return null;
}

/**
 * Whether the engine may run for a tab on a site in `mode`: only where the tab may show its quotes. A request
 * sent before the tab had the site's settings runs only on a site that is always on; one sent after (the tab
 * knew, so on an "only when I click" site the reader asked) on any site that is not off.
 */
export function engineMayRun(mode: SiteMode, beforeSettings: boolean): boolean {
  return mode === 'always' || (mode === 'click' && !beforeSettings);
}

/** Sends "annotate the selection" to a tab's content script (context menu and keyboard shortcut). */
export async function annotateSelectionIn(tabId: number | undefined): Promise<boolean> {
  if (tabId === undefined || tabId < 0) return false;
  const message: BackgroundToContent = { type: 'background/annotate-selection' };
  try {
    return (await browser.tabs.sendMessage(tabId, message, { frameId: 0 })) === true;
  } catch {
    return false; // no content script there (browser pages, a tab opened before install)
  }
}

export default defineBackground(() => {
  let db: QuoteLensDB | null = null;
  let settingsDb: SettingsDB | null = null;
  const database = () => (db ??= new QuoteLensDB());
  const settings = () => (settingsDb ??= new SettingsDB());
  // Opened now, not by the first tab's settings request: creating or opening it is most of that reply's time.
  settings().open().catch(() => undefined);
  /**
   * The settings a tab was just told: its first request for the quotes follows right behind and is checked
   * against the same answer (once, and for a moment) instead of reading the database again on the way to
   * the first paint. Every other request reads them afresh.
   */
  const told = new Map<number, { site: string; at: number; answer: Promise<SiteSettings> }>();
  const TOLD_MS = 2_000;
  const siteSettings = (tabId: number, site: string, justTold: boolean): Promise<SiteSettings> => {
    const now = Date.now();
    const last = told.get(tabId);
    told.delete(tabId);
    if (!justTold && last && last.site === site && now - last.at < TOLD_MS) return last.answer;
    const answer = settingsFor(settings(), site);
    if (justTold) {
      for (const [id, t] of told) if (now - t.at >= TOLD_MS) told.delete(id);
      told.set(tabId, { site, at: now, answer });
    }
    return answer;
  };
  let engineWarming = false;
  /** Whether the engine's warm-up is done: told to pages with their settings (SettingsReply.engineWarm). */
  let engineWarm = false;
  /** When a tab last asked for something (the warm-up leaves the worker to tabs for a moment after). */
  let lastAsked = 0;
  const QUIET_MS = 150;
  /** Once per worker start: the engine compiled and optimised, off the first replies' path. */
  const warmUpEngineOnce = () => {
    if (engineWarming) return;
    engineWarming = true;
    setTimeout(() => {
      warmUpEngine(() => performance.now() - lastAsked < QUIET_MS).then(() => { engineWarm = true; }, () => undefined);
    }, 0);
  };
  let databaseOpening = false;
  /**
   * When a tab first asks: the annotations database opened too, for the requests that follow. (Not at
   * browser start or install: no page needs it yet, and a schema upgrade is best run by a page that needs
   * it, which can show the reader when an old connection blocks it.)
   */
  const warmUp = () => {
    if (!databaseOpening) {
      databaseOpening = true;
      setTimeout(() => { database().open().catch(() => undefined); }, 0);
    }
    warmUpEngineOnce();
  };

  const onMenuClick = (info: browser.Menus.OnClickData, tab: browser.Tabs.Tab | undefined) => {
    if (info.menuItemId === MENU_ID) return annotateSelectionIn(tab?.id);
    return Promise.resolve(false);
  };
  const onCommand = (command: string, tab: browser.Tabs.Tab | undefined) => {
    if (command === COMMAND) return annotateSelectionIn(tab?.id);
    return Promise.resolve(false);
  };
  // The browser's own UI calls these; tests call the same handlers through the worker (Playwright cannot
  // click a context menu), see tests/browser/card.test.ts. Tests also read whether the warm-up is done.
  (globalThis as Record<string, unknown>).quotelensHandlers = { onMenuClick, onCommand, engineWarm: () => engineWarm };

  // The site-on script's registration follows the settings (saved here for the popup); checked again when
  // the extension is installed or updated and when the browser starts, in case a write of it failed. Then
  // the engine's warm-up starts too: the first pages (restored tabs, the one the reader opens first) then
  // find it warm, or warming, rather than start it.
  browser.runtime.onStartup.addListener(() => {
    void syncSiteOnScript(settings());
    warmUpEngineOnce();
  });
  browser.runtime.onInstalled.addListener(() => {
    void syncSiteOnScript(settings());
    warmUpEngineOnce();
    browser.contextMenus.removeAll().then(() =>
      browser.contextMenus.create({ id: MENU_ID, title: 'Annotate as a quotation', contexts: ['selection'], documentUrlPatterns: ['http://*/*', 'https://*/*'] }),
    ).catch(() => undefined);
  });
  browser.contextMenus.onClicked.addListener((info, tab) => { void onMenuClick(info, tab); });
  browser.commands.onCommand.addListener((command, tab) => { void onCommand(command, tab); });

  const saveDraft = async (pageKey: string, url: string, draft: AnnotationDraft): Promise<Annotation> => {
    const problem = draftProblem(draft);
    if (problem) throw new Error(`QuoteLens: annotation refused (${problem})`);
    if (draft.id) {
      // Only an annotation of this very page may be changed from it, and only what the card edits.
      const existing = await getAnnotation(database(), draft.id);
      if (!existing || existing.pageKey !== pageKey) throw new Error('QuoteLens: annotation refused (not of this page)');
      return saveAnnotation(database(), newAnnotation({
        ...existing, speaker: draft.speaker, sentiment: draft.sentiment, tags: draft.tags, note: draft.note, id: existing.id, created: existing.created,
      }));
    }
    const { id: _id, ...fields } = draft;
    return saveAnnotation(database(), newAnnotation({ ...fields, pageKey, url }));
  };

  browser.runtime.onMessage.addListener((raw: unknown, sender: browser.Runtime.MessageSender) => {
    if (sender.id !== browser.runtime.id) return undefined;
    // The popup's messages come only from the extension's own pages (a content script's sender is its page);
    // anything else they send goes through the content checks below, and is refused there.
    const fromPopup = sender.url?.startsWith(browser.runtime.getURL('/')) ? popupToBackground.safeParse(raw) : null;
    if (fromPopup?.success) {
      const { site, mode, hidden } = fromPopup.data;
      return saveSettingsChange(settings(), () => Promise.all([setSiteMode(settings(), site, mode), setHidden(settings(), hidden)]))
        .then(() => true) satisfies Promise<BackgroundRepliesToPopup['popup/save-settings']>;
    }
    lastAsked = performance.now();
    const parsed = contentToBackground.safeParse(raw);
    if (!parsed.success) return undefined;
    const message = parsed.data;
    const tabId = sender.tab?.id;
    const senderUrl = sender.url ?? sender.tab?.url;
    // Content-script requests must come from a tab's top frame, about that tab's own page.
    if (tabId === undefined || (sender.frameId ?? 0) !== 0 || !pageBelongsToSender(message.pageKey, senderUrl)) {
      return Promise.reject(new Error('QuoteLens: request refused (not from this page)'));
    }
    switch (message.type) {
      case 'content/page-scanned': {
        const text = message.count === 0 ? '' : message.capped ? `${Math.min(message.count, 999)}+` : String(Math.min(message.count, 9999));
        const done: Promise<BackgroundReplies['content/page-scanned']> = Promise.all([
          browser.action.setBadgeText({ tabId, text }),
          browser.action.setBadgeBackgroundColor({ tabId, color: '#5b4bd1' }),
          browser.action.setTitle({ tabId, title: `QuoteLens: ${message.count} quotation${message.count === 1 ? '' : 's'} on this page${message.capped ? ' (stopped at the limit)' : ''}` }),
        ]).then(() => true);
        return done;
      }
      case 'content/get-annotations':
        return annotationsForPage(database(), message.pageKey) satisfies Promise<BackgroundReplies['content/get-annotations']>;
      case 'content/get-settings':
        return siteSettings(tabId, siteOf(senderUrl!), true).then((s) => ({ ...s, engineWarm })).finally(warmUp) satisfies Promise<BackgroundReplies['content/get-settings']>;
      case 'content/save-annotation':
        return saveDraft(message.pageKey, senderUrl!, message.draft) satisfies Promise<BackgroundReplies['content/save-annotation']>;
      case 'content/extract-quotes':
        return siteSettings(tabId, siteOf(senderUrl!), false).then(({ mode }) => {
          if (!engineMayRun(mode, message.beforeSettings)) throw new Error('QuoteLens: not on for this site');
          return extractForTab(message);
        }) satisfies Promise<BackgroundReplies['content/extract-quotes']>;
    }
  });
});
