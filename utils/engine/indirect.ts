// Reported speech without quotation marks: "X said (that) …", "…, X said.", "according to X, …".
import type { Quote } from './types';
import type { Context, Cue, Speaker } from './attribution';
import { T, type Token } from './tokens';

const TIME = new Set('on monday tuesday wednesday thursday friday saturday sunday yesterday today tonight late early last this week month year morning afternoon evening night recently earlier later previously'.split(' '));
const OBJECTS = new Set('reporters journalists me us him her them lawmakers investigators officials'.split(' '));

function clause(text: string, toks: Token[], a: number, b: number, sp: Speaker, cue: Cue, kept: (q: number) => boolean): Quote | null {
  while (a < b && toks[a].kind === T.Punct) a++;
  while (b > a && toks[b - 1].kind === T.Punct) b--;
  let nWords = 0;
  for (let k = a; k < b; k++) if (toks[k].kind === T.Word) nWords++;
  if (nWords < 4) return null;
  for (let k = a; k < b; k++) if (toks[k].kind === T.Quote && kept(toks[k].q)) return null;
  const start = toks[a].s, end = toks[b - 1].e;
  return { start, end, text: text.slice(start, end), kind: 'indirect', speaker: sp.name, role: sp.role, cue: cue.text, confidence: Math.round(sp.conf * 60) / 100 };
}

export function findIndirect(text: string, toks: Token[], a: number, b: number, hits: Cue[], subj: (c: Cue) => Speaker | null, ctx: Context, kept: (q: number) => boolean): Quote | null {
  if (!hits.length || b - a < 6) return null;
  // according to X, CLAUSE  /  CLAUSE, according to X
  for (const c of hits) {
    if (c.kind !== 'according') continue;
    const sp = subj(c);
    if (!sp || !sp.name) continue;
    if (c.k === a || (c.k === a + 1 && toks[a].kind === T.Word && !toks[a].cap === false)) {
      let k = c.end;
      while (k < b && toks[k].w !== ',') k++;
      if (k < b) return clause(text, toks, k + 1, b, sp, c, kept);
    }
    if (c.k > a && toks[c.k - 1].w === ',') return clause(text, toks, a, c.k - 1, sp, c, kept);
  }
  for (const c of hits) {
    if (c.kind !== 'verb' || !c.strong) continue;
    const sp = subj(c);
    if (!sp || !sp.name || sp.kind === 'none') continue;
    // CLAUSE, X said.  /  CLAUSE, said X.
    let j = c.k - 1;
    while (j > a && toks[j].kind === T.Word && j > c.k - 12) j--;
    if (j > a && toks[j].w === ',' && tailIsShort(toks, c.end, b)) return clause(text, toks, a, j, sp, c, kept);
    // X said (that) CLAUSE
    let k = c.end;
    // told reporters / told Reuters
    if (c.end === c.k + 1 && /^(told|tells|tell)$/.test(toks[c.k].l) && k < b && toks[k].kind === T.Word) { k++; }
    let steps = 0;
    while (k < b && steps < 4 && toks[k].kind === T.Word && (TIME.has(toks[k].l) || OBJECTS.has(toks[k].l))) { k++; steps++; }
    if (k < b && toks[k].kind === T.Word && ctx.isThat(toks[k].l)) return clause(text, toks, k + 1, b, sp, c, kept);
    const next = toks[k];
    if (next && next.kind === T.Word && !ctx.isStop(next.l) && !ctx.isVerb(next.l) && c.k > a && /^(said|says|told|tells|dit|disse|diz|dijo|dice|sagte|sagt|ha detto|сказал|сказала|řekl|řekla)$/.test(toks[c.k].l)) {
      return clause(text, toks, k, b, sp, c, kept);
    }
  }
  return null;
}

function tailIsShort(toks: Token[], k: number, b: number): boolean {
  let n = 0;
  for (; k < b; k++) { if (toks[k].kind === T.Word) n++; if (toks[k].kind === T.Quote) return false; }
  return n <= 14;
}
