// The quote engine: marks → spans, spans → quotations (scare quotes and titles dropped), then attribution
// with an article-wide record of names, roles and speakers, then indirect speech.
import type { ArticleText, ExtractOptions, ExtractResult, Quote, QuoteKind, TextBlock } from './types';
import { resolveLang } from './lang';
import { cuesFor, lexiconOf } from './cues';
import { findMarkedSpans, type MarkSpan } from './marks';
import { T, TOK_ATTN, TOK_SS, Toks, beginArticle, tokenize, type QuoteRange } from './tokens';
import { Registry, addFullNames, finishRegistry, FUNCTION_CAPS } from './names';
import { Context, NO_CUES, wordClassifierOf, type Cue, type Speaker } from './attribution';
import { judgeSpan } from './filter';
import { findIndirect } from './indirect';
import { isAlnum, isSpace } from './chars';

export type { ArticleText, Quote, QuoteKind, ExtractResult, TextBlock, InlineSpan, BlockKind } from './types';

// empty, but with the element kinds of the filled ones (the tokeniser sees one map)
const NO_RANGES: QuoteRange[] = [{ open: -1, close: -1 }];
NO_RANGES.length = 0;
const NO_INDEX: number[] = [];
const NO_TOKS = new Toks(0, 0);

function hasQuote(toks: Toks, a: number, b: number): boolean {
  for (let k = a; k < b; k++) if (toks.isQuote(k)) return true;
  return false;
}

interface Cand {
  span: MarkSpan;
  kind: QuoteKind;
  keep: boolean;
  speaker: Speaker | null;
  cue: string | null;
  conf: number;
  /** token position in its block (top-level quotes) once judged; -2 for a judged block quotation; -1 not yet */
  tok: number;
  parent: number;
  /** its index in the candidate list */
  index: number;
}

const isHeadingBlock = (b: TextBlock, text: string): boolean => (b.kind === 'heading' || b.kind === 'title') && b.end - b.start < 220 && !endsWithSentence(text, b);
function endsWithSentence(text: string, b: TextBlock): boolean {
  let e = b.end - 1;
  while (e > b.start && (isSpace(text.charCodeAt(e)) || text.charCodeAt(e) === 0x201d || text.charCodeAt(e) === 34)) e--;
  const c = text.charCodeAt(e);
  return (c === 46 && b.end - b.start > 120);
}

/**
 * The last call's working objects, kept until the next call. The optimised code of the engine checks the hidden
 * classes (maps) of these objects; V8 holds maps of objects that no longer exist only weakly, so a full GC
 * between two calls (a page, an idle tab, the bench's rounds) drops them and with them the optimised code
 * ("weak objects" deoptimisations). Measured again with the token columns: without these references the
 * bench's 9 timed rounds saw some 60 such invalidations, and extractQuotes, prepare, the registry and the
 * Context recompiled in most rounds; with them, none. One article's objects stay alive instead.
 */
let lastRun: unknown = null, lastQuotes: Quote[] = [], lastIndirect: Quote[] = [];

export function extractQuotes(article: ArticleText, options: ExtractOptions = {}): ExtractResult {
  return attribute(article, prepare(article), options);
}

/**
 * The same run in two steps, for a caller that must not hold its thread for the whole of it: the first
 * `next()` prepares (marks, tokens, names: about half of a run whose code is not compiled yet), the second
 * attributes and returns the result, as extractQuotes does.
 */
export function* extractQuotesInSteps(article: ArticleText, options: ExtractOptions = {}): Generator<void, ExtractResult, void> {
  const prepared = prepare(article);
  yield;
  return attribute(article, prepared, options);
}

/** The sentence loop over a prepared article: speakers, cues, indirect speech; then the result. */
function attribute(article: ArticleText, prepared: Prepared, options: ExtractOptions): ExtractResult {
  const max = options.maxQuotes ?? 5000;
  const { text, blocks } = article;
  const { all, bySpanBlock, blockToks, ctx } = prepared;

  const indirect: Quote[] = [];
  let lastQuoteSpeaker: { sp: Speaker; block: number } | null = null;
  let lastBlockquote: { sp: Speaker; block: number; conf: number } | null = null;
  const kept = (qi: number): boolean => all[qi].keep;
  // the cap: once the quotations found so far are more than `max`, the rest of the text is not attributed
  // (the result is the first `max` either way); `stopAt` is where reading stopped
  let found = 0, nextCheck = max + 1, stopAt = -1;
  const enough = (): boolean => {
    if (found < nextCheck) return false;
    const n = dedupe(collect(text, all, indirect, true)).length;
    if (n > max) return true;
    nextCheck = found + Math.max(max + 1 - n, found >> 1);
    return false;
  };

  // the sentence being read, for `subj` (one closure a call rather than one a sentence)
  const sentence = { toks: NO_TOKS, a: 0, b: 0, block: 0 };
  /** the subject of a cue of this sentence, worked out once (cues are made per sentence) */
  const subj = (c: Cue): Speaker | null => {
    if (c.subject === undefined) c.subject = ctx.subjectOf(sentence.toks, c, sentence.a, sentence.b, sentence.toks.s(c.k), sentence.block);
    return c.subject;
  };

  blocks: for (let bi = 0; bi < blocks.length; bi++) {
    const toks = blockToks[bi];
    const b = blocks[bi];
    const heading = isHeadingBlock(b, text);
    const spansHere = bySpanBlock[bi];
    const whole = spansHere.length ? spansHere.find((c) => c.kind === 'blockquote' && c.span.open < 0 && !c.span.fromQ) : undefined;
    if (whole) {
      // a block quotation: the speaker the article was just discussing (its own words are not cues);
      // a run of block quotations shares one speaker
      const last = ctx.events.length ? ctx.events[ctx.events.length - 1] : null;
      if (lastBlockquote && lastBlockquote.block === bi - 1) { whole.speaker = lastBlockquote.sp; whole.conf = lastBlockquote.conf; }
      else if (last && last.block >= bi - 3) { whole.speaker = last.sp; whole.conf = 0.4; }
      lastBlockquote = whole.speaker ? { sp: whole.speaker, block: bi, conf: whole.conf } : null;
      whole.tok = -2;
      found++;
      if (enough()) { stopAt = bi + 1 < blocks.length ? blocks[bi + 1].start : text.length; break; }
      continue;
    }
    let sentSpeaker: Speaker | null = null;
    // sentences
    for (let sa = 0, sb = 0; sa < toks.length; sa = sb) {
      sb = toks.nextWith(sa + 1, TOK_SS, toks.length);
      if (enough()) { stopAt = toks.s(sa); break blocks; }
      // a quotation or a word that may start a cue: else there is nothing to attribute (most sentences)
      const attn = toks.nextWith(sa, TOK_ATTN, sb) < sb;
      const hits = attn ? ctx.findCues(toks, sa, sb) : NO_CUES;
      if (hits.length === 0 && !(attn && hasQuote(toks, sa, sb))) {
        sentSpeaker = null;
        continue;
      }
      sentence.toks = toks; sentence.a = sa; sentence.b = sb; sentence.block = bi;
      let hadQuote = false;
      for (let q = sa; q < sb; q++) {
        if (!toks.isQuote(q)) continue;
        const qPos = toks.s(q);
        const cand = all[toks.q(q)];
        cand.tok = q;
        const judged = judgeSpan(text, toks, q, sa, sb, cand.span, hits, heading, b.kind);
        cand.keep = judged.keep;
        cand.kind = cand.kind === 'blockquote' ? 'blockquote' : judged.kind;
        if (!cand.keep) continue;
        hadQuote = true;
        found++;
        let cue = pickCue(toks, q, sa, sb, hits, ctx);
        let sp: Speaker | null = null;
        let conf = 0;
        if (cue) { sp = subj(cue.cue); conf = cue.conf; }
        if (!sp && !cue && judged.kind !== 'headline') {
          // "…nothing." Rothman said.  — a short attribution sentence right after
          const nx = nextShortAttribution(toks, sb, ctx);
          if (nx) { cue = { cue: nx, conf: 0.8 }; sp = subj2(ctx, toks, nx, sb, toks.length, bi); conf = 0.8; }
        }
        if (!sp && !cue && judged.kind === 'headline') {
          const h = headlineSpeaker(toks, q, sa, sb, ctx, bi);
          if (h) { sp = h; conf = 0.7; cand.cue = '-'; }
        }
        if (!sp && !cue && q - 2 >= sa && toks.w(q - 1) === ':' && judged.kind !== 'headline') {
          // "a question came from a member of the audience: “…”" — the noun phrase the colon hangs on
          const l = ctx.leftNP(toks, q - 2, sa);
          if (l && l[1] - l[0] <= 6 && (ctx.isDeterminer(toks.l(l[0])) || toks.cap(l[0]))) {
            const s2 = ctx.parseNP(toks, l[0], l[1], qPos, bi, l[2]);
            if (s2 && s2.name && (s2.kind === 'person' || s2.kind === 'desc')) { sp = s2; conf = 0.5; cand.cue = ':'; }
          }
        }
        if (!sp && !cue && sentSpeaker && judged.kind === 'partial') { sp = sentSpeaker; conf = 0.4; }
        if (!sp && !cue) {
          // continuation: a quotation with no cue continues the last speaker of this or the previous paragraph
          const startsSentence = q === sa || (q === sa + 1 && toks.kind(sa) === T.Punct);
          if (lastQuoteSpeaker && startsSentence && lastQuoteSpeaker.block >= bi - 1 && judged.kind !== 'headline') {
            sp = lastQuoteSpeaker.sp; conf = 0.6;
          }
        }
        cand.speaker = sp;
        cand.cue = cand.cue ?? cue?.cue.text ?? null;
        cand.conf = sp && sp.name ? Math.min(1, conf * sp.conf) : 0;
        if (sp && sp.name) {
          lastQuoteSpeaker = { sp, block: bi };
          ctx.events.push({ pos: qPos, block: bi, sp });
        }
      }
      // cues without quotations: speaker events, and indirect speech
      sentSpeaker = null;
      for (const c of hits) { const sp = subj(c); if (sp && sp.name) { sentSpeaker = sp; break; } }
      if (!hadQuote) {
        for (const c of hits) {
          const sp = subj(c);
          if (sp && sp.name) ctx.events.push({ pos: toks.s(c.k), block: bi, sp });
        }
        const ind = findIndirect(text, toks, sa, sb, hits, subj, ctx, kept);
        if (ind) { indirect.push(ind); found++; }
      }
    }
  }

  lastRun = { ctx, blockToks, all };
  return finish(text, all, indirect, ctx, stopAt, max);
}

/**
 * After the sentence loop: nested quotations, headline speakers, implausible speakers dropped, the result.
 * (A function of its own: the optimiser compiles and, when it must, recompiles it apart from the loop.)
 */
function finish(text: string, all: Cand[], indirect: Quote[], ctx: Context, stopAt: number, max: number): ExtractResult {
  // quotations past the point where reading stopped were never judged
  if (stopAt >= 0) for (const c of all) if (c.span.start >= stopAt) c.keep = false;

  // nested quotations: a quotation inside a quotation
  for (const c of all) {
    if (c.parent < 0) continue;
    const p = all[c.parent];
    if (p.kind === 'blockquote' && c.span.block === p.span.block && c.kind !== 'blockquote') {
      c.kind = 'partial';
      c.keep = c.span.end - c.span.start > 0 && wordCount(text, c.span.start, c.span.end) >= 4;
      if (c.keep) { c.speaker = p.speaker; c.conf = p.conf * 0.8; }
      continue;
    }
    c.keep = p.keep && wordCount(text, c.span.start, c.span.end) >= 2;
    c.kind = p.kind === 'direct' ? 'partial' : 'direct';
    c.speaker = null; c.conf = 0;
    // "... and say, ‘Let’s try this.’": the subject of a cue inside the outer quotation
    const inner = innerAttribution(text, c, p, ctx);
    if (inner) { c.speaker = inner; c.conf = 0.5; }
  }

  // headline quotations with no speaker: the article's main speaker
  const counts = new Map<string, { n: number; sp: Speaker }>();
  for (const c of all) if (c.keep && c.speaker?.name && c.kind !== 'headline') {
    const e = counts.get(c.speaker.name) ?? { n: 0, sp: c.speaker };
    e.n++;
    counts.set(c.speaker.name, e);
  }
  const indSpeakers = new Map<string, Speaker>();
  for (const q of indirect) if (q.speaker) {
    const e = counts.get(q.speaker) ?? { n: 0, sp: { name: q.speaker, person: null, role: q.role, kind: 'desc', gender: null, conf: 0.5 } as Speaker };
    e.n += 0.5;
    counts.set(q.speaker, e);
    indSpeakers.set(q.speaker, e.sp);
  }
  let main: Speaker | null = null, mainN = 0;
  for (const { n, sp } of counts.values()) if (n > mainN) { mainN = n; main = sp; }
  // word stems of each passage, made once; comparisons are budgeted so that a page full of headline
  // quotations stays linear (past the budget, headlines take the main speaker)
  const stemCache = new Map<string, Set<string>>();
  const stemsOf = (s: number, e: number): Set<string> => {
    const key = `${s}:${e}`;
    let st = stemCache.get(key);
    if (!st) { st = stems(text, s, e); stemCache.set(key, st); }
    return st;
  };
  let budget = HEADLINE_COMPARISONS;
  for (const c of all) {
    if (!c.keep || c.kind !== 'headline' || c.speaker) continue;
    // a headline's quotation usually recurs in the body: take the speaker of the closest body passage
    const hw = stemsOf(c.span.start, c.span.end);
    let best: Speaker | null = null, bestScore = 0;
    const consider = (s: number, e: number, sp: Speaker | null): void => {
      if (!sp || !sp.name || budget <= 0) return;
      budget--;
      const bw = stemsOf(s, e);
      let shared = 0;
      for (const w of hw) if (bw.has(w)) shared++;
      const score = shared / Math.max(1, hw.size);
      if (shared >= Math.min(2, hw.size) && score >= 0.5 && score > bestScore) { bestScore = score; best = sp; }
    };
    for (const o of all) if (o !== c && o.keep && o.kind !== 'headline') consider(o.span.start, o.span.end, o.speaker);
    for (const q of indirect) consider(q.start, q.end, q.speaker ? (counts.get(q.speaker)?.sp ?? null) : null);
    if (best) { c.speaker = best; c.conf = 0.5; continue; }
    if (main) { c.speaker = main; c.conf = 0.3; }
  }

  // a speaker must be a plausible mention of someone: not a stray capitalised word
  const plausible = plausibleSpeaker(text);
  for (const c of all) if (c.keep && c.speaker?.name && !plausible(c.speaker.name)) { c.speaker = null; c.conf = 0; }
  const out = dedupe(collect(text, all, indirect, false));
  if (out.length) lastQuotes = out;
  if (indirect.length) lastIndirect = indirect;
  if (out.length > max || stopAt >= 0) return { quotes: out.slice(0, max), capped: true };
  return { quotes: out, capped: false };
}

/**
 * Spans → candidates, blocks → tokens, the name registry and the attribution context; nested spans linked to
 * their parents. (A function of its own, compiled apart from the sentence loop.)
 */
interface Prepared { all: Cand[]; bySpanBlock: Cand[][]; blockToks: Toks[]; ctx: Context }

function prepare(article: ArticleText): Prepared {
  const { text, blocks } = article;
  const lang = resolveLang(article.lang, text);
  const cues = cuesFor(lang);
  const spans = findMarkedSpans(article, lang);

  // arrays built from literals (not .map()): one element-kind map each, whatever the page (see wordsOf)
  const cands: Cand[] = [];
  for (const span of spans) cands.push({ span, kind: 'direct', keep: true, speaker: null, cue: null, conf: 0, tok: -1, parent: -1, index: cands.length });
  const bySpanBlock: Cand[][] = [];
  for (let bi = 0; bi < blocks.length; bi++) bySpanBlock.push([]);
  for (const c of cands) bySpanBlock[c.span.block]?.push(c);
  // blockquote blocks without a quotation covering them are quotations themselves
  const blockQuoteCands: Cand[] = [];
  for (let bi = 0; bi < blocks.length; bi++) {
    const b = blocks[bi];
    if (b.kind !== 'blockquote') continue;
    let s = b.start, e = b.end;
    while (s < e && isSpace(text.charCodeAt(s))) s++;
    while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
    if (e - s < 2) continue;
    const covered = bySpanBlock[bi].some((c) => !c.span.nested && (c.span.end - c.span.start) >= 0.8 * (e - s));
    if (covered) { for (const c of bySpanBlock[bi]) if (!c.span.nested && c.span.end - c.span.start >= 0.8 * (e - s)) c.kind = 'blockquote'; continue; }
    const span: MarkSpan = { open: -1, close: -1, start: s, end: e, block: bi, single: false, nested: false, runOn: false, fromQ: false };
    const c: Cand = { span, kind: 'blockquote', keep: true, speaker: null, cue: null, conf: 0, tok: -1, parent: -1, index: cands.length + blockQuoteCands.length };
    for (const inner of bySpanBlock[bi]) inner.span.nested = true;
    blockQuoteCands.push(c);
    bySpanBlock[bi].unshift(c);
  }
  const all = cands.concat(blockQuoteCands);

  // tokens per block: top-level quotations are single tokens; the registry's first pass reads each block
  // while its tokens are fresh
  const lex = lexiconOf(cues);
  beginArticle(text, wordClassifierOf(cues));
  const isVerb = (l: string): boolean => lex.verbs.has(l);
  const reg = new Registry();
  const blockToks: Toks[] = [];
  for (let bi = 0; bi < blocks.length; bi++) {
    const b = blocks[bi];
    if (!bySpanBlock[bi].length) {
      const toks = tokenize(text, b.start, b.end, NO_RANGES, NO_INDEX);
      blockToks.push(toks);
      addFullNames(reg, text, toks, isVerb);
      continue;
    }
    const tops: Cand[] = [];
    for (const c of bySpanBlock[bi]) if (!c.span.nested && c.kind !== 'blockquote') tops.push(c);
    const ranges: QuoteRange[] = [];
    for (const c of tops) ranges.push(c.span.open >= 0 ? { open: c.span.open, close: c.span.close } : { open: c.span.start, close: c.span.end - 1 });
    const order: number[] = [];
    for (let i = 0; i < ranges.length; i++) order.push(i);
    order.sort((x, y) => ranges[x].open - ranges[y].open);
    const idx: number[] = [], sorted: QuoteRange[] = [];
    for (const i of order) { idx.push(tops[i].index); sorted.push(ranges[i]); }
    const toks = tokenize(text, b.start, b.end, sorted, idx);
    blockToks.push(toks);
    addFullNames(reg, text, toks, isVerb);
  }
  finishRegistry(reg, blockToks, text.length);
  const ctx = new Context(text, cues, reg);
  ctx.blockStarts = blocks.map((b) => b.start);

  // nested spans: parent link (spans of a block are sorted by start; a sweep keeps the enclosing top-level one)
  for (let bi = 0; bi < blocks.length; bi++) {
    if (bySpanBlock[bi].length < 2) continue;
    let top: Cand | null = null;
    const list = bySpanBlock[bi].slice().sort((x, y) => x.span.start - y.span.start || y.span.end - x.span.end);
    for (const c of list) {
      if (!c.span.nested) { top = c; continue; }
      if (top && top.span.start <= c.span.start && top.span.end >= c.span.end) c.parent = top.index;
    }
  }
  return { all, bySpanBlock, blockToks, ctx };
}

/** The kept quotations (candidates judged so far, and indirect speech) in text order. */
function collect(text: string, all: Cand[], indirect: Quote[], judgedOnly: boolean): Quote[] {
  const quotes: Quote[] = [];
  for (const c of all) {
    if (!c.keep || (judgedOnly && c.tok === -1)) continue;
    const sp = c.speaker;
    quotes.push({
      start: c.span.start, end: c.span.end, text: text.slice(c.span.start, c.span.end), kind: c.kind,
      speaker: sp?.name ?? null, role: sp?.role ?? null, cue: c.cue, confidence: round(c.conf),
    });
  }
  for (const q of indirect) quotes.push(q);
  quotes.sort((a, b) => a.start - b.start || b.end - a.end);
  return quotes;
}

const HEADLINE_COMPARISONS = 20_000;

/**
 * One-word speakers that are no one: a single letter, a function word, a contraction or possessive
 * ("Don’t", "Samantha’s"), or a capitalised common word — one the article also writes in lower case
 * ("Screenshot" when the page says "screenshot", "Example", "Upon"). Answers are cached per name; only the
 * first 200 names are looked up in the text (linear time on hostile pages).
 */
function plausibleSpeaker(text: string): (name: string) => boolean {
  const cache = new Map<string, boolean>();
  return (name) => {
    if (name.indexOf(' ') >= 0) return true;
    let ok = cache.get(name);
    if (ok !== undefined) return ok;
    ok = judgeOneWord(text, name, cache.size < 200);
    cache.set(name, ok);
    return ok;
  };
}
function judgeOneWord(text: string, name: string, look: boolean): boolean {
  const letters = name.replace(/[.’']/g, '');
  if (letters.length < 2) return false;
  const l = name.toLowerCase();
  if (FUNCTION_CAPS.has(l)) return false;
  if (/['’](s|ve|t|re|ll|d|m)$/i.test(name)) return false;
  const c = name.charCodeAt(0);
  if (!look || l === name || !(c >= 65 && c <= 90) || name.slice(1) !== l.slice(1)) return true;
  // capitalised somewhere inside a sentence: a proper noun ("… Intelligence and Security")
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    if (!wordAt(text, at, name.length)) continue;
    let k = at - 1;
    while (k >= 0 && text.charCodeAt(k) === 32) k--;
    if (k >= 0 && (isAlnum(text.charCodeAt(k)) || text.charCodeAt(k) === 44)) return true;
  }
  // else only ever capitalised where a sentence starts, and the article writes it in lower case too
  for (let at = text.indexOf(l); at >= 0; at = text.indexOf(l, at + 1)) if (wordAt(text, at, l.length)) return false;
  return true;
}
const wordAt = (text: string, at: number, n: number): boolean =>
  !(at > 0 && isWordChar(text.charCodeAt(at - 1))) && !(at + n < text.length && isWordChar(text.charCodeAt(at + n)));
const STEM_STOP = new Set(['the', 'a', 'an', 'of', 'to', 'in', 'and', 'for', 'on', 'his', 'her', 'is', 'it', 'de', 'la', 'le', 'les', 'o', 'da', 'do', 'que', 'el', 'der', 'die', 'das', 'und']);
/** Word stems (first five letters, lower case) of text[s, e). */
function stems(text: string, s: number, e: number): Set<string> {
  const out = new Set<string>();
  let i = s;
  while (i < e) {
    while (i < e && !isWordChar(text.charCodeAt(i))) i++;
    const ws = i;
    while (i < e && isWordChar(text.charCodeAt(i))) i++;
    if (i > ws) {
      const w = text.slice(ws, i).toLowerCase();
      if (!STEM_STOP.has(w)) out.add(w.length > 5 ? w.slice(0, 5) : w.replace(/(ed|s)$/, ''));
    }
  }
  return out;
}
const isWordChar = (c: number): boolean => isAlnum(c) || c === 45;

function round(x: number): number { return Math.round(x * 100) / 100; }

function wordCount(text: string, s: number, e: number): number {
  let n = 0, inW = false;
  for (let i = s; i < e; i++) {
    const sp = isSpace(text.charCodeAt(i));
    if (!sp && !inW) n++;
    inW = !sp;
  }
  return n;
}

/** Same-kind overlaps are not allowed: keep the earlier, longer one. */
function dedupe(qs: Quote[]): Quote[] {
  const out: Quote[] = [];
  const lastEnd = new Map<QuoteKind, number>();
  let indEnd = -1, anyEnd = -1;
  for (const q of qs) {
    if ((lastEnd.get(q.kind) ?? -1) > q.start) continue;
    if (q.kind === 'indirect' && anyEnd > q.start) continue;
    if (q.kind !== 'indirect' && indEnd > q.start) continue;
    lastEnd.set(q.kind, Math.max(lastEnd.get(q.kind) ?? -1, q.end));
    if (q.kind === 'indirect') indEnd = Math.max(indEnd, q.end);
    anyEnd = Math.max(anyEnd, q.end);
    out.push(q);
  }
  return out;
}

interface Picked { cue: Cue; conf: number }

/** The cue that attributes the quotation token q: right after it, right before it, else the nearest in the sentence. */
function pickCue(toks: Toks, q: number, a: number, b: number, hits: Cue[], ctx: Context): Picked | null {
  if (!hits.length) return null;
  // the first cue after q (hits are in token order)
  let lo = 0, hi = hits.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (hits[mid].k <= q) lo = mid + 1; else hi = mid; }
  const firstAfter = lo;
  // after: ," said X  /  ," X said  /  », a déclaré X
  for (let i = firstAfter; i < hits.length; i++) {
    const c = hits[i];
    if (c.kind === 'after') continue;
    let ok = true, words = 0;
    for (let k = q + 1; k < c.k; k++) {
      const kind = toks.kind(k);
      if (kind === T.Quote) { ok = false; break; }
      if (kind === T.Word) { if (++words > 12 || (ctx.isStop(toks.l(k)) && !ctx.isBetween(toks.l(k)))) { ok = false; break; } }
      else { const w = toks.w(k); if (!(w === ',' || w === '—' || w === '–' || w === '-')) { ok = false; break; } }
    }
    if (ok) return { cue: c, conf: 0.95 };
    break;
  }
  // before: X replied: "…"  /  X noted that Y "…"  /  according to X, "…"
  for (let i = firstAfter - 1; i >= 0; i--) {
    const c = hits[i];
    if (c.end > q) continue;
    let words = 0, ok = true;
    for (let k = c.end; k < q; k++) {
      const kind = toks.kind(k);
      if (kind === T.Quote) { ok = false; break; }
      if (kind === T.Word && ++words > 14) { ok = false; break; }
    }
    if (ok) return { cue: c, conf: 0.85 };
    break;
  }
  let best: Cue | null = null, bestD = Infinity;
  for (let i = Math.max(0, firstAfter - 2); i < Math.min(hits.length, firstAfter + 2); i++) {
    const c = hits[i];
    const d = c.k > q ? c.k - q : q - c.end;
    if (d < bestD) { bestD = d; best = c; }
  }
  return best ? { cue: best, conf: 0.7 } : null;
}

function subj2(ctx: Context, toks: Toks, c: Cue, a: number, b: number, bi: number): Speaker | null {
  let e = a;
  while (e < b && (e === a || !toks.ss(e)) && e - a < 40) e++;
  return ctx.subjectOf(toks, c, a, e, toks.s(c.k), bi);
}

/** The sentence starting at a is just "Name said." / "She added." */
function nextShortAttribution(toks: Toks, a: number, ctx: Context): Cue | null {
  if (a >= toks.length) return null;
  let e = a + 1;
  while (e < toks.length && !toks.ss(e) && e - a <= 8) e++;
  if (e - a > 8) return null;
  for (let k = a; k < e; k++) if (toks.kind(k) === T.Quote) return null;
  const hits = ctx.findCues(toks, a, e);
  if (hits.length !== 1 || hits[0].kind !== 'verb' || hits[0].k === a || hits[0].k - a > 4) return null;
  return hits[0];
}

/** "…'Slightly Ambitious' - Bakanov", "Bakanov: 'We will…'" */
function headlineSpeaker(toks: Toks, q: number, a: number, b: number, ctx: Context, bi: number): Speaker | null {
  const after = q + 1 < toks.length ? toks.w(q + 1) : '';
  if ((after === '-' || after === '–' || after === '—' || after === ':') && q + 2 < toks.length) {
    const n = q + 2, nPos = toks.s(n);
    if (toks.isWord(n) && toks.cap(n)) {
      // the longest run of capitalised words that names someone we know; else its first word
      let e = q + 3;
      while (e < toks.length && e - q < 6 && toks.kind(e) === T.Word && toks.cap(e) && !toks.ss(e)) e++;
      for (let end = e; end > q + 2; end--) {
        const sp = ctx.parseNP(toks, q + 2, end, nPos, bi, null);
        if (sp && sp.person) return sp;
      }
      if (e - (q + 2) <= 3) {
        const sp = ctx.parseNP(toks, q + 2, e, nPos, bi, null);
        if (sp && sp.name) return sp;
      }
    }
  }
  if (q >= 1 && toks.w(q - 1) === ':' && q - 2 >= a) {
    const l = ctx.leftNP(toks, q - 2, a);
    if (l && l[1] - l[0] <= 4) return ctx.parseNP(toks, l[0], l[1], toks.s(l[0]), bi, null);
  }
  return null;
}

function innerAttribution(text: string, c: Cand, p: Cand, ctx: Context): Speaker | null {
  // a bounded window around the inner quotation keeps this linear
  const ws = Math.max(p.span.start, c.span.open - 300), we = Math.min(p.span.end, c.span.close + 200);
  const toks = tokenize(text, ws, we, [{ open: c.span.open, close: c.span.close }], [0]);
  let q = 0;
  while (q < toks.length && !toks.isQuote(q)) q++;
  if (q === toks.length) return null;
  let a = q;
  while (a > 0 && !toks.ss(a)) a--;
  let b = q + 1;
  while (b < toks.length && !toks.ss(b)) b++;
  const hits = ctx.findCues(toks, a, b);
  const pick = pickCue(toks, q, a, b, hits, ctx);
  if (!pick) return null;
  const sp = ctx.subjectOf(toks, pick.cue, a, b, p.span.start, p.span.block);
  if (!sp || !sp.name) return null;
  if (p.speaker && sp.name === p.speaker.name && sp.kind === 'pronoun') return null;
  return sp;
}
