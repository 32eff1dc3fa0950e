import { describe, expect, it } from 'vitest';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { SENTIMENTS, type Annotation } from '../../utils/annotation';
import { allAnnotations, countAnnotations, getAnnotation, newAnnotation, saveAnnotation, StorageError } from '../../utils/annotation-store';
import { QuoteLensDB } from '../../utils/db';
import { exportAnnotations } from '../../utils/export/index';
import { serializeWebAnnotation } from '../../utils/export/web-annotation';
import { importAnnotations, ImportError, parseImport, QUOTELENS_NAMESPACE } from '../../utils/import/index';
import { uuidV5 } from '../../utils/import/uuid';
import { seededRandom as rng } from '../../utils/seeded-random';

let dbCount = 0;
const openDb = () => new QuoteLensDB(`import-test-${Date.now()}-${dbCount++}`, { indexedDB, IDBKeyRange });

const NASTY = [
  '<script>alert("x")</script>',
  '<img src=x onerror=alert(1)>',
  '=SUM(A1:A9)',
  '+cmd|" /C calc"!A0',
  '-2+3',
  '@import',
  '\t\r leading controls',
  '🎉👩‍👩‍👧🏳️‍🌈',
  'مرحبا بالعالم',
  'שלום עולם',
  '\u202Eevil RTL override\u202C',
  'line1\nline2\r\nline3\rline4',
  '"double" \'single\' “curly” „low“ «guillemets»',
  'comma, semicolon; pipe | backslash \\ ',
  '# heading\n> quote\n```fence```\n- list',
  'lone surrogate \uD800 here',
  'null \u0000 byte',
  'sentiment:negative',
  '   padded   ',
  'Ünïcödé Çàfé',
];

function generate(count: number): Annotation[] {
  const r = rng(42);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const text = (max = 3) => Array.from({ length: 1 + Math.floor(r() * max) }, () => pick(NASTY)).join(' ');
  const kinds = ['direct', 'partial', 'blockquote', 'headline', 'indirect', 'manual'] as const;
  return Array.from({ length: count }, (_, i) => {
    const start = Math.floor(r() * 100_000);
    const created = 1_600_000_000_000 + Math.floor(r() * 1e11);
    return newAnnotation({
      pageKey: `https://${pick(['www.example.com', 'news.example.org', 'bbc.co.uk'])}/story/${i % 400}?id=${i % 7}`,
      url: `https://example.com/story/${i % 400}?utm_source=${pick(NASTY)}`,
      title: text(2),
      exact: text(),
      prefix: r() < 0.1 ? '' : text(2),
      suffix: r() < 0.1 ? '' : text(2),
      start,
      end: start + 1 + Math.floor(r() * 500),
      textHash: Math.floor(r() * 1e12).toString(16),
      speaker: r() < 0.2 ? null : r() < 0.05 ? '' : text(1),
      role: r() < 0.5 ? null : text(1),
      sentiment: r() < 0.3 ? null : pick(SENTIMENTS),
      tags: Array.from({ length: Math.floor(r() * 4) }, () => pick(NASTY)),
      // Every 500th note is very long.
      note: i % 500 === 0 ? pick(NASTY).repeat(2000) : r() < 0.3 ? '' : text(4),
      kind: pick(kinds),
      cue: r() < 0.4 ? null : pick(['said', 'told', ':', pick(NASTY)]),
      created,
      updated: created + Math.floor(r() * 1e8),
    });
  });
}

const byId = (xs: Annotation[]) => [...xs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

describe('import of our own JSON-LD export', () => {
  it('round-trips 10,000 hostile annotations exactly; a second import adds nothing', async () => {
    const originals = generate(10_000);
    expect(new Set(originals.map((a) => a.id)).size).toBe(10_000);
    const db = openDb();
    expect(await importAnnotations(db, originals)).toEqual({ added: 10_000, updated: 0, unchanged: 0, keptNewer: 0 });

    const file = exportAnnotations('jsonld', await allAnnotations(db), 'All');
    await db.annotations.clear();
    expect(await countAnnotations(db)).toBe(0);

    const parsed = parseImport(file.content);
    expect(parsed.format).toBe('web-annotation');
    expect(parsed.skipped).toEqual([]);
    expect(await importAnnotations(db, parsed.annotations)).toEqual({ added: 10_000, updated: 0, unchanged: 0, keptNewer: 0 });
    expect(byId(await allAnnotations(db))).toEqual(byId(originals));

    // Same file again: nothing added, nothing changed, still 10,000 records.
    expect(await importAnnotations(db, parseImport(file.content).annotations)).toEqual({ added: 0, updated: 0, unchanged: 10_000, keptNewer: 0 });
    expect(await countAnnotations(db)).toBe(10_000);
  }, 120_000);

  it('tells a tag that reads "sentiment:..." from the sentiment', () => {
    const a = generate(1)[0];
    const tricky = { ...a, sentiment: 'negative' as const, tags: ['sentiment:negative', 'sentiment:positive', 'x'] };
    expect(parseImport(serializeWebAnnotation([tricky])).annotations).toEqual([tricky]);
    const noSentiment = { ...a, sentiment: null, tags: ['sentiment:mixed'] };
    expect(parseImport(serializeWebAnnotation([noSentiment])).annotations).toEqual([noSentiment]);
  });

  it('updates changed records and keeps a newer local edit', async () => {
    const db = openDb();
    const [a, b] = generate(2);
    await importAnnotations(db, [a, b]);
    const edited = await saveAnnotation(db, { ...b, note: 'edited locally' }); // updated = now, newer than the file
    const file = serializeWebAnnotation([{ ...a, note: 'changed in file', updated: a.updated + 1 }, b]);
    expect(await importAnnotations(db, parseImport(file).annotations)).toEqual({ added: 0, updated: 1, unchanged: 0, keptNewer: 1 });
    expect((await getAnnotation(db, a.id))?.note).toBe('changed in file');
    expect(await getAnnotation(db, b.id)).toEqual(edited);
  });
});

describe('malformed files import nothing', () => {
  const valid = () => JSON.parse(serializeWebAnnotation(generate(50)));

  it('names the bad entry and what is wrong', async () => {
    const doc = valid();
    doc.first.items[16].target.selector[0].exact = '';
    doc.first.items[40].created = 'yesterday';
    doc.first.items[44]['urn:quotelens:record']['@value'].kind = 'rumour';
    const db = openDb();
    const before = await saveAnnotation(db, newAnnotation({ ...generate(1)[0], id: undefined }));
    let error: unknown;
    try {
      parseImport(JSON.stringify(doc));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ImportError);
    const e = error as ImportError;
    expect(e.message).toContain('Nothing was imported.');
    expect(e.message).toContain('entry 17: target.selector[0].exact: TextQuoteSelector "exact" must be a non-empty string');
    expect(e.message).toContain('entry 41: created: must be an ISO 8601 date and time');
    expect(e.message).toContain('entry 45: urn:quotelens:record.@value.kind: "kind" must be one of direct, partial, blockquote, headline, indirect, manual');
    expect(e.issues.map((i) => i.entry)).toEqual([17, 41, 45]);
    // The database is untouched.
    expect(await allAnnotations(db)).toEqual([before]);
  });

  it('rejects other damage with a clear message', () => {
    const cases: [(d: any) => void, RegExp][] = [
      [(d) => (d.first.items[2] = 'oops'), /entry 3: must be an object/],
      [(d) => (d.first.items[0].target.selector[1].end = -4), /entry 1: target\.selector\[1\]\.end: TextPositionSelector "end" must be a whole number >= 0/],
      [(d) => (d.first.items[5].target.selector = [d.first.items[5].target.selector[1]]), /entry 6: target\.selector: a TextQuoteSelector is required/],
      [(d) => (d.first.items[7].id = d.first.items[3].id), /entry 8: id: the same annotation as entry 4/],
      [(d) => (d.first.items[9].body = [{ type: 'TextualBody', purpose: 'tagging', value: 7 }]), /entry 10: body\[0\]\.value: TextualBody "value" must be a string/],
      [(d) => delete d.first.items[11].target, /entry 12: target:/],
    ];
    for (const [damage, message] of cases) {
      const doc = valid();
      damage(doc);
      expect(() => parseImport(JSON.stringify(doc))).toThrow(message);
    }
    expect(() => parseImport('{"type": "AnnotationCollection", "first": {')).toThrow(/^Nothing was imported\. file: not valid JSON/);
    expect(() => parseImport('{"hello": "world"}')).toThrow(/not a QuoteLens \/ Web Annotation \(JSON-LD\) or Hypothesis export/);
    expect(() => parseImport('42')).toThrow(/expected a JSON object or list/);
  });

  it('writes all or nothing when the database refuses one record', async () => {
    const db = openDb();
    const list = generate(6);
    (list[4] as { id: unknown }).id = { not: 'a key' };
    const err = await importAnnotations(db, list).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StorageError);
    expect((err as Error).message).toMatch(/^Could not import the annotations: /);
    expect(await countAnnotations(db)).toBe(0);
  });
});

describe('import in chunks', () => {
  it('takes back the chunks already written when a later one fails (disk full), leaving the library as it was', async () => {
    const db = openDb();
    const list = generate(35);
    // Already here: one record the file changes (it must come back as it was), one it does not touch.
    const here = [{ ...list[3], note: 'before the import', updated: list[3].updated - 1 }, generate(36)[35]];
    await importAnnotations(db, here);
    const before = await allAnnotations(db);

    const realBulkPut = db.annotations.bulkPut.bind(db.annotations);
    let writes = 0;
    db.annotations.bulkPut = ((...args: Parameters<typeof realBulkPut>) =>
      ++writes === 3 ? Promise.reject(new DOMException('quota', 'QuotaExceededError')) : realBulkPut(...args)) as typeof realBulkPut;
    const err = await importAnnotations(db, list, { chunk: 10 }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as Error).message).toBe(
      'Could not import the annotations: the disk is full or the browser storage quota is used up (QuotaExceededError). ' +
        'Nothing was imported: the 20 annotations this import had already written were taken back.',
    );
    expect(writes).toBe(4); // two chunks, the failing one, the taking back
    expect(await allAnnotations(db)).toEqual(before);
  });

  it('writes a big file in several transactions with the same counts as one', async () => {
    const db = openDb();
    const list = generate(45);
    expect(await importAnnotations(db, list.slice(0, 20), { chunk: 7 })).toEqual({ added: 20, updated: 0, unchanged: 0, keptNewer: 0 });
    const changed = list.map((a, i) => (i % 5 === 0 ? { ...a, note: `changed ${i}`, updated: a.updated + 1 } : a));
    expect(await importAnnotations(db, changed, { chunk: 7 })).toEqual({ added: 25, updated: 4, unchanged: 16, keptNewer: 0 });
    expect(await countAnnotations(db)).toBe(45);
    expect((await getAnnotation(db, list[10].id))?.note).toBe('changed 10');
  });

  it('finds records already here at either end of a chunk\'s id range (the empty-range shortcut must not miss them)', async () => {
    const db = openDb();
    const list = generate(12);
    const byId = [...list].sort((a, b) => (a.id < b.id ? -1 : 1));
    const lowest = byId[0];
    const highest = byId[byId.length - 1];
    // Outside every chunk's range: a record the import must neither count nor touch.
    const outside = { ...generate(13)[12], id: 'ffffffff-ffff-4fff-bfff-ffffffffffff' };
    await importAnnotations(db, [{ ...lowest, note: 'older here', updated: lowest.updated - 1 }, highest, outside]);
    expect(await importAnnotations(db, list, { chunk: 12 })).toEqual({ added: 10, updated: 1, unchanged: 1, keptNewer: 0 });
    expect(await countAnnotations(db)).toBe(13);
    expect((await getAnnotation(db, lowest.id))?.note).toBe(lowest.note);
    // Twice: nothing new, no duplicates.
    expect(await importAnnotations(db, list, { chunk: 5 })).toEqual({ added: 0, updated: 0, unchanged: 12, keptNewer: 0 });
    expect(await countAnnotations(db)).toBe(13);
  });
});

describe('Hypothesis import', () => {
  const highlight = {
    id: 'Xs5Vz3fSEe6m1m9n2Rk6Yw',
    created: '2024-02-10T09:15:22.123456+00:00',
    updated: '2024-02-11T10:00:00.000000+00:00',
    user: 'acct:reader@hypothes.is',
    uri: 'https://www.example.com/news/story?utm_source=twitter&id=4',
    text: 'Interesting **claim** <b>bold</b>',
    tags: ['economy', 'sentiment:negative'],
    group: '__world__',
    permissions: { read: ['group:__world__'], admin: ['acct:reader@hypothes.is'], update: ['acct:reader@hypothes.is'], delete: ['acct:reader@hypothes.is'] },
    target: [
      {
        source: 'https://www.example.com/news/story?utm_source=twitter&id=4',
        selector: [
          { type: 'RangeSelector', endOffset: 120, startOffset: 0, endContainer: '/div[1]/p[3]', startContainer: '/div[1]/p[3]' },
          { type: 'TextPositionSelector', start: 2225, end: 2345 },
          { type: 'TextQuoteSelector', exact: 'Inflation will fall next year', prefix: 'The governor said: "', suffix: '", adding that' },
        ],
      },
    ],
    document: { title: ['Central bank holds rates'] },
    links: { html: 'https://hypothes.is/a/Xs5Vz3fSEe6m1m9n2Rk6Yw', incontext: 'https://hyp.is/Xs5Vz3fSEe6m1m9n2Rk6Yw/www.example.com/news/story' },
    flagged: false,
    hidden: false,
    user_info: { display_name: 'Reader' },
  };
  const pageNote = { ...highlight, id: 'pagenote0000000000000A', target: [{ source: highlight.uri }], text: 'A page note', tags: [] };
  const reply = { ...highlight, id: 'reply000000000000000AA', references: [highlight.id], target: [{ source: highlight.uri }], text: 'I agree' };
  const exportFile = { export_date: '2024-03-01T10:00:00.000Z', export_userid: 'acct:reader@hypothes.is', client_version: '1.1400.0', annotations: [highlight, pageNote, reply] };

  it('imports highlights, skips page notes and replies', async () => {
    const result = parseImport(JSON.stringify(exportFile));
    expect(result.format).toBe('hypothesis');
    expect(result.skipped).toEqual([
      { entry: 2, reason: 'a page note (no quoted text)' },
      { entry: 3, reason: 'a reply to another annotation' },
    ]);
    expect(result.annotations).toEqual([
      {
        id: uuidV5('hypothesis:Xs5Vz3fSEe6m1m9n2Rk6Yw', QUOTELENS_NAMESPACE),
        pageKey: 'https://www.example.com/news/story?id=4',
        url: highlight.uri,
        title: 'Central bank holds rates',
        site: 'example.com',
        exact: 'Inflation will fall next year',
        prefix: 'The governor said: "',
        suffix: '", adding that',
        start: 2225,
        end: 2345,
        textHash: '',
        speaker: null,
        speakerKey: '',
        role: null,
        sentiment: 'negative',
        tags: ['economy'],
        note: 'Interesting **claim** <b>bold</b>',
        kind: 'manual',
        cue: null,
        created: Date.UTC(2024, 1, 10, 9, 15, 22, 123),
        updated: Date.UTC(2024, 1, 11, 10),
      },
    ]);
    expect(result.annotations[0].id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    const db = openDb();
    expect(await importAnnotations(db, result.annotations)).toMatchObject({ added: 1 });
    // Same file, or the same annotations as a bare list or an API search result: same ids, no duplicates.
    for (const text of [JSON.stringify(exportFile), JSON.stringify([highlight, pageNote]), JSON.stringify({ total: 1, rows: [highlight] })]) {
      expect(await importAnnotations(db, parseImport(text).annotations)).toEqual({ added: 0, updated: 0, unchanged: 1, keptNewer: 0 });
    }
    expect(await countAnnotations(db)).toBe(1);
  });

  it('names a malformed Hypothesis entry', () => {
    const bad = { ...exportFile, annotations: [highlight, { ...highlight, id: 'b', uri: 17 }, { ...highlight, id: 'c', target: [{ source: 'x', selector: [{ type: 'TextQuoteSelector', exact: '' }] }] }] };
    expect(() => parseImport(JSON.stringify(bad))).toThrow(
      'Nothing was imported. entry 2: uri: "uri" must be a string; entry 3: target[0].selector[0].exact: TextQuoteSelector "exact" must be a non-empty string',
    );
  });
});

describe('import of other Web Annotations', () => {
  it('maps a foreign annotation without the QuoteLens record', () => {
    const foreign = {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      type: 'AnnotationPage',
      items: [
        {
          id: 'https://annotations.example/anno/1',
          type: 'Annotation',
          created: '2023-05-06T07:08:09Z',
          body: [
            { type: 'TextualBody', purpose: 'tagging', value: 'sentiment:mixed' },
            { type: 'TextualBody', purpose: 'tagging', value: 'energy' },
            { type: 'TextualBody', purpose: 'commenting', value: 'hmm' },
          ],
          target: { source: 'https://news.example.org/a?utm_medium=x', selector: { type: 'TextQuoteSelector', exact: 'Power for all' } },
        },
        { id: 'https://annotations.example/anno/2', type: 'Annotation', target: 'https://news.example.org/a' },
      ],
    };
    const result = parseImport(JSON.stringify(foreign));
    expect(result.skipped).toEqual([{ entry: 2, reason: 'no quoted text (no TextQuoteSelector)' }]);
    expect(result.annotations).toHaveLength(1);
    expect(result.annotations[0]).toMatchObject({
      id: uuidV5('web-annotation:https://annotations.example/anno/1', QUOTELENS_NAMESPACE),
      pageKey: 'https://news.example.org/a',
      site: 'news.example.org',
      exact: 'Power for all',
      prefix: '',
      start: -1,
      sentiment: 'mixed',
      tags: ['energy'],
      note: 'hmm',
      created: Date.UTC(2023, 4, 6, 7, 8, 9),
      updated: Date.UTC(2023, 4, 6, 7, 8, 9),
    });
  });
});
