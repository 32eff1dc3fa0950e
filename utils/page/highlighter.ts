// Paints quotations with the CSS Custom Highlight API: the page's DOM is not changed, only painted.
// Styles go in through a constructed stylesheet adopted by the document, not a <style> element.

export type HighlightGroup = 'detected' | 'saved' | 'positive' | 'negative' | 'neutral' | 'mixed' | 'flash';

const PREFIX = 'quotelens-';

const CSS = `
::highlight(${PREFIX}detected) { background-color: rgba(255, 214, 10, 0.35); }
::highlight(${PREFIX}saved) { background-color: rgba(64, 156, 255, 0.35); text-decoration: underline 2px rgba(64, 156, 255, 0.9); }
::highlight(${PREFIX}positive) { background-color: rgba(52, 199, 89, 0.35); text-decoration: underline 2px rgba(36, 138, 61, 0.9); }
::highlight(${PREFIX}negative) { background-color: rgba(255, 69, 58, 0.30); text-decoration: underline 2px rgba(215, 0, 21, 0.9); }
::highlight(${PREFIX}neutral) { background-color: rgba(142, 142, 147, 0.35); text-decoration: underline 2px rgba(99, 99, 102, 0.9); }
::highlight(${PREFIX}mixed) { background-color: rgba(191, 90, 242, 0.30); text-decoration: underline 2px rgba(137, 68, 171, 0.9); }
::highlight(${PREFIX}flash) { background-color: rgba(255, 149, 0, 0.85); color: #000; }
`;

export function highlightSupported(win: Window & typeof globalThis): boolean {
  return typeof win.Highlight === 'function' && !!win.CSS && 'highlights' in win.CSS;
}

export class Highlighter {
  private sheet: CSSStyleSheet | null = null;
  private readonly names = new Set<string>();

  constructor(private readonly doc: Document) {}

  private ensureStyles(): void {
    if (this.sheet) return;
    const win = this.doc.defaultView!;
    this.sheet = new win.CSSStyleSheet();
    this.sheet.replaceSync(CSS);
    this.doc.adoptedStyleSheets = [...this.doc.adoptedStyleSheets, this.sheet];
  }

  /** Replaces the ranges of one group. */
  set(group: HighlightGroup, ranges: Range[]): void {
    const win = this.doc.defaultView as (Window & typeof globalThis) | null;
    if (!win || !highlightSupported(win)) return;
    this.ensureStyles();
    const name = PREFIX + group;
    if (!ranges.length) {
      win.CSS.highlights.delete(name);
      this.names.delete(name);
      return;
    }
    const highlight = new win.Highlight(...ranges);
    // Sentiment colours paint over "saved", which paints over "detected"; the flash is on top.
    highlight.priority = group === 'flash' ? 3 : group === 'detected' ? 0 : group === 'saved' ? 1 : 2;
    win.CSS.highlights.set(name, highlight);
    this.names.add(name);
  }

  flash(range: Range, ms = 1500): void {
    this.set('flash', [range]);
    setTimeout(() => this.set('flash', []), ms);
  }

  clear(): void {
    const win = this.doc.defaultView as (Window & typeof globalThis) | null;
    if (!win || !highlightSupported(win)) return;
    for (const name of this.names) win.CSS.highlights.delete(name);
    this.names.clear();
  }

  /** Names and sizes of the registered highlights (used by tests and the demo). */
  static registered(win: Window & typeof globalThis): Record<string, number> {
    const out: Record<string, number> = {};
    if (!highlightSupported(win)) return out;
    win.CSS.highlights.forEach((h, name) => {
      if (name.startsWith(PREFIX)) out[name.slice(PREFIX.length)] = h.size;
    });
    return out;
  }
}
