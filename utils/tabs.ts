// Extension pages talking to the content script of a tab, typed by the protocol in messages.ts.
import browser from 'webextension-polyfill';
import type { PopupReplies, PopupToContent } from './messages';

export function askTab<T extends PopupToContent>(tabId: number, message: T): Promise<PopupReplies[T['type']]> {
  return browser.tabs.sendMessage(tabId, message) as Promise<PopupReplies[T['type']]>;
}

/** The tab the popup is about: `?tab=ID` when opened as a page (tests, keyboard users), else the active tab. */
export async function targetTabId(search: string): Promise<number | null> {
  const fromQuery = Number(new URLSearchParams(search).get('tab'));
  if (Number.isInteger(fromQuery) && fromQuery > 0) return fromQuery;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

/** Saves text as a file through a temporary object URL; needs no "downloads" permission. */
export function downloadText(filename: string, mime: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
