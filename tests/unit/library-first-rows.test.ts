// The library's first screen read with IndexedDB's own API (components/library/first-rows.ts), before
// Dexie has loaded: the same rows as the library's own query, and never in Dexie's way.
import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import type { Annotation } from '../../utils/annotation';
import { FIRST_ROWS_DB, FIRST_ROWS_DB_VERSION, PAGE_ROWS, readNewestRows } from '../../components/library/first-rows';
import { fromStored, QuoteLensDB, SCHEMA_V3, toStored, type StoredAnnotation } from '../../utils/db';
import { importAnnotations } from '../../utils/import/index';
import { everythingResult, queryLibrary } from '../../utils/library-query';
import { sampleAnnotations } from '../../utils/library-sample';

/** A fresh IndexedDB (its own set of databases) holding the library's database, as the page opens it. */
async function library(count: number) {
  const idb = new IDBFactory();
  const db = new QuoteLensDB(FIRST_ROWS_DB, { indexedDB: idb, IDBKeyRange });
  const data = sampleAnnotations(count, 5);
  // A run of equal creation times across the first page's end: ties come in descending id order.
  const newest = Math.max(...data.map((a) => a.created));
  for (let i = 0; i < 12; i++) data[i] = { ...data[i], created: newest + 1 };
  for (let i = 12; i < 60; i++) data[i] = { ...data[i], created: newest - 5 };
  await importAnnotations(db, data);
  return { idb, db };
}

const withoutGetAllRecords = async <T>(run: () => Promise<T>): Promise<T> => {
  const proto = IDBObjectStore.prototype as unknown as Record<string, unknown>;
  const saved = proto.getAllRecords;
  delete proto.getAllRecords;
  try {
    return await run();
  } finally {
    proto.getAllRecords = saved;
  }
};

const open: Dexie[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

describe('readNewestRows (the first screen before Dexie loads)', () => {
  it('names the database and version QuoteLensDB opens', () => {
    const db = new QuoteLensDB(undefined, { indexedDB: new IDBFactory(), IDBKeyRange });
    expect(db.name).toBe(FIRST_ROWS_DB);
    expect(Math.round(db.verno * 10)).toBe(FIRST_ROWS_DB_VERSION);
  });

  it.each([
    ['getAll with a direction', false],
    ['a cursor (browsers without getAllRecords)', true],
  ])('reads exactly the records, in the order, of the library\'s newest-first query (%s)', async (_how, cursor) => {
    const { idb, db } = await library(300);
    open.push(db);
    const rows = await (cursor ? withoutGetAllRecords(() => readNewestRows(PAGE_ROWS, idb)) : readNewestRows(PAGE_ROWS, idb));
    const viaDexie = await (await queryLibrary(db, {})).fetch(0, PAGE_ROWS);
    expect(rows).not.toBeNull();
    expect(rows!.map((r) => fromStored(r as unknown as StoredAnnotation))).toEqual(viaDexie);
    // Stored records, derived fields included, as Dexie reads them.
    expect(rows).toEqual(await db.annotations.orderBy('created').reverse().limit(PAGE_ROWS).toArray());
    // It closed its connection: deleting the database is not blocked.
    db.close();
    await new Promise<void>((resolve, reject) => {
      const del = idb.deleteDatabase(FIRST_ROWS_DB);
      del.onsuccess = () => resolve();
      del.onerror = () => reject(del.error);
      del.onblocked = () => reject(new Error('a connection was left open'));
    });
  });

  it('continues from those rows: the pages after them are the library query\'s pages', async () => {
    const { idb, db } = await library(300);
    open.push(db);
    const first = (await readNewestRows(PAGE_ROWS, idb))! as unknown as StoredAnnotation[];
    const primed = everythingResult(db, first);
    const fresh = await queryLibrary(db, {});
    const pages = async (set: typeof fresh, from: number) => {
      const out: Annotation[] = [];
      for (let i = from; ; i += PAGE_ROWS) {
        const page = await set.fetch(i, PAGE_ROWS);
        out.push(...page);
        if (page.length < PAGE_ROWS) return out;
      }
    };
    await fresh.fetch(0, PAGE_ROWS);
    const expected = await pages(fresh, PAGE_ROWS);
    expect(expected).toHaveLength(300 - PAGE_ROWS);
    expect(await pages(primed, PAGE_ROWS)).toEqual(expected);
    expect(await primed.count()).toBe(300);
  });

  it('answers null without creating a database when there is none; Dexie then creates it with its schema', async () => {
    const idb = new IDBFactory();
    expect(await readNewestRows(PAGE_ROWS, idb)).toBeNull();
    expect(await idb.databases()).toEqual([]);
    const db = new QuoteLensDB(FIRST_ROWS_DB, { indexedDB: idb, IDBKeyRange });
    open.push(db);
    await db.annotations.add(toStored(sampleAnnotations(1, 3)[0]));
    expect(await db.annotations.count()).toBe(1);
    expect(db.verno).toBe(4);
  });

  it('leaves an older database to Dexie\'s upgrade, even when both open at the same moment', async () => {
    const idb = new IDBFactory();
    const v3 = new Dexie(FIRST_ROWS_DB, { indexedDB: idb, IDBKeyRange });
    v3.version(3).stores(SCHEMA_V3);
    const data = sampleAnnotations(20, 8);
    await v3.table('annotations').bulkAdd(data.map(toStored));
    v3.close();

    const db = new QuoteLensDB(FIRST_ROWS_DB, { indexedDB: idb, IDBKeyRange });
    open.push(db);
    let blocked = false;
    db.on('blocked', () => (blocked = true));
    const [rows] = await Promise.all([readNewestRows(PAGE_ROWS, idb), db.open()]);
    expect(rows).toBeNull();
    expect(blocked).toBe(false);
    expect(db.verno).toBe(4);
    expect(await db.annotations.count()).toBe(20);
  });

  it('answers null when IndexedDB is missing', async () => {
    expect(await readNewestRows(PAGE_ROWS, undefined)).toBeNull();
  });
});
