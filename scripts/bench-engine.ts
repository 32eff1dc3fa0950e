// Engine throughput: every page of ../shared/corpus/dev and ../shared/corpus/pages is turned into ArticleText
// once (page layer, not timed; the linkedom documents are dropped: only {text, blocks, spans, lang} is kept and
// handed to a fresh child process run with --expose-gc, so no parsed document stays on the heap while timing).
// In the child the engine and compromise run in separate phases (compromise is loaded only for its phase), each
// warmed up, with a full GC before every round so one's garbage is not billed to the other; medians of rounds.
// Also times a 1 MB paragraph of random quote marks, apostrophes and words (the linear-time guard).
//   npx tsx scripts/bench-engine.ts [--json]   → with --json one object {"bytes", "engine_mb_per_s", "compromise_mb_per_s", "ratio"}
//   (wall clock, the figures the issue asks for) plus the same from process CPU time and the 1 MB case in ms.
import { readdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { extractQuotes, type ArticleText } from '../utils/engine/index';

const here = dirname(fileURLToPath(import.meta.url));
const self = fileURLToPath(import.meta.url);
const CORPORA = [join(here, '../../shared/corpus/dev'), join(here, '../../shared/corpus/pages')];

async function loadArticles(): Promise<ArticleText[]> {
  const { parseHTML } = await import('linkedom');
  const { readArticle } = await import('../utils/page/read-article');
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
const gc = (): void => { (globalThis as { gc?: () => void }).gc?.(); };
/** One timed call after a full GC: wall-clock seconds and this process's CPU seconds. */
function timeOnce(fn: () => void): Timing {
  gc();
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  fn();
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1e6 };
}
const med = (ts: Timing[]): Timing => ({ wall: median(ts.map((t) => t.wall)), cpu: median(ts.map((t) => t.cpu)) });

interface Figures { bytes: number; pages: number; engine: Timing; compromise: Timing; engineRounds: number; compromiseRounds: number; random: Timing; gc: boolean }

/** The timed part (child process): engine phase, then compromise phase, then the 1 MB paragraph. */
async function measure(articles: ArticleText[]): Promise<Figures> {
  const bytes = articles.reduce((n, a) => n + Buffer.byteLength(a.text, 'utf8'), 0);
  let sink = 0;
  const runEngine = (): void => { for (const a of articles) sink += extractQuotes(a).quotes.length; };
  const ER = 9, CR = 5;
  for (let w = 0; w < 3; w++) runEngine();
  const eng: Timing[] = [];
  for (let r = 0; r < ER; r++) eng.push(timeOnce(runEngine));
  const random = randomMarksParagraph();
  const runRandom = (): void => { sink += extractQuotes(random).quotes.length; };
  runRandom();
  const rnd: Timing[] = [];
  for (let r = 0; r < 5; r++) rnd.push(timeOnce(runRandom));
  // compromise only now: its lexicon and garbage are not on the heap while the engine is timed
  const nlp = (await import('compromise')).default;
  const runCompromise = (): void => { for (const a of articles) sink += (nlp(a.text).quotations().out('array') as string[]).length; };
  for (const a of articles.slice(0, 20)) sink += (nlp(a.text).quotations().out('array') as string[]).length;
  const comp: Timing[] = [];
  for (let r = 0; r < CR; r++) comp.push(timeOnce(runCompromise));
  if (sink < 0) console.error(sink);
  return { bytes, pages: articles.length, engine: med(eng), compromise: med(comp), engineRounds: ER, compromiseRounds: CR, random: med(rnd), gc: typeof (globalThis as { gc?: unknown }).gc === 'function' };
}

export async function benchEngine(opts: { json: boolean }): Promise<void> {
  const articles = await loadArticles();
  const dir = mkdtempSync(join(tmpdir(), 'bench-engine-'));
  let f: Figures;
  try {
    const input = join(dir, 'articles.json');
    writeFileSync(input, JSON.stringify(articles));
    // a fresh process with --expose-gc (and tsx's loader flags): only the article texts are on its heap
    const r = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', self, '--child', input], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(`bench child failed (${r.status ?? r.signal})`);
    f = JSON.parse(r.stdout.trim().split('\n').pop()!) as Figures;
  } finally { rmSync(dir, { recursive: true, force: true }); }
  const mb = f.bytes / 1e6;
  const e = f.engine, c = f.compromise;
  const engine = mb / e.wall, comp = mb / c.wall;
  if (opts.json) {
    console.log(JSON.stringify({
      bytes: f.bytes, engine_mb_per_s: +engine.toFixed(2), compromise_mb_per_s: +comp.toFixed(3), ratio: +(engine / comp).toFixed(1),
      engine_cpu_mb_per_s: +(mb / e.cpu).toFixed(2), compromise_cpu_mb_per_s: +(mb / c.cpu).toFixed(3), ratio_cpu: +(c.cpu / e.cpu).toFixed(1),
      random_1mb_ms: +(f.random.wall * 1000).toFixed(1), random_1mb_cpu_ms: +(f.random.cpu * 1000).toFixed(1),
    }));
    return;
  }
  console.log(`pages                ${f.pages} (${mb.toFixed(2)} MB of article text)${f.gc ? '' : '  [no --expose-gc]'}`);
  console.log(`engine               ${engine.toFixed(2)} MB/s  (${(e.wall * 1000).toFixed(1)} ms wall, ${(e.cpu * 1000).toFixed(1)} ms CPU, median of ${f.engineRounds})`);
  console.log(`compromise           ${comp.toFixed(3)} MB/s  (${(c.wall * 1000).toFixed(1)} ms wall, ${(c.cpu * 1000).toFixed(1)} ms CPU, median of ${f.compromiseRounds})`);
  console.log(`ratio                ${(engine / comp).toFixed(1)}× wall, ${(c.cpu / e.cpu).toFixed(1)}× CPU`);
  console.log(`1 MB random marks    ${(f.random.wall * 1000).toFixed(1)} ms wall, ${(f.random.cpu * 1000).toFixed(1)} ms CPU (median of 5)`);
}

const childAt = process.argv.indexOf('--child');
if (childAt > 0) {
  const articles = JSON.parse(readFileSync(process.argv[childAt + 1], 'utf8')) as ArticleText[];
  measure(articles).then((f) => { console.log(JSON.stringify(f)); }, (e) => { console.error(e); process.exit(1); });
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  benchEngine({ json: process.argv.includes('--json') }).catch((e) => { console.error(e); process.exit(1); });
}
