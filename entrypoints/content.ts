// The content script: runs on every web page, does no work unless the page is an article.
// It is unprivileged: it talks to the background only through the typed protocol in utils/messages.ts.
import browser from 'webextension-polyfill';
import { defineContentScript } from 'wxt/utils/define-content-script';
import type { Annotation } from '../utils/annotation';
import { popupToContent, type BackgroundReplies, type ContentToBackground } from '../utils/messages';
import { PageSession } from '../utils/page/page-session';

function ask<T extends ContentToBackground>(message: T): Promise<BackgroundReplies[T['type']]> {
  return browser.runtime.sendMessage(message) as Promise<BackgroundReplies[T['type']]>;
}

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  async main() {
    const session = new PageSession(document, {
      loadAnnotations: (pageKey) => ask({ type: 'content/get-annotations', pageKey }) as Promise<Annotation[]>,
      reportCount: (pageKey, count, capped) => ask({ type: 'content/page-scanned', pageKey, count, capped }),
    });

    browser.runtime.onMessage.addListener((raw: unknown, sender: browser.Runtime.MessageSender) => {
      // Only our own extension's pages may ask; anything else is ignored.
      if (sender.id !== browser.runtime.id || sender.tab) return undefined;
      const parsed = popupToContent.safeParse(raw);
      if (!parsed.success) return undefined;
      const message = parsed.data;
      switch (message.type) {
        case 'popup/get-page':
          return Promise.resolve(session.state());
        case 'popup/reveal':
          return Promise.resolve(session.reveal(message.start, message.end));
        case 'popup/annotations-changed':
          return session.refreshAnnotations().then(() => true);
      }
    });

    try {
      await session.start();
    } catch (err) {
      // A broken page must never break the extension; say what happened for the developer console.
      console.warn('QuoteLens could not read this page:', err);
    }
  },
});
