// The background service worker: the only context that both hears content scripts and opens the
// database for them. Content scripts are unprivileged callers: every message is checked for its sender
// and validated against the protocol, and a tab may only read or report about its own page.
import browser from 'webextension-polyfill';
import { defineBackground } from 'wxt/utils/define-background';
import { annotationsForPage } from '../utils/annotation-store';
import { QuoteLensDB } from '../utils/db';
import { contentToBackground, type BackgroundReplies } from '../utils/messages';
import { siteOf } from '../utils/page-key';

/** A content script may only speak for the site it runs on. */
export function pageBelongsToSender(pageKey: string, senderUrl: string | undefined): boolean {
  if (!senderUrl) return false;
  const a = siteOf(pageKey);
  const b = siteOf(senderUrl);
  return a !== '' && a === b;
}

export default defineBackground(() => {
  let db: QuoteLensDB | null = null;
  const database = () => (db ??= new QuoteLensDB());

  browser.runtime.onMessage.addListener((raw: unknown, sender: browser.Runtime.MessageSender) => {
    if (sender.id !== browser.runtime.id) return undefined;
    const parsed = contentToBackground.safeParse(raw);
    if (!parsed.success) return undefined;
    const message = parsed.data;
    const tabId = sender.tab?.id;
    // Content-script requests must come from a tab, about that tab's own page.
    if (tabId === undefined || !pageBelongsToSender(message.pageKey, sender.url ?? sender.tab?.url)) {
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
    }
  });
});
