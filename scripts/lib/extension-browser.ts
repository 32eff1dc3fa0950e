// Real Chromium with the built extension, for the browser tests, the demo and the benchmarks: a static
// server on 127.0.0.1 for ../shared/corpus, our fixtures and the demo article, and the extension's contexts.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
export const SHARED = resolve(ROOT, '../shared');
export const CORPUS = join(SHARED, 'corpus');
export const FIXTURES = join(ROOT, 'tests/fixtures');
export const DEMO = join(ROOT, 'assets/demo');
export const EXTENSION = join(ROOT, '.output/chrome-mv3');

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Fails loudly: browser tests never skip silently. */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}. Install it with "apt-get install -y chromium" (or set CHROMIUM_PATH). The browser tests cannot run without it.`);
  }
  if (!existsSync(join(EXTENSION, 'manifest.json'))) {
    throw new Error(`No built extension at ${EXTENSION}. Run "npm run build" first (npm test does).`);
  }
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.json': 'application/json', '.js': 'text/javascript', '.css': 'text/css' };

export interface StaticServer {
  origin: string;
  close(): Promise<void>;
  /** Replace a route's body at run time (pages edited between visits). */
  override(path: string, body: string | null): void;
}

/** Serves /corpus/* from ../shared/corpus, /fixtures/* from tests/fixtures and /demo/* from assets/demo, on 127.0.0.1 only. */
export async function startServer(): Promise<StaticServer> {
  const overrides = new Map<string, string>();
  const server: Server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const over = overrides.get(path);
    if (over !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(over);
      return;
    }
    const [, top, ...rest] = path.split('/');
    const base = top === 'corpus' ? CORPUS : top === 'fixtures' ? FIXTURES : top === 'demo' ? DEMO : null;
    const file = base ? normalize(join(base, ...rest)) : null;
    if (!file || !base || !file.startsWith(base)) {
      res.writeHead(404).end('not found');
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((ok) => server.close(() => ok())),
    override: (p, body) => (body === null ? overrides.delete(p) : overrides.set(p, body)),
  };
}

export interface ExtensionBrowser {
  context: BrowserContext;
  /** The copy of the build this browser loaded. */
  dir: string;
  extensionId: string;
  /** The extension's service worker: the one running now (a new one after stopServiceWorker and a wake-up). */
  readonly worker: Worker;
  close(): Promise<void>;
}

export const CHROMIUM_ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-default-apps', '--disable-quic',
];

export interface LaunchOptions {
  colorScheme?: 'light' | 'dark';
  reducedMotion?: 'reduce' | 'no-preference';
  /** A visible window (the demo with a display); otherwise --headless=new. */
  headed?: boolean;
  /**
   * No host name resolves but 127.0.0.1 and the names under .test (a reserved top-level domain), which go
   * to 127.0.0.1 (a page served as a site of its own): the pages cannot reach the network, and no request
   * is held up on its way (as intercepting every request through the driver would: the benchmarks).
   */
  offline?: boolean;
}

/**
 * Real Chromium with the built extension and a fresh profile (real IndexedDB inside it). The extension is
 * loaded from a private copy of the build: Chromium reads extension files lazily, so a rebuild of
 * .output/chrome-mv3 during a long test (npm run dev, another run) would otherwise pull files from under it.
 */
export async function launchWithExtension(options: LaunchOptions = {}): Promise<ExtensionBrowser> {
  requireChromium();
  const dir = mkdtempSync(join(tmpdir(), 'quotelens-ext-'));
  cpSync(EXTENSION, dir, { recursive: true });
  const userDataDir = mkdtempSync(join(tmpdir(), 'quotelens-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: false, // --headless=new below: the old headless mode cannot load extensions
    colorScheme: options.colorScheme ?? 'light',
    reducedMotion: options.reducedMotion ?? 'no-preference',
    args: [...CHROMIUM_ARGS.filter((a) => !(options.headed && a === '--headless=new')), `--disable-extensions-except=${dir}`, `--load-extension=${dir}`, ...(options.offline ? ['--host-resolver-rules=MAP *.test 127.0.0.1, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'] : [])],
    viewport: { width: 1280, height: 900 },
  });
  let worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const extensionId = new URL(worker.url()).host;
  context.on('serviceworker', (w) => { if (new URL(w.url()).host === extensionId) worker = w; });
  return {
    context,
    dir,
    extensionId,
    get worker() { return worker; },
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Stops the extension's service worker as Chromium does when it idles (chrome://serviceworker-internals'
 * Stop): the next page wakes a new one, cold (`ext.worker` is then that one). Resolves whether it was seen stopped.
 */
export async function stopServiceWorker(ext: ExtensionBrowser): Promise<boolean> {
  const internals = await ext.context.newPage();
  try {
    await internals.goto('chrome://serviceworker-internals/');
    const stop = internals.getByText('Stop', { exact: true }).first();
    await stop.waitFor({ timeout: 10_000 });
    await stop.click();
    await internals.waitForFunction((id) => new RegExp(`Scope: chrome-extension://${id}/[\\s\\S]*?Running Status: STOPPED`).test(document.body.innerText), ext.extensionId, { timeout: 10_000 });
    return true;
  } catch {
    return false;
  } finally {
    await internals.close();
  }
}

/**
 * The id Chromium gave the tab of `page`. QuoteLens has no "tabs" permission, so the extension cannot see
 * tab URLs: the page is brought to the front and the extension asked for the active tab.
 */
export async function tabIdOf(ext: ExtensionBrowser, page: Page): Promise<number> {
  await page.bringToFront();
  for (let i = 0; i < 50; i++) {
    const id = await ext.worker.evaluate(async () => {
      const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      return tab?.id ?? null;
    });
    if (id !== null) return id;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no tab found for ${page.url()}`);
}

/** Opens the real popup page, as a tab, pointed at the tab of `page`. */
export async function openPopupFor(ext: ExtensionBrowser, page: Page): Promise<Page> {
  const tabId = await tabIdOf(ext, page);
  const popup = await ext.context.newPage();
  await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?tab=${tabId}`);
  await popup.waitForSelector('[data-testid="summary"], [role="alert"], [role="status"]');
  return popup;
}

/** The badge text the extension set for the tab of `page`. */
export async function badgeOf(ext: ExtensionBrowser, page: Page): Promise<string> {
  const tabId = await tabIdOf(ext, page);
  return ext.worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
}

/** Sizes of QuoteLens's CSS highlights in `page`, e.g. {detected: 12, saved: 1}. Waits for the first paint. */
export async function highlightsOf(page: Page, timeout = 15_000): Promise<Record<string, number>> {
  await page.waitForFunction(() => [...CSS.highlights.keys()].some((k) => String(k).startsWith('quotelens-')), null, { timeout });
  return page.evaluate(() => {
    const out: Record<string, number> = {};
    CSS.highlights.forEach((h, name) => {
      if (name.startsWith('quotelens-')) out[name.slice('quotelens-'.length)] = h.size;
    });
    return out;
  });
}

/** The text of every range of one highlight, in page order. */
export async function highlightTexts(page: Page, group: string): Promise<string[]> {
  return page.evaluate((name) => {
    const h = CSS.highlights.get(`quotelens-${name}`);
    if (!h) return [];
    return [...h].map((r) => (r as Range).toString());
  }, group);
}

/**
 * Every annotation record in the extension's IndexedDB, read with the raw API (no code of ours) by the
 * service worker, or by an extension page (when the worker may be stopped).
 */
export async function storedAnnotations(from: ExtensionBrowser | Page): Promise<Record<string, unknown>[]> {
  const where: Pick<Page, 'evaluate'> = 'worker' in from ? from.worker : from;
  return where.evaluate(() => new Promise<Record<string, unknown>[]>((resolve, reject) => {
    const open = indexedDB.open('quotelens');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      // A database the extension has not created yet (opened here at version 1, empty): no records.
      if (!open.result.objectStoreNames.contains('annotations')) { open.result.close(); resolve([]); return; }
      const req = open.result.transaction('annotations', 'readonly').objectStore('annotations').getAll();
      req.onsuccess = () => { resolve(req.result); open.result.close(); };
      req.onerror = () => reject(req.error);
    };
  }));
}

/**
 * Runs `fn` in `page` with the shadow root of the first `hostTag` element as its argument, closed roots too
 * (found through CDP, which sees them; the page cannot). `fn` is serialised like Playwright's evaluate: no
 * closures. Resolves to null when there is no such element.
 */
export async function inClosedShadowRoot<T, A = undefined>(page: Page, hostTag: string, fn: (root: ShadowRoot, arg: A) => T, arg?: A): Promise<Awaited<T> | null> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    type N = { nodeName: string; children?: N[]; shadowRoots?: N[]; backendNodeId: number };
    const find = (n: N): N | null => {
      if (n.nodeName.toLowerCase() === hostTag && n.shadowRoots?.length) return n.shadowRoots[0];
      for (const c of [...(n.children ?? []), ...(n.shadowRoots ?? [])]) {
        const hit = find(c);
        if (hit) return hit;
      }
      return null;
    };
    const shadow = find(root as N);
    if (!shadow) return null;
    const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: shadow.backendNodeId });
    const result = await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId!,
      functionDeclaration: `function (arg) { return (${fn.toString()})(this, arg); }`,
      arguments: [{ value: arg }],
      returnByValue: true,
      awaitPromise: true,
    });
    if (result.exceptionDetails) throw new Error(`in the shadow root of <${hostTag}>: ${result.exceptionDetails.exception?.description ?? result.exceptionDetails.text}`);
    return result.result.value as Awaited<T>;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}
