// One article page as the content script sees it: read the text, find the quotes, anchor the saved
// annotations, paint both, follow the page as it changes, and answer the popup and the in-page card.
// Knows nothing of the database: it asks the background. Work runs in short tasks (see schedule.ts).
import type { Annotation } from '../annotation';
import { AnchorIndex, selectorFor, textHash, type QuoteSelector } from '../anchoring/text-anchor';
import { DOUBLE_MARK_RE, SINGLE_MARK_RE } from '../engine/chars';
import type { ArticleText, InlineSpan, Quote } from '../engine/index';
import { ENGINE_SLICE_CHARS, extractInSlices } from './engine-slices';
import { MAX_ENGINE_REQUEST_CHARS, parseExtractReply, type AnchorState, type PageQuote, type PageState, type SiteSettings } from '../messages';
import { cleanUrl, pageKeyOf } from '../page-key';
import { Highlighter, type HighlighterOptions, type HighlightGroup, type PaintSpan } from './highlighter';
import { classifyMutations, type ArticleChange } from './living';
import { readArticle, type PageArticle } from './read-article';
import { mark, SLICE_MS, sliced, timed, yieldToMain, yieldToQueue } from './schedule';
import { findArticleRoot } from './article-root';
import { appendArticle, articleTextReader, extractArticleText, TextMap, type MappedArticle } from './text-map';

/** Mapping while the background works goes in short slices: the answer waits for the slice under way. */
const MAP_SLICE_MS = 3;

/** A hostile page cannot make us read or highlight without end. */
export const MAX_ARTICLE_CHARS = 3_000_000;
export const MAX_QUOTES = 5_000;
/** A page that is not an article is looked at again at most this often when text arrives (late rendering). */
export const MAX_LATE_TRIES = 3;

export interface PageSessionDeps {
  /** Saved annotations of a page key (asked of the background). */
  loadAnnotations(pageKey: string): Promise<Annotation[]>;
  /** Tells the background how many quotes were found (for the badge). */
  reportCount(pageKey: string, count: number, capped: boolean): Promise<unknown>;
  /**
   * Runs the quote engine in the background over an article the page does not search itself: a long one
   * (see ENGINE_ON_PAGE_MAX_CHARS), or any in a cold page (coldPage) while the background's engine is warm.
   * Warm across pages, off the page's main thread. Its answer is untrusted: checked, and on any failure the
   * engine runs here. Absent: always here.
   */
  extractRemote?(pageKey: string, article: ArticleText & { spans: InlineSpan[] }, maxQuotes: number, beforeSettings: boolean): Promise<unknown>;
  /**
   * The page's JavaScript engine is cold for our code: the content script took long to load (a renderer
   * process that has not run QuoteLens yet, as on the first page of a site). A short article then goes to
   * the background too when its engine is warm (backgroundWarm), while here the engine's first run would
   * pay for compiling it (see COLD_SCRIPT_LOAD_MS in utils/page/script-start.ts).
   */
  coldPage?: boolean;
  /**
   * Whether the background said its engine is warm (SettingsReply.engineWarm). Right after the worker
   * started (the browser's first pages, or the first after it idled) it is as cold as the page's, and the
   * page's own run saves the round trip: the first page after the browser started took 35-64 ms to its
   * highlights through the background, 19-26 ms searched on the page (4 runs each). Absent: warm.
   */
  backgroundWarm?: () => boolean;
}

/**
 * How long the background may take to answer before the engine runs on the page instead. A warm answer
 * for a long article takes tens of milliseconds; a service worker being started takes a few hundred; one
 * that is stuck must not leave the page without highlights for long.
 */
export const ENGINE_REPLY_MS = 1_500;

/**
 * Articles up to this length are searched on the page, in one task: the engine's run there takes a few
 * milliseconds, up to some 25 in a page's fresh context, less than a round trip to the background while a page
 * loads (two hops of 5-25 ms each on a busy 2-core machine, to a worker whose process runs at a lower
 * priority than the page's). Longer ones go to the background, whose engine is warm: on the page their run
 * would be one task of 25-80 ms. In a page whose JavaScript engine is cold for our code (PageSessionDeps.coldPage),
 * every article goes to the background, if its engine is warm.
 */
export const ENGINE_ON_PAGE_MAX_CHARS = 40_000;

/** Where the quotes of a page were found (the `quotelens:engine` mark's detail). */
export type EngineRun =
  | { where: 'background'; ms: number; why: 'long article' | 'cold page' }
  | { where: 'page'; why: 'short article' | 'cold background' | 'no background' | 'long article' | 'failed' | 'timeout' | 'malformed reply' };

/** The background's answer for one article: its quotes, or null and why the engine is to run here. */
type RemoteAnswer = { found: ReturnType<typeof parseExtractReply>; run: EngineRun };

/** What is under a point of the page: a saved annotation or a detected quote. */
export type Hit =
  | { kind: 'saved'; annotation: Annotation; start: number; end: number }
  | { kind: 'detected'; quote: PageQuote; start: number; end: number };

function toPageQuote(text: string, q: Omit<Quote, 'text'>, shift = 0): PageQuote {
  const start = q.start + shift;
  const end = q.end + shift;
  const sel = selectorFor(text, start, end);
  return { start, end, exact: sel.exact, prefix: sel.prefix, suffix: sel.suffix, kind: q.kind, speaker: q.speaker, role: q.role, cue: q.cue, confidence: q.confidence };
}

/** Detected quotes of one text version, with their live ranges (null for reported speech and lost text). */
interface FoundQuotes {
  quotes: PageQuote[];
  ranges: (Range | null)[];
  capped: boolean;
}

export class PageSession {
  private page: PageArticle | null = null;
  private quotes: PageQuote[] = [];
  /** Live ranges of `quotes`, same order (null where the DOM no longer has the text). */
  private quoteRanges: (Range | null)[] = [];
  private anchors: AnchorState[] = [];
  private annotations: Annotation[] = [];
  private index: AnchorIndex | null = null;
  private capped = false;
  /** The hash of the article text, computed when first asked for (not on the way to the first paint). */
  private hashed: { text: string; hash: string } | null = null;
  private generation = 0;
  /** Times a page that was not an article was looked at again after text arrived. */
  private lateTries = 0;
  private scanned = false;
  /** Whether detected quotes were painted since the last start (the `first-paint` mark). */
  private shown = false;
  readonly highlighter: Highlighter;
  pageKey = '';
  settings: SiteSettings = { mode: 'always', hidden: false };
  /** Called as soon as the page is known to be an article and its text is read (before quotes are found). */
  onArticle: (() => void) | null = null;

  constructor(private readonly doc: Document, private readonly deps: PageSessionDeps, options: HighlighterOptions = {}) {
    this.highlighter = new Highlighter(doc, options);
  }

  get isArticle(): boolean {
    return !!this.page && this.page.evidence !== null;
  }
  get hasScanned(): boolean {
    return this.scanned;
  }
  get article(): MappedArticle | null {
    return this.isArticle ? this.page!.article : null;
  }
  get root(): Element | null {
    return this.isArticle ? this.page!.root : null;
  }
  get textHash(): string {
    const text = this.article?.text;
    if (text === undefined) return '';
    if (this.hashed?.text !== text) this.hashed = { text, hash: textHash(text) };
    return this.hashed.hash;
  }
  get speakers(): string[] {
    const speakers = new Set<string>();
    for (const q of this.quotes) if (q.speaker) speakers.add(q.speaker);
    for (const a of this.annotations) if (a.speaker) speakers.add(a.speaker);
    return [...speakers];
  }

  /**
   * Reads the page and paints detected quotes, then the saved annotations. Returns false when the page
   * is not an article (nothing else is done) or when the session was stopped meanwhile.
   * `keyHint` is the page key the caller wants when the page's canonical link is stale (single-page sites).
   * `allowed` lets the page be read while the caller still asks whether this site may be highlighted:
   * the quotes are looked for only once it resolved true; when it resolves false the reading is dropped.
   */
  async start(keyHint?: string, allowed: Promise<boolean> = Promise.resolve(true)): Promise<boolean> {
    const gen = ++this.generation;
    const gone = () => gen !== this.generation;
    let permitted: boolean | null = null;
    const gate = allowed.then((ok) => (permitted = ok), () => (permitted = false));
    // While the answer is awaited, the reading yields behind the tasks already queued (the reply among them),
    // not ahead of them as scheduler.yield would: the answer is then in when the reading is done. An answer
    // already in (the early question's, as a rule) is known a few microtasks later: then yieldToMain, ahead
    // of the page's queued tasks, as once it is known.
    const pause = (): Promise<unknown> => (permitted === null ? Promise.race([gate.then(yieldToMain), yieldToQueue()]) : yieldToMain());
    this.scanned = true;
    this.shown = false;
    this.pageKey = keyHint ?? pageKeyOf(this.doc, this.doc.location.href);
    // Two tasks: is it an article, and where (a page that is not gets no more work), then read its text.
    const found = timed('root', () => findArticleRoot(this.doc));
    if (found.evidence === null) {
      this.page = { evidence: null, root: found.root, article: { text: '', blocks: [], spans: [], map: new TextMap([], 0) } };
      mark('done', { article: false });
      return false;
    }
    await pause();
    if (gone()) return false;
    const reader = articleTextReader(found.root, { before: found.headline ? [found.headline] : [], maxChars: MAX_ARTICLE_CHARS });
    while (!timed('read', () => reader.step(performance.now() + SLICE_MS))) {
      await pause();
      if (gone()) return false;
    }
    const article = timed('read', () => reader.result());
    this.page = { evidence: found.evidence, root: found.root, article };
    this.quotes = [];
    this.quoteRanges = [];
    // A long article goes to the background now, even while the settings' answer is still on its way:
    // it knows the site's settings and runs the engine only on a site that is on. One round trip, not two.
    const answered = permitted !== null;
    const remote = permitted === false || this.onPageBecause(article) ? null : this.extractInBackground(article, !answered);
    if (!(await gate)) {
      if (!gone()) this.stop();
      return false;
    }
    if (gone()) return false;
    if (remote) void this.mapWhileWaiting(article, remote, gone);
    const quotes = await this.findQuotes(article, gone, remote);
    if (gone()) return false;
    this.onArticle?.();
    timed('paint', () => this.show(quotes));
    mark('painted', { quotes: this.quotes.filter((q) => q.kind !== 'indirect').length, chars: article.text.length });
    void this.report();
    await this.refreshAnnotations();
    if (gone()) return false;
    mark('done', { article: true, quotes: this.quotes.length, annotations: this.annotations.length });
    return true;
  }

  /** Why the engine runs on the page for this article rather than in the background, or null when it does not. */
  private onPageBecause(article: ArticleText): 'short article' | 'cold background' | null {
    if (article.text.length > ENGINE_ON_PAGE_MAX_CHARS) return null;
    if (!this.deps.coldPage) return 'short article';
    return this.deps.backgroundWarm?.() === false ? 'cold background' : null;
  }

  /**
   * The quotes of the whole article text with their live ranges. A long article is read by the engine in
   * slices; on a book-length page each slice but the last is painted at once, so the top of it is
   * highlighted while the rest is still being read.
   */
  private async findQuotes(article: MappedArticle, gone: () => boolean, asked: Promise<RemoteAnswer> | null = null): Promise<FoundQuotes> {
    const { text } = article;
    const quotes: PageQuote[] = [];
    const ranges: (Range | null)[] = [];
    /** The engine's quotes as page quotes (with their contexts) and their live ranges. */
    const take = (found: Omit<Quote, 'text'>[]) => timed('quotes', () => {
      for (const q of found) {
        const pq = toPageQuote(text, q);
        quotes.push(pq);
        ranges.push(pq.kind === 'indirect' ? null : article.map.range(this.doc, pq.start, pq.end));
      }
    });
    const onPage = this.onPageBecause(article);
    const remote: RemoteAnswer = onPage
      ? { found: null, run: { where: 'page', why: onPage } }
      : await (asked ?? this.extractInBackground(article, false));
    if (gone()) return { quotes, ranges, capped: false };
    if (remote.found) {
      take(remote.found.quotes);
      mark('engine', remote.run);
      return { quotes, ranges, capped: remote.found.capped || text.length >= MAX_ARTICLE_CHARS };
    }
    mark('engine', remote.run);
    // A task of its own for the engine on the page.
    await yieldToMain();
    if (gone()) return { quotes, ranges, capped: false };
    const result = await extractInSlices(article, MAX_QUOTES, gone, (found, more) => {
      if (gone()) return;
      take(found);
      // Painting early costs a repaint of the page between engine slices: worth it only when more than one
      // slice is still to come (book-length pages), not to show the top of an article a slice sooner.
      if (more && found.length && text.length > 2 * ENGINE_SLICE_CHARS && this.page?.article === article) {
        timed('paint', () => this.show({ quotes, ranges, capped: false }));
      }
    }, this.deps.coldPage === true);
    return { quotes, ranges, capped: result.capped || text.length >= MAX_ARTICLE_CHARS };
  }

  /**
   * While the background looks for the quotes, maps the text nodes of the blocks read whole that can hold a
   * painted quote (see TextMap.mapBlocks): those with a double quotation mark, guillemet or corner bracket, a
   * <q>, or inside a blockquote first, then those with a single mark. Slice by slice, until the answer is in;
   * whatever is left is mapped when the quotes are painted, as before.
   */
  private async mapWhileWaiting(article: MappedArticle, answer: Promise<unknown>, gone: () => boolean): Promise<void> {
    let waiting = true;
    void answer.finally(() => { waiting = false; });
    await yieldToQueue(); // an answer already in is painted first
    if (!waiting || gone()) return;
    const at = (marks: RegExp) => Array.from(article.text.matchAll(marks), (m) => m.index);
    const strong = at(DOUBLE_MARK_RE);
    const single = at(SINGLE_MARK_RE);
    for (const sp of article.spans ?? []) if (sp.kind === 'q') strong.push(sp.start);
    for (const b of article.blocks) if (b.kind === 'blockquote') strong.push(b.start);
    strong.sort((a, b) => a - b);
    for (const positions of [strong, single]) {
      let p = 0;
      // asked in text order: one pointer through the sorted positions
      const wanted = (start: number, end: number) => {
        while (p < positions.length && positions[p] < start) p++;
        return p < positions.length && positions[p] < end;
      };
      let from = 0;
      while (from >= 0) {
        await yieldToQueue();
        if (!waiting || gone() || this.page?.article !== article) return;
        from = timed('map', () => article.map.mapBlocks(wanted, from, performance.now() + MAP_SLICE_MS));
      }
    }
  }

  /**
   * Asks the background for the article's quotes. Null `found` (and why) when the engine is to run here:
   * no background, an article too long to send, or a background that failed (or declined), was late or answered nonsense.
   */
  private async extractInBackground(article: MappedArticle, beforeSettings: boolean): Promise<RemoteAnswer> {
    const ask = this.deps.extractRemote;
    if (!ask) return { found: null, run: { where: 'page', why: 'no background' } };
    if (article.text.length > MAX_ENGINE_REQUEST_CHARS) return { found: null, run: { where: 'page', why: 'long article' } };
    const { text, blocks, spans, lang } = article;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), ENGINE_REPLY_MS); });
    const t0 = performance.now();
    try {
      const reply = await Promise.race([ask(this.pageKey, { text, blocks, spans: spans ?? [], ...(lang === undefined ? {} : { lang }) }, MAX_QUOTES, beforeSettings).then((raw) => ({ raw })), late]);
      if (reply === 'timeout') return { found: null, run: { where: 'page', why: 'timeout' } };
      const found = parseExtractReply(reply.raw, text.length, MAX_QUOTES);
      const why = article.text.length > ENGINE_ON_PAGE_MAX_CHARS ? 'long article' : 'cold page';
      return found ? { found, run: { where: 'background', ms: +(performance.now() - t0).toFixed(1), why } } : { found: null, run: { where: 'page', why: 'malformed reply' } };
    } catch {
      return { found: null, run: { where: 'page', why: 'failed' } };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Makes `found` the detected quotes of the current text and paints them (with the saved annotations). */
  private show(found: FoundQuotes): void {
    this.quotes = found.quotes;
    this.quoteRanges = found.ranges;
    this.capped = found.capped;
    this.paint();
    if (!this.shown) { this.shown = true; mark('first-paint'); }
  }

  private report(): Promise<unknown> {
    return this.deps.reportCount(this.pageKey, this.quotes.filter((q) => q.kind !== 'indirect').length, this.capped).catch(() => undefined);
  }

  /** The anchor index of the current text version (built once per version). */
  private anchorIndex(): AnchorIndex {
    const text = this.page!.article.text;
    if (!this.index || this.index.text !== text) this.index = timed('index', () => new AnchorIndex(text));
    return this.index;
  }

  /** Re-reads the saved annotations of this page, re-anchors them and repaints. */
  async refreshAnnotations(): Promise<void> {
    if (!this.isArticle) return;
    const gen = this.generation;
    let list: Annotation[];
    try {
      list = await this.deps.loadAnnotations(this.pageKey);
    } catch {
      return;
    }
    if (gen !== this.generation) return;
    this.annotations = list;
    await this.anchorAll(() => gen !== this.generation);
  }

  /** Anchors every saved annotation (or only the orphans) on the current text, then repaints. */
  private async anchorAll(gone: () => boolean, onlyOrphans = false): Promise<void> {
    const previous = new Map(this.anchors.map((a) => [a.id, a]));
    const next: AnchorState[] = new Array(this.annotations.length);
    const index = this.annotations.length ? this.anchorIndex() : null;
    const ok = await sliced('anchor', this.annotations.length, (i) => {
      const a = this.annotations[i];
      const before = previous.get(a.id);
      if (onlyOrphans && before && before.status !== 'orphan') { next[i] = before; return; }
      const hit = index!.anchor(a);
      next[i] = hit ? { id: a.id, start: hit.start, end: hit.end, status: hit.status } : { id: a.id, start: null, end: null, status: 'orphan' };
    }, gone);
    if (!ok) return;
    this.anchors = next;
    timed('paint', () => this.paint());
  }

  private range(start: number, end: number): Range | null {
    return this.page ? this.page.article.map.range(this.doc, start, end) : null;
  }

  private paint(): void {
    if (!this.isArticle) return;
    const byId = new Map(this.annotations.map((a) => [a.id, a]));
    const saved = new Map<HighlightGroup, PaintSpan[]>();
    const covered: { start: number; end: number }[] = [];
    for (const anchor of this.anchors) {
      if (anchor.start === null || anchor.end === null) continue;
      const group: HighlightGroup = byId.get(anchor.id)?.sentiment ?? 'saved';
      const r = this.range(anchor.start, anchor.end);
      if (!r) continue;
      const list = saved.get(group) ?? [];
      list.push({ range: r, id: `a:${anchor.id}` });
      saved.set(group, list);
      covered.push({ start: anchor.start, end: anchor.end });
    }
    covered.sort((a, b) => a.start - b.start);
    const detected: PaintSpan[] = [];
    // Detected quotes are in text order, so one sweep finds those a saved annotation covers.
    let c = 0;
    let maxEnd = -1;
    for (let i = 0; i < this.quotes.length; i++) {
      const q = this.quotes[i];
      // The element fallback moves text into its marks, which collapses live Ranges it is not painting:
      // there, each paint takes the quote's range afresh from the text map.
      let r = this.quoteRanges[i];
      if (r && this.highlighter.fallback) r = this.quoteRanges[i] = this.range(q.start, q.end);
      if (!r) continue;
      while (c < covered.length && covered[c].start < q.end) { maxEnd = Math.max(maxEnd, covered[c].end); c++; }
      // covered spans starting before q.end: overlapping when one of them ends after q.start
      if (maxEnd > q.start && covered.some((s) => s.start < q.end && q.start < s.end)) continue;
      detected.push({ range: r, id: `q:${i}` });
    }
    this.highlighter.setGroups([
      ['detected', detected],
      ...(['saved', 'positive', 'negative', 'neutral', 'mixed'] as const).map((g): [HighlightGroup, PaintSpan[]] => [g, saved.get(g) ?? []]),
    ]);
  }

  /** Living pages: applies a batch of mutations (debounced by the caller). */
  async update(records: MutationRecord[], isOurs: (n: Node) => boolean): Promise<ArticleChange['kind']> {
    if (!this.scanned || !this.page) return 'none';
    if (!this.isArticle) {
      // A page that was not an article yet (late rendering): look again when real text arrived.
      const addedText = records.reduce((n, r) => n + Array.from(r.addedNodes).reduce((m, x) => m + (isOurs(x) ? 0 : (x.textContent ?? '').length), 0), 0);
      if (addedText < 200 || this.lateTries >= MAX_LATE_TRIES) return 'none';
      this.lateTries++;
      await this.start(this.pageKey);
      return 'restart';
    }
    const change = classifyMutations(records, this.page.root, this.page.article.map.lastNode, isOurs);
    if (change.kind === 'none') return 'none';
    if (change.kind === 'restart') {
      this.highlighter.clear();
      await this.start(this.pageKey);
      return 'restart';
    }
    const gen = ++this.generation;
    const gone = () => gen !== this.generation;
    if (change.kind === 'append') {
      const base = this.page.article;
      const more = timed('read', () => extractArticleText(change.elements[0], { after: change.elements.slice(1), maxChars: Math.max(0, MAX_ARTICLE_CHARS - base.text.length) }));
      if (!more.text) return 'none';
      const article = appendArticle(base, more);
      const shift = base.text ? base.text.length + 2 : 0;
      this.page = { ...this.page, article };
      const found = await extractInSlices(more, Math.max(0, MAX_QUOTES - this.quotes.length), gone, (slice) => {
        if (gone()) return;
        for (const q of slice) {
          const pq = toPageQuote(article.text, q, shift);
          this.quotes.push(pq);
          this.quoteRanges.push(pq.kind === 'indirect' ? null : article.map.range(this.doc, pq.start, pq.end));
        }
      });
      if (gone()) return 'none';
      this.capped ||= found.capped || article.text.length >= MAX_ARTICLE_CHARS;
      // The context of the last old quotes grew: their suffixes are recomputed on the longer text.
      for (const q of this.quotes) if (q.end > base.text.length - 64 && q.start < shift) Object.assign(q, selectorFor(article.text, q.start, q.end));
      await this.anchorAll(gone, true);
    } else {
      const page = timed('read', () => readArticle(this.doc, MAX_ARTICLE_CHARS));
      if (page.evidence === null) return 'none';
      this.page = page;
      await yieldToMain();
      if (gone()) return 'none';
      const found = await this.findQuotes(page.article, gone);
      if (gone()) return 'none';
      timed('paint', () => this.show(found));
      await this.anchorAll(gone);
    }
    if (gone()) return 'none';
    void this.report();
    mark('updated', { change: change.kind, quotes: this.quotes.length });
    return change.kind;
  }

  /** What lies under a text offset of the article: a saved annotation first, else a detected quote. */
  hitAt(offset: number): Hit | null {
    const byId = new Map(this.annotations.map((a) => [a.id, a]));
    for (const anchor of this.anchors) {
      if (anchor.start !== null && anchor.end !== null && anchor.start <= offset && offset < anchor.end) {
        const annotation = byId.get(anchor.id);
        if (annotation) return { kind: 'saved', annotation, start: anchor.start, end: anchor.end };
      }
    }
    // Quotes are in text order: binary search for the last one starting at or before offset.
    let lo = 0;
    let hi = this.quotes.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.quotes[mid].start <= offset) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    for (let i = found; i >= 0 && i > found - 8; i--) {
      const q = this.quotes[i];
      if (q.kind !== 'indirect' && q.start <= offset && offset < q.end) return { kind: 'detected', quote: q, start: q.start, end: q.end };
    }
    return null;
  }

  /** The hit a fallback mark stands for (its data-id). */
  hitById(id: string): Hit | null {
    if (id.startsWith('a:')) {
      const anchor = this.anchors.find((a) => a.id === id.slice(2));
      const annotation = this.annotations.find((a) => a.id === id.slice(2));
      if (anchor && annotation && anchor.start !== null && anchor.end !== null) return { kind: 'saved', annotation, start: anchor.start, end: anchor.end };
    } else if (id.startsWith('q:')) {
      const q = this.quotes[Number(id.slice(2))];
      if (q) return { kind: 'detected', quote: q, start: q.start, end: q.end };
    }
    return null;
  }

  /** Article offsets of a DOM range (a selection), trimmed of surrounding white space; null outside the article. */
  offsetsOf(range: Range): { start: number; end: number } | null {
    const article = this.article;
    if (!article) return null;
    const textNodes: Text[] = [];
    if (range.startContainer.nodeType === 3 && range.startContainer === range.endContainer) textNodes.push(range.startContainer as Text);
    else {
      const walker = this.doc.createTreeWalker(range.commonAncestorContainer, 4);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) if (range.intersectsNode(n)) textNodes.push(n as Text);
    }
    let start: number | null = null;
    let end: number | null = null;
    for (const t of textNodes) {
      const s = article.map.offsetOf(t, t === range.startContainer ? range.startOffset : 0);
      if (s !== null) { start = s; break; }
    }
    for (let i = textNodes.length - 1; i >= 0; i--) {
      const t = textNodes[i];
      const e = article.map.offsetOf(t, t === range.endContainer ? range.endOffset : t.length);
      if (e !== null) { end = e; break; }
    }
    if (start === null || end === null || end <= start) return null;
    const text = article.text;
    while (start < end && /\s/.test(text[start])) start++;
    while (end > start && /\s/.test(text[end - 1])) end--;
    return end > start ? { start, end } : null;
  }

  selector(start: number, end: number): QuoteSelector {
    return selectorFor(this.page!.article.text, start, end);
  }

  /** A saved (or changed) annotation from the card: keep it, place it and repaint without asking again. */
  accept(saved: Annotation): void {
    const i = this.annotations.findIndex((a) => a.id === saved.id);
    if (i >= 0) this.annotations[i] = saved; else this.annotations.push(saved);
    const hit = this.anchorIndex().anchor(saved);
    const state: AnchorState = hit ? { id: saved.id, start: hit.start, end: hit.end, status: hit.status } : { id: saved.id, start: null, end: null, status: 'orphan' };
    const j = this.anchors.findIndex((a) => a.id === saved.id);
    if (j >= 0) this.anchors[j] = state; else this.anchors.push(state);
    timed('paint', () => this.paint());
  }

  state(): PageState {
    return {
      isArticle: this.isArticle,
      pageKey: this.pageKey || pageKeyOf(this.doc, this.doc.location.href),
      url: this.doc.location.href,
      title: this.doc.title,
      textHash: this.textHash,
      capped: this.capped,
      quotes: this.quotes,
      anchors: this.anchors,
      speakers: this.speakers,
      mode: this.settings.mode,
      hidden: this.settings.hidden,
    };
  }

  /** The live range of an article span (card placement, hit confirmation). */
  rangeOf(start: number, end: number): Range | null {
    return this.range(start, end);
  }

  /** Scrolls the article span into view and flashes it. */
  reveal(start: number, end: number): boolean {
    const range = this.range(start, end);
    if (!range) return false;
    const target = range.startContainer.parentElement;
    const reduce = this.doc.defaultView?.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    target?.scrollIntoView({ block: 'center', behavior: reduce ? 'auto' : 'smooth' });
    this.highlighter.flash(range);
    return true;
  }

  setHidden(hidden: boolean): void {
    this.settings = { ...this.settings, hidden };
    this.highlighter.setHidden(hidden);
  }

  /** Forgets this page (single-page navigation, the site switched off): highlights gone, work cancelled. */
  stop(): void {
    this.generation++;
    this.highlighter.clear();
    this.page = null;
    this.quotes = [];
    this.quoteRanges = [];
    this.anchors = [];
    this.annotations = [];
    this.index = null;
    this.hashed = null;
    this.capped = false;
    this.scanned = false;
  }
}

/**
 * The page key after a single-page navigation. Such sites often leave the previous article's canonical
 * link in the head; when the key did not change although the address did, the address is the key.
 */
export function keyAfterNavigation(doc: Document, previousKey: string, oldUrl: string, newUrl: string): string {
  const key = pageKeyOf(doc, newUrl);
  if (key === previousKey && cleanUrl(oldUrl) !== cleanUrl(newUrl)) return cleanUrl(newUrl) ?? key;
  return key;
}
