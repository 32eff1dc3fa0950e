// Helpers for the trust tests (tests/browser/trust-*.test.ts): errors attributed to the extension, the
// content script's performance marks, and a page context that cannot reach the internet.
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { launchWithExtension, startServer, type ExtensionBrowser, type LaunchOptions, type StaticServer } from '../../scripts/lib/extension-browser';

export interface ExtensionError {
  where: string;
  text: string;
}

const fromExtension = (url: string | undefined) => !!url && url.startsWith('chrome-extension://');

/**
 * Records every uncaught exception and console error/warning of the extension in `page`: through CDP, so
 * the content script's isolated world is heard too (Playwright's own events only cover the main world).
 * Attributed to the extension by the URLs on the stack.
 */
export async function watchExtensionErrors(page: Page, sink: ExtensionError[]): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  const where = () => page.url();
  cdp.on('Runtime.exceptionThrown', ({ exceptionDetails: d }) => {
    const frames = d.stackTrace?.callFrames ?? [];
    if (fromExtension(d.url) || frames.some((f) => fromExtension(f.url))) {
      sink.push({ where: where(), text: `${d.exception?.description ?? d.text} @ ${frames[0]?.url ?? d.url}` });
    }
  });
  cdp.on('Runtime.consoleAPICalled', ({ type, args, stackTrace }) => {
    if (type !== 'error' && type !== 'warning' && type !== 'assert') return;
    const frames = stackTrace?.callFrames ?? [];
    if (!frames.some((f) => fromExtension(f.url))) return;
    sink.push({ where: where(), text: `console.${type}: ${args.map((a) => a.description ?? a.value ?? '').join(' ')}` });
  });
  cdp.on('Log.entryAdded', ({ entry }) => {
    // A page may itself point at chrome-extension:// URLs (saved pages do): a failed load of those is the page's.
    if (entry.level === 'error' && entry.source !== 'network' && fromExtension(entry.url)) sink.push({ where: where(), text: `log: ${entry.text}` });
  });
  await cdp.send('Runtime.enable');
  await cdp.send('Log.enable');
  return cdp;
}

/** Installs listeners for uncaught errors and rejections in the service worker (read with workerErrors). */
export async function trapWorkerErrors(ext: ExtensionBrowser): Promise<void> {
  await ext.worker.evaluate(() => {
    const g = globalThis as unknown as { __qlErrors?: string[] };
    if (g.__qlErrors) return;
    g.__qlErrors = [];
    self.addEventListener('error', (e) => g.__qlErrors!.push(`error: ${(e as ErrorEvent).message}`));
    self.addEventListener('unhandledrejection', (e) => g.__qlErrors!.push(`unhandled rejection: ${String((e as PromiseRejectionEvent).reason?.stack ?? (e as PromiseRejectionEvent).reason)}`));
    for (const level of ['error', 'warn'] as const) {
      const original = console[level].bind(console);
      console[level] = (...args: unknown[]) => { g.__qlErrors!.push(`console.${level}: ${args.map(String).join(' ')}`); original(...args); };
    }
  });
}

export function workerErrors(ext: ExtensionBrowser): Promise<string[]> {
  return ext.worker.evaluate(() => (globalThis as unknown as { __qlErrors?: string[] }).__qlErrors ?? []);
}

export interface PageTiming {
  /** The content script finished (quotelens:done), or the wait timed out. */
  done: boolean;
  article: boolean | null;
  quotes: number;
  /** ms from the content script's start mark to its done mark. */
  work: number;
  /** ms from navigation start to the done mark. */
  sinceNavigation: number;
  /** Sum and longest of the content script's tasks on the main thread (quotelens:task measures). */
  busy: number;
  longestTask: number;
  /** The longest task of each kind (read, engine, paint, anchor, index), ms. */
  longestBy: Record<string, number>;
}

/** Waits for the content script's `quotelens:done` mark and reads its timings (marks are shared across worlds). */
export async function contentTiming(page: Page, timeout = 20_000): Promise<PageTiming> {
  const done = await page.waitForFunction(() => performance.getEntriesByName('quotelens:done').length > 0, null, { timeout, polling: 50 })
    .then(() => true, () => false);
  return page.evaluate((finished) => {
    const start = performance.getEntriesByName('quotelens:start')[0];
    const end = performance.getEntriesByName('quotelens:done').at(-1) as PerformanceMark | undefined;
    const tasks = performance.getEntriesByName('quotelens:task');
    const detail = (end?.detail ?? {}) as { article?: boolean | null; quotes?: number };
    return {
      done: finished,
      article: detail.article ?? null,
      quotes: detail.quotes ?? 0,
      work: start && end ? end.startTime - start.startTime : Number.NaN,
      sinceNavigation: end ? end.startTime : Number.NaN,
      busy: tasks.reduce((n, t) => n + t.duration, 0),
      longestTask: tasks.reduce((n, t) => Math.max(n, t.duration), 0),
      longestBy: tasks.reduce<Record<string, number>>((m, t) => {
        const label = String((t as PerformanceMeasure).detail ?? '?');
        m[label] = Math.max(m[label] ?? 0, Math.round(t.duration));
        return m;
      }, {}),
    };
  }, done);
}

/** Pages in `context` may only load from `origin` (the test server): everything else is aborted, fast. */
export async function offline(context: BrowserContext, origin: string): Promise<void> {
  await context.route((url) => !url.href.startsWith(origin) && (url.protocol === 'http:' || url.protocol === 'https:'), (route) => route.abort());
}

/** The page at `url` in `page`, loaded to DOMContentLoaded (the content script runs at document_idle). */
export async function visit(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 30_000 });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The test server and Chromium with the built extension, for one test file (closed with closeAll).
 * `offline`: pages reach nothing but the server; `trapWorkerErrors`: the worker's errors are recorded.
 */
export async function openServerAndExtension(options: { offline?: boolean; trapWorkerErrors?: boolean; launch?: LaunchOptions } = {}): Promise<{ server: StaticServer; ext: ExtensionBrowser }> {
  const server = await startServer();
  try {
    const ext = await launchWithExtension(options.launch);
    if (options.offline) await offline(ext.context, server.origin);
    if (options.trapWorkerErrors) await trapWorkerErrors(ext);
    return { server, ext };
  } catch (err) {
    await server.close();
    throw err;
  }
}

/** Closes what a test file opened (browsers, servers), in order, skipping what never opened. */
export async function closeAll(...opened: ({ close(): Promise<void> } | undefined)[]): Promise<void> {
  for (const o of opened) await o?.close();
}

/**
 * Creates the extension's database at schema version 1 from the service worker and keeps that connection
 * open, ignoring version changes (an old QuoteLens tab): every newer open is blocked behind it.
 */
export async function holdOldDatabase(ext: ExtensionBrowser): Promise<void> {
  await ext.worker.evaluate(() => new Promise<void>((resolve, reject) => {
    const open = indexedDB.open('quotelens', 10); // Dexie stores version 1 as 10
    open.onupgradeneeded = () => {
      const store = open.result.createObjectStore('annotations', { keyPath: 'id' });
      store.createIndex('pageKey', 'pageKey');
    };
    open.onsuccess = () => { (globalThis as unknown as { __held: IDBDatabase }).__held = open.result; resolve(); };
    open.onerror = () => reject(open.error);
  }));
}
