// One article page as the content script sees it: read the text, find the quotes, anchor the saved
// annotations, paint both, and answer the popup. Knows nothing of the database: it asks the background.
import type { Annotation } from '../annotation';
import { anchorQuote, selectorFor, textHash } from '../anchoring/text-anchor';
import { extractQuotes } from '../engine/index';
import type { AnchorState, PageQuote, PageState } from '../messages';
import { pageKeyOf } from '../page-key';
import { Highlighter, type HighlightGroup } from './highlighter';
import { readArticle, type PageArticle } from './read-article';

/** A hostile page cannot make us read or highlight without end. */
export const MAX_ARTICLE_CHARS = 3_000_000;
export const MAX_QUOTES = 5_000;

export interface PageSessionDeps {
  /** Saved annotations of a page key (asked of the background). */
  loadAnnotations(pageKey: string): Promise<Annotation[]>;
  /** Tells the background how many quotes were found (for the badge). */
  reportCount(pageKey: string, count: number, capped: boolean): Promise<unknown>;
}

export class PageSession {
  private page: PageArticle | null = null;
  private quotes: PageQuote[] = [];
  private anchors: AnchorState[] = [];
  private annotations: Annotation[] = [];
  private capped = false;
  private hash = '';
  private readonly highlighter: Highlighter;
  pageKey = '';

  constructor(private readonly doc: Document, private readonly deps: PageSessionDeps) {
    this.highlighter = new Highlighter(doc);
  }

  get isArticle(): boolean {
    return !!this.page && this.page.evidence !== null;
  }

  /** Reads the page and paints detected quotes. Returns false when the page is not an article. */
  async start(): Promise<boolean> {
    this.pageKey = pageKeyOf(this.doc, this.doc.location.href);
    const page = readArticle(this.doc, MAX_ARTICLE_CHARS);
    this.page = page;
    if (page.evidence === null) return false;
    const { text } = page.article;
    this.hash = textHash(text);
    const result = extractQuotes(page.article, { maxQuotes: MAX_QUOTES });
    this.capped = result.capped || text.length >= MAX_ARTICLE_CHARS;
    this.quotes = result.quotes.map((q) => {
      const sel = selectorFor(text, q.start, q.end);
      return { start: q.start, end: q.end, exact: sel.exact, prefix: sel.prefix, suffix: sel.suffix, kind: q.kind, speaker: q.speaker, role: q.role, cue: q.cue, confidence: q.confidence };
    });
    this.paint();
    await this.deps.reportCount(this.pageKey, this.quotes.filter((q) => q.kind !== 'indirect').length, this.capped);
    await this.refreshAnnotations();
    return true;
  }

  /** Re-reads the saved annotations of this page, re-anchors them and repaints. */
  async refreshAnnotations(): Promise<void> {
    if (!this.page) return;
    this.annotations = await this.deps.loadAnnotations(this.pageKey);
    const { text } = this.page.article;
    this.anchors = this.annotations.map((a) => {
      const hit = anchorQuote(text, a);
      return hit ? { id: a.id, start: hit.start, end: hit.end, status: hit.status } : { id: a.id, start: null, end: null, status: 'orphan' as const };
    });
    this.paint();
  }

  private ranges(spans: Iterable<{ start: number; end: number }>): Range[] {
    const map = this.page!.article.map;
    const out: Range[] = [];
    for (const s of spans) {
      const r = map.range(this.doc, s.start, s.end);
      if (r) out.push(r);
    }
    return out;
  }

  private paint(): void {
    if (!this.page) return;
    const savedSpans = new Map<HighlightGroup, { start: number; end: number }[]>();
    const covered: { start: number; end: number }[] = [];
    for (const anchor of this.anchors) {
      if (anchor.start === null || anchor.end === null) continue;
      const a = this.annotations.find((x) => x.id === anchor.id);
      const group: HighlightGroup = a?.sentiment ?? 'saved';
      const list = savedSpans.get(group) ?? [];
      list.push({ start: anchor.start, end: anchor.end });
      savedSpans.set(group, list);
      covered.push({ start: anchor.start, end: anchor.end });
    }
    const detected = this.quotes.filter((q) => q.kind !== 'indirect' && !covered.some((c) => c.start < q.end && q.start < c.end));
    this.highlighter.set('detected', this.ranges(detected));
    for (const group of ['saved', 'positive', 'negative', 'neutral', 'mixed'] as const) {
      this.highlighter.set(group, this.ranges(savedSpans.get(group) ?? []));
    }
  }

  state(): PageState {
    const speakers = new Set<string>();
    for (const q of this.quotes) if (q.speaker) speakers.add(q.speaker);
    return {
      isArticle: this.isArticle,
      pageKey: this.pageKey,
      url: this.doc.location.href,
      title: this.doc.title,
      textHash: this.hash,
      capped: this.capped,
      quotes: this.quotes,
      anchors: this.anchors,
      speakers: [...speakers],
    };
  }

  /** Scrolls the article span into view and flashes it. */
  reveal(start: number, end: number): boolean {
    const range = this.page?.article.map.range(this.doc, start, end);
    if (!range) return false;
    const target = range.startContainer.parentElement;
    const reduce = this.doc.defaultView?.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    target?.scrollIntoView({ block: 'center', behavior: reduce ? 'auto' : 'smooth' });
    this.highlighter.flash(range);
    return true;
  }

  stop(): void {
    this.highlighter.clear();
    this.page = null;
    this.quotes = [];
    this.anchors = [];
  }
}
