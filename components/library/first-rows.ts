// The library's first screen, read with IndexedDB's own API by the page's first, tiny script: the
// database opens and the newest rows are read while the rest of the page's code (Dexie, Preact, the
// library) is still being fetched and compiled, instead of after it. Nothing here imports other modules
// (they would load with this script); db.ts stays the one place that defines the schema, and a unit test
// checks that the name and version below are the ones it opens.
//
// It only reads, and only a database that is already at the current version: anything else (no database
// yet, an older version that Dexie will upgrade, a missing index, any error) answers null and the page
// reads its first screen through Dexie as usual. The connection closes as soon as the read is done, and
// at once if another connection asks for a version change, so it never holds up Dexie's upgrade.

/** The database QuoteLensDB opens (its default name). */
export const FIRST_ROWS_DB = 'quotelens';
/** QuoteLensDB's IndexedDB version: Dexie opens version N of its schema as version N * 10. */
export const FIRST_ROWS_DB_VERSION = 40;

/** Rows the library reads a page at a time; the first screen is one page. */
export const PAGE_ROWS = 40;

/** A stored record as IndexedDB gives it (db.ts's StoredAnnotation; not imported, see above). */
export type RawRecord = Record<string, unknown> & { id: string; created: number };

/** IDBIndex.getAll with a direction (Chromium 141+, "IndexedDB getAllRecords"); Dexie uses it when present too. */
type GetAllWithOptions = (options: { query: IDBKeyRange | null; count: number; direction: IDBCursorDirection }) => IDBRequest<RawRecord[]>;

/**
 * The `limit` newest records (by `created`, ties by id descending: the order of Dexie's
 * orderBy('created').reverse()), or null when they cannot be read this way.
 */
export function readNewestRows(limit: number, idb: IDBFactory | undefined = globalThis.indexedDB): Promise<RawRecord[] | null> {
  return new Promise((resolve) => {
    let open: IDBOpenDBRequest;
    try {
      if (!idb) return resolve(null);
      open = idb.open(FIRST_ROWS_DB);
    } catch {
      return resolve(null);
    }
    // No database yet: opening without a version would create an empty one at version 1. Abort that, so
    // Dexie creates it with its schema.
    open.onupgradeneeded = () => open.transaction?.abort();
    open.onerror = (e) => {
      e.preventDefault();
      resolve(null);
    };
    open.onblocked = () => resolve(null);
    open.onsuccess = () => {
      const db = open.result;
      db.onversionchange = () => db.close();
      const done = (rows: RawRecord[] | null) => {
        db.close();
        resolve(rows);
      };
      try {
        if (db.version !== FIRST_ROWS_DB_VERSION || !db.objectStoreNames.contains('annotations')) return done(null);
        const tx = db.transaction('annotations', 'readonly');
        const store = tx.objectStore('annotations');
        const index = store.index('created');
        tx.onabort = () => done(null);
        if ('getAllRecords' in store) {
          const req = (index.getAll as unknown as GetAllWithOptions)({ query: null, count: limit, direction: 'prev' });
          req.onsuccess = () => done(req.result);
          req.onerror = (e) => {
            e.preventDefault();
            done(null);
          };
          return;
        }
        const rows: RawRecord[] = [];
        const cursor = index.openCursor(null, 'prev');
        cursor.onsuccess = () => {
          const c = cursor.result;
          if (!c || rows.length >= limit) return done(rows);
          rows.push(c.value as RawRecord);
          if (rows.length >= limit) return done(rows);
          c.continue();
        };
        cursor.onerror = (e) => {
          e.preventDefault();
          done(null);
        };
      } catch {
        done(null);
      }
    };
  });
}
