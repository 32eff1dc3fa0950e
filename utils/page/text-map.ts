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
  const emit = (node: Text, from: number, to: number, kind: BlockKind) => {
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
    parts.push(node.data.slice(from, to));
    length += to - from;
  };
  const lineBreak = () => {
    if (blockStart >= 0) { parts.push('\n'); length += 1; pendingSpace = null; }
  };

  // Explicit stack of [node, entering?, kind-of-enclosing-block, code-span-start]
  type Frame = { node: Node; exit: boolean; kind: BlockKind; spanStart?: number; spanKind?: InlineSpan['kind'] };
  const stack: Frame[] = [];
  const titles = options.before ?? [];
  const roots = [...titles, root, ...(options.after ?? [])];
  for (let r = roots.length - 1; r >= 0; r--) {
    const isTitle = r < titles.length;
    stack.push({ node: roots[r], exit: false, kind: isTitle ? 'title' : 'other' });
  }

  let steps = 0;
  const step = (deadline: number): boolean => {
  while (stack.length) {
    if ((++steps & 255) === 0 && deadline !== Infinity && performance.now() > deadline) return false;
    const frame = stack.pop()!;
    const { node } = frame;
    if (frame.exit) {
      const el = node as Element;
      const tag = el.nodeName.toLowerCase();
      if (frame.spanKind && frame.spanStart !== undefined && length > frame.spanStart) {
        spans.push({ start: frame.spanStart, end: length, kind: frame.spanKind });
      }
      if (BLOCK_TAGS.has(tag)) closeBlock();
      continue;
    }
    if (node.nodeType === 3) {
      if (truncated) continue;
      const text = node as Text;
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
        if (j > i) emit(text, i, j, frame.kind);
        if (j >= data.length) break;
        // a whitespace run: fold it to one pending space
        let k = j;
        while (k < data.length && isWhitespace(data.charCodeAt(k))) k++;
        if (blockStart >= 0) pendingSpace = pendingSpace ?? { node: text, at: j };
        i = k;
      }
      if (length > maxChars) truncated = true;
      continue;
    }
    if (node.nodeType !== 1) continue;
    const el = node as Element;
    const tag = el.nodeName.toLowerCase();
    if (tag === 'br') { lineBreak(); continue; }
    if (SKIP_TAGS.has(tag)) continue;
    if (el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true') continue;
    if (node !== root && !roots.includes(el)) {
      const cls = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
      if (cls.length > 1 && NOISE.test(cls)) continue;
    }
    const isBlock = BLOCK_TAGS.has(tag);
    if (isBlock) closeBlock();
    let kind = frame.kind;
    if (kind !== 'title' && kind !== 'blockquote') {
      const own = blockKindOf(tag);
      if (own) kind = own;
    }
    const exitFrame: Frame = { node, exit: true, kind };
    if (tag === 'q') { exitFrame.spanKind = 'q'; exitFrame.spanStart = length + (pendingSpace ? 1 : 0); }
    else if (CODE_TAGS.has(tag)) { exitFrame.spanKind = 'code'; exitFrame.spanStart = length + (pendingSpace ? 1 : 0); }
    stack.push(exitFrame);
    const children = el.childNodes;
    for (let c = children.length - 1; c >= 0; c--) stack.push({ node: children[c], exit: false, kind });
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
