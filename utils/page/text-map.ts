// Maps the DOM text of an article to one plain string with offsets, and offsets back to DOM ranges.
// The quote engine only ever sees the string; highlights and anchors go back through this map.
import type { ArticleText, BlockKind, InlineSpan, TextBlock } from '../engine/types';
import { toOrigin, toPiece } from './split-text';

/** A run of article text that comes from one text node without any whitespace folded inside it. */
interface Segment {
  node: Text;
  nodeStart: number;
  textStart: number;
  length: number;
}

const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'li',
  'main', 'nav', 'ol', 'p', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'caption',
]);
/** Never article text: scripts, media, controls, page furniture and code blocks. */
const SKIP_TAGS = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'canvas', 'iframe', 'object', 'embed', 'video', 'audio',
  'picture', 'img', 'nav', 'aside', 'footer', 'form', 'button', 'select', 'textarea', 'input', 'label', 'head',
  'pre', 'dialog', 'menu',
]);
const CODE_TAGS = new Set(['code', 'kbd', 'samp', 'tt', 'var']);
/** Page furniture that often sits inside an article's container; matched on class and id words. */
const NOISE = /(?:^|[\s_-])(?:comments?|related|share|sharing|social|promo|newsletter|subscribe|sidebar|advert|ad-slot|ads|sponsor|breadcrumbs?|byline-share|recirc|more-stories|outbrain|taboola|paywall|cookie|consent|modal|popup)(?:$|[\s_-])/i;

function isWhitespace(code: number): boolean {
  // no-break spaces are kept: French puts them inside « », and they never come from source indentation
  return code === 32 || code === 9 || code === 10 || code === 12 || code === 13;
}

function blockKindOf(tag: string): BlockKind | null {
  if (tag === 'p') return 'paragraph';
  if (/^h[1-6]$/.test(tag)) return 'heading';
  if (tag === 'li' || tag === 'dt' || tag === 'dd') return 'list';
  if (tag === 'figcaption' || tag === 'caption') return 'caption';
  if (tag === 'blockquote') return 'blockquote';
  return null;
}

export interface MappedArticle extends ArticleText {
  map: TextMap;
}

export class TextMap {
  constructor(private readonly segments: Segment[], readonly length: number) {}

  /** Index of the last segment starting at or before `offset`. */
  private find(offset: number): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    let ans = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.segments[mid].textStart <= offset) { ans = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return ans;
  }

  /** The DOM position of a text offset; `bias` picks the side when the offset falls in a gap between nodes. */
  position(offset: number, bias: 'start' | 'end'): { node: Text; offset: number } | null {
    if (!this.segments.length) return null;
    const i = this.find(offset);
    const seg = i >= 0 ? this.segments[i] : null;
    // Segments name the page's own text nodes; where the highlighting fallback split one, the point is in a piece.
    if (seg && offset <= seg.textStart + seg.length && (bias === 'end' || offset < seg.textStart + seg.length)) {
      return toPiece(seg.node, seg.nodeStart + (offset - seg.textStart), bias);
    }
    if (bias === 'start') {
      const next = this.segments[i + 1];
      return next ? toPiece(next.node, next.nodeStart, bias) : null;
    }
    return seg ? toPiece(seg.node, seg.nodeStart + seg.length, bias) : null;
  }

  /** A live DOM Range over text offsets [start, end), or null if the nodes are gone. */
  range(doc: Document, start: number, end: number): Range | null {
    const a = this.position(start, 'start');
    const b = this.position(end, 'end');
    if (!a || !b || !a.node.isConnected || !b.node.isConnected) return null;
    const range = doc.createRange();
    try {
      range.setStart(a.node, Math.min(a.offset, a.node.length));
      range.setEnd(b.node, Math.min(b.offset, b.node.length));
    } catch {
      return null;
    }
    return range;
  }

  private byNode: Map<Node, number[]> | null = null;

  /** The text offset of a DOM point inside a mapped text node, or null when the node is not part of the article. */
  offsetOf(point: Node, pointOffset: number): number | null {
    const { node, offset: nodeOffset } = point.nodeType === 3 ? toOrigin(point as Text, pointOffset) : { node: point, offset: pointOffset };
    // Built on first use (clicks and hovers), then each lookup touches only the node's own segments.
    if (!this.byNode) {
      this.byNode = new Map();
      this.segments.forEach((seg, i) => {
        const list = this.byNode!.get(seg.node);
        if (list) list.push(i); else this.byNode!.set(seg.node, [i]);
      });
    }
    let best: number | null = null;
    for (const i of this.byNode.get(node) ?? []) {
      const seg = this.segments[i];
      if (nodeOffset < seg.nodeStart) return best ?? seg.textStart;
      if (nodeOffset <= seg.nodeStart + seg.length) return seg.textStart + (nodeOffset - seg.nodeStart);
      best = seg.textStart + seg.length;
    }
    return best;
  }

  /** The last mapped text node (new text after it was appended, not inserted). */
  get lastNode(): Text | null {
    return this.segments.length ? this.segments[this.segments.length - 1].node : null;
  }

  /** Whether every mapped text node is still in the document. */
  allConnected(): boolean {
    for (const seg of this.segments) if (!seg.node.isConnected) return false;
    return true;
  }

  /** This map followed by `next`, whose offsets start at `shift`. */
  concat(next: TextMap, shift: number, length: number): TextMap {
    return new TextMap([...this.segments, ...next.segments.map((s) => ({ ...s, textStart: s.textStart + shift }))], length);
  }
}

/** An article with more text appended (blocks added at its end: infinite scroll, live blogs). */
export function appendArticle(base: MappedArticle, more: MappedArticle): MappedArticle {
  if (!more.text) return base;
  if (!base.text) return more;
  const shift = base.text.length + 2;
  const text = base.text + '\n\n' + more.text;
  return {
    text,
    lang: base.lang,
    blocks: [...base.blocks, ...more.blocks.map((b) => ({ ...b, start: b.start + shift, end: b.end + shift }))],
    spans: [...(base.spans ?? []), ...(more.spans ?? []).map((b) => ({ ...b, start: b.start + shift, end: b.end + shift }))],
    map: base.map.concat(more.map, shift, text.length),
  };
}

/** Whether an element starts a block of its own (so text appended in it is a new block of the article). */
export function isBlockElement(el: Element): boolean {
  return BLOCK_TAGS.has(el.nodeName.toLowerCase());
}

/** Whether an element is never read as article text (scripts, controls, page furniture). */
export function isSkippedElement(el: Element): boolean {
  const tag = el.nodeName.toLowerCase();
  if (SKIP_TAGS.has(tag) || el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true') return true;
  const cls = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
  return cls.length > 1 && NOISE.test(cls);
}

export interface ExtractTextOptions {
  /** Elements to read before the root (the headline when it stands outside the article element). */
  before?: Element[];
  /** Upper bound on characters read, so a hostile page cannot make us work without end. */
  maxChars?: number;
  /** Elements read after the root as more of the article (blocks appended to a living page). */
  after?: Element[];
}

/**
 * Reads the visible text of `root` into an ArticleText: block elements become blocks joined by "\n\n",
 * `<br>` a "\n", runs of whitespace one space; inline markup (`<b>`, `<a>`, `<em>`) adds nothing, so a quote
 * that crosses it stays one string. Iterative, so deeply nested markup cannot overflow the stack.
 */
export function extractArticleText(root: Element, options: ExtractTextOptions = {}): MappedArticle {
  const reader = articleTextReader(root, options);
  reader.step(Infinity);
  return reader.result();
}

/** Reads like extractArticleText, in steps: `step(deadline)` stops at `performance.now() > deadline` and says whether it finished. */
export interface ArticleTextReader {
  step(deadline: number): boolean;
  result(): MappedArticle;
}

/** The resumable reader behind extractArticleText, so a huge article can be read across several short tasks. */
export function articleTextReader(root: Element, options: ExtractTextOptions = {}): ArticleTextReader {
  const maxChars = options.maxChars ?? 2_000_000;
  const parts: string[] = [];
  let length = 0;
  const segments: Segment[] = [];
  const blocks: TextBlock[] = [];
  const spans: InlineSpan[] = [];
  let blockStart = -1; // offset where the current block's text began, -1 if none yet
  let blockKind: BlockKind = 'other';
  let pendingSpace: { node: Text; at: number } | null = null;
  let truncated = false;

  const closeBlock = () => {
    if (blockStart >= 0) {
      blocks.push({ start: blockStart, end: length, kind: blockKind });
      blockStart = -1;
    }
    pendingSpace = null;
  };
  const emit = (node: Text, data: string, from: number, to: number, kind: BlockKind) => {
    if (to <= from) return;
    if (blockStart < 0) {
      if (blocks.length) { parts.push('\n\n'); length += 2; }
      blockStart = length;
      blockKind = kind;
      pendingSpace = null;
    } else if (pendingSpace) {
      parts.push(' ');
      const sp = toOrigin(pendingSpace.node, pendingSpace.at);
      segments.push({ node: sp.node, nodeStart: sp.offset, textStart: length, length: 1 });
      length += 1;
      pendingSpace = null;
    }
    // named on the page's own node even when read while the highlighting fallback has it split
    const at = toOrigin(node, from);
    const last = segments[segments.length - 1];
    if (last && last.node === at.node && last.nodeStart + last.length === at.offset && last.textStart + last.length === length) {
      last.length += to - from;
    } else {
      segments.push({ node: at.node, nodeStart: at.offset, textStart: length, length: to - from });
    }
    parts.push(data.slice(from, to));
    length += to - from;
  };
  const lineBreak = () => {
    if (blockStart >= 0) { parts.push('\n'); length += 1; pendingSpace = null; }
  };

  // Depth-first along firstChild / nextSibling (no child lists copied, no frame per node); `open` holds the
  // elements entered and not yet left, so the walk can stop at a deadline and resume where it was.
  interface Open { el: Element; kind: BlockKind; block: boolean; spanStart: number; spanKind: InlineSpan['kind'] | null }
  const open: Open[] = [];
  const titles = options.before ?? [];
  const roots = [...titles, root, ...(options.after ?? [])];
  let rootIndex = 0;
  let next: Node | null = roots.length ? roots[0] : null;

  const leave = (f: Open) => {
    if (f.spanKind && length > f.spanStart) spans.push({ start: f.spanStart, end: length, kind: f.spanKind });
    if (f.block) closeBlock();
  };
  /** The node after `node` (whose subtree is done) in document order, leaving the elements that end here. */
  const after = (node: Node): Node | null => {
    for (;;) {
      if (!open.length) { rootIndex++; return rootIndex < roots.length ? roots[rootIndex] : null; }
      const sibling = node.nextSibling;
      if (sibling) return sibling;
      const f = open.pop()!;
      leave(f);
      node = f.el;
    }
  };
  const readText = (text: Text, kind: BlockKind) => {
    const data = text.data;
    let i = 0;
    while (i < data.length) {
      // copy a run of non-whitespace-run characters
      let j = i;
      while (j < data.length) {
        const c = data.charCodeAt(j);
        if (isWhitespace(c) && (c !== 32 || (j + 1 < data.length && isWhitespace(data.charCodeAt(j + 1))) || j + 1 === data.length || j === 0)) break;
        j++;
      }
      if (j > i) emit(text, data, i, j, kind);
      if (j >= data.length) break;
      // a whitespace run: fold it to one pending space
      let k = j;
      while (k < data.length && isWhitespace(data.charCodeAt(k))) k++;
      if (blockStart >= 0) pendingSpace = pendingSpace ?? { node: text, at: j };
      i = k;
    }
    if (length > maxChars) truncated = true;
  };
  /** Whether an element is skipped with its subtree. */
  const skipped = (el: Element, tag: string): boolean => {
    if (SKIP_TAGS.has(tag)) return true;
    if (!el.hasAttributes()) return false;
    if (el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true') return true;
    const cls = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
    // the roots themselves are read whatever their class says
    return cls.length > 1 && NOISE.test(cls) && !roots.includes(el);
  };

  let steps = 0;
  const step = (deadline: number): boolean => {
    while (next) {
      if ((++steps & 255) === 0 && deadline !== Infinity && performance.now() > deadline) return false;
      const node: Node = next;
      const parentKind: BlockKind = open.length ? open[open.length - 1].kind : rootIndex < titles.length ? 'title' : 'other';
      if (node.nodeType === 3) {
        if (!truncated) readText(node as Text, parentKind);
        next = after(node);
        continue;
      }
      if (node.nodeType !== 1) { next = after(node); continue; }
      const el = node as Element;
      const tag = el.localName.toLowerCase();
      if (tag === 'br') { lineBreak(); next = after(node); continue; }
      if (skipped(el, tag)) { next = after(node); continue; }
      const block = BLOCK_TAGS.has(tag);
      if (block) closeBlock();
      let kind = parentKind;
      if (kind !== 'title' && kind !== 'blockquote') {
        const own = blockKindOf(tag);
        if (own) kind = own;
      }
      const spanKind: InlineSpan['kind'] | null = tag === 'q' ? 'q' : CODE_TAGS.has(tag) ? 'code' : null;
      const f: Open = { el, kind, block, spanStart: spanKind ? length + (pendingSpace ? 1 : 0) : 0, spanKind };
      open.push(f);
      const first = el.firstChild;
      if (first) { next = first; continue; }
      open.pop();
      leave(f);
      next = after(node);
    }
    return true;
  };
  let done: MappedArticle | null = null;
  const result = (): MappedArticle => {
    if (done) return done;
    closeBlock();
    spans.sort((a, b) => a.start - b.start);
    const lang = (root.ownerDocument?.documentElement?.getAttribute('lang') ?? '').trim() || undefined;
    return (done = { text: parts.join(''), blocks, spans, lang, map: new TextMap(segments, length) });
  };
  return { step, result };
}
