// Helpers for the in-page card tests (card*.test.ts, trust-*.test.ts): where a highlight is, whether the
// card is open, and filling the card from the keyboard as a reader would.
import type { Page } from 'playwright-core';

/** Whether the in-page card's host element is in the page (it is removed when the card closes). */
export const cardIsOpen = (page: Page): Promise<boolean> => page.evaluate(() => document.querySelector('quotelens-card') !== null);

/**
 * A point on the first client box of the highlighted range (of `group`, or of any QuoteLens highlight)
 * whose words contain `words`, scrolled into view; a few pixels into the box, where the quote surely is.
 */
export async function highlightPoint(page: Page, words: string, group?: string): Promise<{ x: number; y: number }> {
  const p = await page.evaluate(([w, g]) => {
    for (const [name, h] of CSS.highlights) {
      if (g ? name !== `quotelens-${g}` : !name.startsWith('quotelens-')) continue;
      for (const r of h as unknown as Iterable<Range>) {
        if (!r.toString().includes(w)) continue;
        r.startContainer.parentElement?.scrollIntoView({ block: 'center' });
        const box = r.getClientRects()[0];
        return { x: box.left + Math.min(20, box.width / 2), y: box.top + box.height / 2 };
      }
    }
    return null;
  }, [words, group ?? null] as const);
  if (!p) throw new Error(`no ${group ?? 'QuoteLens'} highlight with "${words}"`);
  return p;
}

export interface CardInput {
  /** Replaces the speaker field (focus is there when a card opens by click or keyboard). */
  speaker?: string;
  /** Arrow-right presses in the sentiment chips: none → positive → negative → neutral → mixed. */
  sentimentSteps?: number;
  tags?: string;
  note?: string;
}

/** Fills the open card from the keyboard alone, field by field in tab order, and saves with Ctrl+Enter. */
export async function fillCardByKeyboard(page: Page, input: CardInput): Promise<void> {
  const { keyboard } = page;
  if (input.speaker !== undefined) {
    await keyboard.press('Control+A');
    await keyboard.type(input.speaker);
  }
  if (input.sentimentSteps || input.tags !== undefined || input.note !== undefined) {
    await keyboard.press('Tab');
    for (let i = 0; i < (input.sentimentSteps ?? 0); i++) await keyboard.press('ArrowRight');
  }
  if (input.tags !== undefined || input.note !== undefined) {
    await keyboard.press('Tab');
    if (input.tags) await keyboard.type(input.tags);
  }
  if (input.note !== undefined) {
    await keyboard.press('Tab');
    await keyboard.type(input.note);
  }
  await keyboard.press('Control+Enter');
}

/** Selects `words` in the first paragraph whose first text node holds them (what a reader's drag does). */
export async function selectWords(page: Page, words: string): Promise<void> {
  await page.evaluate((w) => {
    const p = [...document.querySelectorAll('p')].find((x) => x.firstChild?.textContent?.includes(w));
    if (!p) throw new Error(`no paragraph starts with text holding "${w}"`);
    const node = p.firstChild as Text;
    const at = node.data.indexOf(w);
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + w.length);
    const sel = getSelection()!;
    sel.removeAllRanges();
    sel.addRange(range);
  }, words);
}
