// Finds spans in quotation marks: one linear pass per block for double marks (" “ ” „ « » 「 」 『 』),
// then one for single marks (' ‘ ’ ‚ ‹ ›), which may nest inside the doubles or stand alone (British style,
// headlines). No span crosses a block boundary, except the multi-paragraph convention (an opening mark left
// unclosed at the end of a paragraph whose next paragraph opens with a mark again): then the paragraph is
// reported up to its end.
import type { ArticleText, TextBlock } from './types';
import type { Lang } from './lang';
import {
  DPRIME, LAQ, LCB, LDQ, LOW_DQ, LOW_SQ, LSAQ, LSQ, LWCB, RAQ, RCB, RDQ, REV_DQ, RSAQ, RSQ, RWCB, STRAIGHT_D, STRAIGHT_S,
  ANY_MARK_RE, isAlnum, isDigit, isDoubleMark, isLetter, isLower, isSingleMark, isSpace, trimRange,
} from './chars';

export interface MarkSpan {
  /** position of the opening mark (-1 for <q> spans) */
  open: number;
  /** position of the closing mark (-1 when the paragraph runs on unclosed, or for <q>) */
  close: number;
  /** inner text bounds, trimmed */
  start: number;
  end: number;
  block: number;
  single: boolean;
  /** inside another span (a quotation inside a quotation) */
  nested: boolean;
  /** paragraph of a quotation that runs on over several paragraphs */
  runOn: boolean;
  fromQ: boolean;
}

const GUILLEMET_LANGS = new Set<Lang>(['fr', 'ru', 'es', 'pt', 'it', 'cs', 'de']);
const REVERSED_GUILLEMET_LANGS = new Set<Lang>(['de', 'cs']);
const LOW_CLOSED_BY_LEFT = new Set<Lang>(['de', 'cs', 'ru']);

function closesDouble(openCh: number, c: number, lang: Lang): boolean {
  switch (openCh) {
    case STRAIGHT_D: return c === STRAIGHT_D || c === RDQ || c === DPRIME || c === LDQ;
    case LDQ: return c === RDQ || c === DPRIME || c === STRAIGHT_D || (c === LDQ && LOW_CLOSED_BY_LEFT.has(lang));
    case LOW_DQ: return c === LDQ || c === RDQ || c === STRAIGHT_D;
    case REV_DQ: return c === RDQ;
    case RDQ: return c === RDQ;
    case LAQ: return c === RAQ;
    case RAQ: return c === LAQ || c === RAQ;
    case LCB: return c === RCB;
    case LWCB: return c === RWCB;
    default: return false;
  }
}

function opensDouble(c: number, prev: number, next: number, lang: Lang): boolean {
  const nextOk = !isSpace(next) && next !== 0;
  switch (c) {
    case STRAIGHT_D: return nextOk && !isAlnum(prev) && !isDigit(prev) && !(next === 44 || next === 46 || next === 59 || next === 41);
    case LDQ: return nextOk || (GUILLEMET_LANGS.has(lang) && false);
    case LOW_DQ: case REV_DQ: return nextOk;
    case LAQ: return next !== 0;
    case RAQ: return REVERSED_GUILLEMET_LANGS.has(lang) && nextOk && !isAlnum(prev);
    case RDQ: return nextOk && isSpace(prev) && isAlnum(next);
    case LCB: case LWCB: return next !== 0;
    default: return false;
  }
}

function canCloseDouble(c: number, prev: number): boolean {
  if (c === RAQ || c === LAQ || c === RCB || c === RWCB) return true;
  return !isSpace(prev);
}

const ELISIONS = ['em', 'til', 'tis', 'twas', 'n', 'cause', 'bout', 'round', 'cos', 'ere', 's'];

function opensSingle(text: string, i: number, end: number, c: number, prev: number, lang: Lang): boolean {
  if (c === RSAQ) return REVERSED_GUILLEMET_LANGS.has(lang) && !isAlnum(prev) && i + 1 < end && !isSpace(text.charCodeAt(i + 1));
  if (c !== STRAIGHT_S && c !== LSQ && c !== LOW_SQ && c !== LSAQ) return false;
  if (isAlnum(prev) || (prev !== 0 && !isSpace(prev) && !isDoubleMark(prev) && prev !== 40 && prev !== 91 && prev !== 0x2014 && prev !== 0x2013 && prev !== 45 && prev !== 58 && prev !== 47)) return false;
  if (i + 1 >= end) return false;
  const next = text.charCodeAt(i + 1);
  if (!isAlnum(next)) return false;
  if (c === LSAQ) return true;
  // '90s, '68 — a year cut short
  if (isDigit(next)) {
    let j = i + 1;
    while (j < end && isDigit(text.charCodeAt(j))) j++;
    if (j - i - 1 <= 2 && (j >= end || !isLetter(text.charCodeAt(j)) || text.charCodeAt(j) === 115)) return false;
  }
  // 'em, 'til, rock 'n' roll
  if (isLower(next)) {
    let j = i + 1;
    while (j < end && isLetter(text.charCodeAt(j))) j++;
    if (j - i - 1 <= 5 && ELISIONS.includes(text.slice(i + 1, j).toLowerCase())) return false;
  }
  return true;
}

function closesSingle(openCh: number, c: number, lang: Lang): boolean {
  if (openCh === LSAQ) return c === RSAQ;
  if (openCh === RSAQ) return c === LSAQ;
  if (openCh === LOW_SQ) return c === LSQ || c === RSQ || (c === STRAIGHT_S);
  if (openCh === LSQ) return c === RSQ || c === STRAIGHT_S || (c === LSQ && LOW_CLOSED_BY_LEFT.has(lang));
  return c === STRAIGHT_S || c === RSQ;
}

function canCloseSingle(text: string, i: number, end: number, prev: number): boolean {
  if (isSpace(prev) || prev === 0) return false;
  const next = i + 1 < end ? text.charCodeAt(i + 1) : 0;
  if (isAlnum(next)) return false;
  if (isDigit(prev) && (isDigit(next) || next === STRAIGHT_D)) return false;
  return true;
}

/** 5'10" — a double mark after feet and inches. */
function isInchMark(text: string, i: number, bs: number): boolean {
  if (text.charCodeAt(i) !== STRAIGHT_D && text.charCodeAt(i) !== DPRIME) return false;
  let k = i - 1;
  if (k < bs || !isDigit(text.charCodeAt(k))) return false;
  while (k >= bs && isDigit(text.charCodeAt(k))) k--;
  const f = k >= bs ? text.charCodeAt(k) : 0;
  return (f === STRAIGHT_S || f === 0x2032 || f === RSQ) && k - 1 >= bs && isDigit(text.charCodeAt(k - 1));
}

interface CodeCursor { spans: { start: number; end: number }[]; k: number }

/** Advances i past code; returns the next index to look at (i itself when not in code). */
function skipCode(cur: CodeCursor, i: number): number {
  const s = cur.spans;
  while (cur.k < s.length && s[cur.k].end <= i) cur.k++;
  if (cur.k < s.length && s[cur.k].start <= i) return s[cur.k].end;
  return i;
}

function push(out: MarkSpan[], text: string, open: number, close: number, s: number, e: number, block: number, single: boolean, runOn: boolean): void {
  const [a, b] = trimRange(text, s, e);
  if (b <= a) return;
  // must hold at least one letter or digit
  let ok = false;
  for (let k = a; k < b && k < a + 64; k++) if (isAlnum(text.charCodeAt(k))) { ok = true; break; }
  if (!ok) return;
  out.push({ open, close, start: a, end: b, block, single, nested: false, runOn, fromQ: false });
}

function firstNonSpace(text: string, b: TextBlock | undefined): number {
  if (!b) return -1;
  let i = b.start;
  while (i < b.end && isSpace(text.charCodeAt(i))) i++;
  return i < b.end ? text.charCodeAt(i) : -1;
}

function sameFamily(a: number, b: number): boolean {
  if (a === b) return true;
  const dq = [STRAIGHT_D, LDQ, LOW_DQ, REV_DQ];
  const sq = [STRAIGHT_S, LSQ, LOW_SQ];
  return (dq.includes(a) && dq.includes(b)) || (sq.includes(a) && sq.includes(b));
}

/** positions of the article's quotation marks, in order (reused from call to call) */
let markPos = new Int32Array(1024);

const byStartThenLongest = (a: MarkSpan, b: MarkSpan): number => a.start - b.start || b.end - a.end;

export function findMarkedSpans(article: ArticleText, lang: Lang): MarkSpan[] {
  const { text, blocks } = article;
  const code = (article.spans ?? []).filter((s) => s.kind === 'code').sort((a, b) => a.start - b.start);
  const out: MarkSpan[] = [];
  const cur: CodeCursor = { spans: code, k: 0 };
  // every quotation mark of the text, found by one regular expression scan (faster than a loop of charCodeAt)
  let nAll = 0;
  // sized for the article before the scan: growing inside the loop is a branch its optimised code has never
  // run on the first long article, a deoptimisation (see tokens.ts, reserveFor)
  if (markPos.length < (text.length >> 5) + 1024) markPos = new Int32Array((text.length >> 5) + 1024);
  ANY_MARK_RE.lastIndex = 0;
  while (ANY_MARK_RE.test(text)) {
    if (nAll === markPos.length) { const grown = new Int32Array(markPos.length * 2); grown.set(markPos); markPos = grown; }
    markPos[nAll++] = ANY_MARK_RE.lastIndex - 1;
  }
  let nextMark = 0;
  for (let bi = 0; bi < blocks.length; bi++) {
    const { start: bs, end: be } = blocks[bi];
    // the block's quotation marks, markPos[m0, m1): both passes walk only these
    while (nextMark < nAll && markPos[nextMark] < bs) nextMark++;
    const m0 = nextMark;
    while (nextMark < nAll && markPos[nextMark] < be) nextMark++;
    const m1 = nextMark;
    if (m0 === m1) continue;
    // pass 1: double marks
    const doubles: MarkSpan[] = [];
    let open = -1, openCh = 0;
    skipCode(cur, bs);
    const kBlock = cur.k;
    let skipUntil = -1;
    for (let m = m0; m < m1; m++) {
      const i = markPos[m];
      const c = text.charCodeAt(i);
      if (!isDoubleMark(c) || i < skipUntil) continue;
      const j = skipCode(cur, i);
      if (j !== i) { skipUntil = j; continue; }
      const prev = i > bs ? text.charCodeAt(i - 1) : 0;
      const next = i + 1 < be ? text.charCodeAt(i + 1) : 0;
      if (open >= 0) {
        if (closesDouble(openCh, c, lang) && canCloseDouble(c, prev) && !isInchMark(text, i, bs)) {
          push(doubles, text, open, i, open + 1, i, bi, false, false);
          open = -1;
          continue;
        }
        if (opensDouble(c, prev, next, lang)) { open = i; openCh = c; }
        continue;
      }
      if (opensDouble(c, prev, next, lang)) { open = i; openCh = c; }
    }
    if (open >= 0) {
      const nb = blocks[bi + 1];
      const f = firstNonSpace(text, nb);
      if (f >= 0 && sameFamily(f, openCh) && nb && (nb.kind === blocks[bi].kind)) push(doubles, text, open, -1, open + 1, be, bi, false, true);
    }
    // pass 2: single marks, reset at every double mark
    const singles: MarkSpan[] = [];
    open = -1; openCh = 0;
    cur.k = kBlock;
    skipUntil = -1;
    for (let m = m0; m < m1; m++) {
      const i = markPos[m];
      if (i < skipUntil) continue;
      const c = text.charCodeAt(i);
      if (isDoubleMark(c)) { open = -1; continue; }
      const j = skipCode(cur, i);
      if (j !== i) { skipUntil = j; open = -1; continue; }
      const prev = i > bs ? text.charCodeAt(i - 1) : 0;
      if (open >= 0 && closesSingle(openCh, c, lang) && canCloseSingle(text, i, be, prev)) {
        push(singles, text, open, i, open + 1, i, bi, true, false);
        open = -1;
        continue;
      }
      if (opensSingle(text, i, be, c, prev, lang)) { open = i; openCh = c; }
    }
    if (open >= 0) {
      const nb = blocks[bi + 1];
      const f = firstNonSpace(text, nb);
      // a run-on single-quoted paragraph only when the whole paragraph is the quotation
      if (f >= 0 && sameFamily(f, openCh) && nb && nb.kind === blocks[bi].kind && doubles.length === 0 && firstNonSpace(text, blocks[bi]) === openCh) {
        push(singles, text, open, -1, open + 1, be, bi, true, true);
      }
    }
    // merge: singles inside a double are nested
    let d = 0;
    for (const s of singles) {
      while (d < doubles.length && doubles[d].end < s.start) d++;
      if (d < doubles.length && doubles[d].open < s.open && (doubles[d].close === -1 || s.close <= doubles[d].close)) s.nested = true;
    }
    if (singles.length === 0) { for (const m of doubles) out.push(m); continue; }
    const merged = doubles.concat(singles).sort(byStartThenLongest);
    for (const m of merged) out.push(m);
  }
  // <q> elements: quotations without marks in the text
  const qs = (article.spans ?? []).filter((s) => s.kind === 'q').sort((x, y) => x.start - y.start);
  let bi = 0, oi = 0;
  const marked = out.length;
  for (const s of qs) {
    const [a, b] = trimRange(text, s.start, s.end);
    if (b <= a) continue;
    while (bi < blocks.length && blocks[bi].end <= a) bi++;
    while (oi < marked && out[oi].end < a) oi++;
    let covered = false;
    for (let j = oi; j < marked && out[j].start <= a; j++) if (out[j].end >= b && !out[j].nested) { covered = true; break; }
    if (covered) continue;
    out.push({ open: -1, close: -1, start: a, end: b, block: Math.min(bi, blocks.length - 1), single: false, nested: false, runOn: false, fromQ: true });
  }
  // in order already unless <q> spans were added or the blocks overlap
  let sorted = out.length === marked;
  for (let i = 1; i < out.length && sorted; i++) sorted = byStartThenLongest(out[i - 1], out[i]) <= 0;
  if (!sorted) out.sort(byStartThenLongest);
  return out;
}
