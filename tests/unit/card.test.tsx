// @vitest-environment happy-dom
// The in-page card (components/in-page/card.ts + CardPanel.tsx) in a fake DOM: what it renders, that page
// text stays text, that only trusted input saves, Ctrl+Enter / Escape, errors shown. The closed shadow
// root is reached by capturing attachShadow's return value. (tests/browser/card.test.ts drives the real
// thing in Chromium.)
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseTags, QuoteCard, type CardData, type CardEdit } from '../../components/in-page/card';
import { SENTIMENTS } from '../../utils/annotation';

let root: ShadowRoot;
const original = Element.prototype.attachShadow;
beforeEach(() => {
  Element.prototype.attachShadow = function (init: ShadowRootInit) {
    root = original.call(this, init);
    return root;
  };
  document.body.innerHTML = '<button id="opener">x</button>';
});
afterEach(() => {
  Element.prototype.attachShadow = original;
});

const data = (over: Partial<CardData> = {}): CardData => ({ exact: 'We will rebuild', speaker: 'Ana', sentiment: null, tags: ['a'], note: '', kind: 'direct', saved: false, ...over });
const flush = () => new Promise((r) => setTimeout(r, 0));

function trusted<T extends Event>(e: T): T {
  Object.defineProperty(e, 'isTrusted', { value: true });
  return e;
}

function type(input: HTMLInputElement | HTMLTextAreaElement, value: string) {
  input.value = value;
  input.dispatchEvent(trusted(new Event('input', { bubbles: true })));
}

const $ = <E extends Element = HTMLElement>(sel: string) => root.querySelector<E>(sel);

describe('the in-page card', () => {
  it('renders the form: title, quote as text, speakers, sentiments with "none", ids and labels', () => {
    const card = new QuoteCard(document, { save: vi.fn() });
    card.open(data({ exact: '<img src=x onerror=alert(1)>' }), null, { focus: false, speakers: ['Ana', 'Bo'], dark: true });
    expect(card.isOpen).toBe(true);
    expect(card.host.isConnected).toBe(true);
    expect(card.host.shadowRoot).toBeNull();
    expect($('.panel')!.className).toBe('panel dark');
    expect($('.panel')!.getAttribute('role')).toBe('dialog');
    expect($('#ql-title')!.textContent).toBe('Quotation');
    expect($('.quote')!.textContent).toBe('<img src=x onerror=alert(1)>');
    expect(root.querySelector('img')).toBeNull();
    expect($('#ql-speaker')!.getAttribute('list')).toBe('ql-speakers');
    expect($<HTMLInputElement>('#ql-speaker')!.value).toBe('Ana');
    expect([...root.querySelectorAll('#ql-speakers option')].map((o) => o.getAttribute('value'))).toEqual(['Ana', 'Bo']);
    expect($('label[for="ql-tags"]')!.textContent).toBe('Claim tags');
    expect($<HTMLInputElement>('#ql-tags')!.value).toBe('a');
    const radios = [...root.querySelectorAll<HTMLInputElement>('input[name="ql-sentiment"]')];
    expect(radios.map((r) => r.value)).toEqual(['', ...SENTIMENTS]);
    expect(radios.find((r) => r.checked)!.value).toBe('');
    expect($('.close')!.getAttribute('aria-label')).toBe('Close');
    expect($('button.primary')!.textContent).toBe('Save');
    expect($('.panel')!.style.left).toMatch(/^\d+px$/);
    card.close();
    expect(card.isOpen).toBe(false);
    expect(card.host.isConnected).toBe(false);
    expect(root.childNodes.length).toBe(0);
  });

  it('message-only mode: no form, the close button takes focus; Escape closes and focus returns', () => {
    const closed = vi.fn();
    const opener = document.getElementById('opener')!;
    opener.focus();
    const card = new QuoteCard(document, { save: vi.fn(), closed });
    card.open(data({ kind: 'manual', exact: '' }), null, { focus: true, speakers: [], message: 'Select the words of the quotation first.' });
    expect(card.pinned).toBe(true);
    expect(root.querySelector('form')).toBeNull();
    expect($('.status')!.textContent).toBe('Select the words of the quotation first.');
    expect($('#ql-title')!.textContent).toBe('Add a quotation');
    expect(root.activeElement).toBe($('.close'));
    $('.close')!.dispatchEvent(trusted(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    expect(card.isOpen).toBe(false);
    expect(closed).toHaveBeenCalledOnce();
    expect(document.activeElement).toBe(opener);
  });

  it('focus goes into the speaker field; a script-made submit or Ctrl+Enter saves nothing; a trusted Ctrl+Enter saves and closes', async () => {
    const save = vi.fn<(e: CardEdit) => Promise<void>>(async () => undefined);
    const card = new QuoteCard(document, { save });
    card.open(data({ saved: true, sentiment: 'neutral' }), null, { focus: true, speakers: [] });
    expect($('#ql-title')!.textContent).toBe('Saved quotation');
    expect($('button.primary')!.textContent).toBe('Save changes');
    const speaker = $<HTMLInputElement>('#ql-speaker')!;
    expect(root.activeElement).toBe(speaker);
    $('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    speaker.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }));
    await flush();
    expect(save).not.toHaveBeenCalled();

    type(speaker, '  Mayor Ana Lima  ');
    type($<HTMLInputElement>('#ql-tags')!, 'infrastructure, budget, budget, ');
    type($<HTMLTextAreaElement>('#ql-note')!, '<b>bold</b>');
    const positive = $<HTMLInputElement>('input[value="positive"]')!;
    positive.checked = true;
    positive.dispatchEvent(trusted(new Event('change', { bubbles: true })));
    // No re-render in between: the values typed last are the ones saved.
    speaker.dispatchEvent(trusted(new KeyboardEvent('keydown', { key: 'Enter', metaKey: true, bubbles: true })));
    await flush();
    expect(save).toHaveBeenCalledExactlyOnceWith({ speaker: 'Mayor Ana Lima', sentiment: 'positive', tags: ['infrastructure', 'budget'], note: '<b>bold</b>' });
    expect(card.isOpen).toBe(false);
  });

  it('a failed save is shown in the card ("Not saved: …"), which stays open and can save again', async () => {
    let fail = true;
    const save = vi.fn(async () => { if (fail) throw new Error('the disk is full'); });
    const card = new QuoteCard(document, { save });
    card.open(data(), null, { focus: true, speakers: [] });
    $('form')!.dispatchEvent(trusted(new Event('submit', { bubbles: true, cancelable: true })));
    await flush();
    expect(card.isOpen).toBe(true);
    expect($('.actions .status')!.textContent).toBe('Not saved: the disk is full');
    expect($('.actions .status')!.className).toBe('status error');
    expect($<HTMLButtonElement>('button.primary')!.disabled).toBe(false);
    fail = false;
    $('form')!.dispatchEvent(trusted(new Event('submit', { bubbles: true, cancelable: true })));
    await flush();
    expect(save).toHaveBeenCalledTimes(2);
    expect(card.isOpen).toBe(false);
  });

  it('a card closed while its save is under way does not close the card opened next', async () => {
    let finish!: () => void;
    const card = new QuoteCard(document, { save: () => new Promise<void>((r) => { finish = r; }) });
    card.open(data(), null, { focus: true, speakers: [] });
    $('form')!.dispatchEvent(trusted(new Event('submit', { bubbles: true, cancelable: true })));
    await flush();
    expect($('.actions .status')!.textContent).toBe('Saving…');
    card.open(data({ exact: 'another quote' }), null, { focus: true, speakers: [] });
    finish();
    await flush();
    expect(card.isOpen).toBe(true);
    expect($('.quote')!.textContent).toBe('another quote');
  });

  it('keys typed in the card do not reach the page', () => {
    const pageKeys = vi.fn();
    document.addEventListener('keydown', pageKeys);
    const card = new QuoteCard(document, { save: vi.fn() });
    card.open(data(), null, { focus: true, speakers: [] });
    $('#ql-speaker')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', bubbles: true, composed: true }));
    expect(pageKeys).not.toHaveBeenCalled();
    document.removeEventListener('keydown', pageKeys);
    card.close();
  });
});

describe('parseTags', () => {
  it('trims, drops empties and duplicates, caps length and count', () => {
    expect(parseTags(' a, b ,a,, ')).toEqual(['a', 'b']);
    expect(parseTags('x'.repeat(150))[0]).toHaveLength(100);
    expect(parseTags(Array.from({ length: 80 }, (_, i) => `t${i}`).join(','))).toHaveLength(50);
  });
});
