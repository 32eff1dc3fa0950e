// Paints quotations with the CSS Custom Highlight API: the page's DOM is not changed, only painted.
// Styles go in through a constructed stylesheet adopted by the document, not a <style> element.
// Where the API is missing (older Firefox and Safari), a fallback wraps the text in <quotelens-mark>
// elements with inline styles: inline, no layout of their own, and removed cleanly: only the text nodes
// the fallback split are joined back (see split-text.ts), so the page gets its own nodes back, whole.
import { isSplit, joinPieces, originOf, splitPiece, toOrigin, toPiece } from './split-text';

export type HighlightGroup = 'detected' | 'saved' | 'positive' | 'negative' | 'neutral' | 'mixed' | 'flash';

const PREFIX = 'quotelens-';
export const MARK_TAG = 'quotelens-mark';

const STYLES: Record<HighlightGroup, { bg: string; line?: string; color?: string }> = {
  detected: { bg: 'rgba(255, 214, 10, 0.35)' },
  saved: { bg: 'rgba(64, 156, 255, 0.35)', line: 'rgba(64, 156, 255, 0.9)' },
  positive: { bg: 'rgba(52, 199, 89, 0.35)', line: 'rgba(36, 138, 61, 0.9)' },
  negative: { bg: 'rgba(255, 69, 58, 0.30)', line: 'rgba(215, 0, 21, 0.9)' },
  neutral: { bg: 'rgba(142, 142, 147, 0.35)', line: 'rgba(99, 99, 102, 0.9)' },
  mixed: { bg: 'rgba(191, 90, 242, 0.30)', line: 'rgba(137, 68, 171, 0.9)' },
  flash: { bg: 'rgba(255, 149, 0, 0.85)', color: '#000' },
};
const GROUPS = Object.keys(STYLES) as HighlightGroup[];

function declarations(group: HighlightGroup): string {
  const s = STYLES[group];
  return `background-color: ${s.bg};${s.line ? ` text-decoration: underline 2px ${s.line};` : ''}${s.color ? ` color: ${s.color};` : ''}`;
}

const CSS_TEXT = GROUPS.map((g) => `::highlight(${PREFIX}${g}) { ${declarations(g)} }`).join('\n');

export function highlightSupported(win: Window & typeof globalThis): boolean {
  return typeof win.Highlight === 'function' && !!win.CSS && 'highlights' in win.CSS;
}

/** A span painted by the fallback: which group, and (for hit-testing) the id the caller gave it. */
export interface PaintSpan {
  range: Range;
  id?: string;
}

export interface HighlighterOptions {
  /** Use the element fallback even where the Highlight API exists (tests). */
  forceFallback?: boolean;
  onDomChanged?: () => void;
}

export class Highlighter {
  private sheet: CSSStyleSheet | null = null;
  private readonly names = new Set<string>();
  private readonly groups = new Map<HighlightGroup, PaintSpan[]>();
  private hidden = false;
  readonly fallback: boolean;

  private readonly domChanged: () => void;

  /**
   * `onDomChanged` is called after the fallback changed the page's DOM (so a MutationObserver of the
   * caller can drop the records of our own marks).
   */
  constructor(private readonly doc: Document, options: HighlighterOptions = {}) {
    const win = doc.defaultView as (Window & typeof globalThis) | null;
    this.fallback = options.forceFallback === true || !win || !highlightSupported(win);
    this.domChanged = options.onDomChanged ?? (() => undefined);
  }

  private get win(): Window & typeof globalThis {
    return this.doc.defaultView as Window & typeof globalThis;
  }

  private ensureStyles(): void {
    if (this.sheet) return;
    this.sheet = new this.win.CSSStyleSheet();
    this.sheet.replaceSync(CSS_TEXT);
    this.doc.adoptedStyleSheets = [...this.doc.adoptedStyleSheets, this.sheet];
  }

  /** Replaces the spans of one group. */
  set(group: HighlightGroup, spans: (Range | PaintSpan)[]): void {
    this.setGroups([[group, spans]]);
  }

  /**
   * Replaces the spans of several groups at once. With the element fallback this is one repaint: ranges
   * taken for the next group before a repaint of another would be collapsed by it.
   */
  setGroups(entries: [HighlightGroup, (Range | PaintSpan)[]][]): void {
    for (const [group, spans] of entries) {
      const list = spans.map((s) => ('range' in s ? s : { range: s }));
      if (list.length) this.groups.set(group, list);
      else this.groups.delete(group);
      if (!this.fallback && (!this.hidden || group === 'flash')) this.paintHighlight(group, list);
    }
    if (this.fallback) this.paintMarks();
  }

  private paintHighlight(group: HighlightGroup, list: PaintSpan[]): void {
    const win = this.doc.defaultView as (Window & typeof globalThis) | null;
    if (!win) return;
    const name = PREFIX + group;
    if (!list.length) {
      win.CSS.highlights.delete(name);
      this.names.delete(name);
      return;
    }
    this.ensureStyles();
    const highlight = new win.Highlight(...list.map((s) => s.range));
    // Sentiment colours paint over "saved", which paints over "detected"; the flash is on top.
    highlight.priority = group === 'flash' ? 3 : group === 'detected' ? 0 : group === 'saved' ? 1 : 2;
    win.CSS.highlights.set(name, highlight);
    this.names.add(name);
  }

  /** Hides (or shows again) every highlight; the spans are kept. */
  setHidden(hidden: boolean): void {
    if (hidden === this.hidden) return;
    this.hidden = hidden;
    if (this.fallback) { this.paintMarks(); return; }
    for (const group of GROUPS) {
      if (group === 'flash') continue;
      this.paintHighlight(group, hidden ? [] : this.groups.get(group) ?? []);
    }
  }

  get isHidden(): boolean {
    return this.hidden;
  }

  flash(range: Range, ms = 1500): void {
    this.set('flash', [range]);
    setTimeout(() => this.set('flash', []), ms);
  }

  clear(): void {
    this.groups.clear();
    if (this.fallback) this.paintMarks();
    const win = this.doc.defaultView as (Window & typeof globalThis) | null;
    if (!this.fallback && win && highlightSupported(win)) {
      for (const name of this.names) win.CSS.highlights.delete(name);
    }
    this.names.clear();
  }

  // ---- fallback: elements -------------------------------------------------------------------------

  /**
   * Repaints every group's marks. Wrapping moves text nodes into marks, which collapses any live Range
   * inside them, so each span's ends are first named on the page's own text nodes (split-text.ts), all marks
   * are removed and the split nodes joined, the groups are wrapped again (lowest priority first, so the
   * higher one is the inner mark and paints on top), and each span's Range is set to where its text is now.
   */
  private paintMarks(): void {
    const ends: { span: PaintSpan; group: HighlightGroup; start: Point; end: Point }[] = [];
    for (const group of GROUPS) {
      for (const span of this.groups.get(group) ?? []) {
        const start = originPoint(span.range.startContainer, span.range.startOffset);
        const end = originPoint(span.range.endContainer, span.range.endOffset);
        if (start && end) ends.push({ span, group, start, end });
      }
    }
    unwrapMarks(this.doc);
    for (const group of GROUPS) {
      if (this.hidden && group !== 'flash') continue;
      // Last span first: splitting a text node never moves the offsets of text before the split.
      const own = ends.filter((e) => e.group === group).reverse();
      for (const e of own) {
        const range = pieceRange(this.doc, e.start, e.end);
        if (range) wrapRange(this.doc, range, group, e.span.id);
      }
    }
    for (const e of ends) {
      const a = toPiece(e.start.node, e.start.offset, 'start');
      const b = toPiece(e.end.node, e.end.offset, 'end');
      try { e.span.range.setStart(a.node, a.offset); e.span.range.setEnd(b.node, b.offset); } catch { /* the page removed it */ }
    }
    this.domChanged();
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

/** The text nodes a range covers, each with the part of it inside the range. */
function textPieces(doc: Document, range: Range): { node: Text; from: number; to: number }[] {
  const out: { node: Text; from: number; to: number }[] = [];
  const rootNode = range.commonAncestorContainer;
  if (rootNode.nodeType === 3) {
    out.push({ node: rootNode as Text, from: range.startOffset, to: range.endOffset });
    return out;
  }
  const walker = doc.createTreeWalker(rootNode, 4 /* SHOW_TEXT */);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n as Text;
    if (!range.intersectsNode(t)) continue;
    const from = t === range.startContainer ? range.startOffset : 0;
    const to = t === range.endContainer ? range.endOffset : t.length;
    if (to > from) out.push({ node: t, from, to });
  }
  return out;
}

function wrapRange(doc: Document, range: Range, group: HighlightGroup, id?: string): void {
  const pieces = textPieces(doc, range);
  for (let i = pieces.length - 1; i >= 0; i--) {
    const { node, from, to } = pieces[i];
    const parent = node.parentNode;
    if (!parent || !(parent instanceof doc.defaultView!.Element)) continue;
    // Never inside elements whose content is not rendered text.
    if ((parent as Element).closest('script, style, textarea, title, svg, math')) continue;
    if (to < node.length) splitPiece(node, to);
    const middle = from > 0 ? splitPiece(node, from) : node;
    const mark = doc.createElement(MARK_TAG);
    mark.setAttribute('data-group', group);
    if (id) mark.setAttribute('data-id', id);
    // Inline style only: no stylesheet in the page, no layout change (display stays inline).
    mark.setAttribute('style', `${declarations(group)} display: inline; margin: 0; padding: 0; border: 0; font: inherit;`);
    parent.insertBefore(mark, middle);
    mark.appendChild(middle);
  }
}

/** A point of the page's text, named on the page's own (unsplit) text node. */
interface Point { node: Text; offset: number }

function originPoint(container: Node, offset: number): Point | null {
  if (container.nodeType !== 3) return null;
  return toOrigin(container as Text, offset);
}

/** A Range over two origin points as the DOM is now (split or not), or null when the text is gone. */
function pieceRange(doc: Document, start: Point, end: Point): Range | null {
  if (!start.node.isConnected || !end.node.isConnected) return null;
  const a = toPiece(start.node, start.offset, 'start');
  const b = toPiece(end.node, end.offset, 'end');
  const range = doc.createRange();
  try {
    range.setStart(a.node, a.offset);
    range.setEnd(b.node, b.offset);
  } catch {
    return null;
  }
  return range.collapsed ? null : range;
}

/**
 * Removes the fallback's marks, putting their text back, and joins the text nodes the wrapping split into
 * the page's own nodes again (never two text nodes the page made itself).
 */
export function unwrapMarks(doc: Document): void {
  const marks = doc.querySelectorAll(MARK_TAG);
  const origins = new Set<Text>();
  for (const mark of Array.from(marks)) {
    const parent = mark.parentNode;
    if (!parent) continue;
    while (mark.firstChild) {
      const child = mark.firstChild;
      if (child.nodeType === 3) origins.add(originOf(child as Text));
      parent.insertBefore(child, mark);
    }
    parent.removeChild(mark);
  }
  for (const origin of origins) if (isSplit(origin)) joinPieces(origin);
}
