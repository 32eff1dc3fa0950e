// The quote engine as the background runs it for tabs: the same engine as the command-line extractor's, in the
// service worker, for the long articles a page does not search itself (see ENGINE_ON_PAGE_MAX_CHARS), where it
// stays compiled and optimised across pages, and is warmed up when the worker starts.
import type { ContentToBackground, ExtractReply } from './messages';
import { extractQuotes, type ArticleText, type InlineSpan, type TextBlock } from './engine/index';
import { CUES } from './engine/cues';
import { LANGS, type Lang } from './engine/lang';

/**
 * The quotes of a tab's article: the whole article in one run, as the command-line extractor reads it (here
 * no page waits on the task, so a book-length article need not be cut in slices as on the page). Their
 * words are not sent back: the tab has the text.
 */
export async function extractForTab(m: Extract<ContentToBackground, { type: 'content/extract-quotes' }>): Promise<ExtractReply> {
  const result = extractQuotes({ text: m.text, blocks: m.blocks, spans: m.spans, lang: m.lang }, { maxQuotes: m.maxQuotes });
  return {
    quotes: result.quotes.map((q) => ({ start: q.start, end: q.end, kind: q.kind, speaker: q.speaker, role: q.role, cue: q.cue, confidence: q.confidence })),
    capped: result.capped,
  };
}

const FIRST_NAMES = ['Maria', 'Tomas', 'Aiko', 'Kwame', 'Ines', 'Rahul', 'Sofia', 'Dmitri', 'Leila', 'Owen', 'Chen', 'Amara'];
const SURNAMES = ['Okafor', 'Lindqvist', 'Tanaka', 'Mensah', 'Duarte', 'Kapoor', 'Moretti', 'Volkov', 'Haddad', 'Brennan', 'Wei', 'Nwosu'];
const ROLES = ['the port authority chief', 'the mayor of Harrow', 'a union spokeswoman', 'the finance minister', 'an economist at the central bank', 'the opposition leader'];

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

/** Quote marks of each language, outer and inner pairs. */
const MARKS: Record<Lang, [string, string, string, string]> = {
  en: ['“', '”', '‘', '’'], fr: ['« ', ' »', '“', '”'], es: ['«', '»', '“', '”'], pt: ['“', '”', '‘', '’'],
  de: ['„', '“', '‚', '‘'], it: ['«', '»', '“', '”'], ru: ['«', '»', '„', '“'], cs: ['„', '“', '‚', '‘'],
};
/** Filler words in the language's own script, so its words are tokenised as they would be. */
const FILLER: Record<Lang, string> = {
  en: 'the plan was never about money it was about trust and the people who live here',
  fr: 'le projet n’a jamais été une question d’argent mais de confiance pour les habitants',
  es: 'el proyecto nunca fue una cuestión de dinero sino de confianza para los vecinos',
  pt: 'o projeto nunca foi uma questão de dinheiro mas de confiança para os moradores',
  de: 'bei dem Projekt ging es nie um Geld sondern um Vertrauen für die Menschen hier',
  it: 'il progetto non è mai stato una questione di soldi ma di fiducia per i cittadini',
  ru: 'этот проект никогда не был вопросом денег а только доверия для жителей города',
  cs: 'tento projekt nikdy nebyl otázkou peněz ale důvěry pro obyvatele tohoto města',
};

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
    const [o, c, io, ic] = MARKS[lang];
    const words = FILLER[lang].split(' ');
    const clause = (k: number, n: number) => { const w = []; for (let i = 0; i < n; i++) w.push(words[(k * 7 + i * 3) % words.length]); return w.join(' '); };
    const paragraphs: [string, TextBlock['kind']][] = [[`${clause(l, 6).toUpperCase()}: ${o}${clause(l + 1, 4)}${c}`, 'title']];
    for (let k = 0; k < 6; k++) {
      const surname = SURNAMES[(l * 3 + k) % SURNAMES.length];
      const name = `${FIRST_NAMES[(l + k * 5) % FIRST_NAMES.length]} ${surname}`;
      const verb = nth(cues.verbs, k * 11 + l);
      const strong = nth(cues.indirectVerbs, k + l);
      const pronoun = nth(cues.pronouns.keys(), k);
      const according = cues.according[k % cues.according.length].join(' ');
      const that = nth(cues.that, k);
      const n = 1 + ((k * 37 + l * 11) % 90);
      paragraphs.push(
        [`${o}${clause(k, 9)}, ${io}${clause(k + 2, 3)}${ic}, ${clause(k + 3, 4)}…${c} ${verb} ${name}, ${ROLES[k % ROLES.length]} (Dr. ${surname}, U.S.), ${n}.${k}% — ${clause(k + 4, 5)} [${n}].`, 'paragraph'],
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

/**
 * Rounds over warmUpArticles() a freshly started worker makes before the first articles arrive. One run only
 * compiles the engine: V8 optimises its hot functions after many calls (and drops the optimised code of a
 * function the first time it takes a branch it never took before), and until then an article takes 5-10
 * times as long: in the worker 22-44 ms for the same 74k-character article over its first six runs, 3.5-8.5
 * ms after. Real pages finish the job: every long article goes through this engine.
 */
export const WARM_UP_ROUNDS = 4;

/**
 * Warms the engine up: WARM_UP_ROUNDS rounds over warmUpArticles(), one article a task (a few ms once
 * compiled), each only when `busy()` says no tab is being answered (tabs first: a page that just asked
 * for its settings is about to send its article). Resolves when done.
 */
export async function warmUpEngine(busy: () => boolean = () => false, rounds = WARM_UP_ROUNDS): Promise<void> {
  const articles = warmUpArticles();
  for (let r = 0; r < rounds; r++) {
    for (const article of articles) {
      for (let wait = 0; ; wait = 50) {
        await new Promise((resolve) => setTimeout(resolve, wait));
        if (!busy()) break;
      }
      extractQuotes(article);
    }
  }
}
