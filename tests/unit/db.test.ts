import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import type { Annotation } from '../../utils/annotation';
import {
  allAnnotations,
  annotationChunks,
  annotationsForPage,
  countAnnotations,
  deleteAnnotation,
  getAnnotation,
  newAnnotation,
  saveAnnotation,
  searchAnnotations,
  StorageError,
  updateAnnotation,
  type NewAnnotationFields,
} from '../../utils/annotation-store';
import { foldWords, fromStored, QuoteLensDB, SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, toStored, type AnnotationV1 } from '../../utils/db';
import { groupKeys, groupSummary, mergeSpeakers, queryLibrary, sites, speakerTally, type LibraryFilter } from '../../utils/library-query';
import { sampleAnnotations } from '../../utils/library-sample';

let n = 0;
const freshName = () => `db-test-${Date.now()}-${n++}`;
const openDb = (name = freshName()) => new QuoteLensDB(name, { indexedDB, IDBKeyRange });

function fields(over: Partial<NewAnnotationFields> = {}): NewAnnotationFields {
  return {
    pageKey: 'https://www.example.com/news/1',
    url: 'https://www.example.com/news/1?utm_source=x',
    title: 'Council votes',
    exact: 'We will not back down',
    prefix: 'At the meeting, the mayor said: "',
    suffix: '," and the room fell silent.',
    start: 100,
    end: 121,
    textHash: 'h1',
    speaker: 'Dr. Anna Müller',
    role: 'mayor',
    sentiment: 'negative',
    tags: ['housing', 'budget'],
    note: 'check the minutes',
    kind: 'direct',
    cue: 'said',
    ...over,
  };
}

/** Makes every write of the database fail with the given DOMException name, as a full disk would. */
function failWrites(db: QuoteLensDB, name: string) {
  db.use({
    stack: 'dbcore',
    name: 'fail-writes',
    create: (down) => ({
      ...down,
      table: (tableName) => {
        const table = down.table(tableName);
        return { ...table, mutate: () => Promise.reject(new DOMException('simulated failure', name)) };
      },
    }),
  });
}

describe('newAnnotation', () => {
  it('fills id, times, speakerKey and site', () => {
    const a = newAnnotation(fields());
    expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.speakerKey).toBe('dr anna muller');
    expect(a.site).toBe('example.com');
    expect(a.updated).toBe(a.created);
    expect(Math.abs(a.created - Date.now())).toBeLessThan(5000);
    expect(newAnnotation(fields()).id).not.toBe(a.id);
  });
  it('keeps a given id and times', () => {
    const a = newAnnotation(fields({ id: 'x', created: 5, updated: 9 }));
    expect([a.id, a.created, a.updated]).toEqual(['x', 5, 9]);
  });
});

describe('annotation store', () => {
  it('saves and reads back exactly the public record (no index fields)', async () => {
    const db = openDb();
    const a = newAnnotation(fields({ created: 1000, updated: 1000 }));
    const saved = await saveAnnotation(db, a);
    const got = await getAnnotation(db, a.id);
    expect(got).toEqual(saved);
    expect(got).not.toHaveProperty('words');
    expect(saved.created).toBe(1000);
    expect(saved.updated).toBeGreaterThan(1000);
    expect({ ...got, updated: 0 }).toEqual({ ...a, updated: 0 });
    expect(await getAnnotation(db, 'missing')).toBeUndefined();
  });

  it('keeps the stored creation time when saving again, and recomputes derived fields', async () => {
    const db = openDb();
    const a = await saveAnnotation(db, newAnnotation(fields({ created: 1000 })));
    const again = await saveAnnotation(db, { ...a, created: 5, speaker: 'José Álvarez', speakerKey: 'stale', site: 'stale' });
    expect(again.created).toBe(1000);
    expect(again.speakerKey).toBe('jose alvarez');
    expect(again.site).toBe('example.com');
    expect(await countAnnotations(db)).toBe(1);
  });

  it('updates some fields, keeps id and created, rejects an unknown id', async () => {
    const db = openDb();
    const a = await saveAnnotation(db, newAnnotation(fields({ created: 1000 })));
    const u = await updateAnnotation(db, a.id, { note: 'new note', speaker: 'B. Smith', id: 'hijack', created: 1 });
    expect(u.id).toBe(a.id);
    expect(u.created).toBe(1000);
    expect(u.note).toBe('new note');
    expect(u.speakerKey).toBe('b smith');
    expect(u.updated).toBeGreaterThanOrEqual(a.updated);
    expect(await getAnnotation(db, a.id)).toEqual(u);
    expect(await getAnnotation(db, 'hijack')).toBeUndefined();
    await expect(updateAnnotation(db, 'nope', { note: 'x' })).rejects.toThrow(/Could not update the annotation: there is no annotation with id nope/);
  });

  it('deletes', async () => {
    const db = openDb();
    const a = await saveAnnotation(db, newAnnotation(fields()));
    const b = await saveAnnotation(db, newAnnotation(fields({ start: 5 })));
    await deleteAnnotation(db, a.id);
    await deleteAnnotation(db, 'never-existed');
    expect(await getAnnotation(db, a.id)).toBeUndefined();
    expect((await allAnnotations(db)).map((x) => x.id)).toEqual([b.id]);
  });

  it('lists a page in text order and only that page', async () => {
    const db = openDb();
    const page = 'https://example.com/a';
    for (const start of [500, 3, 250, 40]) await saveAnnotation(db, newAnnotation(fields({ pageKey: page, start, end: start + 5 })));
    await saveAnnotation(db, newAnnotation(fields({ pageKey: page + 'b', start: 1 })));
    await saveAnnotation(db, newAnnotation(fields({ pageKey: 'https://example.com/', start: 2 })));
    const list = await annotationsForPage(db, page);
    expect(list.map((a) => a.start)).toEqual([3, 40, 250, 500]);
    expect(list.every((a) => a.pageKey === page)).toBe(true);
    expect(await annotationsForPage(db, 'https://nowhere.example/')).toEqual([]);
  });

  it('lists all newest first and counts', async () => {
    const db = openDb();
    for (const created of [20, 10, 30]) await saveAnnotation(db, newAnnotation(fields({ created, note: String(created) })));
    expect((await allAnnotations(db)).map((a) => a.created)).toEqual([30, 20, 10]);
    expect(await countAnnotations(db)).toBe(3);
  });

  it('indexes speakerKey, site, sentiment and tags', async () => {
    const db = openDb();
    await saveAnnotation(db, newAnnotation(fields({ speaker: 'Anna MÜLLER', tags: ['a', 'b'] })));
    await saveAnnotation(db, newAnnotation(fields({ speaker: 'Bob', pageKey: 'https://other.org/x', sentiment: 'positive', tags: ['b'] })));
    const count = async (f: LibraryFilter) => (await queryLibrary(db, f)).count();
    expect(await count({ speaker: 'anna muller' })).toBe(1);
    expect(await count({ site: 'other.org' })).toBe(1);
    expect(await count({ sentiment: 'positive' })).toBe(1);
    expect(await count({ tag: 'b' })).toBe(2);
    expect(await count({ tag: 'a' })).toBe(1);
    expect(await groupKeys(db, 'tag')).toEqual(['a', 'b']);
    expect(await groupKeys(db, 'speaker')).toEqual(['anna muller', 'bob']);
    expect(await sites(db)).toEqual(['example.com', 'other.org']);
  });

  it('searches quote, speaker, note and tags by folded word prefixes', async () => {
    const db = openDb();
    const a = await saveAnnotation(db, newAnnotation(fields({ exact: 'La señora Pérez habló', speaker: null, note: '', tags: [] })));
    const b = await saveAnnotation(db, newAnnotation(fields({ exact: 'nothing', speaker: 'Zoë Ørsted', note: 'Housing CRISIS', tags: ['Élection-2024'] })));
    expect(foldWords('Élection-2024, SEÑORA')).toEqual(['election', '2024', 'senora']);
    expect((await searchAnnotations(db, 'SENORA perez')).map((x) => x.id)).toEqual([a.id]);
    expect((await searchAnnotations(db, 'zoe')).map((x) => x.id)).toEqual([b.id]);
    expect((await searchAnnotations(db, 'hous cris')).map((x) => x.id)).toEqual([b.id]);
    expect((await searchAnnotations(db, 'élection')).map((x) => x.id)).toEqual([b.id]);
    expect(await searchAnnotations(db, 'housing perez')).toEqual([]);
    expect(await searchAnnotations(db, '  ')).toEqual([]);
  });

  it('reads everything in chunks', async () => {
    const db = openDb();
    const ids = new Set<string>();
    for (let i = 0; i < 25; i++) ids.add((await saveAnnotation(db, newAnnotation(fields({ start: i })))).id);
    const sizes: number[] = [];
    const seen = new Set<string>();
    for await (const chunk of annotationChunks(db, 10)) {
      sizes.push(chunk.length);
      for (const a of chunk) seen.add(a.id);
    }
    expect(sizes).toEqual([10, 10, 5]);
    expect(seen).toEqual(ids);
  });

  it('rejects a failed write with a clear StorageError and stores nothing', async () => {
    const name = freshName();
    const db = openDb(name);
    failWrites(db, 'QuotaExceededError');
    const a = newAnnotation(fields());
    const err = await saveAnnotation(db, a).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).message).toBe('Could not save the annotation: the disk is full or the browser storage quota is used up (QuotaExceededError)');
    expect((err as StorageError).reason).toBe('QuotaExceededError');
    await expect(deleteAnnotation(db, a.id)).rejects.toThrow(/^Could not delete the annotation: .*\(QuotaExceededError\)$/);
    await expect(updateAnnotation(db, a.id, { note: 'x' })).rejects.toThrow(/Could not update the annotation/);
    db.close();
    expect(await countAnnotations(openDb(name))).toBe(0);
  });

  it('reports a closed database clearly', async () => {
    const db = openDb();
    await db.open();
    db.close({ disableAutoOpen: true });
    await expect(countAnnotations(db)).rejects.toThrow(/^Could not count the annotations: the database is closed \(DatabaseClosedError\)$/);
  });
});

describe('migration', () => {
  it('upgrades a version 1 database: every record kept, new fields and indexes filled', async () => {
    const name = freshName();
    // The database as the first release wrote it.
    const v1 = new Dexie(name, { indexedDB, IDBKeyRange });
    v1.version(1).stores(SCHEMA_V1);
    const old: AnnotationV1[] = Array.from({ length: 50 }, (_, i) => {
      const { speakerKey: _k, site: _s, ...rest } = newAnnotation(
        fields({
          pageKey: i % 2 ? 'https://www.example.com/a' : 'https://news.example.org/b',
          speaker: i % 3 ? `Señor Núñez ${i % 5}` : null,
          start: 1000 - i,
          note: `note ${i} café`,
          created: 1_000 + i,
        }),
      );
      return rest;
    });
    await v1.table('annotations').bulkAdd(old);
    expect(await v1.table('annotations').count()).toBe(50);
    v1.close();

    const db = openDb(name);
    await db.open();
    expect(db.verno).toBe(4);
    const all = await allAnnotations(db);
    expect(all).toHaveLength(50);
    for (const before of old) {
      const after = all.find((a) => a.id === before.id)!;
      expect(after).toEqual({ ...before, speakerKey: before.speaker ? `senor nunez ${before.speaker.slice(-1)}` : '', site: before.pageKey.includes('www.example.com') ? 'example.com' : 'news.example.org' });
    }
    // The new indexes cover the old records.
    expect(await (await queryLibrary(db, { site: 'example.com' })).count()).toBe(25);
    expect(await (await queryLibrary(db, { speakerKey: 'senor nunez 1' })).count()).toBe(old.filter((a) => a.speaker?.endsWith('1')).length);
    expect((await searchAnnotations(db, 'cafe')).length).toBe(50);
    expect((await searchAnnotations(db, 'note 7')).map((a) => a.note)).toContain('note 7 café');
    // Old indexes still work.
    const page = await annotationsForPage(db, 'https://www.example.com/a');
    expect(page.map((a) => a.start)).toEqual([...page.map((a) => a.start)].sort((x, y) => x - y));
    expect(page).toHaveLength(25);
    // Version 3's indexes too (one step from v1 to v3 runs both upgrades).
    expect(await (await queryLibrary(db, { tag: 'budget' })).count()).toBe(50);
    expect(await (await queryLibrary(db, { site: 'example.com', sentiment: 'negative' })).count()).toBe(25);
  });

  it('upgrades a version 3 database to version 4: every record kept, the unread indexes gone, every query still answered', async () => {
    const name = freshName();
    const v3 = new Dexie(name, { indexedDB, IDBKeyRange });
    v3.version(1).stores(SCHEMA_V1);
    v3.version(2).stores(SCHEMA_V2);
    v3.version(3).stores(SCHEMA_V3);
    const old = sampleAnnotations(400, 3).map(toStored);
    await v3.table('annotations').bulkAdd(old);
    v3.close();

    const db = openDb(name);
    await db.open();
    expect(db.verno).toBe(4);
    const indexes = [...db.backendDB().transaction('annotations').objectStore('annotations').indexNames];
    expect(indexes).not.toContain('site');
    expect(indexes).not.toContain('updated');
    expect(indexes).toContain('[site+created]');
    // Every record exactly as stored (derived fields included).
    const raw = await db.annotations.toArray();
    const byId = (xs: { id: string }[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(raw)).toEqual(byId(old));
    // What the dropped indexes answered is answered by the remaining ones.
    const data = old.map(fromStored);
    const speaker = data.find((a) => a.speaker)!;
    expect(await groupKeys(db, 'speaker')).toEqual([...new Set(data.map((a) => a.speakerKey))].sort());
    expect(await groupKeys(db, 'article')).toEqual([...new Set(data.map((a) => a.pageKey))].sort());
    expect(await groupKeys(db, 'tag')).toEqual([...new Set(data.flatMap((a) => a.tags))].sort());
    expect(await sites(db)).toEqual([...new Set(data.map((a) => a.site))].sort());
    expect((await groupSummary(db, 'tag', 'budget')).count).toBe(data.filter((a) => a.tags.includes('budget')).length);
    expect((await speakerTally(db, speaker.speakerKey)).negative).toBe(data.filter((a) => a.speakerKey === speaker.speakerKey && a.sentiment === 'negative').length);
    expect(await (await queryLibrary(db, { speaker: speaker.speaker!, sentiment: 'negative' })).count()).toBe(
      data.filter((a) => a.speakerKey === speaker.speakerKey && a.sentiment === 'negative').length,
    );
    const { changed } = await mergeSpeakers(db, speaker.speakerKey, 'Someone Else');
    expect(changed).toBe(data.filter((a) => a.speakerKey === speaker.speakerKey).length);
  });

  it('upgrades a version 2 database to version 3: every record kept, tag and compound indexes filled', async () => {
    const name = freshName();
    const v2 = new Dexie(name, { indexedDB, IDBKeyRange });
    v2.version(1).stores(SCHEMA_V1);
    v2.version(2).stores(SCHEMA_V2);
    const old = Array.from({ length: 60 }, (_, i) => {
      const { tagTimes: _t, ...rest } = toStored(
        newAnnotation(
          fields({
            speaker: i % 3 ? 'Dmitry Bakanov' : 'Anna Müller',
            sentiment: (['positive', 'negative', null] as const)[i % 3],
            tags: i % 2 ? ['budget', 'ISS'] : ['housing'],
            created: 10_000 + i,
          }),
        ),
      );
      return rest;
    });
    await v2.table('annotations').bulkAdd(old);
    v2.close();

    const db = openDb(name);
    await db.open();
    expect(db.verno).toBe(4);
    const all = await allAnnotations(db);
    expect(all).toHaveLength(60);
    for (const before of old) {
      const { words: _w, ...pub } = before;
      expect(all.find((a) => a.id === before.id)).toEqual(pub);
    }
    const budget = await queryLibrary(db, { tag: 'budget', from: 10_010, to: 10_019 });
    expect(budget.plan).toBe('index:tagTimes');
    expect(await budget.count()).toBe(5);
    expect((await budget.fetch(0, 10)).map((a) => a.created)).toEqual([10_019, 10_017, 10_015, 10_013, 10_011]);
    expect(await (await queryLibrary(db, { speaker: 'DMITRY bakanov' })).count()).toBe(40);
    const tally = await speakerTally(db, 'anna muller');
    expect(tally).toEqual({ positive: 20, negative: 0, neutral: 0, mixed: 0, none: 0 });
  });
});

// Type-level check that the store's public API returns plain Annotations.
const _typecheck: (db: QuoteLensDB) => Promise<Annotation[]> = allAnnotations;
void _typecheck;
