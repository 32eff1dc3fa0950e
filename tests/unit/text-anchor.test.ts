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

describe('textHash', () => {
  it('differs when the text differs and is stable otherwise', () => {
    expect(textHash(base)).toBe(textHash(String(base)));
    expect(textHash(base)).not.toBe(textHash(base + '.'));
  });
});
