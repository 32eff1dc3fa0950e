// Speech cues in a sentence, their subjects, and who a subject is (names, roles, pronouns, descriptions).
import { lexiconOf, type LangCues, type Gender, type Lexicon } from './cues';
import { T, TOK_ATTN, isCapWord, wordsOf, type Toks } from './tokens';
import { FUNCTION_CAPS, HONORIFIC, TITLE_WORDS, genderOf, NAME_LIST_FLAGS, nameRunEndingAt, type Person, type Registry } from './names';
import { W_MAY_CUE, W_PRONOUN_F, W_PRONOUN_M, WordClassifier } from './word-flags';

export interface Cue {
  /** first and after-last token index */
  k: number;
  end: number;
  kind: 'verb' | 'according' | 'after';
  text: string;
  strong: boolean;
  /** its subject in the sentence, once worked out (undefined: not yet) */
  subject: Speaker | null | undefined;
}

// no cues: one shared empty list (made with an element, so it has the element kind of the filled ones)
export const NO_CUES: Cue[] = [{ k: 0, end: 0, kind: 'verb', text: '', strong: false, subject: undefined }];
NO_CUES.length = 0;

export interface Speaker {
  name: string | null;
  person: Person | null;
  role: string | null;
  kind: 'person' | 'org' | 'desc' | 'pronoun' | 'none';
  gender: Gender | null;
  /** how the name was found: 1 named in the sentence, 0.7 pronoun/role resolved, ... */
  conf: number;
}

export interface SpeakerEvent { pos: number; block: number; sp: Speaker }

const CREDENTIALS = new Set(['md', 'm.d.', 'phd', 'ph.d.', 'jr.', 'jr', 'sr.', 'esq.', 'rn', 'mph', 'dds', 'qc', 'mp', 'obe', 'mbe']);
const FIRST_PERSON = new Set(['i', 'we', 'je', 'nous', 'yo', 'nosotros', 'eu', 'nós', 'ich', 'wir', 'io', 'noi', 'я', 'мы', 'já', 'my', 'you', 'one']);

interface CueSeq { seq: string[]; kind: 'according' | 'verb' }
interface CueTable {
  seqs: Map<string, CueSeq[]>;
  after: Set<string>;
  /**
   * The flags of a word for an article in these languages: the name lists' (names.ts), W_MAY_CUE for a word
   * that may start a cue (a verb, a phrase's first word, a postposition, "explique-t-il"), W_PRONOUN_M / _F.
   */
  classify: WordClassifier;
}
const CUE_TABLES = new WeakMap<LangCues[], CueTable>();

/** The cue lookups of a language list, built once. */
function cueTableOf(cues: LangCues[], lex: Lexicon): CueTable {
  let t = CUE_TABLES.get(cues);
  if (t) return t;
  const seqs = new Map<string, CueSeq[]>(), after = new Set<string>();
  const addSeq = (seq: string[], kind: 'according' | 'verb'): void => {
    const list = seqs.get(seq[0]) ?? [];
    list.push({ seq, kind });
    seqs.set(seq[0], list);
  };
  for (const c of cues) {
    for (const seq of c.according) addSeq(seq, 'according');
    for (const seq of c.phrases) addSeq(seq, 'verb');
    for (const w of c.accordingAfter) after.add(w);
  }
  // every listed word with its flags: the name lists', the cue words', the pronouns'
  const listed = new Map(NAME_LIST_FLAGS);
  for (const w of [...lex.verbs, ...seqs.keys(), ...after]) listed.set(w, (listed.get(w) ?? 0) | W_MAY_CUE);
  for (const [w, g] of lex.pronouns) if (g === 'm' || g === 'f') listed.set(w, (listed.get(w) ?? 0) | (g === 'm' ? W_PRONOUN_M : W_PRONOUN_F));
  t = { seqs, after, classify: new WordClassifier(listed) };
  CUE_TABLES.set(cues, t);
  return t;
}

/** The word classifier the tokens of an article in these languages must be made with (see beginArticle). */
export function wordClassifierOf(cues: LangCues[]): WordClassifier {
  return cueTableOf(cues, lexiconOf(cues)).classify;
}

/** A copy of a speaker with another confidence, made as a literal (spread copies made hidden classes of their own). */
const withConf = (sp: Speaker, conf: number): Speaker => ({ name: sp.name, person: sp.person, role: sp.role, kind: sp.kind, gender: sp.gender, conf });

export class Context {
  private mentionPos: number[] = [];
  private mentionPerson: Person[] = [];
  events: SpeakerEvent[] = [];
  /** a role's words in lower case (personByRole reads every person's role at each call) */
  private roleWords = new Map<string, string[]>();

  /** multi-word cues by their first word */
  private readonly seqs: Map<string, CueSeq[]>;
  private readonly after: Set<string>;

  private readonly lex: Lexicon;

  constructor(readonly text: string, readonly cues: LangCues[], readonly reg: Registry) {
    this.lex = lexiconOf(cues);
    const table = cueTableOf(cues, this.lex);
    this.seqs = table.seqs; this.after = table.after;
    // every mention in text order; ties (none expected) in person order, as a stable sort would leave them.
    // One number a mention (position × slots + person), sorted numerically: no comparator, no pair arrays.
    const persons = reg.persons;
    let slots = 1;
    while (slots <= persons.length) slots *= 2;
    let n = 0;
    for (const p of persons) n += p.mentions.length;
    const keys = new Float64Array(n);
    n = 0;
    for (let pi = 0; pi < persons.length; pi++) for (const m of persons[pi].mentions) keys[n++] = m * slots + pi;
    keys.sort();
    for (let i = 0; i < n; i++) {
      const pi = keys[i] % slots;
      this.mentionPos.push((keys[i] - pi) / slots);
      this.mentionPerson.push(persons[pi]);
    }
  }

  isStop(l: string): boolean { return this.lex.stops.has(l); }
  isBetween(l: string): boolean { return this.lex.between.has(l); }
  isDeterminer(l: string): boolean { return this.lex.determiners.has(l); }
  isThat(l: string): boolean { return this.lex.that.has(l); }
  pronoun(l: string): Gender | null { return this.lex.pronouns.get(l) ?? null; }
  isVerb(l: string): boolean { return this.lex.verbs.has(l); }
  isStrongVerb(l: string): boolean { return this.lex.indirectVerbs.has(l); }

  /** Speech cues in toks[a, b), outside quotations (tokens made with wordClassifierOf(these cues)). */
  findCues(toks: Toks, a: number, b: number): Cue[] {
    let out: Cue[] | null = null;
    // one flag rejects almost every word: not a verb, not the first word of a phrase, not a postposition
    for (let k = toks.nextWith(a, TOK_ATTN, b); k < b; k = toks.nextWith(k + 1, TOK_ATTN, b)) {
      if ((toks.wordFlags(k) & W_MAY_CUE) === 0) continue;
      const tl = toks.l(k);
      let hit: Cue | null = null;
      const seqs = this.seqs.get(tl);
      if (seqs) for (const { seq, kind } of seqs) if (matchSeq(toks, k, b, seq)) { hit = { k, end: k + seq.length, kind, text: seqText(toks, k, k + seq.length), strong: true, subject: undefined }; break; }
      if (!hit && this.after.has(tl)) hit = { k, end: k + 1, kind: 'after', text: toks.w(k), strong: true, subject: undefined };
      if (!hit) {
        let l = tl;
        const dash = l.indexOf('-t-');
        if (dash > 0) l = l.slice(0, dash);
        if (this.isVerb(l) && !(toks.cap(k) && !toks.ss(k) && l !== 'says') && !(k > a && toks.kind(k - 1) === T.Word && this.isDeterminer(toks.l(k - 1)) && !this.isBetween(toks.l(k - 1)))) hit = { k, end: k + 1, kind: 'verb', text: toks.w(k), strong: this.isStrongVerb(l), subject: undefined };
      }
      // "pour" as "according to" only opens a sentence: "Pour la ministre, ..."
      if (hit && hit.kind === 'according' && (tl === 'pour') && !toks.ss(k)) hit = null;
      if (hit) {
        if (out === null) out = [hit]; else out.push(hit);
        k = hit.end - 1;
        if (hit.kind === 'according') { const r = this.rightNP(toks, hit.end, b, true); if (r) k = r[1] - 1; }
      }
    }
    return out ?? NO_CUES;
  }

  /** The subject of a cue: left of it ("X said"), else right of it ("said X"). */
  subjectOf(toks: Toks, cue: Cue, a: number, b: number, pos: number, block: number): Speaker | null {
    if (cue.kind === 'according') {
      const r = this.rightNP(toks, cue.end, b, true);
      return r ? this.parseNP(toks, r[0], r[1], pos, block, r[2]) : null;
    }
    if (cue.kind === 'after') {
      const l = this.leftNP(toks, cue.k - 1, a);
      return l ? this.parseNP(toks, l[0], l[1], pos, block, l[2]) : null;
    }
    // French inversion: "explique-t-il"
    const w = toks.l(cue.k);
    const inv = w.indexOf('-t-');
    if (inv > 0) return this.resolvePronoun(w.slice(inv + 3), pos, block);
    const l = this.leftNP(toks, cue.k - 1, a);
    if (l) return this.parseNP(toks, l[0], l[1], pos, block, l[2]);
    // inversion only right after a quotation, a comma or a colon, or opening the sentence: ", said X"
    let p = cue.k - 1;
    while (p >= a && toks.kind(p) === T.Word && this.isBetween(toks.l(p))) p--;
    const inverted = p < a || toks.kind(p) === T.Quote || toks.w(p) === ',' || toks.w(p) === ':' || toks.w(p) === '—' || toks.w(p) === '–' || toks.ss(cue.k);
    if (inverted) {
      const r = this.rightNP(toks, cue.end, b, false);
      if (r) return this.parseNP(toks, r[0], r[1], pos, block, r[2]);
    }
    // "He would come in …, pull it out, and say": the sentence's subject
    if (p >= a && toks.kind(p) === T.Word && (toks.l(p) === 'and' || toks.l(p) === 'et' || toks.l(p) === 'e' || toks.l(p) === 'y' || toks.l(p) === 'und')) {
      if (toks.isWord(a) && this.pronoun(toks.l(a))) return this.resolvePronoun(toks.l(a), pos, block);
    }
    return null;
  }

  /** [start, end, role] of the noun phrase ending at token j (going left), or null. */
  leftNP(toks: Toks, j: number, lo: number): [number, number, string | null] | null {
    while (j >= lo && toks.kind(j) === T.Word && this.isBetween(toks.l(j)) && !toks.ss(j)) j--;
    if (j < lo) return null;
    if (toks.w(j) === ',' && !toks.ss(j)) {
      // appositive: "Hicks, a Navy veteran, said" / "her mother, Fiona, said"
      let k = j - 1;
      while (k >= lo && k > j - 30 && toks.kind(k) !== T.Quote && toks.w(k) !== ',' && !toks.ss(k)) k--;
      if (k < lo || toks.w(k) !== ',' || k === j - 1) return null;
      const x = this.collectLeft(toks, k - 1, lo);
      const yA = k + 1, yB = j;
      const relative = this.isStop(toks.l(yA));
      if (!x) return relative ? null : [yA, yB, null];
      const yName = !relative && lastCap(toks, yA, yB);
      const xName = lastCap(toks, x[0], x[1]);
      if (yName && !xName) return [yA, yB, this.text.slice(toks.s(x[0]), toks.e(x[1] - 1))];
      return [x[0], x[1], relative ? null : this.text.slice(toks.s(yA), toks.e(yB - 1))];
    }
    const x = this.collectLeft(toks, j, lo);
    return x ? [x[0], x[1], null] : null;
  }

  private collectLeft(toks: Toks, j: number, lo: number): [number, number] | null {
    const end = j + 1;
    let k = j;
    while (k >= lo && end - k <= 10) {
      if (!toks.isWord(k)) break;
      const l = toks.l(k), cap = toks.cap(k), ss = toks.ss(k);
      if (k < j && this.pronoun(l) && !cap) break;
      if (k < j && this.isBetween(l) && !cap) break;
      if (this.isStop(l) && !(l === 'of' && k > lo && toks.kind(k - 1) === T.Word)) {
        // "The mother of a woman who took … pills has described": the relative clause belongs to the subject
        if ((l === 'who' || l === 'qui' || l === 'que') && k > lo && toks.kind(k - 1) === T.Word && end - k <= 10) {
          const inner = this.collectLeft(toks, k - 1, lo);
          if (inner && inner[1] - inner[0] <= 6 && this.isDeterminer(toks.l(inner[0]))) return [inner[0], end];
        }
        break;
      }
      if (this.isVerb(l) && !cap && !(k > lo && toks.kind(k - 1) === T.Word && this.isDeterminer(toks.l(k - 1)))) break;
      if (this.pronoun(l) && k === j) { k--; break; }
      k--;
      if (ss) break;
    }
    const start = k + 1;
    if (start >= end) return null;
    // "The G40 figures are ..." — a noun phrase does not hold a finite verb; keep it short and clean
    return [start, end];
  }

  /** [start, end, role] of the noun phrase starting at token k (going right). */
  rightNP(toks: Toks, k: number, hi: number, allowOf: boolean): [number, number, string | null] | null {
    while (k < hi && toks.kind(k) === T.Word && this.isBetween(toks.l(k)) && !toks.cap(k)) k++;
    const start = k;
    let seenName = false;
    while (k < hi && k - start < 10) {
      if (!toks.isWord(k)) break;
      const l = toks.l(k);
      if (this.isStop(l) && !(allowOf && (l === 'of' || l === 'from' || l === 'at' || l === 'de' || l === 'do' || l === 'da') && k + 1 < hi && toks.kind(k + 1) === T.Word)) break;
      if (FIRST_PERSON.has(l) && k === start) return null;
      if (toks.cap(k)) seenName = true;
      else if (seenName && !this.isDeterminer(l) && !allowOf) break;
      k++;
    }
    if (k <= start) return null;
    const end = k;
    // appositive after the name: ", a senior fellow at ..." (credentials skipped)
    let role: string | null = null;
    let r = end;
    while (r + 1 < hi && toks.w(r) === ',' && CREDENTIALS.has(toks.l(r + 1))) r += 2;
    if (r + 1 < hi && toks.w(r) === ',' && toks.kind(r + 1) === T.Word && !toks.ss(r + 1)) {
      let e = r + 1;
      while (e < hi && e - r < 25 && toks.w(e) !== ',' && toks.w(e) !== '.' && toks.kind(e) !== T.Quote && toks.w(e) !== ';' && !(e > r + 1 && toks.ss(e))) e++;
      if (e > r + 1 && !this.isVerbIn(toks, r + 1, e)) role = this.text.slice(toks.s(r + 1), toks.e(e - 1));
    }
    return [start, end, role];
  }

  private isVerbIn(toks: Toks, a: number, b: number): boolean {
    for (let k = a; k < b; k++) if (toks.kind(k) === T.Word && this.isVerb(toks.l(k)) && !toks.cap(k)) return true;
    return false;
  }

  parseNP(toks: Toks, a: number, b: number, pos: number, block: number, appositive: string | null): Speaker | null {
    while (a < b && toks.kind(a) === T.Word && (this.isStop(toks.l(a)) || this.isBetween(toks.l(a))) && !this.isDeterminer(toks.l(a))) a++;
    if (a >= b) return null;
    if (b - a === 1) {
      const l = toks.l(a);
      if (FIRST_PERSON.has(l)) return null;
      const g = this.pronoun(l);
      if (g) return this.resolvePronoun(l, pos, block);
    }
    // the last capitalised word: the name, if any
    let last = -1;
    for (let k = b - 1; k >= a; k--) if (isCapWord(toks, k) && !FUNCTION_CAPS.has(toks.l(k)) && !TITLE_WORDS.has(toks.l(k))) { last = k; break; }
    if (last >= 0 && (last === b - 1 || CREDENTIALS.has(toks.l(b - 1)))) {
      const run = nameRunEndingAt(toks, last, a);
      if (run) {
        const parts = wordsOf(toks, run.a, run.b);
        const full = parts.join(' ');
        let p = this.reg.byName(full);
        if (!p && parts.length === 1) p = this.reg.resolvePart(parts[0], pos);
        if (!p && parts.length > 1) {
          // "Mr. Reeves" → the surname
          const surname = parts[parts.length - 1];
          if (run.honorific !== null || HONORIFIC.has(toks.l(run.titleA))) p = this.reg.resolvePart(surname, pos);
        }
        const roleStart = a < run.titleA || run.titleA < run.a ? a : -1;
        let role = roleStart >= 0 && roleStart < run.a ? this.text.slice(toks.s(roleStart), toks.e(run.a - 1)) : null;
        if (role && this.isDeterminer(toks.l(roleStart)) && run.a - roleStart === 1) role = null;
        role = appositive ?? role ?? p?.role ?? null;
        if (p) return { name: p.full, person: p, role, kind: 'person', gender: genderOf(p), conf: 1 };
        if (TITLE_WORDS.has(toks.l(run.b - 1))) {
          // "Union Leader", "the Roscosmos chief": the person the article introduced with that role
          const byRole = this.personByRole(toks, run.titleA, run.b, pos);
          if (byRole) return { name: byRole.full, person: byRole, role: this.text.slice(toks.s(run.titleA), toks.e(run.b - 1)), kind: 'person', gender: genderOf(byRole), conf: 0.7 };
        }
        if (run.person || (run.b - run.a === 1 && !run.org && a === run.a)) {
          return { name: this.text.slice(toks.s(run.a), toks.e(run.b - 1)), person: null, role, kind: run.org ? 'org' : 'person', gender: run.honorific, conf: 0.9 };
        }
        // an organisation: keep its determiner ("The Food Standards Agency")
        const s = this.isDeterminer(toks.l(a)) ? a : run.titleA;
        return { name: this.text.slice(toks.s(s), toks.e(b - 1)), person: null, role: appositive, kind: 'org', gender: 'n', conf: 0.8 };
      }
    }
    // a description: "the Roscosmos chief", "a senior political source", "Obama administration officials"
    const head = toks.l(b - 1);
    if (this.isDeterminer(toks.l(a)) && b - a >= 2) {
      const det = toks.l(a);
      if (det === 'the' || det === 'le' || det === 'la' || det === 'o' || det === 'a' && false || det === 'el' || det === 'il' || det === 'der' || det === 'die') {
        const p = this.personByRole(toks, a + 1, b, pos);
        if (p) return { name: p.full, person: p, role: this.text.slice(toks.s(a + 1), toks.e(b - 1)), kind: 'person', gender: genderOf(p), conf: 0.7 };
      }
    }
    if (TITLE_WORDS.has(head) && b - a <= 4) {
      // "Union Leader" in a headline: the person introduced with that role
      const from = this.isDeterminer(toks.l(a)) ? a + 1 : a;
      const p = from < b ? this.personByRole(toks, from, b, pos) : null;
      if (p) return { name: p.full, person: p, role: this.text.slice(toks.s(from), toks.e(b - 1)), kind: 'person', gender: genderOf(p), conf: 0.7 };
    }
    // a description is a noun phrase: it opens with a determiner or a capital, or is a short plural ("city officials");
    // it holds no first- or second-person word or contraction
    for (let k = a; k < b; k++) {
      const l = toks.l(k);
      if (FIRST_PERSON.has(l) || l.includes('’') || (l.includes("'") && !l.endsWith("'s"))) return null;
    }
    const opensNP = this.isDeterminer(toks.l(a)) || toks.cap(a) || (b - a <= 3 && head.endsWith('s') && !this.isVerb(head));
    if (!opensNP) return null;
    if (b - a > 8 && !hasRelative(toks, a, b)) return null;
    if (b - a > 16) return null;
    const name = this.text.slice(toks.s(a), toks.e(b - 1));
    const plural = head.endsWith('s') && !head.endsWith('ss');
    return { name, person: null, role: appositive, kind: 'desc', gender: plural ? 'p' : null, conf: 0.8 };
  }

  /** "the Roscosmos chief" → the person the article introduced with that role. */
  private personByRole(toks: Toks, a: number, b: number, pos: number): Person | null {
    const head = toks.l(b - 1);
    const mods = wordsOf(toks, a, b - 1, true);
    let best: Person | null = null, bestPos = -1;
    for (const p of this.reg.persons) {
      if (!p.role) continue;
      let rw = this.roleWords.get(p.role);
      if (!rw) { rw = p.role.toLowerCase().split(/[\s,]+/); this.roleWords.set(p.role, rw); }
      if (!rw.includes(head)) continue;
      if (mods.some((m) => !rw.includes(m))) continue;
      const m = lastMentionBefore(p, pos);
      const at = m >= 0 ? m : -1;
      if (at > bestPos || !best) { best = p; bestPos = at; }
    }
    return best;
  }

  resolvePronoun(l: string, pos: number, block: number): Speaker | null {
    const g = this.pronoun(l) ?? (l === 'il' ? 'm' : l === 'elle' ? 'f' : null);
    if (!g) return null;
    const mk = (p: Person, conf: number): Speaker => ({ name: p.full, person: p, role: p.role, kind: 'person', gender: genderOf(p), conf });
    if (g === 'm' || g === 'f') {
      const blockStart = this.blockStartOf(pos);
      // (a) a person of that gender mentioned earlier in this paragraph
      let unknownHere: Person | null = null;
      const top = upperBound(this.mentionPos, pos) - 1;
      for (let i = top; i >= 0 && i > top - 60 && this.mentionPos[i] >= blockStart; i--) {
        const p = this.mentionPerson[i];
        const pg = genderOf(p);
        if (pg === g) return mk(p, 0.75);
        if (pg === null && !unknownHere) unknownHere = p;
      }
      // (b) the last speaker of that gender
      for (let i = this.events.length - 1; i >= 0 && i >= this.events.length - 40; i--) {
        const e = this.events[i];
        if (e.block < block - 4) break;
        if (e.sp.person && e.sp.gender === g) return mk(e.sp.person, 0.65);
      }
      // (c) the last person of that gender mentioned nearby
      for (let i = top; i >= 0 && i > top - 200 && this.mentionPos[i] >= pos - 3000; i--) {
        const p = this.mentionPerson[i];
        if (genderOf(p) === g) return mk(p, 0.6);
      }
      if (unknownHere) return mk(unknownHere, 0.5);
      for (let i = this.events.length - 1; i >= 0 && i >= this.events.length - 40; i--) {
        const e = this.events[i];
        if (e.block < block - 2) break;
        if (e.sp.kind === 'person' && e.sp.gender === null && e.sp.name) return withConf(e.sp, 0.45);
      }
      return null;
    }
    // it / they: the last organisation or description that spoke
    for (let i = this.events.length - 1; i >= 0 && i >= this.events.length - 40; i--) {
      const e = this.events[i];
      if (e.block < block - 3) break;
      if (e.sp.kind === 'org' || e.sp.kind === 'desc') {
        if (g === 'n' && e.sp.gender !== 'p') return withConf(e.sp, 0.6);
        if (g === 'p' && (e.sp.gender === 'p' || e.sp.kind === 'org')) return withConf(e.sp, 0.55);
      }
    }
    return null;
  }

  blockStarts: number[] = [];
  private blockStartOf(pos: number): number {
    const i = upperBound(this.blockStarts, pos) - 1;
    return i >= 0 ? this.blockStarts[i] : 0;
  }
}

function lastMentionBefore(p: Person, pos: number): number {
  let best = -1;
  for (const m of p.mentions) if (m <= pos && m > best) best = m;
  return best;
}

function upperBound(arr: number[], x: number): number {
  let lo = 0, hi = arr.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (arr[mid] <= x) lo = mid + 1; else hi = mid; }
  return lo;
}

function lastCap(toks: Toks, a: number, b: number): boolean {
  for (let k = a; k < b; k++) if (isCapWord(toks, k) && !FUNCTION_CAPS.has(toks.l(k)) && !TITLE_WORDS.has(toks.l(k))) return true;
  return false;
}

function matchSeq(toks: Toks, k: number, b: number, seq: string[]): boolean {
  if (k + seq.length > b) return false;
  for (let i = 0; i < seq.length; i++) if (toks.kind(k + i) !== T.Word || toks.l(k + i) !== seq[i]) return false;
  return true;
}

function hasRelative(toks: Toks, a: number, b: number): boolean {
  for (let k = a; k < b; k++) { const l = toks.l(k); if (l === 'who' || l === 'qui') return true; }
  return false;
}

function seqText(toks: Toks, a: number, b: number): string {
  return wordsOf(toks, a, b).join(' ');
}
