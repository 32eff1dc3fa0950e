// Engine throughput: every page of ../shared/corpus/dev and ../shared/corpus/pages is turned into ArticleText
// once (page layer, not timed), then extractQuotes runs over all texts (several rounds, median) next to
// compromise's quotations() on the same texts in the same run. Also times a 1 MB paragraph of random quote
// marks, apostrophes and words (the linear-time guard).
//   npx tsx scripts/bench-engine.ts [--json]   → with --json one object {"bytes", "engine_mb_per_s", "compromise_mb_per_s", "ratio"}
//   (wall clock, the figures the issue asks for) plus the same from process CPU time and the 1 MB case in ms.
// Engine and compromise rounds are interleaved so a burst of load from other processes hits both.
import { readdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import nlp from 'compromise';
import { readArticle } from '../utils/page/read-article';
import { extractQuotes, type ArticleText } from '../utils/engine/index';

const here = dirname(fileURLToPath(import.meta.url));
const CORPORA = [join(here, '../../shared/corpus/dev'), join(here, '../../shared/corpus/pages')];

function loadArticles(): ArticleText[] {
  const out: ArticleText[] = [];
  for (const dir of CORPORA) {
    let files: string[] = [];
    try { files = readdirSync(dir).filter((f) => f.endsWith('.html')).sort(); } catch { continue; }
    for (const f of files) {
      const { document } = parseHTML(readFileSync(join(dir, f), 'utf8'));
      const { article } = readArticle(document as unknown as Document);
      out.push({ text: article.text, blocks: article.blocks, spans: article.spans, lang: article.lang });
    }
  }
  return out;
}

/** A deterministic 1 MB paragraph of quote marks, apostrophes and words. */
export function randomMarksParagraph(bytes = 1 << 20, seed = 7): ArticleText {
  const pieces = ['"', '“', '”', "'", '‘', '’', '«', '»', '„', "don't", "'90s", "Jones'", 'said', 'Smith', 'she', 'the', 'quote', '5\'10"', 'and', ',', '.', ':'];
  let x = seed;
  const parts: string[] = [];
  let n = 0;
  while (n < bytes) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    const p = pieces[x % pieces.length];
    const sep = (x >> 8) % 3 === 0 ? '' : ' ';
    parts.push(p, sep);
    n += p.length + sep.length;
  }
  const text = parts.join('').slice(0, bytes);
  return { text, blocks: [{ start: 0, end: text.length, kind: 'paragraph' }], lang: 'en' };
}

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };

interface Timing { wall: number; cpu: number }
/** One timed call: wall-clock seconds and this process's CPU seconds (less sensitive to other processes' load). */
function timeOnce(fn: () => void): Timing {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  fn();
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1e6 };
}
const med = (ts: Timing[]): Timing => ({ wall: median(ts.map((t) => t.wall)), cpu: median(ts.map((t) => t.cpu)) });

function time(fn: () => void, rounds: number): number {
  const ts: number[] = [];
  for (let r = 0; r < rounds; r++) ts.push(timeOnce(fn).wall);
  return median(ts);
}

export async function benchEngine(opts: { json: boolean }): Promise<void> {
  const articles = loadArticles();
  const bytes = articles.reduce((n, a) => n + Buffer.byteLength(a.text, 'utf8'), 0);
  let sink = 0;
  const runEngine = (): void => { for (const a of articles) sink += extractQuotes(a).quotes.length; };
  const runCompromise = (): void => { for (const a of articles) sink += (nlp(a.text).quotations().out('array') as string[]).length; };
  // warm-up
  runEngine();
  // engine and compromise rounds interleaved, so that load from other processes falls on both alike
  const eng: Timing[] = [], compT: Timing[] = [];
  for (let r = 0; r < 7; r++) {
    eng.push(timeOnce(runEngine));
    if (r % 2 === 1) compT.push(timeOnce(runCompromise));
  }
  const e = med(eng), c = med(compT);
  const engineS = e.wall, compromiseS = c.wall;
  const mb = bytes / 1e6;
  const engine = mb / engineS, comp = mb / compromiseS;
  const random = randomMarksParagraph();
  const randomS = time(() => { sink += extractQuotes(random).quotes.length; }, 3);
  if (opts.json) {
    console.log(JSON.stringify({
      bytes, engine_mb_per_s: +engine.toFixed(2), compromise_mb_per_s: +comp.toFixed(3), ratio: +(engine / comp).toFixed(1),
      engine_cpu_mb_per_s: +(mb / e.cpu).toFixed(2), compromise_cpu_mb_per_s: +(mb / c.cpu).toFixed(3), ratio_cpu: +(c.cpu / e.cpu).toFixed(1),
      random_1mb_ms: +(randomS * 1000).toFixed(1),
    }));
    return;
  }
  console.log(`pages                ${articles.length} (${(bytes / 1e6).toFixed(2)} MB of article text)`);
  console.log(`engine               ${engine.toFixed(2)} MB/s  (${(engineS * 1000).toFixed(1)} ms wall, ${(e.cpu * 1000).toFixed(1)} ms CPU, median of 7)`);
  console.log(`compromise           ${comp.toFixed(3)} MB/s  (${(compromiseS * 1000).toFixed(1)} ms wall, ${(c.cpu * 1000).toFixed(1)} ms CPU, median of 3)`);
  console.log(`ratio                ${(engine / comp).toFixed(1)}× wall, ${(c.cpu / e.cpu).toFixed(1)}× CPU`);
  console.log(`1 MB random marks    ${(randomS * 1000).toFixed(1)} ms`);
  if (sink < 0) console.log(sink);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  benchEngine({ json: process.argv.includes('--json') }).catch((e) => { console.error(e); process.exit(1); });
}
