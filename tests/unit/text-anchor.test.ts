// Pure text anchoring: where a saved quote lands in the current article text.
import { describe, expect, it } from 'vitest';
import { anchorQuote, selectorFor, textHash } from '../../utils/anchoring/text-anchor';

const base = 'Intro paragraph about the vote.\n\nThe mayor said “we will rebuild the bridge by spring” on Monday.\n\nLater the mayor said “we will rebuild the bridge by spring” again, to cheers from the crowd.';

describe('anchorQuote', () => {
  const first = base.indexOf('we will rebuild');
  const second = base.indexOf('we will rebuild', first + 1);
  const len = 'we will rebuild the bridge by spring'.length;

  it('keeps a quote where it was saved when the text there still matches', () => {
    const sel = selectorFor(base, second, second + len);
    expect(anchorQuote(base, sel)).toEqual({ start: second, end: second + len, status: 'exact' });
    expect(sel.prefix.length).toBe(32);
    expect(sel.suffix.length).toBe(32);
  });

  it('finds a moved quote and uses prefix and suffix to choose among repeats', () => {
    const sel = selectorFor(base, second, second + len);
    const edited = 'A new paragraph was inserted above everything else.\n\n' + base;
    const hit = anchorQuote(edited, sel)!;
    expect(hit.status).toBe('moved');
    expect(edited.slice(hit.start, hit.end)).toBe(sel.exact);
    expect(edited.slice(hit.end, hit.end + 10)).toBe('” again, t'); // the second one, by its suffix
  });

  it('finds a quote whose text was edited slightly by fuzzy match', () => {
    const sel = selectorFor(base, first, first + len);
    const edited = base.replace('we will rebuild the bridge by spring” on', 'we will rebuild the bridge by sprng” on');
    const hit = anchorQuote(edited, sel)!;
    expect(hit.status).toBe('fuzzy');
    expect(edited.slice(hit.start, hit.end)).toMatch(/^we will rebuild the bridge by spr/);
  });

  it('reports a deleted quote as not found instead of attaching it to other words', () => {
    const sel = selectorFor(base, first, first + len);
    const edited = 'Intro paragraph about the vote.\n\nThe council said nothing at all about any bridge or the season.';
    expect(anchorQuote(edited, sel)).toBeNull();
  });
});

describe('anchorQuote on whole words', () => {
  it('never returns a fuzzy match cut out of a word for a quote saved as whole words', () => {
    // Found by fast-check: text inserted before a short quote repeats its first word, so the context agrees
    // with "minister e" (two edits from the quote) inside the inserted "minister enough".
    const text = 'the the minister the';
    const sel = selectorFor(text, 8, 20);
    const changed = `${text.slice(0, 8)}minister enough the the budget ${text.slice(8)}`;
    const hit = anchorQuote(changed, sel);
    if (hit) expect(changed.slice(hit.start, hit.end)).toBe('minister the');
  });

  it('does not move a short quote whose words are still in the text onto similar words', () => {
    // Found by fast-check: "the. the. " (two edits away) had the saved context; the real words, later, did not.
    const text = 'the. the. the. the. the. the. of';
    const sel = selectorFor(text, 20, 32);
    const changed = `${text.slice(0, 20)}Ελλάδα the café ${text.slice(20)}`;
    const hit = anchorQuote(changed, sel);
    if (hit) expect(changed.slice(hit.start, hit.end)).toBe('the. the. of');
  });

  it('ignores a stored position that does not fit the quote (a selector from a file)', () => {
    expect(anchorQuote('R', { exact: 'R', prefix: '', suffix: '', start: 0, end: 2 })).toMatchObject({ start: 0, end: 1 });
  });

  it('still finds a whole-word quote whose last word was edited', () => {
    const text = 'Before it all, the minister said that the budget is not enough for the schools this year. After.';
    const start = text.indexOf('the budget');
    const end = text.indexOf(' this year');
    const sel = selectorFor(text, start, end);
    const changed = text.replace('schools', 'school');
    const hit = anchorQuote(changed, sel);
    expect(hit?.status).toBe('fuzzy');
    expect(changed.slice(hit!.start, hit!.end)).toBe('the budget is not enough for the school');
  });
});

describe('textHash', () => {
  it('differs when the text differs and is stable otherwise', () => {
    expect(textHash(base)).toBe(textHash(String(base)));
    expect(textHash(base)).not.toBe(textHash(base + '.'));
  });
});
