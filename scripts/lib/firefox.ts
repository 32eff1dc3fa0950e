// Firefox ESR with the built Firefox extension, driven by puppeteer-core over WebDriver BiDi, for the
// browser tests' content-script part. The extension is installed as a temporary add-on
// (browser.installExtension); Firefox's popup page cannot be opened as a tab this way, so the tests here
// check what the content script does on the page.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
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

export interface FirefoxWithExtension {
  browser: Browser;
  extensionId: string;
  version: string;
  close(): Promise<void>;
}

/** Headless Firefox with QuoteLens installed from a private copy of the Firefox build. */
export async function launchFirefoxWithExtension(): Promise<FirefoxWithExtension> {
  requireFirefox();
  const copy = mkdtempSync(join(tmpdir(), 'quotelens-firefox-ext-'));
  cpSync(FIREFOX_EXTENSION, copy, { recursive: true });
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    protocol: 'webDriverBiDi',
    extraPrefsFirefox: {
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
    version,
    close: async () => {
      await browser.close();
      rmSync(copy, { recursive: true, force: true });
    },
  };
}
