// Reported speech without quotation marks: "X said (that) …", "…, X said.", "according to X, …".
import type { Quote } from './types';
import type { Context, Cue, Speaker } from './attribution';
import { T, type Toks } from './tokens';

const TIME = new Set('on monday tuesday wednesday thursday friday saturday sunday yesterday today tonight late early last this week month year morning afternoon evening night recently earlier later previously'.split(' '));
const OBJECTS = new Set('reporters journalists me us him her them lawmakers investigators officials'.split(' '));
const TELL = new Set(['told', 'tells', 'tell']);
/** verbs whose object may be the reported clause itself: "said the plan failed" ("ha detto" is never one token) */
const SAID = new Set(['said', 'says', 'told', 'tells', 'dit', 'disse', 'diz', 'dijo', 'dice', 'sagte', 'sagt', 'ha detto', 'сказал', 'сказала', 'řekl', 'řekla']);

function clause(text: string, toks: Toks, a: number, b: number, sp: Speaker, cue: Cue, kept: (q: number) => boolean): Quote | null {
  while (a < b && toks.kind(a) === T.Punct) a++;
  while (b > a && toks.kind(b - 1) === T.Punct) b--;
  let nWords = 0;
  for (let k = a; k < b; k++) if (toks.isWord(k)) nWords++;
  if (nWords < 4) return null;
  for (let k = a; k < b; k++) if (toks.isQuote(k) && kept(toks.q(k))) return null;
  const start = toks.s(a), end = toks.e(b - 1);
  return { start, end, text: text.slice(start, end), kind: 'indirect', speaker: sp.name, role: sp.role, cue: cue.text, confidence: Math.round(sp.conf * 60) / 100 };
}

export function findIndirect(text: string, toks: Toks, a: number, b: number, hits: Cue[], subj: (c: Cue) => Speaker | null, ctx: Context, kept: (q: number) => boolean): Quote | null {
  if (!hits.length || b - a < 6) return null;
  // according to X, CLAUSE  /  CLAUSE, according to X
  for (const c of hits) {
    if (c.kind !== 'according') continue;
    const sp = subj(c);
    if (!sp || !sp.name) continue;
    if (c.k === a || (c.k === a + 1 && toks.isWord(a) && !toks.cap(a) === false)) {
      let k = c.end;
      while (k < b && toks.w(k) !== ',') k++;
      if (k < b) return clause(text, toks, k + 1, b, sp, c, kept);
    }
    if (c.k > a && toks.w(c.k - 1) === ',') return clause(text, toks, a, c.k - 1, sp, c, kept);
  }
  for (const c of hits) {
    if (c.kind !== 'verb' || !c.strong) continue;
    const sp = subj(c);
    if (!sp || !sp.name || sp.kind === 'none') continue;
    // CLAUSE, X said.  /  CLAUSE, said X.
    let j = c.k - 1;
    while (j > a && toks.isWord(j) && j > c.k - 12) j--;
    if (j > a && toks.w(j) === ',' && tailIsShort(toks, c.end, b)) return clause(text, toks, a, j, sp, c, kept);
    // X said (that) CLAUSE
    let k = c.end;
    // told reporters / told Reuters
    if (c.end === c.k + 1 && TELL.has(toks.l(c.k)) && k < b && toks.isWord(k)) { k++; }
    let steps = 0;
    while (k < b && steps < 4 && toks.isWord(k) && (TIME.has(toks.l(k)) || OBJECTS.has(toks.l(k)))) { k++; steps++; }
    if (k < b && toks.isWord(k) && ctx.isThat(toks.l(k))) return clause(text, toks, k + 1, b, sp, c, kept);
    if (k < toks.length && toks.isWord(k) && !ctx.isStop(toks.l(k)) && !ctx.isVerb(toks.l(k)) && c.k > a && SAID.has(toks.l(c.k))) {
      return clause(text, toks, k, b, sp, c, kept);
    }
  }
  return null;
}

function tailIsShort(toks: Toks, k: number, b: number): boolean {
  let n = 0;
  for (; k < b; k++) { if (toks.isWord(k)) n++; if (toks.isQuote(k)) return false; }
  return n <= 14;
}
