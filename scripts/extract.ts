// Command-line extractor: the same page layer and engine as the content script, over saved pages.
//   npm run extract -- FILE.html...   → one JSON line a file: {"file", "quotes": [{text, speaker, kind, cue, start, end, ...}]}
import { readFile } from 'node:fs/promises';
import { parseHTML } from 'linkedom';
import { readArticle } from '../utils/page/read-article';
import { extractQuotes } from '../utils/engine/index';

async function extractFile(file: string): Promise<string> {
  const html = await readFile(file, 'utf8');
  const { document } = parseHTML(html);
  const { article, evidence } = readArticle(document as unknown as Document);
  const { quotes, capped } = extractQuotes(article);
  return JSON.stringify({
    file,
    article: evidence !== null,
    capped,
    quotes: quotes.map(({ text, speaker, role, kind, cue, start, end, confidence }) => ({ text, speaker, role, kind, cue, start, end, confidence })),
  });
}

async function main(files: string[]): Promise<number> {
  if (!files.length) {
    process.stderr.write('usage: npm run extract -- FILE.html...\n');
    return 2;
  }
  let failed = 0;
  for (const file of files) {
    try {
      process.stdout.write((await extractFile(file)) + '\n');
    } catch (err) {
      failed++;
      const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
      process.stderr.write(`extract: ${file}: ${reason}\n`);
    }
  }
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
