// Is a quoted span someone's words? Scare quotes, terms mentioned as words and titles of works are not.
// The evidence weighed: length, a naming word right before ("so-called"), Title Case, a speech cue in the
// sentence, a headline context, a reference list's entry around it.
import type { BlockKind, QuoteKind } from './types';
import type { MarkSpan } from './marks';
import { T, type Toks } from './tokens';
import type { Cue } from './attribution';
import { F_LETTER, F_SPACE, F_UPPER, charFlags, isLower, isSpace, isUpper } from './chars';

const NAMING = new Set(`so-called called dubbed named term terms word words phrase phrases titled entitled nicknamed nickname known labelled labeled branded label slogan hashtag motto mark marked tagged signs sign reads read appelé appelée appelés baptisé baptisée surnommé dit dite intitulé intitulée chamado chamada chamados intitulado denominado llamado llamada denominada titulado sogenannte sogenannten genannt genannte cosiddetto cosiddetta chiamato chiamata intitolato так называемый называемый`.split(/\s+/));

const NOUN_INTRO = new Set(`the a an of for in on at about with from to by into than as like its their his her our this that these those de du des les la le l' l’ un une au aux d' d’ en sur pour par o os as um uma do da dos das no na nos nas em ao el los del al con por para der die das den dem des ein eine einen im vom zum zur il lo gli uno della delle degli dello nel nella al alla per con`.split(/\s+/));

export interface Judged { keep: boolean; kind: QuoteKind }

function words(text: string, s: number, e: number): { n: number; caps: number; long: number; sentence: boolean; codey: boolean } {
  let n = 0, caps = 0, long = 0, sentence = false, codey = false;
  let i = s;
  while (i < e) {
    while (i < e && isSpace(text.charCodeAt(i))) i++;
    if (i >= e) break;
    const ws = i;
    n++;
    const c0 = text.charCodeAt(ws);
    // the word's characters, read once up to the next space
    let letters = 0, cjk = 0;
    for (; i < e; i++) {
      const c = text.charCodeAt(i);
      const f = charFlags(c);
      if ((f & F_SPACE) !== 0) break;
      if ((f & F_LETTER) !== 0) {
        letters++;
        // (these scripts' characters are all letters)
        if (c >= 0x3040 && (c <= 0x9fff || (c >= 0xac00 && c <= 0xd7af))) cjk++;
      } else if (c === 95 || c === 47 || c === 61 || c === 40 || c === 123 || c === 60) codey = true;
      // camelCase (a lower-case letter is no space: the next character is in the word when it is one)
      if ((f & F_UPPER) !== 0 && i > ws && i + 1 < e && isLower(text.charCodeAt(i - 1)) && isLower(text.charCodeAt(i + 1))) codey = true;
    }
    if (letters >= 4) { long++; if (isUpper(c0)) caps++; }
    // scripts written without spaces: about two characters a word
    if (cjk > 1) n += (cjk >> 1) - 1;
  }
  // a sentence inside: ends with . ! ? after a word, and more than two words
  let k = e - 1;
  while (k > s && (text.charCodeAt(k) === 44 || isSpace(text.charCodeAt(k)))) k--;
  const last = text.charCodeAt(k);
  if ((last === 46 || last === 33 || last === 63) && n >= 3) sentence = true;
  return { n, caps, long, sentence, codey };
}

/**
 * What follows a cited work's title in a reference list's entry and nowhere else: the date it was read
 * ("Retrieved 3 May 2020", and the same words of the citation templates in the other languages the engine
 * knows), an archive note, an ISBN, ISSN or DOI.
 */
const CITATION_TAIL = /(?<!\p{L})(?:Retrieved|Archived|Accessed|ISBN|ISSN|doi|Consulté|Abgerufen|Consultado|consultato|Citováno|Проверено|Архивировано)(?!\p{L})/u;
/** How far after the title the tail is looked for: publisher, work and date stand between (some 20 words). */
const CITATION_TAIL_CHARS = 240;

/** A quotation that is the title of a work cited in a reference list's entry ("Title". Publisher. Retrieved …). */
function inCitation(text: string, toks: Toks, span: MarkSpan): boolean {
  if (span.close < 0 || toks.length === 0) return false;
  const blockEnd = toks.e(toks.length - 1);
  const from = span.close + 1;
  if (blockEnd - from < 8) return false;
  return CITATION_TAIL.test(text.slice(from, Math.min(blockEnd, from + CITATION_TAIL_CHARS)));
}

/** Title-case words around the quotation: a headline glued into running text by a scraper. */
function inTitleRun(toks: Toks, q: number): boolean {
  let caps = 0, seen = 0;
  for (let k = q - 1; k >= 0 && seen < 3; k--) {
    if (!toks.isWord(k)) break;
    seen++;
    if (toks.cap(k)) caps++;
  }
  let after = 0, afterCaps = 0;
  for (let k = q + 1; k < toks.length && after < 3; k++) {
    const kind = toks.kind(k);
    if (kind === T.Punct) { const w = toks.w(k); if (w === '-' || w === '–' || w === '—') { afterCaps++; continue; } }
    if (kind !== T.Word) break;
    after++;
    if (toks.cap(k) || toks.l(k).length <= 3) afterCaps++;
  }
  return seen >= 2 && caps >= 2 && (afterCaps >= 1 || after === 0);
}

export function judgeSpan(
  text: string, toks: Toks, q: number, sa: number, sb: number, span: MarkSpan,
  hits: Cue[], heading: boolean, blockKind: BlockKind,
): Judged {
  const cueInSentence = hits.length > 0;
  const w = words(text, span.start, span.end);
  const prevWord = q > 0 && toks.isWord(q - 1) ? toks.l(q - 1) : null;
  const headlineLike = heading || (blockKind !== 'blockquote' && inTitleRun(toks, q));
  if (span.fromQ) return { keep: true, kind: heading ? 'headline' : kindOf(toks, q, sa, w.sentence) };
  if (w.codey && w.n <= 3) return { keep: false, kind: 'partial' };
  if (prevWord && NAMING.has(prevWord)) return { keep: false, kind: 'partial' };
  if (!cueInSentence && inCitation(text, toks, span)) return { keep: false, kind: 'partial' };
  if (prevWord && (prevWord === 'as' || prevWord === 'like') && w.n <= 4 && !w.sentence) return { keep: false, kind: 'partial' };
  const titleCase = (w.long >= 2 || (w.long === 1 && w.n === 1)) && w.caps === w.long;
  if (headlineLike) {
    if (w.n <= 4 && prevWord && NOUN_INTRO.has(prevWord)) return { keep: false, kind: 'headline' };
    if (!heading && w.n <= 4 && !titleCase) return { keep: cueInSentence, kind: 'partial' };
    return { keep: true, kind: 'headline' };
  }
  if (w.n <= 3 && !w.sentence) {
    // the cue must stand near: in a long run-on "sentence" (tables, lists) a cue far away proves nothing
    if (!cueInSentence || !cueNear(hits, q)) return { keep: false, kind: 'partial' };
    if (titleCase && (w.n > 1 || (prevWord && NOUN_INTRO.has(prevWord)))) return { keep: false, kind: 'partial' };
    // "the 'jobs machine'" with a cue elsewhere in the sentence is still a term unless the cue governs it
    if (prevWord && NOUN_INTRO.has(prevWord) && !cueNear(hits, q)) return { keep: false, kind: 'partial' };
    return { keep: true, kind: 'partial' };
  }
  if (titleCase && w.n <= 8 && !w.sentence && !cueInSentence) return { keep: false, kind: 'partial' };
  return { keep: true, kind: kindOf(toks, q, sa, w.sentence) };
}

function cueNear(hits: Cue[], q: number): boolean {
  let lo = 0, hi = hits.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (hits[mid].k < q - 10) lo = mid + 1; else hi = mid; }
  return lo < hits.length && hits[lo].end <= q + 18;
}

function kindOf(toks: Toks, q: number, sa: number, sentence: boolean): QuoteKind {
  if (q === sa) return 'direct';
  const p = q - 1, pKind = toks.kind(p), pw = toks.w(p);
  if (pKind === T.Punct && (pw === ':' || pw === ',' || pw === '—' || pw === '–' || pw === '(')) return 'direct';
  if (q === sa + 1 && pKind === T.Punct) return 'direct';
  return sentence && pKind !== T.Word ? 'direct' : 'partial';
}
