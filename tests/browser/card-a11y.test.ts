// The in-page card's accessibility. (1) axe-core on the card's real markup and stylesheet: axe cannot enter
// the closed shadow root the extension uses, so components/in-page/card.ts is bundled with esbuild into a
// test page's main world and opened there in an open shadow root (the test-only `shadowMode` option), in
// light and dark, with the editor and message-only. (2) The keyboard route to a highlight: highlights are
// not focusable, so Alt+Shift+Q (the `annotate-selection` command) with the caret inside a quote opens that
// quote's card; it is filled by keyboard alone and the saved record checked.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, ROOT, highlightsOf, storedAnnotations, tabIdOf, type ExtensionBrowser, type StaticServer } from '../../scripts/lib/extension-browser';
import { cardIsOpen, fillCardByKeyboard, selectWords } from './card-lib';
import { closeAll, openServerAndExtension } from './trust-lib';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs in the test page's main world: the real QuoteCard, in an open shadow root so axe can read it. */
const PROBE = `
import { QuoteCard } from './components/in-page/card';
let card: QuoteCard | null = null;
(globalThis as any).__openCard = (dark: boolean, message: string | null) => {
  card?.close(false);
  card = new QuoteCard(document, { save: async () => undefined }, { shadowMode: 'open' });
  const data = { exact: 'We will rebuild the bridge before the winter comes.', speaker: 'Mayor Ana Lima', sentiment: null, tags: ['budget'], note: '', kind: 'direct', saved: false };
  card.open(data, null, { focus: true, speakers: ['Mayor Ana Lima', 'Paul Roy'], dark, message: message ?? undefined });
};
`;

describe('the in-page card has no axe violations (its real markup, in an open shadow root)', () => {
  let browser: Awaited<ReturnType<typeof chromium.launch>>;
  let page: Page;
  beforeAll(async () => {
    const out = await build({
      stdin: { contents: PROBE, resolveDir: ROOT, loader: 'ts', sourcefile: 'card-probe.ts' },
      bundle: true, format: 'iife', write: false, target: 'es2022', logLevel: 'silent', jsx: 'automatic', jsxImportSource: 'preact',
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage();
    await page.setContent('<!doctype html><html lang="en"><head><title>Card</title></head><body><main><p>Article text.</p></main></body></html>');
    await page.evaluate(out.outputFiles[0].text);
    await page.evaluate(AXE);
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const dark of [false, true]) {
    for (const message of [null, 'QuoteLens can only annotate text inside the article.']) {
      it(`${dark ? 'dark' : 'light'}, ${message ? 'message only' : 'editor'}`, async () => {
        await page.evaluate((d) => {
          document.body.style.background = d ? '#000' : '#fff';
          document.body.style.color = d ? '#eee' : '#111';
        }, dark);
        await page.evaluate(([d, m]) => (globalThis as unknown as { __openCard(d: boolean, m: string | null): void }).__openCard(d, m), [dark, message] as const);
        // The card really is there, with its form or its message.
        const inside = await page.evaluate(() => {
          const root = document.querySelector('quotelens-card')!.shadowRoot!;
          return { form: !!root.querySelector('form'), status: root.querySelector('.status')?.textContent ?? '', dark: root.querySelector('.panel')!.classList.contains('dark') };
        });
        expect(inside.form).toBe(!message);
        expect(inside.dark).toBe(dark);
        if (message) expect(inside.status).toBe(message);
        const result = await page.evaluate(async () => {
          type Result = { id: string; impact: string; nodes: { target: unknown[] }[] };
          const axe = (window as unknown as { axe: { run(ctx: object, o: object): Promise<{ violations: Result[]; passes: Result[]; incomplete: Result[] }> } }).axe;
          const summary = (list: Result[]) => list.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) }));
          const inShadow = await axe.run({ include: [{ fromShadowDom: ['quotelens-card', '.panel'] }] }, {});
          // axe cannot find the background behind text in the card's zero-size fixed host (every contrast
          // check comes back "incomplete"): the same markup and stylesheet, copied into the light DOM, is
          // checked for contrast.
          const root = document.querySelector('quotelens-card')!.shadowRoot!;
          const copy = document.createElement('div');
          copy.id = 'card-copy';
          const style = document.createElement('style');
          style.textContent = [...root.adoptedStyleSheets[0].cssRules].map((r) => r.cssText).filter((t) => !t.startsWith(':host')).join('\n');
          copy.append(style);
          copy.insertAdjacentHTML('beforeend', root.querySelector('.panel')!.outerHTML.replace(/ id="ql-/g, ' id="copy-ql-'));
          document.body.append(copy);
          const contrast = await axe.run({ include: ['#card-copy'] }, { runOnly: ['color-contrast'] });
          copy.remove();
          return {
            violations: summary([...inShadow.violations, ...contrast.violations]),
            passes: inShadow.passes.map((p) => p.id),
            contrastChecked: contrast.passes.flatMap((p) => p.nodes).length,
            contrastIncomplete: summary(contrast.incomplete),
          };
        });
        if (result.violations.length) console.log('card axe violations:', JSON.stringify(result.violations, null, 1));
        // axe did look inside the shadow root (the dialog's and the buttons' names), and checked the colours.
        expect(result.passes).toEqual(expect.arrayContaining(['aria-dialog-name', 'button-name', message ? 'aria-allowed-role' : 'label']));
        expect(result.contrastChecked).toBeGreaterThan(message ? 2 : 8);
        expect(result.contrastIncomplete.filter((i) => !/close/.test(i.nodes.join()))).toEqual([]);
        expect(result.violations).toEqual([]);
      });
    }
  }
});

describe('the keyboard route to a highlight: Alt+Shift+Q with the caret inside a quote opens its card', () => {
  let server: StaticServer;
  let ext: ExtensionBrowser;
  let page: Page;
  beforeAll(async () => {
    ({ server, ext } = await openServerAndExtension());
    page = await ext.context.newPage();
    await page.goto(`${server.origin}/fixtures/issue4/story.html`);
    await highlightsOf(page);
  });
  afterAll(() => closeAll(ext, server));

  const records = () => storedAnnotations(ext);
  const command = async () => {
    const tabId = await tabIdOf(ext, page);
    return ext.worker.evaluate((id) => (globalThis as unknown as { quotelensHandlers: { onCommand(c: string, t: unknown): Promise<boolean> } })
      .quotelensHandlers.onCommand('annotate-selection', { id }), tabId);
  };
  const cardOpen = () => cardIsOpen(page);

  it('caret inside a detected quote → its card (not a manual quote), filled by keyboard, saved', async () => {
    // The caret in the middle of the treasurer's quote (the Selection API: what caret browsing would do).
    await page.evaluate(() => {
      const p = [...document.querySelectorAll('p')].find((x) => x.textContent!.includes('The budget is'))!;
      const node = p.firstChild as Text;
      getSelection()!.collapse(node, node.data.indexOf('under control'));
    });
    expect(await command()).toBe(true);
    await expect.poll(cardOpen).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('QUOTELENS-CARD');
    // Keyboard only: speaker (pre-filled by the engine), sentiment by arrows, tags, note, Ctrl+Enter.
    await fillCardByKeyboard(page, { speaker: 'Treasurer Paul Roy', sentimentSteps: 2, tags: 'budget, audit', note: 'Typed by keyboard.' }); // none → positive → negative
    await expect.poll(cardOpen).toBe(false);
    await expect.poll(async () => (await records()).length).toBe(1);
    const [r] = await records();
    expect(String(r.exact)).toContain('The budget is compleetly under control');
    expect(r.kind).toBe('direct');
    expect(r.speaker).toBe('Treasurer Paul Roy');
    expect(r.sentiment).toBe('negative');
    expect(r.tags).toEqual(['budget', 'audit']);
    expect(r.note).toBe('Typed by keyboard.');
  });

  it('a caret inside the saved quote reopens it and edits the same record; a selection inside it too', async () => {
    await page.evaluate(() => {
      const p = [...document.querySelectorAll('p')].find((x) => x.textContent!.includes('The budget is'))!;
      const node = p.firstChild as Text;
      const at = node.data.indexOf('auditors');
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + 'auditors agree'.length);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    });
    expect(await command()).toBe(true);
    await expect.poll(cardOpen).toBe(true);
    await fillCardByKeyboard(page, { sentimentSteps: 1 }); // negative → neutral
    await expect.poll(async () => (await records())[0]?.sentiment).toBe('neutral');
    expect(await records()).toHaveLength(1);
  });

  it('a selection outside the highlights still adds a manual quote', async () => {
    const words = 'asked for an independent review of the engineering report';
    await selectWords(page, words);
    expect(await command()).toBe(true);
    await expect.poll(cardOpen).toBe(true);
    await page.keyboard.type('someone');
    await page.keyboard.press('Control+Enter');
    await expect.poll(async () => (await records()).length).toBe(2);
    expect((await records()).find((r) => r.kind === 'manual')?.exact).toBe(words);
  });
});
