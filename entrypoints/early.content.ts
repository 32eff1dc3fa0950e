// The first thing QuoteLens does on a page, at document_start: ask the background for the site's settings,
// and nothing else (the page is not looked at). The question travels while the page loads, which also wakes
// a background the browser had stopped; the main content script (entrypoints/content/index.ts) takes the
// answer when it starts, at document_idle, instead of asking then and waiting.
import browser from 'webextension-polyfill';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { putEarlySettings } from '../utils/early-settings';
import type { BackgroundReplies, ContentToBackground } from '../utils/messages';
import { pageKeyOf, siteOf } from '../utils/page-key';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_start',
  main() {
    // (no canonical link yet at document_start: the page's own address, cleaned)
    const pageKey = pageKeyOf(document, location.href);
    const message: ContentToBackground = { type: 'content/get-settings', pageKey };
    putEarlySettings(siteOf(pageKey), browser.runtime.sendMessage(message) as Promise<BackgroundReplies['content/get-settings']>);
  },
});
