// Firefox ESR with the built Firefox extension, driven by puppeteer-core over WebDriver BiDi, for the
// browser tests' content-script part. The extension is installed as a temporary add-on
// (browser.installExtension). Its pages (library, options, popup) are reached at moz-extension://<uuid>/:
// the uuid is pinned with the `extensions.webextensions.uuids` pref, and Firefox (153+) lets WebDriver
// navigate there only when started with --remote-allow-system-access (see openExtensionPage).
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { ROOT } from './extension-browser';

export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const FIREFOX_EXTENSION = join(ROOT, '.output/firefox-mv2');

export function requireFirefox(): void {
  if (!existsSync(FIREFOX)) {
    throw new Error(`Firefox not found at ${FIREFOX}. Install it with "apt-get install -y firefox-esr" (or set FIREFOX_PATH). The Firefox tests cannot run without it.`);
  }
  if (!existsSync(join(FIREFOX_EXTENSION, 'manifest.json'))) {
    throw new Error(`No Firefox build at ${FIREFOX_EXTENSION}. Run "npm run build:firefox" first.`);
  }
}

/** The internal UUID the extension gets in our Firefox profiles (Firefox picks a random one otherwise). */
export const FIREFOX_EXTENSION_UUID = '5b0f8e2a-3c1d-4e7a-9f60-0a1b2c3d4e5f';

export interface FirefoxWithExtension {
  browser: Browser;
  extensionId: string;
  /** moz-extension://<uuid> of the installed extension. */
  extensionOrigin: string;
  version: string;
  close(): Promise<void>;
}

/** Headless Firefox with QuoteLens installed from a private copy of the Firefox build. */
export async function launchFirefoxWithExtension(): Promise<FirefoxWithExtension> {
  requireFirefox();
  const copy = mkdtempSync(join(tmpdir(), 'quotelens-firefox-ext-'));
  cpSync(FIREFOX_EXTENSION, copy, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8')) as { browser_specific_settings?: { gecko?: { id?: string } } };
  const geckoId = manifest.browser_specific_settings?.gecko?.id;
  if (!geckoId) throw new Error('the Firefox build has no browser_specific_settings.gecko.id: its pages cannot be given a known address');
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    protocol: 'webDriverBiDi',
    // Without it Firefox 153+ refuses WebDriver navigation to moz-extension:// ("not allowed in this context").
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: FIREFOX_EXTENSION_UUID }),
      // No network but the test server: no update checks, telemetry or captive-portal probes.
      'network.captive-portal-service.enabled': false,
      'app.update.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'xpinstall.signatures.required': false,
    },
  });
  const extensionId = await browser.installExtension(copy);
  const version = await browser.version();
  return {
    browser,
    extensionId,
    extensionOrigin: `moz-extension://${FIREFOX_EXTENSION_UUID}`,
    version,
    close: async () => {
      await browser.close();
      rmSync(copy, { recursive: true, force: true });
    },
  };
}

/**
 * Opens one of the extension's pages (e.g. "library.html") in a new tab. Firefox's remote agent never
 * reports such a navigation as finished (the goto would time out), so the page's address and readiness are
 * polled instead.
 */
export async function openExtensionPage(ff: FirefoxWithExtension, path: string, timeout = 20_000): Promise<Page> {
  const page = await ff.browser.newPage();
  const url = `${ff.extensionOrigin}/${path}`;
  let failure: unknown = null;
  void page.goto(url, { timeout }).catch((e: unknown) => { failure = e; });
  const until = Date.now() + timeout;
  while (Date.now() < until) {
    const ready = await page.evaluate(() => `${location.href} ${document.readyState}`).catch(() => '');
    if (ready === `${url} complete`) return page;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not load in ${timeout} ms${failure ? `: ${String(failure)}` : ''}`);
}
