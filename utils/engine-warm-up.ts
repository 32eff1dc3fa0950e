// The made-up articles the background's engine is warmed up on (engine-host.ts runs them), so that its first
// real long article runs nearly as fast as its tenth. V8 optimises a function for the values and branches it
// has seen; prose that is too regular leaves whole paths of the engine unseen, and a real page then costs
// several times as much while they are compiled. Two sets: articles drawn at random (a fixed seed) from the
// forms news text is made of, and one written article a language that takes the engine's main paths.
import type { ArticleText, BlockKind, InlineSpan, TextBlock } from './engine/types';
import { CUES } from './engine/cues';
import { LANGS, type Lang } from './engine/lang';
import { seededRandom } from './seeded-random';

const FIRST = ['Maria', 'Tomás', 'Aiko', 'Kwame', 'Inès', 'Rahul', 'Sofia', 'Dmitri', 'Leila', 'Owen', 'Chen', 'Amara', 'Jean-Luc', 'Siobhán', 'Björn', 'Zoë', 'Mohammed', 'Ngozi'];
const LAST = ['Okafor', 'Lindqvist', 'Tanaka', 'Mensah', 'Duarte', 'Kapoor', 'Moretti', 'Volkov', 'Haddad', 'Brennan', 'Wei', 'Nwosu', "O'Neill", 'McAllister', 'van der Berg', 'de la Cruz', 'Smith-Jones', 'Al-Rashid'];
const ROLE = ['the port authority chief', 'mayor of Harrow', 'a spokeswoman for the union', 'the finance minister', 'an economist at the central bank', 'the opposition leader', 'chief executive of Northwind Ltd.', 'a senior official who asked not to be named', 'professor of history at the University of Leeds', 'the team’s coach'];
const ORG = ['the Ministry of Finance', 'NATO', 'the BBC', 'Reuters', 'the U.N. Security Council', 'Acme Corp.', 'the European Central Bank', 'Greenpeace', 'the FBI', 'Harrow City Council'];
const ABBR = ['Dr.', 'Mr.', 'Mrs.', 'Ms.', 'Prof.', 'Gen.', 'Sen.', 'Rep.', 'St.', 'Jan.', 'Feb.', 'Sept.', 'No.', 'vs.', 'e.g.', 'i.e.', 'etc.', 'Inc.', 'Ltd.', 'U.S.', 'U.K.', 'a.m.', 'p.m.', 'approx.', 'J. R.'];
const ODD = ['COVID-19', '5G', 'F-35', 'e-mail', 'https://example.org/news/2024/03/story?id=42&ref=home', 'press@example.com', '@harrow_news', '#budget2024', '🙂', '—', '–', '…', '&', '/', '(', ')', '[1]', '[citation needed]', '§', '°C', '№', 'Ελλάδα', 'Москва', '東京', 'مرحبا', 'naïve', 'façade', "rock 'n' roll", "'90s", 'dogs’', "it's", 'don’t', 'l’État', 'C++', 'x86', 'IV', 'XXI'];
const NUM = (r: () => number): string => {
  const n = Math.floor(r() * 10000);
  switch (Math.floor(r() * 9)) {
    case 0: return String(n);
    case 1: return `${n % 100}.${n % 10}%`;
    case 2: return `$${n % 900}.${n % 10}bn`;
    case 3: return `${(n * 37).toLocaleString('en-US')}`;
    case 4: return `20${10 + (n % 15)}-0${1 + (n % 9)}-1${n % 10}`;
    case 5: return `${n % 24}:${String(n % 60).padStart(2, '0')}`;
    case 6: return `${1 + (n % 30)}th`;
    case 7: return `${n % 1000} €`;
    default: return `${1900 + (n % 120)}s`;
  }
};

/** Quotation marks of each language: its outer pair, its inner pair, then others its pages also carry. */
const MARKS: Record<Lang, [string, string][]> = {
  en: [['“', '”'], ['‘', '’'], ['"', '"'], ["'", "'"]],
  fr: [['« ', ' »'], ['“', '”'], ['«', '»'], ['"', '"']],
  es: [['«', '»'], ['“', '”'], ['"', '"'], ['‘', '’']],
  pt: [['“', '”'], ['‘', '’'], ['«', '»'], ['"', '"']],
  de: [['„', '“'], ['‚', '‘'], ['»', '«'], ['"', '"']],
  it: [['«', '»'], ['“', '”'], ['"', '"'], ['‘', '’']],
  ru: [['«', '»'], ['„', '“'], ['"', '"'], ['“', '”']],
  cs: [['„', '“'], ['‚', '‘'], ['»', '«'], ['"', '"']],
};

/** Filler words in the language's own script, so its words are tokenised as they would be. */
const LOWER: Record<Lang, string> = {
  en: 'the plan was never about money it was about trust and the people who live here in a city where nobody had asked them what they wanted for years',
  fr: 'le projet n’a jamais été une question d’argent mais de confiance pour les habitants de cette ville où personne ne leur avait demandé leur avis',
  es: 'el proyecto nunca fue una cuestión de dinero sino de confianza para los vecinos de una ciudad donde nadie les había preguntado nada',
  pt: 'o projeto nunca foi uma questão de dinheiro mas de confiança para os moradores de uma cidade onde ninguém lhes tinha perguntado nada',
  de: 'bei dem Projekt ging es nie um Geld sondern um Vertrauen für die Menschen hier in einer Stadt in der niemand sie jahrelang gefragt hatte',
  it: 'il progetto non è mai stato una questione di soldi ma di fiducia per i cittadini di una città dove nessuno aveva chiesto loro niente',
  ru: 'этот проект никогда не был вопросом денег а только доверия для жителей города где их никто не спрашивал много лет',
  cs: 'tento projekt nikdy nebyl otázkou peněz ale důvěry pro obyvatele tohoto města kde se jich nikdo léta na nic neptal',
};

/** One article drawn at random in `lang`, about `size` characters long; without `tagLang`, its language is left for the engine to detect. */
function variedArticle(r: () => number, lang: Lang, size: number, tagLang: boolean): ArticleText & { spans: InlineSpan[] } {
  const cues = CUES[lang];
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)];
  const verbs = [...cues.verbs], pronouns = [...cues.pronouns.keys()], dets = [...cues.determiners], that = [...cues.that];
  const according = cues.according.map((a) => a.join(' '));
  const words = LOWER[lang].split(' ');
  const marks = MARKS[lang];
  const capital = (w: string) => w[0].toUpperCase() + w.slice(1);
  const name = () => (r() < 0.3 ? `${pick(ABBR.slice(0, 8))} ` : '') + `${pick(FIRST)} ${pick(LAST)}`;
  const surname = () => pick(LAST);
  const speaker = () => [name(), surname(), pick(pronouns), (dets.length ? `${pick(dets)} ` : '') + pick(words), pick(ORG), `${name()}, ${pick(ROLE)},`][Math.floor(r() * 6)];
  const wordy = (n: number): string => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const x = r();
      if (x < 0.68) out.push(pick(words));
      else if (x < 0.76) out.push(capital(pick(words)));
      else if (x < 0.82) out.push(name());
      else if (x < 0.86) out.push(NUM(r));
      else if (x < 0.9) out.push(pick(ABBR));
      else if (x < 0.94) out.push(pick(ODD));
      else if (x < 0.96) out.push(pick(ORG));
      else out.push(pick(words) + pick([',', ';', ':', ' —', ' (' + pick(words) + ')', '?', '!', '...']));
    }
    return out.join(' ');
  };
  const sentence = () => capital(wordy(4 + Math.floor(r() * 16))) + pick(['.', '.', '.', '?', '!', '…', '.']);
  const quoted = (inner: string) => { const [o, c] = r() < 0.75 ? marks[0] : pick(marks); return o + inner + c; };
  const nested = () => { const [io, ic] = marks[1]; return `${wordy(3)} ${io}${wordy(2)}${ic} ${wordy(3)}`; };
  const paragraph = (): string => {
    switch (Math.floor(r() * 16)) {
      case 0: return `${quoted(sentence())} ${pick(verbs)} ${speaker()} ${sentence()}`;
      case 1: return `${quoted(wordy(8) + ',')} ${speaker()} ${pick(verbs)}. ${quoted(sentence() + ' ' + sentence())}`;
      case 2: return `${name()}, ${pick(ROLE)}, ${pick(verbs)}: ${quoted(sentence() + ' ' + nested() + '.')}`;
      case 3: return `${capital(pick(according))} ${speaker()}, ${wordy(12)}.`;
      case 4: return `${speaker()} ${pick(verbs)} ${pick(that)} ${wordy(14)}.`;
      case 5: return `${wordy(6)} ${quoted(pick(words))} ${wordy(6)} ${quoted(wordy(2))}. ${sentence()}`;
      case 6: return `${quoted(sentence())}`; // a lone quotation: its speaker is in the paragraph before
      case 7: return `${quoted(sentence() + ' ' + sentence())}`.slice(0, -1); // runs on into the next paragraph
      case 8: return `${surname()}, ${pick(FIRST)} (${1 + Math.floor(r() * 28)} ${pick(['March', 'May', 'October'])} 20${10 + Math.floor(r() * 15)}). ${quoted(wordy(6))}. ${pick(ORG)}. Retrieved ${NUM(r)}.`;
      case 9: return `${pick(['Q:', 'A:', '—', '–', '- '])} ${sentence()} ${r() < 0.5 ? `${pick(pronouns)} ${pick(verbs)}.` : ''}`;
      case 10: return `${sentence()} ${sentence()} ${sentence()}`;
      case 11: return `${capital(pick(pronouns))} ${pick(verbs)}, ${quoted(wordy(5) + ' ' + quoted(wordy(3)) + ' ' + wordy(2))}, ${wordy(5)}.`;
      case 12: return `${quoted(wordy(3).toUpperCase())}: ${wordy(5)}`;
      case 13: return `${wordy(5)} ${quoted(wordy(9) + '...')} ${pick(verbs)} ${speaker()} ${pick(['on Tuesday', 'in a statement', 'last week', 'to reporters'])}.`;
      case 14: return `${name()} ${pick(verbs)} ${speaker()} ${pick(that)} ${quoted(wordy(7))} ${wordy(4)}.`;
      default: return `${sentence()} ${quoted(wordy(1 + Math.floor(r() * 30)))}${pick([',', '.', ''])} ${pick(verbs)} ${speaker()}.`;
    }
  };
  const KINDS: BlockKind[] = ['paragraph', 'paragraph', 'paragraph', 'paragraph', 'paragraph', 'list', 'list', 'heading', 'blockquote', 'caption', 'other'];
  let text = '';
  const blocks: TextBlock[] = [];
  const spans: InlineSpan[] = [];
  const add = (body: string, kind: BlockKind) => {
    if (text) text += '\n\n';
    blocks.push({ start: text.length, end: text.length + body.length, kind });
    text += body;
  };
  add(`${wordy(6).toUpperCase()}: ${quoted(wordy(4))}`, 'title');
  while (text.length < size) {
    const kind = pick(KINDS);
    const body = kind === 'heading' ? wordy(2 + Math.floor(r() * 6)) : kind === 'blockquote' ? (r() < 0.5 ? sentence() : quoted(sentence())) : paragraph();
    if (kind === 'paragraph' && r() < 0.05) {
      // an inline <q> or <code>: a span the markup marks
      const at = text.length + (text ? 2 : 0);
      const cut = body.indexOf(' ', body.length >> 1);
      if (cut > 0) spans.push({ start: at, end: at + cut, kind: r() < 0.7 ? 'q' : 'code' });
    }
    add(body, kind);
  }
  return tagLang ? { text, blocks, spans, lang } : { text, blocks, spans };
}

/**
 * Articles of every length from a paragraph to a long feature, in every language the engine knows (some
 * left for it to detect), drawn from the same seed each time.
 */
export function variedArticles(count = 24, seed = 0x9e3779b9): (ArticleText & { spans: InlineSpan[] })[] {
  const r = seededRandom(seed); // the same articles at every start
  const out: (ArticleText & { spans: InlineSpan[] })[] = [];
  for (let i = 0; i < count; i++) {
    const lang = i % 3 === 0 ? LANGS[(i / 3) % LANGS.length] : 'en';
    const size = [600, 2500, 6000, 12000][i % 4];
    out.push(variedArticle(r, lang, size, i % 6 !== 1)); // some English ones without their language
  }
  return out;
}

function joinBlocks(paragraphs: [string, TextBlock['kind']][], lang?: string): ArticleText & { spans: InlineSpan[] } {
  let text = '';
  const blocks: TextBlock[] = [];
  const spans: InlineSpan[] = [];
  for (const [p, kind] of paragraphs) {
    if (text) text += '\n\n';
    // ‹q›…‹/q› marks an inline <q> span (a quotation the markup gives without marks in the text)
    const open = p.indexOf('‹q›');
    const close = p.indexOf('‹/q›');
    let body = p;
    if (open >= 0 && close > open) {
      body = p.slice(0, open) + p.slice(open + 3, close) + p.slice(close + 4);
      spans.push({ start: text.length + open, end: text.length + close - 3, kind: 'q' });
    }
    blocks.push({ start: text.length, end: text.length + body.length, kind });
    text += body;
  }
  return lang === undefined ? { text, blocks, spans } : { text, blocks, spans, lang };
}

const nth = <T>(items: Iterable<T>, i: number): T => { const list = [...items]; return list[i % list.length]; };

/**
 * One made-up article in each language the engine knows (and one left for it to detect), written with that
 * language's own cues, quote marks and pronouns, and the text forms news pages are full of: abbreviations,
 * figures, citations, parentheses, dashes, ellipses, titles in capitals, every block kind, an inline <q>.
 * The engine's optimised code keeps only the branches it has seen run: prose this varied is what makes
 * its first run on a real page fast (see WARM_UP_ROUNDS).
 */
export function warmUpArticles(): ArticleText[] {
  const out: ArticleText[] = [];
  LANGS.forEach((lang, l) => {
    const cues = CUES[lang];
    const [[o, c], [io, ic]] = MARKS[lang];
    const words = LOWER[lang].split(' ');
    const clause = (k: number, n: number) => { const w = []; for (let i = 0; i < n; i++) w.push(words[(k * 7 + i * 3) % words.length]); return w.join(' '); };
    const paragraphs: [string, TextBlock['kind']][] = [[`${clause(l, 6).toUpperCase()}: ${o}${clause(l + 1, 4)}${c}`, 'title']];
    for (let k = 0; k < 6; k++) {
      const surname = LAST[(l * 3 + k) % LAST.length];
      const name = `${FIRST[(l + k * 5) % FIRST.length]} ${surname}`;
      const verb = nth(cues.verbs, k * 11 + l);
      const strong = nth(cues.indirectVerbs, k + l);
      const pronoun = nth(cues.pronouns.keys(), k);
      const according = cues.according[k % cues.according.length].join(' ');
      const that = nth(cues.that, k);
      const n = 1 + ((k * 37 + l * 11) % 90);
      paragraphs.push(
        [`${o}${clause(k, 9)}, ${io}${clause(k + 2, 3)}${ic}, ${clause(k + 3, 4)}…${c} ${verb} ${name}, ${ROLE[k % ROLE.length]} (Dr. ${surname}, U.S.), ${n}.${k}% — ${clause(k + 4, 5)} [${n}].`, 'paragraph'],
        [`${surname} ${verb}: ${o}${clause(k + 5, 12)}. ${clause(k + 6, 7)}?${c} ${o}${clause(k + 7, 5)}!${c}, ${pronoun} ${verb}.`, 'paragraph'],
        [`${according[0].toUpperCase()}${according.slice(1)} ${surname}, ${clause(k + 8, 10)} ${n * 13} €, $${n}.${k}bn, 20${10 + k}-0${1 + k}-1${k}.`, 'paragraph'],
        [`${name} ${strong} ${that} ${clause(k + 9, 11)}; ${clause(k, 4)} "${clause(k + 1, 6)}" 'x' ${clause(k + 2, 3)}'s.`, k % 3 === 2 ? 'list' : 'paragraph'],
        [`${o}${clause(k + 3, 14)}${c}`, k % 2 ? 'blockquote' : 'caption'],
        [`${clause(k + 4, 5)} ‹q›${clause(k + 5, 8)}‹/q› ${clause(k + 6, 3)} 🙂 ${name.toUpperCase()} ${clause(k, 2)}`, k % 2 ? 'other' : 'heading'],
      );
    }
    out.push(joinBlocks(paragraphs, l === LANGS.length - 1 ? undefined : lang));
  });
  return out;
}
