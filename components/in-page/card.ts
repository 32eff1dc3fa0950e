// The in-page card: tag a quotation without leaving the text. It lives in a closed shadow root (the page
// can neither style nor read it), shows page text only as text (Preact escapes it; nothing is parsed as
// HTML), works from the keyboard (focus moves in on open, Escape closes and gives focus back,
// Ctrl/Cmd+Enter saves), and picks light or dark colours from the page behind it. QuoteCard is the thin
// host (shadow root, styles, event containment, placement, focus); the panel is Preact (CardPanel.tsx).
import { createElement, render } from 'preact';
import type { Sentiment } from '../../utils/annotation';
import { CardPanel } from './CardPanel';

export { parseTags } from './CardPanel';

export interface CardData {
  exact: string;
  speaker: string | null;
  sentiment: Sentiment | null;
  tags: string[];
  note: string;
  /** 'manual' for a selection the engine missed. */
  kind: string;
  saved: boolean;
}

export interface CardEdit {
  speaker: string | null;
  sentiment: Sentiment | null;
  tags: string[];
  note: string;
}

export const CARD_TAG = 'quotelens-card';

const STYLE = `
:host { all: initial !important; position: fixed !important; inset: 0 auto auto 0 !important; z-index: 2147483647 !important; width: 0 !important; height: 0 !important; }
.panel { position: fixed; box-sizing: border-box; width: 320px; max-width: calc(100vw - 16px); max-height: calc(100vh - 16px); overflow: auto;
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; text-align: left; letter-spacing: normal;
  background: #ffffff; color: #1c1c1e; border: 1px solid #c7c7cc; border-radius: 10px; box-shadow: 0 6px 24px rgba(0,0,0,.25); padding: 10px 12px; }
.panel.dark { background: #1f1f23; color: #f2f2f7; border-color: #55555c; box-shadow: 0 6px 24px rgba(0,0,0,.6); }
header { display: flex; align-items: center; justify-content: space-between; gap: 8px; margin: 0 0 6px; }
h2 { font-size: 13px; font-weight: 600; margin: 0; }
.quote { margin: 0 0 8px; padding: 0 0 0 8px; border-left: 3px solid #5b4bd1; font-style: italic; max-height: 6em; overflow: auto; white-space: pre-wrap; }
.dark .quote { border-left-color: #a99cff; }
label, legend { display: block; font-size: 12px; font-weight: 600; margin: 6px 0 2px; }
input[type=text], textarea { box-sizing: border-box; width: 100%; font: inherit; color: inherit; background: transparent; border: 1px solid #8e8e93; border-radius: 6px; padding: 4px 6px; }
textarea { resize: vertical; min-height: 3em; }
fieldset { border: 0; margin: 4px 0; padding: 0; }
.chips { display: flex; flex-wrap: wrap; gap: 4px; }
.chips label { display: inline-flex; align-items: center; gap: 3px; font-weight: 400; margin: 0; padding: 2px 6px; border: 1px solid #8e8e93; border-radius: 999px; cursor: pointer; }
button { font: inherit; border-radius: 6px; padding: 4px 10px; cursor: pointer; border: 1px solid #8e8e93; background: transparent; color: inherit; }
button.primary { background: #5b4bd1; border-color: #5b4bd1; color: #fff; }
.dark button.primary { background: #a99cff; border-color: #a99cff; color: #111; }
.close { padding: 0 6px; font-size: 16px; line-height: 1.2; }
.actions { display: flex; align-items: center; gap: 8px; margin-top: 8px; }
.status { font-size: 12px; margin: 0; }
.status.error { color: #d70015; }
.dark .status.error { color: #ff6961; }
:focus-visible { outline: 2px solid #0a84ff; outline-offset: 1px; }
`;

/** Relative luminance of a CSS colour string like rgb(…) / rgba(…); null when transparent or unknown. */
function luminance(color: string): number | null {
  const m = /rgba?\(([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)(?:[ ,/]+([\d.]+))?/.exec(color);
  if (!m) return null;
  if (m[4] !== undefined && Number(m[4]) < 0.5) return null;
  const [r, g, b] = [m[1], m[2], m[3]].map((x) => {
    const c = Number(x) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Whether the page behind a point is dark (its background, else its text colour is light). */
export function pageIsDark(doc: Document, near: Element | null): boolean {
  const view = doc.defaultView;
  if (!view) return false;
  for (let e: Element | null = near; e; e = e.parentElement) {
    const l = luminance(view.getComputedStyle(e).backgroundColor);
    if (l !== null) return l < 0.25;
  }
  const text = luminance(view.getComputedStyle(near ?? doc.documentElement).color);
  return text !== null && text > 0.5;
}

export class QuoteCard {
  readonly host: HTMLElement;
  private readonly shadow: ShadowRoot;
  private panel: HTMLElement | null = null;
  private returnFocus: Element | null = null;
  /** Opened by a click, the keyboard or the context menu (stays open); hover cards close when the pointer leaves. */
  pinned = false;

  /**
   * `options.shadowMode` is for tests only (tests/browser/card-a11y.test.ts opens the card in an 'open' root so
   * axe-core can read it); the extension always uses the default, 'closed'.
   */
  constructor(private readonly doc: Document, private readonly handlers: { save(edit: CardEdit): Promise<void>; closed?(): void }, options: { shadowMode?: ShadowRootMode } = {}) {
    this.host = doc.createElement(CARD_TAG);
    this.shadow = this.host.attachShadow({ mode: options.shadowMode ?? 'closed' });
    const sheet = new (doc.defaultView as Window & typeof globalThis).CSSStyleSheet();
    sheet.replaceSync(STYLE);
    this.shadow.adoptedStyleSheets = [sheet];
    // Keys typed in the card are the card's: the page's own shortcuts must not fire while the reader types.
    for (const type of ['keydown', 'keyup', 'keypress', 'input', 'beforeinput']) {
      this.shadow.addEventListener(type, (e) => e.stopPropagation());
    }
    // A hover card the reader starts using is theirs: it no longer closes when the pointer leaves it, so
    // nothing typed is lost (it closes by Escape, its close button, saving, or a click elsewhere).
    for (const type of ['pointerdown', 'focusin', 'input']) {
      this.shadow.addEventListener(type, () => { if (this.panel) this.pinned = true; });
    }
  }

  get isOpen(): boolean {
    return !!this.panel;
  }

  /** Whether an event's path goes through the card. */
  contains(event: Event): boolean {
    return event.composedPath().includes(this.host);
  }

  open(data: CardData, at: DOMRect | null, options: { focus: boolean; speakers: string[]; message?: string; dark?: boolean }): void {
    this.close(false);
    if (options.focus) this.returnFocus = this.doc.activeElement;
    this.pinned = options.focus;
    render(createElement(CardPanel, {
      data,
      speakers: options.speakers,
      message: options.message,
      dark: options.dark,
      save: (edit) => this.handlers.save(edit),
      close: () => this.close(),
    }), this.shadow);
    const panel = this.shadow.querySelector<HTMLElement>('.panel')!;
    if (!this.host.isConnected) this.doc.documentElement.append(this.host);
    this.panel = panel;
    this.place(at);
    if (options.focus) panel.querySelector<HTMLElement>(options.message ? '.close' : '#ql-speaker')?.focus({ preventScroll: true });
  }

  private place(at: DOMRect | null): void {
    if (!this.panel) return;
    const view = this.doc.defaultView!;
    const w = this.panel.offsetWidth || 320;
    const h = this.panel.offsetHeight || 300;
    const vw = view.innerWidth;
    const vh = view.innerHeight;
    let left = at ? at.left : (vw - w) / 2;
    let top = at ? at.bottom + 8 : 16;
    if (at && top + h > vh - 8 && at.top - h - 8 >= 8) top = at.top - h - 8;
    left = Math.max(8, Math.min(left, vw - w - 8));
    top = Math.max(8, Math.min(top, vh - h - 8));
    // Set on the element itself (the panel renders no style of its own); Preact 11 would not add the unit either.
    this.panel.style.left = `${Math.round(left)}px`;
    this.panel.style.top = `${Math.round(top)}px`;
  }

  close(notify = true): void {
    if (!this.panel) return;
    const hadFocus = this.shadow.activeElement !== null;
    render(null, this.shadow);
    this.panel = null;
    this.pinned = false;
    this.host.remove();
    if (hadFocus && this.returnFocus instanceof HTMLElement && this.returnFocus.isConnected) this.returnFocus.focus({ preventScroll: true });
    this.returnFocus = null;
    if (notify) this.handlers.closed?.();
  }
}
