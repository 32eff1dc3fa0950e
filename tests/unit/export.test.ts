import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../utils/annotation';
import { newAnnotation } from '../../utils/annotation-store';
import { CSV_COLUMNS, parseCsv, toCsv } from '../../utils/export/csv';
import { exportAnnotations, exportChunks, exportFilename, sortForMarkdown } from '../../utils/export/index';
import { escapeMarkdownLine, toMarkdown } from '../../utils/export/markdown';
import { ANNO_CONTEXT, QUOTELENS_KEY, serializeWebAnnotation, toWebAnnotationCollection } from '../../utils/export/web-annotation';

function make(over: Partial<Annotation> = {}): Annotation {
  return {
    ...newAnnotation({
      pageKey: 'https://www.example.com/story',
      url: 'https://www.example.com/story?ref=home',
      title: 'A story',
      exact: 'We will build it',
      prefix: 'The minister said "',
      suffix: '" on Monday.',
      start: 10,
      end: 26,
      textHash: 'abc',
      speaker: 'Jane Doe',
      role: 'minister',
      sentiment: 'positive',
      tags: ['infrastructure', 'promise'],
      note: 'Follow up in May',
      kind: 'direct',
      cue: 'said',
      created: Date.UTC(2024, 0, 2, 3, 4, 5, 678),
      updated: Date.UTC(2024, 0, 3),
    }),
    ...over,
  };
}

const hostile: Partial<Annotation>[] = [
  { exact: 'Prices, "as usual", rose', note: 'comma, "quote"\r\nand CRLF\nand LF' },
  { exact: '=HYPERLINK("http://evil.example","click")', note: '+1 for this', speaker: '-Anon', tags: ['@risk', '\tindent'] },
  { exact: '🎉 emoji 👩‍👩‍👧 family', note: 'مرحبا بالعالم — עברית', speaker: 'سامي' },
  { exact: '<script>alert(1)</script> & <img src=x onerror=alert(2)>', note: '# not a heading\n> not a quote\n```\ncode\n```' },
  { exact: 'line one\nline two\r\n\r\nline four', title: 'Title with [brackets] and (parens) *stars* _under_', sentiment: null, speaker: null, role: null, tags: [], note: '' },
  { exact: '\rcarriage', cue: '=cmd|\' /C calc\'!A0' },
];

describe('Web Annotation JSON-LD', () => {
  it('is a W3C AnnotationCollection with an embedded first page', () => {
    const list = hostile.map((h) => make(h));
    const doc = JSON.parse(serializeWebAnnotation(list, { label: 'All', generated: new Date(0) }));
    expect(doc['@context']).toBe(ANNO_CONTEXT);
    expect(doc.type).toBe('AnnotationCollection');
    expect(doc.total).toBe(list.length);
    expect(doc.label).toBe('All');
    expect(doc.first.type).toBe('AnnotationPage');
    expect(doc.first.items).toHaveLength(list.length);
  });

  it('maps each field to the model', () => {
    const a = make();
    const [item] = toWebAnnotationCollection([a]).first.items;
    expect(item.id).toBe(`urn:uuid:${a.id}`);
    expect(item.type).toBe('Annotation');
    expect(item.created).toBe('2024-01-02T03:04:05.678Z');
    expect(item.modified).toBe('2024-01-03T00:00:00.000Z');
    expect(item.motivation).toBe('highlighting');
    expect(item.body).toEqual([
      { type: 'TextualBody', purpose: 'tagging', value: 'sentiment:positive', format: 'text/plain' },
      { type: 'TextualBody', purpose: 'tagging', value: 'infrastructure', format: 'text/plain' },
      { type: 'TextualBody', purpose: 'tagging', value: 'promise', format: 'text/plain' },
      { type: 'TextualBody', purpose: 'identifying', value: 'Jane Doe', format: 'text/plain' },
      { type: 'TextualBody', purpose: 'commenting', value: 'Follow up in May', format: 'text/plain' },
    ]);
    expect(item.target).toEqual({
      source: 'https://www.example.com/story',
      selector: [
        { type: 'TextQuoteSelector', exact: 'We will build it', prefix: 'The minister said "', suffix: '" on Monday.' },
        { type: 'TextPositionSelector', start: 10, end: 26 },
      ],
    });
    expect(item[QUOTELENS_KEY]).toEqual({
      '@type': '@json',
      '@value': { version: 1, title: 'A story', url: 'https://www.example.com/story?ref=home', kind: 'direct', cue: 'said', role: 'minister', textHash: 'abc', sentiment: 'positive' },
    });
  });

  it('leaves out empty bodies', () => {
    const [item] = toWebAnnotationCollection([make({ sentiment: null, tags: [], speaker: null, note: '' })]).first.items;
    expect(item.body).toEqual([]);
  });
});

describe('CSV', () => {
  it('writes RFC 4180 with BOM and CRLF, and parses back to the same cells', () => {
    const list = hostile.map((h) => make(h));
    const csv = toCsv(list);
    expect(csv.startsWith('\uFEFFcreated,updated,site,title,url,speaker,role,sentiment,tags,note,quote,kind,cue,start,end,id\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(list.length + 1);
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    rows.slice(1).forEach((r, i) => {
      const a = list[i];
      expect(r).toHaveLength(CSV_COLUMNS.length);
      expect(r[col('id')]).toBe(a.id);
      expect(r[col('created')]).toBe(new Date(a.created).toISOString());
      expect(r[col('start')]).toBe(String(a.start));
      expect(r[col('sentiment')]).toBe(a.sentiment ?? '');
    });
    // Commas, quotes, CRLF and LF inside fields survive.
    expect(rows[1][col('quote')]).toBe('Prices, "as usual", rose');
    expect(rows[1][col('note')]).toBe('comma, "quote"\r\nand CRLF\nand LF');
    expect(rows[1][col('tags')]).toBe('infrastructure; promise');
    // Emoji and right-to-left text survive.
    expect(rows[3][col('quote')]).toBe('🎉 emoji 👩‍👩‍👧 family');
    expect(rows[3][col('note')]).toBe('مرحبا بالعالم — עברית');
    expect(rows[3][col('speaker')]).toBe('سامي');
    expect(rows[5][col('quote')]).toBe('line one\nline two\r\n\r\nline four');
    expect(rows[5][col('speaker')]).toBe('');
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    const rows = parseCsv(toCsv(hostile.map((h) => make(h))));
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    expect(rows[2][col('quote')]).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(rows[2][col('note')]).toBe("'+1 for this");
    expect(rows[2][col('speaker')]).toBe("'-Anon");
    expect(rows[2][col('tags')]).toBe("'@risk; \tindent");
    expect(rows[6][col('quote')]).toBe("'\rcarriage");
    expect(rows[6][col('cue')]).toBe("'=cmd|' /C calc'!A0");
    // Every text cell of every row: nothing starts with a formula character.
    for (const r of rows.slice(1)) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('parses RFC 4180 edge cases', () => {
    expect(parseCsv('a,b\r\n1,2')).toEqual([['a', 'b'], ['1', '2']]);
    expect(parseCsv('a,b\n1,2\n')).toEqual([['a', 'b'], ['1', '2']]);
    expect(parseCsv('"",x,\r\n,,')).toEqual([['', 'x', ''], ['', '', '']]);
    expect(parseCsv('"a""b","c\r\nd"')).toEqual([['a"b', 'c\r\nd']]);
    expect(parseCsv('')).toEqual([]);
    expect(() => parseCsv('"open')).toThrow(/never closed/);
    expect(() => parseCsv('"a"b')).toThrow(/after a closing quote/);
  });
});

describe('Markdown', () => {
  it('groups by article with a linked heading, quotes as blockquotes, metadata after', () => {
    const a1 = make({ start: 50, exact: 'second' });
    const a2 = make({ start: 5, exact: 'first' });
    const b = make({ pageKey: 'https://other.org/x', url: 'https://other.org/x', title: 'Other', exact: 'elsewhere', created: 1 });
    const md = toMarkdown([a1, b, a2], new Date(Date.UTC(2024, 5, 1)));
    expect(md.startsWith('# QuoteLens annotations\n')).toBe(true);
    expect(md.match(/^## /gm)).toHaveLength(2);
    expect(md).toContain('## [A story](https://www.example.com/story?ref=home)\n\n> first\n\n- **Speaker:** Jane Doe (minister)\n- **Sentiment:** positive\n- **Tags:** infrastructure, promise\n- **Note:** Follow up in May\n\n> second\n');
    expect(md.indexOf('## [A story]')).toBeLessThan(md.indexOf('## [Other]'));
    expect(md.indexOf('> first')).toBeLessThan(md.indexOf('> second'));
  });

  it('escapes page text so it cannot inject HTML or Markdown structure', () => {
    const md = toMarkdown(hostile.map((h) => make(h)));
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('<img');
    expect(md).toContain('> &lt;script&gt;alert\\(1\\)&lt;/script&gt; &amp; &lt;img src=x onerror=alert\\(2\\)&gt;');
    // A multi-line quote keeps "> " on every line; a blank line inside stays in the quote.
    expect(md).toContain('> line one\n> line two\n>\n> line four\n');
    // Note lines that look like a heading, a quote or a fence are escaped.
    expect(md).toContain('- **Note:** \\# not a heading  \n  &gt; not a quote  \n  \\`\\`\\`  \n  code  \n  \\`\\`\\`\n');
    const titled = toMarkdown([make(hostile[4])]);
    expect(titled).toContain('## [Title with \\[brackets\\] and \\(parens\\) \\*stars\\* \\_under\\_](https://www.example.com/story?ref=home)\n');
    // Only our own headings start lines with "#", only blockquote lines start with ">".
    for (const line of md.split('\n')) {
      if (line.startsWith('#')) expect(line).toMatch(/^#{1,2} /);
      expect(line).not.toMatch(/^\s*</);
    }
    expect(md.match(/^# /gm)).toHaveLength(1);
  });

  it('escapes line starters', () => {
    expect(escapeMarkdownLine('- item')).toBe('\\- item');
    expect(escapeMarkdownLine('1. first')).toBe('1\\. first');
    expect(escapeMarkdownLine('===')).toBe('\\===');
    expect(escapeMarkdownLine('    code')).toBe('code');
    expect(escapeMarkdownLine('+ plus')).toBe('\\+ plus');
  });

  it('never links a javascript: address', () => {
    const md = toMarkdown([make({ url: 'javascript:alert(1)', pageKey: 'javascript:alert(1)', title: 'x' })]);
    expect(md).not.toMatch(/\]\(javascript:/);
    expect(md).toContain('## x\n');
  });
});

describe('exportAnnotations', () => {
  const now = new Date(2024, 1, 29, 12);
  it('names the file by scope and local date with the right MIME type', () => {
    const list = [make()];
    expect(exportAnnotations('jsonld', list, 'All annotations', now)).toMatchObject({ filename: 'quotelens-all-annotations-2024-02-29.jsonld', mime: 'application/ld+json' });
    expect(exportAnnotations('csv', list, 'www.example.com', now)).toMatchObject({ filename: 'quotelens-www-example-com-2024-02-29.csv', mime: 'text/csv;charset=utf-8' });
    expect(exportAnnotations('markdown', list, 'Müller / Zoë', now)).toMatchObject({ filename: 'quotelens-muller-zoe-2024-02-29.md', mime: 'text/markdown;charset=utf-8' });
    expect(exportFilename('csv', '../../', now)).toBe('quotelens-all-2024-02-29.csv');
  });
  it('gives the same content as the format functions', () => {
    const list = hostile.map((h) => make(h));
    expect(exportAnnotations('csv', list, 'x', now).content).toBe(toCsv(list));
    expect(exportAnnotations('markdown', list, 'x', now).content).toBe(toMarkdown(list, now));
    expect(JSON.parse(exportAnnotations('jsonld', list, 'x', now).content)).toEqual(toWebAnnotationCollection(list, { label: 'x', generated: now }));
  });
});

describe('exportChunks', () => {
  async function* chunked(list: Annotation[], size: number) {
    for (let i = 0; i < list.length; i += size) yield list.slice(i, i + size);
  }
  async function collect(gen: AsyncIterable<string>) {
    const parts: string[] = [];
    for await (const p of gen) parts.push(p);
    return parts;
  }
  const now = new Date(Date.UTC(2024, 0, 1));
  const list = Array.from({ length: 25 }, (_, i) => make({ ...hostile[i % hostile.length], start: i, pageKey: `https://example.com/${i % 3}` }));

  it('streams the same CSV and JSON-LD as the whole-file export', async () => {
    const csv = await collect(exportChunks('csv', chunked(list, 7)));
    expect(csv.length).toBeGreaterThan(2);
    expect(csv.join('')).toBe(toCsv(list));
    const json = (await collect(exportChunks('jsonld', chunked(list, 7), { now }))).join('');
    expect(JSON.parse(json)).toEqual(toWebAnnotationCollection(list, { generated: now }));
    const empty = JSON.parse((await collect(exportChunks('jsonld', chunked([], 7), { now }))).join(''));
    expect(empty.total).toBe(0);
    expect(empty.first.items).toEqual([]);
  });

  it('streams the same Markdown for input in article order', async () => {
    const sorted = sortForMarkdown(list);
    const md = (await collect(exportChunks('markdown', chunked(sorted, 4), { now }))).join('');
    expect(md).toBe(toMarkdown(list, now));
  });

  it('exports 100,000 annotations in chunks, letting the event loop run between them', async () => {
    const big = Array.from({ length: 100_000 }, (_, i) => ({ ...list[i % list.length], id: `id-${i}`, start: i }));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    let total = 0;
    let pieces = 0;
    let lines = 0;
    try {
      for await (const piece of exportChunks('csv', chunked(big, 2000))) {
        pieces++;
        total += piece.length;
        lines += piece.split('\r\n').length - 1;
      }
    } finally {
      clearInterval(timer);
    }
    // The header and at least one piece per chunk of 2,000 (more when a chunk takes longer than a slice).
    expect(pieces).toBeGreaterThanOrEqual(51);
    expect(total).toBeGreaterThan(100_000 * 50);
    // Header + rows; fields with line breaks add CRLFs of their own, so count at least one per row.
    expect(lines).toBeGreaterThanOrEqual(100_001);
    expect(ticks).toBeGreaterThan(10);
  }, 60_000);

  it('cuts a chunk into slices by time, and the slices still make the same file', async () => {
    // 1,000 annotations in one chunk; with no time allowed per slice, every 50 annotations are a slice of
    // their own, and the event loop runs between two slices (a timer fires in the middle of the chunk).
    const one = Array.from({ length: 1000 }, (_, i) => ({ ...list[i % list.length], id: `id-${i}`, start: i, pageKey: `https://example.com/${Math.floor(i / 300)}` }));
    for (const format of ['csv', 'jsonld', 'markdown'] as const) {
      // After each piece, a task is queued; if the next piece comes after it ran, the export gave the event loop a turn.
      const turns: boolean[] = [];
      const sliced: string[] = [];
      let turned = false;
      for await (const piece of exportChunks(format, chunked(one, 1000), { now, sliceMs: 0 })) {
        if (sliced.length) turns.push(turned);
        sliced.push(piece);
        turned = false;
        setImmediate(() => (turned = true));
      }
      const whole = await collect(exportChunks(format, chunked(one, 1000), { now, sliceMs: 60_000 }));
      expect(sliced.length, format).toBe(1 + 1000 / 50 + (format === 'jsonld' ? 1 : 0));
      expect(whole.length, format).toBe(2 + (format === 'jsonld' ? 1 : 0));
      expect(sliced.join(''), format).toBe(whole.join(''));
      // Between two slices of the chunk (not after the header, which needs no work before it).
      expect(turns.slice(1, 1000 / 50).every(Boolean), format).toBe(true);
    }
    const md = (await collect(exportChunks('markdown', chunked(one, 1000), { now, sliceMs: 0 }))).join('');
    expect(md).toBe(toMarkdown(one, now));
  });
});
