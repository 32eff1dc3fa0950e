// The quote engine as the background runs it for tabs: the same engine as the command-line extractor's, in the
// service worker, for the articles a page does not search itself (long ones, and any on a page that is cold
// for our code once this engine is warm: see PageSession.onPageBecause), where it stays compiled and
// optimised across pages, and is warmed up when the worker starts.
import type { ContentToBackground, ExtractReply } from './messages';
import { extractQuotes, type ArticleText } from './engine/index';
import { variedArticles, warmUpArticles } from './engine-warm-up';

/**
 * The quotes of a tab's article: the whole article in one run, as the command-line extractor reads it (here
 * no page waits on the task, so a book-length article need not be cut in slices as on the page). Their
 * words are not sent back: the tab has the text.
 */
export async function extractForTab(m: Extract<ContentToBackground, { type: 'content/extract-quotes' }>): Promise<ExtractReply> {
  const result = runEngine(m, m.maxQuotes);
  return {
    quotes: result.quotes.map((q) => ({ start: q.start, end: q.end, kind: q.kind, speaker: q.speaker, role: q.role, cue: q.cue, confidence: q.confidence })),
    capped: result.capped,
  };
}

/**
 * The engine's one entry here, for tabs and for the warm-up alike: an article object of one shape (the
 * same properties in the same order), so the code optimised on the warm-up's articles fits the tabs' too.
 */
function runEngine(a: ArticleText, maxQuotes?: number) {
  return extractQuotes({ text: a.text, blocks: a.blocks, spans: a.spans, lang: a.lang }, { maxQuotes });
}

/**
 * Rounds over warmUpSet() a freshly started worker makes before the first articles arrive. One run only
 * compiles the engine: V8 optimises its hot functions after many calls, for the values and branches it saw
 * (and drops the optimised code of a function the first time it takes a branch it never took before), and
 * until then an article takes 5-10 times as long. Measured in Node: the first runs, one after the other, on
 * the 17 corpus pages of over 15,000 characters right after the warm-up took 124-184 ms in all after
 * 4 rounds of warmUpArticles() alone (a warm-up of 100-155 ms; 6 runs), 35-87 ms (median 64; 8 runs) after
 * these 3 rounds of warmUpSet() (195-285 ms). In the worker, in Chromium, the warm-up now takes 370-520 ms
 * of CPU, against 145-260 before: spent once a start, at the worker's lower priority, in tasks that give way
 * to tabs.
 */
export const WARM_UP_ROUNDS = 3;

/** The warm-up's articles (engine-warm-up.ts): drawn at random from the forms of news text, and one written article a language. */
export function warmUpSet(): ArticleText[] {
  return [...variedArticles(), ...warmUpArticles()];
}

/**
 * Warms the engine up: WARM_UP_ROUNDS rounds over warmUpSet(), one article a task (a few ms once
 * compiled), each only when `busy()` says no tab is being answered (tabs first: a page that just asked
 * for its settings is about to send its article). Resolves when done.
 */
export async function warmUpEngine(busy: () => boolean = () => false, rounds = WARM_UP_ROUNDS): Promise<void> {
  const articles = warmUpSet();
  for (let r = 0; r < rounds; r++) {
    for (const article of articles) {
      // a timer, not a message to itself: the 4 ms that nested timers wait leave the optimising compiler
      // (a background thread) time to finish, and the next article runs on its code: 370-520 ms of CPU in all,
      // against 550-660 with a message
      for (let wait = 0; ; wait = 50) {
        await new Promise((resolve) => setTimeout(resolve, wait));
        if (!busy()) break;
      }
      runEngine(article);
    }
  }
}
