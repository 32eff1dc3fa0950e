// Names in the article: capitalised runs that look like people, their roles and genders, and how shorter
// mentions (surname, first name, "Mr. X") map to the full name the article introduced.
import { TOK_CAP_WORD, TOK_PRONOUN, TOK_SS, isCapWord, wordsOf, type Toks } from './tokens';
import { W_ACRONYM as ACRONYM, W_ALL_CAPS as ALL_CAPS, W_FUNC as FUNC, W_HON as HON, W_ORG as ORG, W_PARTICLE as PARTICLE, W_PRONOUN_F, W_PRONOUN_M, W_TITLE as TITLE } from './word-flags';
import { GENDERED_NOUNS, type Gender } from './cues';

const FUNCTION_CAPS = new Set(`the a an but and or in on at for from to by of as after before when while if this that these those his her their its our it he she they we i you there here what who whom also then still today yesterday meanwhile however although though since during with without under over between into through about first second last next some many most more other another each every all both few no not only even just so such than too very can will would should could may might must according instead now later earlier once because despite until unless where why how yes well le la les l un une des du de et en au aux pour par sur dans avec sans ce cette il elle ils elles on el los las lo y con por para según o os as um uma da do das dos e em no na nos nas com segundo der die das ein eine und mit von zu im am il lo gli uno di della del che con per secondo monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin juillet août septembre octobre novembre décembre`.split(/\s+/));

const HONORIFIC = new Map<string, Gender | null>([
  ['mr', 'm'], ['mr.', 'm'], ['mrs', 'f'], ['mrs.', 'f'], ['ms', 'f'], ['ms.', 'f'], ['miss', 'f'], ['dr', null], ['dr.', null], ['prof', null], ['prof.', null],
  ['sir', 'm'], ['dame', 'f'], ['lord', 'm'], ['lady', 'f'], ['mme', 'f'], ['m.', 'm'], ['monsieur', 'm'], ['madame', 'f'], ['herr', 'm'], ['frau', 'f'], ['sr.', 'm'], ['sra.', 'f'], ['dona', 'f'], ['dom', 'm'], ['signor', 'm'], ['signora', 'f'],
]);

const TITLE_WORDS = new Set(`president vice minister prime senator sen. sen chief director secretary governor gov. judge justice general gen. captain capt. officer inspector chairman chairwoman chair ceo cfo coo cto administrator leader deputy acting professor prof. dr. father bishop pope sir king queen prince princess sheikh rev. reverend sgt. lt. col. rep. representative congressman congresswoman mayor ambassador commissioner attorney chancellor premier coach manager spokesman spokeswoman spokesperson founder executive head editor correspondent analyst economist lawyer councillor councilor superintendent constable detective sergeant lieutenant colonel major admiral commander marshal pastor rabbi imam cardinal archbishop emir ayatollah crown président président ministre député sénateur maire directeur directrice porte-parole presidente ministro diretor técnico treinador prefeito governador senador deputado präsident minister kanzler kanzlerin sprecher bürgermeister presidente ministro sindaco президент министр глава prezident ministr`.split(/\s+/));

const ORG_WORDS = new Set(`university college school institute institution center centre agency department ministry police council committee commission bank company inc inc. corp corp. ltd ltd. group party office house court senate congress parliament assembly government administration board fund authority association society foundation federation union organization organisation network service services news times post press journal magazine channel radio tv television hospital clinic church museum library airport station street avenue road river lake mountain island republic kingdom states nations club team league cup corporation industries holdings systems technologies labs laboratory program programme project force army navy military guard forces bureau unit coalition alliance movement front embassy consulate tribunal prison jail bridge tower park hall square city county province state region district valley bay sea ocean gulf north south east west new united royal national international federal european american british french german russian chinese african asian global world`.split(/\s+/));

const PARTICLES = new Set(['de', 'da', 'do', 'dos', 'das', 'del', 'della', 'di', 'van', 'von', 'der', 'den', 'ter', 'bin', 'ibn', 'al', 'el', 'la', 'le', 'du', 'y', 'e']);

export interface Person {
  id: number;
  full: string;
  parts: string[];
  role: string | null;
  votes: { m: number; f: number };
  honorific: Gender | null;
  /** positions of mentions */
  mentions: number[];
}

export interface NameRun {
  /** token index range of the name itself [a, b) */
  a: number;
  b: number;
  /** title/role tokens before the name inside the same capitalised run */
  titleA: number;
  honorific: Gender | null;
  person: boolean;
  org: boolean;
}


export function genderOf(p: Person): Gender | null {
  if (p.honorific) return p.honorific;
  if (p.votes.m > p.votes.f) return 'm';
  if (p.votes.f > p.votes.m) return 'f';
  return null;
}

/** The name lists' flags of each listed word (word-flags.ts); the tokens carry them. */
export const NAME_LIST_FLAGS = new Map<string, number>();
for (const [list, bit] of [[FUNCTION_CAPS, FUNC], [HONORIFIC, HON], [TITLE_WORDS, TITLE], [ORG_WORDS, ORG], [PARTICLES, PARTICLE]] as const) {
  for (const w of list.keys()) NAME_LIST_FLAGS.set(w, (NAME_LIST_FLAGS.get(w) ?? 0) | bit);
}
const isNameToken = (toks: Toks, k: number): boolean => isCapWord(toks, k) && (toks.wordFlags(k) & FUNC) === 0;

/** Reads the capitalised run that contains or ends at token k (inclusive end index `end`). */
export function nameRunEndingAt(toks: Toks, end: number, lo: number): NameRun | null {
  if (end < lo || !isCapWord(toks, end)) return null;
  let a = end;
  while (a - 1 >= lo) {
    const p = a - 1;
    if (!toks.isWord(p)) break;
    if (isCapWord(toks, p) || ((toks.wordFlags(p) & PARTICLE) !== 0 && a - 2 >= lo && isCapWord(toks, a - 2))) { a--; continue; }
    break;
  }
  return classifyRun(toks, a, end + 1);
}

export function nameRunStartingAt(toks: Toks, start: number, hi: number): NameRun | null {
  if (start >= hi || !isCapWord(toks, start)) return null;
  let b = start + 1;
  while (b < hi) {
    if (!toks.isWord(b)) break;
    if (isCapWord(toks, b) || ((toks.wordFlags(b) & PARTICLE) !== 0 && b + 1 < hi && isCapWord(toks, b + 1))) { b++; continue; }
    break;
  }
  return classifyRun(toks, start, b);
}

function classifyRun(toks: Toks, a: number, b: number): NameRun | null {
  // drop leading function words capitalised at the start of a sentence
  while (a < b && (toks.wordFlags(a) & FUNC) !== 0) a++;
  while (b > a && (toks.wordFlags(b - 1) & FUNC) !== 0) b--;
  if (a >= b) return null;
  let honorific: Gender | null = null, hasHon = false;
  // titles, acronyms and honorifics before the name proper
  let k = a;
  const titleA = a;
  for (let j = a; j < b - 1; j++) {
    const cls = toks.wordFlags(j);
    if ((cls & HON) !== 0) { honorific = HONORIFIC.get(toks.l(j)) ?? null; hasHon = true; k = j + 1; continue; }
    if ((cls & (TITLE | ACRONYM)) !== 0) k = j + 1;
  }
  if (k >= b) k = b - 1;
  let org = false;
  if ((toks.wordFlags(b - 1) & TITLE) !== 0) org = true;
  for (let j = k; j < b && !org; j++) if ((toks.wordFlags(j) & (ORG | ALL_CAPS)) !== 0) org = true;
  const n = b - k;
  const person = !org && (hasHon || (n >= 2 && n <= 4));
  return { a: k, b, titleA, honorific, person, org };
}

export class Registry {
  persons: Person[] = [];
  private byPart = new Map<string, Person[]>();
  /** the same lists by the parts' word ids (tokens.ts): a token is looked up without making its string */
  private byPartId = new Map<number, Person[]>();
  private byFull = new Map<string, Person>();

  /** `parts` are words of the article's tokens, `partIds` their word ids. */
  add(full: string, parts: string[], partIds: number[], pos: number, role: string | null, honorific: Gender | null): Person {
    let p = this.byFull.get(full);
    if (!p) {
      p = { id: this.persons.length, full, parts, role, votes: { m: 0, f: 0 }, honorific, mentions: [] };
      this.persons.push(p);
      this.byFull.set(full, p);
      for (let i = 0; i < parts.length; i++) {
        const part = parts[i];
        if (PARTICLES.has(part.toLowerCase()) || part.length < 2) continue;
        let list = this.byPart.get(part);
        if (!list) { list = []; this.byPart.set(part, list); this.byPartId.set(partIds[i], list); }
        list.push(p);
      }
    }
    if (role && !p.role) p.role = role;
    if (honorific && !p.honorific) p.honorific = honorific;
    p.mentions.push(pos);
    return p;
  }

  /** The person a one-word mention (surname or first name) refers to: the nearest earlier mention, else the first later one. */
  resolvePart(part: string, pos: number): Person | null {
    return this.nearest(this.byPart.get(part), pos);
  }

  /** resolvePart by the word's id (tokens.ts). */
  resolvePartId(id: number, pos: number): Person | null {
    return this.nearest(this.byPartId.get(id), pos);
  }

  private nearest(list: Person[] | undefined, pos: number): Person | null {
    if (!list || !list.length) return null;
    let best: Person | null = null, bestPos = -1;
    for (const p of list) {
      // mentions are sorted except for the ones pass 2 appends in increasing order: look from both ends
      const ms = p.mentions;
      const last = ms[ms.length - 1];
      if (last <= pos) { if (last > bestPos) { bestPos = last; best = p; } continue; }
      let lo = 0, hi = ms.length;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (ms[mid] <= pos) lo = mid + 1; else hi = mid; }
      if (lo > 0 && ms[lo - 1] > bestPos) { bestPos = ms[lo - 1]; best = p; }
    }
    if (best) return best;
    let first: Person | null = null, firstPos = Infinity;
    for (const p of list) if (p.mentions[0] < firstPos) { firstPos = p.mentions[0]; first = p; }
    return first;
  }

  byName(full: string): Person | null { return this.byFull.get(full) ?? null; }
}

export function runText(text: string, toks: Toks, a: number, b: number): string {
  return text.slice(toks.s(a), toks.e(b - 1));
}

/** Pass 1 over one block (blocks in text order): the full names it introduces. */
export function addFullNames(reg: Registry, text: string, toks: Toks, isVerb: (l: string) => boolean): void {
  // names start with a capitalised word: jump from one to the next
  for (let k = toks.nextWith(0, TOK_CAP_WORD, toks.length); k < toks.length; k = toks.nextWith(k + 1, TOK_CAP_WORD, toks.length)) {
    if (!isNameToken(toks, k)) continue;
    const run = nameRunStartingAt(toks, k, toks.length);
    if (!run) continue;
    const pos = toks.s(k);
    if (run.person) {
      const parts = wordsOf(toks, run.a, run.b);
      // "Bakanov Talking about …" (a heading glued to the text): a known surname and a stray capital
      const known = reg.resolvePartId(toks.id(run.a), pos);
      if (known && known.parts[known.parts.length - 1] === parts[0] && !reg.byName(parts.join(' '))) {
        k = Math.max(k, run.a);
        continue;
      }
      // role words right before the name: "Roscosmos chief Dmitry Bakanov", "acting NASA Administrator Sean Duffy"
      let r = run.a;
      const lo = Math.max(0, run.a - 6);
      while (r - 1 >= lo && toks.isWord(r - 1) && (toks.wordFlags(r - 1) & FUNC) === 0 && !isNameToken(toks, r - 1) === !toks.cap(r - 1)) r--;
      const role = r < run.a ? runText(text, toks, r, run.a) : null;
      let g: Gender | null = run.honorific;
      // "her daughter, Sarah" / "his wife, Grace"
      if (!g && run.a >= 2 && toks.w(run.a - 1) === ',') g = GENDERED_NOUNS.get(toks.l(run.a - 2)) ?? null;
      if (!g && r < run.a) g = GENDERED_NOUNS.get(toks.l(run.a - 1)) ?? null;
      const ids: number[] = [];
      for (let j = run.a; j < run.b; j++) ids.push(toks.id(j));
      reg.add(parts.join(' '), parts, ids, toks.s(run.a), role, g);
    }
    // "Lorenz said": a lone name that speaks is a person
    else if (run.b - run.a === 1 && !run.org && run.b < toks.length && toks.isWord(run.b) && !toks.cap(run.b) && isVerb(toks.l(run.b)) && !reg.resolvePartId(toks.id(run.a), pos)) {
      reg.add(toks.w(run.a), [toks.w(run.a)], [toks.id(run.a)], toks.s(run.a), null, run.honorific);
    }
    k = Math.max(k, run.b - 1);
  }
}

/**
 * Pass 2, once every block went through pass 1: every mention (one-word ones too), and pronoun votes for the
 * first person of each sentence (he / she pronouns: the W_PRONOUN_M / W_PRONOUN_F word flags).
 */
/** positions (offsets in the text) already recorded as mentions; reused from article to article */
let seenAt = new Uint8Array(1 << 16);

export function finishRegistry(reg: Registry, blocks: Toks[], textLength: number): void {
  if (seenAt.length <= textLength) seenAt = new Uint8Array(textLength + 1);
  else seenAt.fill(0, 0, textLength + 1);
  const seen = seenAt;
  const later: [Person, number][] = [];
  for (const p of reg.persons) for (const m of p.mentions) seen[m] = 1;
  for (const toks of blocks) {
    let subject: Person | null = null, prevSubject: Person | null = null;
    let n = 0;
    // only sentence starts, capitalised words and pronouns matter here: jump from one to the next
    for (let k = toks.nextWith(0, TOK_SS | TOK_CAP_WORD | TOK_PRONOUN, toks.length); k < toks.length; k = toks.nextWith(k + 1, TOK_SS | TOK_CAP_WORD | TOK_PRONOUN, toks.length)) {
      if (toks.ss(k)) { prevSubject = n === 1 ? subject : null; subject = null; n = 0; }
      if (!toks.isWord(k)) continue;
      if (isNameToken(toks, k)) {
        const pos = toks.s(k);
        const p = reg.resolvePartId(toks.id(k), pos);
        if (p) {
          if (seen[pos] === 0) { seen[pos] = 1; later.push([p, pos]); }
          // "her daughter, Sarah"
          if (k >= 2 && toks.w(k - 1) === ',' && !p.honorific) { const g = GENDERED_NOUNS.get(toks.l(k - 2)); if (g) p.honorific = g; }
          if (subject !== p) { n++; if (!subject) subject = p; }
        }
        continue;
      }
      const g = toks.wordFlags(k) & (W_PRONOUN_M | W_PRONOUN_F);
      if (g !== 0) {
        const target = subject ?? prevSubject;
        if (target) target.votes[g === W_PRONOUN_M ? 'm' : 'f']++;
      }
    }
  }
  for (const [p, m] of later) p.mentions.push(m);
  for (const p of reg.persons) sortNumbers(p.mentions);
}

/** Sorts in place, ascending; most lists come sorted already. */
function sortNumbers(xs: number[]): void {
  let sorted = true;
  for (let i = 1; i < xs.length && sorted; i++) sorted = xs[i - 1] <= xs[i];
  if (sorted) return;
  const a = Float64Array.from(xs).sort();
  for (let i = 0; i < a.length; i++) xs[i] = a[i];
}

export { FUNCTION_CAPS, HONORIFIC, TITLE_WORDS, ORG_WORDS, isNameToken };
