// Accessibility: axe-core finds no violations in the popup and the library; the popup works by keyboard
// alone (tab to a quote, open its editor, choose a sentiment, save); the in-page card works by keyboard;
// dark colour scheme gives a dark background; reduced motion turns off transitions and animations.
// (axe cannot enter the card's closed shadow root here: tests/browser/card-a11y.test.ts runs axe on the card's markup.)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, highlightsOf, openPopupFor, type ExtensionBrowser, type StaticServer } from '../../scripts/lib/extension-browser';
import { closeAll, openServerAndExtension, visit } from './trust-lib';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let server: StaticServer;
let ext: ExtensionBrowser;
let article: Page;

async function axe(page: Page): Promise<{ id: string; impact: string; nodes: string[] }[]> {
  // Extension pages' CSP (script-src 'self') refuses an injected <script>: evaluate the source instead.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  return page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } })
      .axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
}

const luminance = (rgb: string) => {
  const [r, g, b] = (rgb.match(/[\d.]+/g) ?? ['255', '255', '255']).slice(0, 3).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
};

beforeAll(async () => {
  ({ server, ext } = await openServerAndExtension());
  article = await ext.context.newPage();
  await visit(article, `${server.origin}/corpus/dev/seed-roscosmos.html`);
  await highlightsOf(article);
});
afterAll(() => closeAll(ext, server));

describe('accessibility', () => {
  it('the popup has no axe violations, with an editor open too', async () => {
    const popup = await openPopupFor(ext, article);
    expect(await axe(popup)).toEqual([]);
    await popup.locator('[data-testid="edit"]').first().click();
    expect(await axe(popup)).toEqual([]);
    await popup.close();
  });

  it('the popup works by keyboard alone: tab to a quote, open its editor, choose a sentiment, save', async () => {
    const popup = await openPopupFor(ext, article);
    // Tab until the first "Tag" button has focus.
    for (let i = 0; i < 10; i++) {
      await popup.keyboard.press('Tab');
      if (await popup.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'edit')) break;
    }
    expect(await popup.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('edit');
    await popup.keyboard.press('Enter');
    // Into the form: the first radio of the sentiment group, then arrow keys choose.
    for (let i = 0; i < 5; i++) {
      await popup.keyboard.press('Tab');
      if (await popup.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type === 'radio')) break;
    }
    expect(await popup.evaluate(() => (document.activeElement as HTMLInputElement).type)).toBe('radio');
    const first = await popup.evaluate(() => (document.activeElement as HTMLInputElement).value);
    await popup.keyboard.press('ArrowRight');
    const chosen = await popup.evaluate(() => (document.activeElement as HTMLInputElement).value);
    expect(chosen).not.toBe(first);
    // To the save button and press it.
    for (let i = 0; i < 10; i++) {
      await popup.keyboard.press('Tab');
      if (await popup.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'save')) break;
    }
    await popup.keyboard.press('Enter');
    await expect.poll(() => popup.locator('[data-testid="quote"]').first().getAttribute('data-saved')).toBe('true');
    expect(await popup.locator('[data-testid="quote"]').first().locator('[data-testid="saved-badge"]').textContent()).toContain(chosen);
    await popup.close();
  });

  it('the in-page card by keyboard: focus goes in on open, Ctrl+Enter saves and closes, focus returns', async () => {
    // Select a quote's words with the keyboard-free selection API, then the shortcut's handler opens the card.
    const before = await article.evaluate(() => document.activeElement?.tagName);
    const at = await article.evaluate(() => {
      const r = [...(CSS.highlights.get('quotelens-detected') as unknown as Iterable<Range>)][1];
      const b = r.getClientRects()[0];
      return { x: b.left + Math.min(8, b.width / 2), y: b.top + b.height / 2 };
    });
    await article.mouse.click(at.x, at.y);
    await article.waitForTimeout(300);
    expect(await article.evaluate(() => document.activeElement?.tagName)).toBe('QUOTELENS-CARD');
    await article.keyboard.type('Keyboard Person');
    await article.keyboard.press('Control+Enter');
    await expect.poll(() => article.evaluate(() => document.querySelector('quotelens-card') === null)).toBe(true);
    expect(await article.evaluate(() => document.activeElement?.tagName)).toBe(before);
  });

  it('the library has no axe violations', async () => {
    const lib = await ext.context.newPage();
    await lib.goto(`chrome-extension://${ext.extensionId}/library.html`);
    await lib.waitForSelector('[data-testid="row"], [data-testid="empty"]');
    const violations = await axe(lib);
    if (violations.length) console.log('library axe violations:', JSON.stringify(violations, null, 1));
    expect(violations).toEqual([]);
    await lib.close();
  });
});

describe('colour scheme and motion preferences', () => {
  it('dark scheme: popup and library backgrounds are dark; reduced motion: nothing transitions or animates', async () => {
    const dark = await launchWithExtension({ colorScheme: 'dark', reducedMotion: 'reduce' });
    try {
      const page = await dark.context.newPage();
      await visit(page, `${server.origin}/corpus/dev/seed-roscosmos.html`);
      await highlightsOf(page);
      const popup = await openPopupFor(dark, page);
      const bg = await popup.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const fg = await popup.evaluate(() => getComputedStyle(document.body).color);
      expect(luminance(bg), `popup background ${bg}`).toBeLessThan(0.3);
      expect(luminance(fg), `popup text ${fg}`).toBeGreaterThan(0.6);
      expect(await axe(popup)).toEqual([]); // contrast holds in dark too
      const moving = await popup.evaluate(() => [...document.querySelectorAll('*')].filter((e) => {
        const s = getComputedStyle(e);
        return s.animationName !== 'none' || s.transitionDuration.split(',').some((d) => parseFloat(d) > 0);
      }).length);
      expect(moving).toBe(0);
      const lib = await dark.context.newPage();
      await lib.goto(`chrome-extension://${dark.extensionId}/library.html`);
      await lib.waitForSelector('[data-testid="row"], [data-testid="empty"]');
      const libBg = await lib.evaluate(() => {
        for (let e: Element | null = document.querySelector('main') ?? document.body; e; e = e.parentElement) {
          const c = getComputedStyle(e).backgroundColor;
          if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') return c;
        }
        return 'rgb(255, 255, 255)';
      });
      console.log(`dark scheme: popup background ${bg}, text ${fg}; library background ${libBg}`);
      expect(luminance(libBg), `library background ${libBg}`).toBeLessThan(0.3);
    } finally {
      await dark.close();
    }
  });
});
