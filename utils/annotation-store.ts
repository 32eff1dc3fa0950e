// The repository of annotations, used by the background and the extension pages. It hides the stored
// shape (see db.ts) and turns every storage failure into a StorageError that says what failed and why.
import Dexie from 'dexie';
import { speakerKey, type Annotation } from './annotation';
import { foldWords, fromStored, toStored, upgradeBlocked, type QuoteLensDB, type StoredAnnotation } from './db';
import { siteOf } from './page-key';

export type NewAnnotationFields = Omit<Annotation, 'id' | 'created' | 'updated' | 'speakerKey' | 'site'> &
  Partial<Pick<Annotation, 'id' | 'created' | 'updated'>>;

/** A storage operation failed. `message` is meant for the reader; `reason` is the underlying error name. */
export class StorageError extends Error {
  override name = 'StorageError';
  constructor(
    message: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Builds a complete record from what the reader chose; fills id, times and derived fields. */
export function newAnnotation(fields: NewAnnotationFields): Annotation {
  const now = Date.now();
  const created = fields.created ?? now;
  return {
    ...fields,
    id: fields.id ?? crypto.randomUUID(),
    tags: [...fields.tags],
    speakerKey: speakerKey(fields.speaker),
    site: siteOf(fields.pageKey),
    created,
    updated: fields.updated ?? created,
  };
}

const REASONS: Record<string, string> = {
  QuotaExceededError: 'the disk is full or the browser storage quota is used up',
  DatabaseClosedError: 'the database is closed',
  VersionError: 'the database was written by a newer version of QuoteLens',
  InvalidStateError: 'the database is not available (private browsing or a blocked connection?)',
  InvalidAccessError: 'the database refused the access',
  DataError: 'the record holds a value the database cannot store',
  DataCloneError: 'the record holds a value the database cannot store',
  ConstraintError: 'a record with the same id already exists',
  ReadOnlyError: 'the database was opened read-only',
  TimeoutError: 'the database took too long to answer',
  UnknownError: 'the browser reported an unknown storage error',
  OpenFailedError: 'the database could not be opened',
  MissingAPIError: 'IndexedDB is not available here',
  NotFoundError: 'there is no such annotation',
  UpgradeBlockedError: 'another QuoteLens tab holds an older version of the database open; close it (or restart the browser) and try again',
};

/** The most specific error name in a chain of wrapped errors (Dexie wraps DOMExceptions in `inner`). */
function rootName(err: unknown): string {
  let e: unknown = err;
  let name = 'UnknownError';
  for (let depth = 0; e && typeof e === 'object' && depth < 6; depth++) {
    const n = (e as { name?: unknown }).name;
    // AbortError only says the transaction was aborted; the cause below it says why.
    if (typeof n === 'string' && n !== 'Error' && (name === 'UnknownError' || name === 'AbortError')) name = n;
    e = (e as { inner?: unknown }).inner ?? (e as { cause?: unknown }).cause;
  }
  return name;
}

function storageError(what: string, err: unknown): StorageError {
  if (err instanceof StorageError) return err;
  let name = rootName(err);
  if (name === 'DatabaseClosedError' && upgradeBlocked()) name = 'UpgradeBlockedError';
  const reason = REASONS[name] ?? (err instanceof Error && err.message ? err.message : 'an unexpected error');
  return new StorageError(`Could not ${what}: ${reason} (${name})`, name, { cause: err });
}

/** Runs a storage operation and turns any failure into a StorageError saying what failed and why. */
export async function guarded<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw storageError(what, err);
  }
}

/** Saves (insert or replace) an annotation; sets `updated`, keeps the stored `created`. */
export function saveAnnotation(db: QuoteLensDB, a: Annotation): Promise<Annotation> {
  return guarded('save the annotation', () =>
    db.transaction('rw', db.annotations, async () => {
      const existing = await db.annotations.get(a.id);
      const stored = toStored({ ...a, tags: [...a.tags], created: existing?.created ?? a.created, updated: Date.now() });
      await db.annotations.put(stored);
      return fromStored(stored);
    }),
  );
}

/** Changes some fields of a saved annotation (id and created cannot change); rejects if it does not exist. */
export function updateAnnotation(db: QuoteLensDB, id: string, changes: Partial<Annotation>): Promise<Annotation> {
  return guarded('update the annotation', () =>
    db.transaction('rw', db.annotations, async () => {
      const existing = await db.annotations.get(id);
      if (!existing) throw new StorageError(`Could not update the annotation: there is no annotation with id ${id}`, 'NotFoundError');
      const { id: _id, created: _created, ...rest } = changes;
      const stored = toStored({ ...fromStored(existing), ...rest, updated: Date.now() });
      await db.annotations.put(stored);
      return fromStored(stored);
    }),
  );
}

/** Deletes an annotation; deleting one that does not exist is not an error. */
export function deleteAnnotation(db: QuoteLensDB, id: string): Promise<void> {
  return guarded('delete the annotation', () => db.annotations.delete(id));
}

export function getAnnotation(db: QuoteLensDB, id: string): Promise<Annotation | undefined> {
  return guarded('read the annotation', async () => {
    const s = await db.annotations.get(id);
    return s && fromStored(s);
  });
}

/** The annotations of one article, in text order. */
export function annotationsForPage(db: QuoteLensDB, pageKey: string): Promise<Annotation[]> {
  return guarded('read the annotations of this page', async () => {
    const rows = await db.annotations
      .where('[pageKey+start]')
      .between([pageKey, Dexie.minKey], [pageKey, Dexie.maxKey], true, true)
      .toArray();
    return rows.map(fromStored);
  });
}

/** Every annotation, newest (by creation) first. */
export function allAnnotations(db: QuoteLensDB): Promise<Annotation[]> {
  return guarded('read the annotations', async () => (await db.annotations.orderBy('created').reverse().toArray()).map(fromStored));
}

export function countAnnotations(db: QuoteLensDB): Promise<number> {
  return guarded('count the annotations', () => db.annotations.count());
}

/**
 * Reads all annotations in chunks (by id), for exportChunks(): a big library is never held twice in
 * memory and each chunk is its own short read transaction. The next chunk is asked for before this one
 * is handed out, so IndexedDB reads it while the caller writes this one.
 */
export async function* annotationChunks(db: QuoteLensDB, chunkSize = 1000): AsyncGenerator<Annotation[]> {
  const read = (after: string | null): Promise<StoredAnnotation[]> =>
    guarded('read the annotations', () =>
      (after === null ? db.annotations.orderBy(':id') : db.annotations.where(':id').above(after)).limit(chunkSize).toArray(),
    );
  let next = read(null);
  for (;;) {
    const rows = await next;
    if (rows.length === 0) return;
    next = rows.length < chunkSize ? Promise.resolve([]) : read(rows[rows.length - 1].id);
    // A consumer that stops early never awaits it: do not report its failure as unhandled.
    next.catch(() => undefined);
    yield rows.map(fromStored);
  }
}

/**
 * Full-text search over quote, speaker, note and tags. Every query word must match the start of a word
 * (folded: case and accents ignored). Newest first.
 */
export function searchAnnotations(db: QuoteLensDB, query: string, limit = 500): Promise<Annotation[]> {
  return guarded('search the annotations', async () => {
    const terms = [...new Set(foldWords(query))].sort((a, b) => b.length - a.length);
    if (terms.length === 0) return [];
    const [first, ...others] = terms;
    const rows = await db.annotations
      .where('words')
      .startsWith(first)
      .distinct()
      .filter((s) => others.every((t) => s.words.some((w) => w.startsWith(t))))
      .toArray();
    rows.sort((a, b) => b.created - a.created);
    return rows.slice(0, limit).map(fromStored);
  });
}
