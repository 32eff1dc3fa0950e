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
    expect((await queryLibrary(db, { text: 'housing note 12' })).plan).toBe('word');
    expect((await queryLibrary(db, { text: 'zzzz' })).plan).toBe('word');
  });
});

describe('paging', () => {
  it('continues pages across records created at the same millisecond, in the same order as the naive filter', { timeout: 60_000 }, async () => {
    const db = openDb();
    // 2,400 records on only 9 distinct times: every page boundary falls inside a run of ties.
    const data = sampleAnnotations(2_400, 5).map((a, i) => ({ ...a, created: 1_000 * (i % 9), updated: 1_000 * (i % 9) }));
    await importAnnotations(db, data);
    for (const f of [{}, { sentiment: 'negative' as const }, { text: 'the' }, { text: 'housing', sentiment: 'positive' as const }, { to: 4_000 }]) {
      const set = await queryLibrary(db, f);
      if (f.text === 'the') expect(set.plan).toBe('scan:created');
      const got: string[] = [];
      for (let i = 0; ; i += 37) {
        const page = await set.fetch(i, 37);
        got.push(...page.map((a) => a.id));
        if (page.length < 37) break;
      }
      const want = (await loadAllThenFilter(db, f)).map((a) => a.id);
      expect(new Set(got).size, JSON.stringify(f)).toBe(got.length);
      // Same members; ties in the same time may come in any order, so compare per time.
      const timeOf = new Map(data.map((a) => [a.id, a.created]));
      expect(got.map((id) => timeOf.get(id)), JSON.stringify(f)).toEqual(want.map((id) => timeOf.get(id)));
      expect([...got].sort(), JSON.stringify(f)).toEqual([...want].sort());
      expect(await set.count()).toBe(want.length);
      // A page asked for out of order (a jump with the scrollbar) is the same rows.
      expect((await (await queryLibrary(db, f)).fetch(74, 37)).map((a) => a.id)).toEqual(got.slice(74, 111));
    }
  });

  it('finds a rare answer through the word index when the newest records do not hold it, however big', { timeout: 60_000 }, async () => {
    const db = openDb();
    // The newest 1,600 records never say "zeppelin"; 2,100 older ones do (more than are read at once).
    const data = sampleAnnotations(3_700, 9).map((a, i) => ({ ...a, created: i < 2_100 ? i : 10_000 + i, exact: i < 2_100 ? `${a.exact} zeppelin` : a.exact }));
    await importAnnotations(db, data);
    const set = await queryLibrary(db, { text: 'zeppel' });
    expect(set.plan).toBe('intersect:1');
    expect(set.total).toBe(2_100);
    const first = await set.fetch(0, 50);
    expect(first.map((a) => a.created)).toEqual(Array.from({ length: 50 }, (_, i) => 2_099 - i));
    expect((await set.fetch(2_050, 100)).map((a) => a.created)).toEqual(Array.from({ length: 50 }, (_, i) => 49 - i));
    expect(await set.ids()).toEqual(data.slice(0, 2_100).map((a) => a.id).reverse());
    // Rare and small, within dates: read at once (the date range is one of the key sets).
    const small = await queryLibrary(db, { text: 'zeppelin', from: 2_080 });
    expect(small.plan).toBe('intersect:2');
    expect(small.total).toBe(20);
    expect((await small.fetch(0, 100)).map((a) => a.created)).toEqual(Array.from({ length: 20 }, (_, i) => 2_099 - i));
  });
});

describe('counting', () => {
  it('counts in steps and gives up when told, so a newer query is not kept waiting', async () => {
    const { db, data } = await seeded(900);
    for (const f of [{}, { sentiment: 'negative' as const }, { text: 'the' }, { to: data[100].created }]) {
      const set = await queryLibrary(db, f);
      expect(await set.count(() => true), JSON.stringify(f)).toBe(set.total);
      let steps = 0;
      // Stops after a few steps: no answer rather than a wrong one.
      expect(await set.count(() => ++steps > 3), JSON.stringify(f)).toBe(set.total ?? null);
      expect(await set.count(), JSON.stringify(f)).toBe((await loadAllThenFilter(db, f)).length);
    }
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
