import { describe, expect, it } from 'vitest';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import type { Annotation } from '../../utils/annotation';
import { allAnnotations, getAnnotation } from '../../utils/annotation-store';
import { QuoteLensDB } from '../../utils/db';
import { importAnnotations } from '../../utils/import/index';
import {
  applyUndo, deleteMany, editOne, groupKeys, groupSummary, loadAllThenFilter, mergeSpeakers, queryLibrary, sourceHref, speakerTally, tagMany, type LibraryFilter,
} from '../../utils/library-query';
import { sampleAnnotations } from '../../utils/library-sample';

let n = 0;
const openDb = () => new QuoteLensDB(`library-test-${Date.now()}-${n++}`, { indexedDB, IDBKeyRange });

async function seeded(count = 1500) {
  const db = openDb();
  const data = sampleAnnotations(count, 11);
  await importAnnotations(db, data);
  return { db, data };
}

async function all(db: QuoteLensDB, f: LibraryFilter): Promise<Annotation[]> {
  const set = await queryLibrary(db, f);
  const out: Annotation[] = [];
  // Pages in order, as the list asks for them (each continues where the last ended).
  for (let i = 0; ; i += 100) {
    const page = await set.fetch(i, 100);
    out.push(...page);
    if (page.length < 100) break;
  }
  expect(await set.count()).toBe(out.length);
  if (set.total !== null) expect(set.total).toBe(out.length);
  expect(await set.ids()).toEqual(out.map((a) => a.id));
  return out;
}

describe('queryLibrary', () => {
  it('answers every filter combination exactly like the naive in-memory filter, newest first', { timeout: 60_000 }, async () => {
    const { db, data } = await seeded();
    const someone = data.find((a) => a.speaker)!;
    const tagged = data.find((a) => a.tags.length)!;
    const mid = [...data].sort((a, b) => a.created - b.created)[700].created;
    const filters: LibraryFilter[] = [
      {},
      { speaker: someone.speaker!.toUpperCase() },
      { speakerKey: '' },
      { sentiment: 'negative' },
      { tag: tagged.tags[0] },
      { site: data[3].site },
      { pageKey: data[5].pageKey },
      { from: mid },
      { to: mid },
      { speaker: someone.speaker!, from: mid },
      { sentiment: 'positive', site: data[1].site },
      { sentiment: 'mixed', tag: tagged.tags[0], from: mid },
      { text: 'housing' },
      { text: 'energy pri' },
      { text: 'ENERGY' , sentiment: 'neutral' },
      { text: 'the', to: mid },
      { text: 'zzzz-nothing' },
      { text: '   ' },
    ];
    for (const f of filters) {
      const got = await all(db, f);
      const want = await loadAllThenFilter(db, f);
      expect(got.map((a) => a.id), JSON.stringify(f)).toEqual(want.map((a) => a.id));
    }
  });

  it('answers one filter with one index and several through key intersection', async () => {
    const { db } = await seeded(300);
    expect((await queryLibrary(db, {})).plan).toBe('index:created');
    expect((await queryLibrary(db, { speaker: 'Anna Müller', from: 0 })).plan).toBe('index:[speakerKey+created]');
    expect((await queryLibrary(db, { tag: 'budget' })).plan).toBe('index:tagTimes');
    expect((await queryLibrary(db, { tag: 'budget', sentiment: 'negative' })).plan).toBe('scan:tagTimes');
    expect((await queryLibrary(db, { text: 'housing' })).plan).toBe('scan:created');
  });
});

describe('groups, tallies and changes', () => {
  it('lists speakers with counts and tallies from indexes', async () => {
    const { db, data } = await seeded(600);
    const keys = await groupKeys(db, 'speaker');
    expect(keys).toEqual([...new Set(data.map((a) => a.speakerKey))].sort());
    const k = data.find((a) => a.speaker)!.speakerKey;
    const mine = data.filter((a) => a.speakerKey === k);
    const g = await groupSummary(db, 'speaker', k);
    expect(g.count).toBe(mine.length);
    expect(g.label).toBe([...mine].sort((a, b) => b.created - a.created)[0].speaker);
    const tally = await speakerTally(db, k);
    expect(tally.negative).toBe(mine.filter((a) => a.sentiment === 'negative').length);
    expect(tally.none).toBe(mine.filter((a) => !a.sentiment).length);
    expect((await groupKeys(db, 'tag')).length).toBeGreaterThan(5);
    const art = await groupSummary(db, 'article', data[0].pageKey);
    expect(art.count).toBe(data.filter((a) => a.pageKey === data[0].pageKey).length);
  });

  it('merges one speaker into another, and undoes it exactly', async () => {
    const db = openDb();
    const base = sampleAnnotations(20, 3);
    base.forEach((a, i) => { a.speaker = i % 2 ? 'Bakanov' : 'Dmitry Bakanov'; a.speakerKey = i % 2 ? 'bakanov' : 'dmitry bakanov'; });
    base[1].speaker = 'BAKANOV';
    await importAnnotations(db, base);
    const before = await allAnnotations(db);
    const { changed, undo } = await mergeSpeakers(db, 'bakanov', 'Dmitry Bakanov');
    expect(changed).toBe(10);
    expect(await (await queryLibrary(db, { speaker: 'dmitry bakanov' })).count()).toBe(20);
    expect(await (await queryLibrary(db, { speaker: 'bakanov' })).count()).toBe(0);
    expect(await (await queryLibrary(db, { text: 'dmitry' })).count()).toBe(20);
    await applyUndo(db, undo);
    expect(await allAnnotations(db)).toEqual(before);
  });

  it('deletes, tags and edits with undo', async () => {
    const { db, data } = await seeded(50);
    const before = await allAnnotations(db);
    const ids = data.slice(0, 5).map((a) => a.id);
    const del = await deleteMany(db, ids);
    expect(await (await queryLibrary(db, {})).count()).toBe(45);
    await applyUndo(db, del);
    expect(await allAnnotations(db)).toEqual(before);
    const { changed, undo } = await tagMany(db, ids, 'checked');
    expect(changed).toBe(5);
    expect(await (await queryLibrary(db, { tag: 'checked' })).count()).toBe(5);
    await applyUndo(db, undo);
    expect(await (await queryLibrary(db, { tag: 'checked' })).count()).toBe(0);
    const e = await editOne(db, ids[0], { note: 'rewritten', sentiment: 'mixed' });
    expect((await getAnnotation(db, ids[0]))!.note).toBe('rewritten');
    await applyUndo(db, e);
    expect(await allAnnotations(db)).toEqual(before);
  });
});

describe('sourceHref', () => {
  it('adds a text fragment and only for web addresses', () => {
    expect(sourceHref({ url: 'https://a.example/x#old', pageKey: '', exact: 'We will, not - back & down' })).toBe('https://a.example/x#:~:text=We%20will%2C%20not%20%2D%20back%20%26%20down');
    expect(sourceHref({ url: 'https://a.example/x', pageKey: '', exact: 'one two three four five six seven eight nine ten' })).toBe('https://a.example/x#:~:text=one%20two%20three%20four,seven%20eight%20nine%20ten');
    expect(sourceHref({ url: 'javascript:alert(1)', pageKey: 'javascript:x', exact: 'x' })).toBe('');
  });
});
