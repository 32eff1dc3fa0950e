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

/**
 * A whole block read in one go from its textContent (see `plainBlock`): its text nodes are only looked at
 * when a point inside it is asked for, which few blocks ever are. `dead` when the block changed since it
 * was read and its nodes no longer give its text: no point inside it can be named any more.
 */
interface BlockSegment {
  block: Element;
  textStart: number;
  length: number;
  dead?: true;
}

type MapEntry = Segment | BlockSegment;

const isBlockSegment = (e: MapEntry): e is BlockSegment => 'block' in e;

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
/**
 * Page furniture that often sits inside an article's container; matched on class and id words. Reference
 * lists too (`references`, and MediaWiki's `reflist` and `refbegin`): an article's bibliography, titles of
 * works with their publishers and dates, is not its text. Read, it doubled a wiki article's reading and
 * engine time, and most of what the engine found there were titles of works.
 */
const NOISE = /(?:^|[\s_-])(?:comments?|related|share|sharing|social|promo|newsletter|subscribe|sidebar|advert|ad-slot|ads|sponsor|breadcrumbs?|byline-share|recirc|more-stories|outbrain|taboola|paywall|cookie|consent|modal|popup|references|reflist|refbegin)(?:$|[\s_-])/i;
/**
 * ARIA roles of what SKIP_TAGS skips by tag (nav, the page's footer, a search form), and DPUB-ARIA's
 * reference lists: sites mark their menus and link boxes with a role as often as with the tag. Not
 * `complementary` (aside): sites put it on a story's own summary and notes (archive-of-our-own does).
 */
const SKIP_ROLES = new Set(['navigation', 'contentinfo', 'search', 'doc-endnotes', 'doc-bibliography']);
/** The same as a selector, for plainBlock's one native query. */
const SKIPPED_ATTRS = ['[hidden]', '[aria-hidden]', ...[...SKIP_ROLES].map((r) => `[role="${r}"]`)].join(', ');

/** Whether an element is hidden by its attributes. */
function isHidden(el: Element): boolean {
  return el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true';
}

/** Whether an element's role, class or id marks it as page furniture (SKIP_ROLES, NOISE). */
function isFurnitureByAttributes(el: Element): boolean {
  const role = el.getAttribute('role');
  return (role !== null && SKIP_ROLES.has(role)) || isFurniture(el);
}

const BLOCK_KINDS = new Map<string, BlockKind>([
  ['p', 'paragraph'], ['h1', 'heading'], ['h2', 'heading'], ['h3', 'heading'], ['h4', 'heading'], ['h5', 'heading'], ['h6', 'heading'],
  ['li', 'list'], ['dt', 'list'], ['dd', 'list'], ['figcaption', 'caption'], ['caption', 'caption'], ['blockquote', 'blockquote'],
]);

/**
 * Whether a class attribute names page furniture (NOISE), remembered per class string: pages repeat the
 * same few hundred class strings over thousands of elements.
 */
const noisyClasses = new Map<string, boolean>();
function isNoisy(cls: string): boolean {
  let noisy = noisyClasses.get(cls);
  if (noisy === undefined) {
    if (noisyClasses.size > 4_096) noisyClasses.clear();
    noisyClasses.set(cls, (noisy = NOISE.test(cls)));
  }
  return noisy;
}

/** Whether an element's class or id marks it as page furniture. */
function isFurniture(el: Element): boolean {
  const cls = el.getAttribute('class');
  if (cls && isNoisy(cls)) return true;
  const id = el.getAttribute('id');
  return !!id && NOISE.test(id);
}

export interface MappedArticle extends ArticleText {
  map: TextMap;
}

export class TextMap {
  /** Sorted by textStart; a BlockSegment is replaced by its text nodes' segments when first needed. */
  private readonly segments: MapEntry[];
  constructor(segments: MapEntry[], readonly length: number) {
    this.segments = segments;
  }

  /** Index of the last entry starting at or before `offset`. */
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

  /**
   * Replaces the block entry at `i` by the segments of its text nodes, read again the way the whole
   * article is read; a block whose text changed since becomes dead. Returns how many entries replaced it.
   */
  private expand(i: number): number {
    const entry = this.segments[i] as BlockSegment;
    if (entry.dead) return 1;
    const read = readBlockNodes(entry.block);
    if (read.length !== entry.length) {
      this.segments[i] = { ...entry, dead: true };
      return 1;
    }
    const segs = read.segments.map((seg) => ({ ...seg, textStart: seg.textStart + entry.textStart }));
    this.segments.splice(i, 1, ...segs);
    if (this.byNode) for (const seg of segs) this.indexNode(seg);
    this.blockOf?.delete(entry.block);
    return segs.length;
  }

  /** The entry at `i` as a text-node segment (expanding a block there), or null for a dead block. */
  private segmentAt(i: number, side: 'first' | 'last'): Segment | null {
    if (i < 0 || i >= this.segments.length) return null;
    let e = this.segments[i];
    if (isBlockSegment(e)) {
      const n = this.expand(i);
      e = this.segments[side === 'first' ? i : i + n - 1];
      if (isBlockSegment(e)) return null; // dead
    }
    return e;
  }

  /** The DOM position of a text offset; `bias` picks the side when the offset falls in a gap between nodes. */
  position(offset: number, bias: 'start' | 'end'): { node: Text; offset: number } | null {
    if (!this.segments.length) return null;
    let i = this.find(offset);
    if (i >= 0 && isBlockSegment(this.segments[i])) {
      const entry = this.segments[i] as BlockSegment;
      if (entry.dead && offset < entry.textStart + entry.length) return null;
      if (!entry.dead) { this.expand(i); i = this.find(offset); }
    }
    const seg = i >= 0 ? this.segmentAt(i, 'last') : null;
    if (i >= 0 && !seg) return null;
    // Segments name the page's own text nodes; where the highlighting fallback split one, the point is in a piece.
    if (seg && offset <= seg.textStart + seg.length && (bias === 'end' || offset < seg.textStart + seg.length)) {
      return toPiece(seg.node, seg.nodeStart + (offset - seg.textStart), bias);
    }
    if (bias === 'start') {
      const next = this.segmentAt(i + 1, 'first');
      return next ? toPiece(next.node, next.nodeStart, bias) : null;
    }
    return seg ? toPiece(seg.node, seg.nodeStart + seg.length, bias) : null;
  }

  /**
   * Maps the text nodes of the blocks read whole that start at or after text offset `from` and that
   * `wanted(start, end)` picks (asked in text order), until `deadline` (performance.now()). Returns the offset
   * to go on from, or -1 when no block is left. Lets the page map the blocks its quotes will be painted in
   * while it has nothing else to do, rather than on the way to the paint.
   */
  mapBlocks(wanted: (start: number, end: number) => boolean, from: number, deadline: number): number {
    let i = Math.max(0, this.find(from));
    while (i < this.segments.length) {
      const e = this.segments[i];
      if (isBlockSegment(e) && !e.dead && e.textStart >= from && wanted(e.textStart, e.textStart + e.length)) {
        const next = e.textStart + e.length;
        this.expand(i);
        if (performance.now() >= deadline) return next;
        i = this.find(next - 1) + 1;
      } else i++;
    }
    return -1;
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

  private byNode: Map<Node, Segment[]> | null = null;
  /** Blocks not expanded yet, by element (a point in one of their nodes expands them). */
  private blockOf: Map<Element, BlockSegment> | null = null;

  private indexNode(seg: Segment): void {
    const list = this.byNode!.get(seg.node);
    // a node's segments come from one reading (its block's, or the article's), so they arrive in text order
    if (list) list.push(seg); else this.byNode!.set(seg.node, [seg]);
  }

  /** The text offset of a DOM point inside a mapped text node, or null when the node is not part of the article. */
  offsetOf(point: Node, pointOffset: number): number | null {
    const { node, offset: nodeOffset } = point.nodeType === 3 ? toOrigin(point as Text, pointOffset) : { node: point, offset: pointOffset };
    // Built on first use (clicks and hovers), then each lookup touches only the node's own segments.
    if (!this.byNode) {
      this.byNode = new Map();
      this.blockOf = new Map();
      for (const e of this.segments) {
        if (!isBlockSegment(e)) this.indexNode(e);
        else if (!e.dead) this.blockOf.set(e.block, e);
      }
    }
    if (!this.byNode.has(node) && this.blockOf!.size) {
      // A node of a block read whole: expand that block first.
      for (let el = node.parentElement; el; el = el.parentElement) {
        const entry = this.blockOf!.get(el);
        if (entry) {
          const i = this.segments.indexOf(entry);
          if (i >= 0) this.expand(i);
          break;
        }
      }
    }
    let best: number | null = null;
    for (const seg of this.byNode.get(node) ?? []) {
      if (nodeOffset < seg.nodeStart) return best ?? seg.textStart;
      if (nodeOffset <= seg.nodeStart + seg.length) return seg.textStart + (nodeOffset - seg.nodeStart);
      best = seg.textStart + seg.length;
    }
    return best;
  }

  /** The last mapped text node (new text after it was appended, not inserted). */
  get lastNode(): Text | null {
    const last = this.segmentAt(this.segments.length - 1, 'last');
    if (last) return last.node;
    const e = this.segments[this.segments.length - 1] as BlockSegment | undefined;
    if (!e) return null;
    // a dead block: its last text node stands for it
    const walker = e.block.ownerDocument.createTreeWalker(e.block, 4);
    let n: Node | null = null;
    for (let t = walker.nextNode(); t; t = walker.nextNode()) n = t;
    return n as Text | null;
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
  return SKIP_TAGS.has(tag) || isHidden(el) || isFurnitureByAttributes(el);
}

export interface ExtractTextOptions {
  /** Elements to read before the root (the headline when it stands outside the article element). */
  before?: Element[];
  /** Upper bound on characters read, so a hostile page cannot make us work without end. */
  maxChars?: number;
  /** Elements read after the root as more of the article (blocks appended to a living page). */
  after?: Element[];
  /** Read every text node, never a plain block whole: the reading the whole-block shortcut must agree with (the tests compare the two). */
  eager?: boolean;
}

/** Blocks that can be read whole when nothing inside them needs the node-by-node reading. */
const LEAF_BLOCK_TAGS = new Set(['p', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'dd', 'dt', 'td', 'th', 'figcaption', 'caption', 'summary']);
/** Whitespace that folds into something else: runs, and any tab or line break (a lone space stays as it is, unmatched: far fewer matches). */
const FOLDED_SPACE = /[ \t\n\f\r]{2,}|[\t\n\f\r]/g;

const NOT_PLAIN_TAGS = new Set([...BLOCK_TAGS, ...SKIP_TAGS, ...CODE_TAGS, 'q', 'br']);

/**
 * The text of a leaf block read whole, or null when it must be read node by node: it holds an element the
 * reading treats specially (a block, a skipped tag or role, <br>, <q>, code, hidden) or one whose class or
 * id marks it as page furniture. Whitespace is folded as the node-by-node reading folds it (every run one
 * space, none at the ends; no-break spaces kept), so the text is the same either way. Only the block's
 * elements are looked at (never its text nodes): their tags in one loop, their attributes by two native
 * queries; and its text comes in one native call: several times faster than visiting every node from a
 * content script, which runs cold on every page. (One selector list for tags and attributes together was
 * slower.)
 */
function plainBlock(el: Element): string | null {
  if (el.firstElementChild) {
    const inner = el.querySelectorAll('*');
    for (let i = 0; i < inner.length; i++) if (NOT_PLAIN_TAGS.has(inner[i].localName.toLowerCase())) return null;
    if (el.querySelector(SKIPPED_ATTRS)) return null;
    const named = el.querySelectorAll('[class], [id]');
    for (let i = 0; i < named.length; i++) if (isFurniture(named[i])) return null;
  }
  const text = (el.textContent ?? '').replace(FOLDED_SPACE, ' ');
  const from = text.charCodeAt(0) === 32 ? 1 : 0;
  const to = text.length > from && text.charCodeAt(text.length - 1) === 32 ? text.length - 1 : text.length;
  return from === 0 && to === text.length ? text : text.slice(from, to);
}

/**
 * Where a text node's whitespace is folded: runs of two or more, any tab or line break, a space at either
 * end. A single space between words is copied as it is. No-break spaces are never folded: French puts them
 * inside « », and they never come from source indentation.
 */
const FOLD_RUN = /[ \t\n\f\r]{2,}|[\t\n\f\r]|^ | $/g;

/**
 * The segments of a plain block's text nodes (a block read whole, when a point in it is first needed):
 * what the node-by-node reading records for it, computed by a lean walk (a plain block holds only text and
 * inline elements, see plainBlock).
 */
function readBlockNodes(block: Element): { segments: Segment[]; length: number } {
  const segments: Segment[] = [];
  let length = 0;
  let started = false;
  let pending: { node: Text; at: number } | null = null;
  const emit = (node: Text, from: number, to: number) => {
    if (!started) { started = true; pending = null; } else if (pending) {
      const sp = toOrigin(pending.node, pending.at);
      segments.push({ node: sp.node, nodeStart: sp.offset, textStart: length, length: 1 });
      length += 1;
      pending = null;
    }
    const at = toOrigin(node, from);
    const last = segments[segments.length - 1];
    if (last && last.node === at.node && last.nodeStart + last.length === at.offset && last.textStart + last.length === length) last.length += to - from;
    else segments.push({ node: at.node, nodeStart: at.offset, textStart: length, length: to - from });
    length += to - from;
  };
  let n: Node | null = block.firstChild;
  while (n) {
    if (n.nodeType === 3) {
      const text = n as Text;
      const data = text.data;
      FOLD_RUN.lastIndex = 0;
      let i = 0;
      for (let m = FOLD_RUN.exec(data); m; m = FOLD_RUN.exec(data)) {
        if (m.index > i) emit(text, i, m.index);
        if (started) pending ??= { node: text, at: m.index };
        i = m.index + m[0].length;
      }
      if (data.length > i) emit(text, i, data.length);
    } else if (n.nodeType === 1 && n.firstChild) {
      n = n.firstChild;
      continue;
    }
    while (n && n !== block && !n.nextSibling) n = n.parentNode;
    n = n && n !== block ? n.nextSibling : null;
  }
  return { segments, length };
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
  const segments: MapEntry[] = [];
  const eager = options.eager === true;
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
    const last = segments[segments.length - 1] as Segment | undefined;
    if (last && !isBlockSegment(last) && last.node === at.node && last.nodeStart + last.length === at.offset && last.textStart + last.length === length) {
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
    // runs of copied text between folded whitespace (the regex finds the folds natively, not char by char)
    FOLD_RUN.lastIndex = 0;
    let i = 0;
    for (let m = FOLD_RUN.exec(data); m; m = FOLD_RUN.exec(data)) {
      if (m.index > i) emit(text, data, i, m.index, kind);
      if (blockStart >= 0) pendingSpace = pendingSpace ?? { node: text, at: m.index };
      i = m.index + m[0].length;
    }
    if (data.length > i) emit(text, data, i, data.length, kind);
    if (length > maxChars) truncated = true;
  };
  /** Whether an element is skipped with its subtree. */
  const skipped = (el: Element, tag: string): boolean => {
    if (SKIP_TAGS.has(tag)) return true;
    if (!el.hasAttributes()) return false;
    if (isHidden(el)) return true;
    // the roots themselves are read whatever their role, class or id says
    return isFurnitureByAttributes(el) && !roots.includes(el);
  };

  /** A block read whole: the same text, block and (lazy) mapping the node-by-node reading gives. */
  const readWhole = (el: Element, kind: BlockKind, text: string) => {
    closeBlock();
    if (text) {
      if (blocks.length) { parts.push('\n\n'); length += 2; }
      segments.push({ block: el, textStart: length, length: text.length });
      blocks.push({ start: length, end: length + text.length, kind });
      parts.push(text);
      length += text.length;
    }
  };

  let budget = 256; // nodes between two looks at the clock
  const step = (deadline: number): boolean => {
    while (next) {
      if (--budget <= 0) {
        budget = 256;
        if (deadline !== Infinity && performance.now() > deadline) return false;
      }
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
        const own = BLOCK_KINDS.get(tag);
        if (own) kind = own;
      }
      if (block && !eager && !truncated && LEAF_BLOCK_TAGS.has(tag)) {
        const whole = plainBlock(el);
        // (a block that would cross the character limit is read node by node, to stop where it always did)
        if (whole !== null && length + 2 + whole.length <= maxChars) {
          readWhole(el, kind, whole);
          budget -= 16;
          next = after(node);
          continue;
        }
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
