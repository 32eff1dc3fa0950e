// The library's queries: every filter answered from indexes, newest first, reading only what ends up on
// screen. A query becomes a ResultSet: fetch(offset, limit) for the rows the virtual list shows, and a
// total that is either known at once or counted later (count()), because IndexedDB counts by walking a
// range, which at 100,000 records takes far longer than showing the first screen.
//
// Plans (see SCHEMA_V4 in db.ts):
//   - "index:<name>": no text and at most one of speaker / sentiment / site / article / tag, with or without
//     a date range: one index range ordered by created, read newest first with a limit.
//   - "scan:<name>": text and/or several filters. The most selective equality filter's range (or the
//     created index) is read newest first in batches and each record is checked against the rest of the
//     filter, until the screen is full: a common word fills it after a few hundred records. The total is
//     counted later from the word and filter indexes (keys only).
//   - "word": a search word with few records (RARE_WORD): those records are read and checked.
//   - "intersect:<n>": when that scan finds too few matches in its first SCAN_CAP records, the answer is
//     rare: the primary keys of every clause's range (filter indexes and the word index, keys only) are
//     intersected, then put in newest-first order.
import Dexie, { type Collection } from 'dexie';
import { speakerKey as foldSpeaker, SENTIMENTS, type Annotation, type Sentiment } from './annotation';
import { guarded } from './annotation-store';
import { foldWords, fromStored, TAG_TIME_SEP, timeKey, toStored, type QuoteLensDB, type StoredAnnotation } from './db';

export interface LibraryFilter {
  /** Free text: every word must start a word of quote, speaker, note or tags (folded). */
  text?: string;
  /** A speaker name as typed; compared folded (speakerKey). */
  speaker?: string;
  /** An exact speakerKey ('' = quotes without a speaker); wins over `speaker`. */
  speakerKey?: string;
  sentiment?: Sentiment;
  /** Exact tag. */
  tag?: string;
  site?: string;
  pageKey?: string;
  /** Epoch ms, inclusive. */
  from?: number;
  to?: number;
}

export interface ResultSet {
  /** The number of matches when it is known without more work; null until count() has answered. */
  total: number | null;
  /** Which plan answered the query ("index:<name>", "scan:<name>" or "intersect:<n clauses>"), for tests and the bench. */
  plan: string;
  fetch(offset: number, limit: number): Promise<Annotation[]>;
  /**
   * The number of matches (walks indexes when `total` is null: call it when the reader is not waiting for
   * rows). It reads in short steps and gives up (null) as soon as `cancelled()` says so, so a count never
   * holds up a newer query for long.
   */
  count(cancelled?: () => boolean): Promise<number | null>;
  /** Every id of the result, newest first (keys only: for "select all" and exports). */
  ids(): Promise<string[]>;
}

type Table = QuoteLensDB['annotations'];
type Coll = Collection<StoredAnnotation, string>;

interface Clause {
  name: string;
  /** A fresh collection over the clause's range, ascending by created, up to `hi` (inclusive); Dexie collections are mutable. */
  make(hi?: number): Coll;
  /** The clause's entries created in [from, below). */
  slice(from: number, below: number): Coll;
}

const MIN = -Infinity;
const MAX = Infinity;

/** The filter without empty fields; `speaker` folded. */
export function normalizeFilter(f: LibraryFilter): LibraryFilter {
  const out: LibraryFilter = {};
  if (f.text && foldWords(f.text).length) out.text = f.text;
  if (f.speakerKey !== undefined) out.speaker = f.speakerKey;
  else if (f.speaker !== undefined && f.speaker !== null && f.speaker.trim() !== '') out.speaker = foldSpeaker(f.speaker);
  if (f.sentiment && (SENTIMENTS as readonly string[]).includes(f.sentiment)) out.sentiment = f.sentiment;
  if (f.tag) out.tag = f.tag;
  if (f.site) out.site = f.site;
  if (f.pageKey) out.pageKey = f.pageKey;
  if (typeof f.from === 'number' && Number.isFinite(f.from)) out.from = f.from;
  if (typeof f.to === 'number' && Number.isFinite(f.to)) out.to = f.to;
  return out;
}

/** The equality clauses of a filter, most selective first (an article is small, a sentiment is a quarter of everything). */
function clausesOf(t: Table, f: LibraryFilter): Clause[] {
  const lo = f.from ?? MIN;
  const top = f.to ?? MAX;
  const compound = (index: string, value: string): Clause => ({
    name: index,
    make: (hi = top) => t.where(index).between([value, lo], [value, Math.min(hi, top)], true, true) as Coll,
    slice: (from, below) => t.where(index).between([value, Math.max(from, lo)], [value, Math.min(below, top)], true, below > top) as Coll,
  });
  const out: Clause[] = [];
  if (f.pageKey) out.push(compound('[pageKey+created]', f.pageKey));
  if (f.speaker !== undefined) out.push(compound('[speakerKey+created]', f.speaker));
  if (f.tag !== undefined) {
    const tag = f.tag;
    out.push({
      name: 'tagTimes',
      make: (hi = top) => t.where('tagTimes').between(tag + TAG_TIME_SEP + timeKey(lo), tag + TAG_TIME_SEP + timeKey(Math.min(hi, top)), true, true) as Coll,
      slice: (from, below) =>
        t.where('tagTimes').between(tag + TAG_TIME_SEP + timeKey(Math.max(from, lo)), tag + TAG_TIME_SEP + timeKey(Math.min(below, top)), true, below > top) as Coll,
    });
  }
  if (f.site) out.push(compound('[site+created]', f.site));
  if (f.sentiment) out.push(compound('[sentiment+created]', f.sentiment));
  return out;
}

/** Every record, by created, within the filter's dates. */
function createdClause(t: Table, f: LibraryFilter): Clause {
  return {
    name: 'created',
    make: (hi = MAX) => {
      const top = Math.min(hi, f.to ?? MAX);
      return (f.from === undefined && top === MAX ? t.orderBy('created') : t.where('created').between(f.from ?? MIN, top, true, true)) as Coll;
    },
    slice: (from, below) => {
      const top = f.to ?? MAX;
      return t.where('created').between(Math.max(from, f.from ?? MIN), Math.min(below, top), true, below > top) as Coll;
    },
  };
}

/**
 * Reads a clause's range newest first in batches, continuing from the last record read (by its created
 * time, not by an offset, which IndexedDB can only skip by walking a cursor). Records with the same
 * created time come in descending id order; the ones already read are skipped.
 */
class NewestFirst {
  private hi = MAX;
  private lastId: string | null = null;
  /** Records already read whose created time is `hi`. */
  private ties = 0;
  done = false;
  scanned = 0;
  constructor(private readonly clause: Clause) {}

  async next(batch: number): Promise<StoredAnnotation[]> {
    if (this.done) return [];
    const want = batch + this.ties;
    const rows = await this.clause.make(this.hi).reverse().limit(want).toArray();
    if (rows.length < want) this.done = true;
    const fresh = this.lastId === null ? rows : rows.filter((r) => !(r.created === this.hi && r.id >= this.lastId!));
    if (fresh.length) {
      const last = fresh[fresh.length - 1];
      let tail = 0;
      for (let i = fresh.length - 1; i >= 0 && fresh[i].created === last.created; i--) tail++;
      this.ties = last.created === this.hi ? this.ties + tail : tail;
      this.hi = last.created;
      this.lastId = last.id;
    } else if (!this.done) {
      // Only ties came back (more than `batch` records share one time): ask for more of them next time.
      this.ties += batch;
    }
    this.scanned += fresh.length;
    return fresh;
  }
}

/** One index range, newest first: rows straight from the index, pages continued by key. */
function rangeResult(db: QuoteLensDB, clause: Clause): ResultSet {
  // Where each fetched page ended, so the next page continues from there instead of skipping `offset` records.
  const ends = new Map<number, { hi: number; ids: Set<string> }>();
  return {
    total: null,
    plan: `index:${clause.name}`,
    fetch: (offset, limit) =>
      guarded('read the annotations', async () => {
        const end = ends.get(offset);
        let rows: StoredAnnotation[];
        if (offset === 0 || end) {
          const hi = end?.hi ?? MAX;
          const skip = end?.ids.size ?? 0;
          rows = (await clause.make(hi).reverse().limit(limit + skip).toArray()).filter((r) => !(end && r.created === end.hi && end.ids.has(r.id))).slice(0, limit);
        } else {
          rows = await clause.make().reverse().offset(offset).limit(limit).toArray();
        }
        if (rows.length) {
          const last = rows[rows.length - 1].created;
          const ids = new Set(rows.filter((r) => r.created === last).map((r) => r.id));
          const prev = end?.hi === last ? end.ids : null;
          if (prev) for (const id of prev) ids.add(id);
          ends.set(offset + rows.length, { hi: last, ids });
        }
        return rows.map(fromStored);
      }),
    // The whole library: the object store's own count, cheaper than walking an index.
    count: (cancelled) => guarded('count the annotations', () => slicedCount(clause, cancelled)),
    // Ascending then reversed in memory: a reverse read of every key walks a cursor.
    ids: () => guarded('read the annotations', async () => distinct(((await clause.make().primaryKeys()) as string[]).reverse())),
  };
}

/** Time slices a count is split into: each is one short request, so a newer query waits for one slice at most. */
const COUNT_SLICES = 16;

/**
 * Counts a clause's range slice by slice (equal spans of created between its oldest and newest entry),
 * reading keys (IndexedDB counts by walking the range anyway, and no faster). Null once `cancelled`.
 */
async function slicedCount(clause: Clause, cancelled: () => boolean = () => false): Promise<number | null> {
  const [oldest, newest] = await Promise.all([clause.make().first(), clause.make().last()]);
  if (!oldest || !newest) return 0;
  const step = (newest.created - oldest.created) / COUNT_SLICES;
  let total = 0;
  for (let i = 0; i < COUNT_SLICES; i++) {
    if (cancelled()) return null;
    const from = i === 0 ? MIN : oldest.created + step * i;
    const below = i === COUNT_SLICES - 1 ? MAX : oldest.created + step * (i + 1);
    total += (await clause.slice(from, below).primaryKeys()).length;
  }
  return total;
}

/** A result whose ids are known, newest first. */
export function idListResult(db: QuoteLensDB, ids: string[], plan: string): ResultSet {
  return {
    total: ids.length,
    plan,
    fetch: (offset, limit) =>
      guarded('read the annotations', async () => {
        const rows = await db.annotations.bulkGet(ids.slice(offset, offset + limit));
        return rows.filter((r): r is StoredAnnotation => r !== undefined).map(fromStored);
      }),
    count: async () => ids.length,
    ids: async () => ids,
  };
}

/** Records in newest-first order (created, then id descending, as the indexes order ties). */
const newestFirst = (a: StoredAnnotation, b: StoredAnnotation) => b.created - a.created || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * A result known as a set of ids, put in newest-first order lazily: the created index is read backwards,
 * keys only, in chunks (continued by key) until enough matches are found for the rows asked for.
 */
function lazyOrderedResult(db: QuoteLensDB, set: Set<string>, plan: string, chunk = 5000): ResultSet {
  const ordered: string[] = [];
  let hi = MAX;
  let seenAtHi = new Set<string>();
  let done = false;
  let pending: Promise<void> = Promise.resolve();
  const t = db.annotations;
  const ensure = (n: number) => {
    pending = pending.then(async () => {
      while (!done && ordered.length < n) {
        // Keys only, so ties at `hi` are found by reading that one time's keys.
        const range = hi === MAX ? t.orderBy('created') : t.where('created').belowOrEqual(hi);
        const keys = (await range.reverse().limit(chunk + seenAtHi.size).primaryKeys()) as string[];
        if (keys.length < chunk + seenAtHi.size) done = true;
        const fresh = keys.filter((k) => !seenAtHi.has(k));
        for (const k of fresh) if (set.has(k)) ordered.push(k);
        if (!fresh.length) break;
        const last = fresh[fresh.length - 1];
        const lastCreated = (await t.get(last))?.created ?? MIN;
        const tied = (await t.where('created').equals(lastCreated).primaryKeys()) as string[];
        // Every key at that time that the reverse walk has passed: those >= last.
        const passed = new Set(tied.filter((k) => k >= last));
        seenAtHi = lastCreated === hi ? new Set([...seenAtHi, ...passed]) : passed;
        hi = lastCreated;
      }
    });
    return pending;
  };
  const base = idListResult(db, ordered, plan);
  return {
    total: set.size,
    plan,
    fetch: async (offset, limit) => {
      await guarded('search the annotations', () => ensure(offset + limit));
      return base.fetch(offset, limit);
    },
    count: async () => set.size,
    ids: () => guarded('search the annotations', async () => orderIds(db, set)),
  };
}

/** The ids of `set`, newest first, from the created index (keys only). */
async function orderIds(db: QuoteLensDB, set: Set<string>): Promise<string[]> {
  const all = (await db.annotations.orderBy('created').primaryKeys()) as string[];
  const out: string[] = [];
  for (let i = all.length - 1; i >= 0; i--) if (set.has(all[i])) out.push(all[i]);
  return out;
}

/** Distinct keys in first-seen order. */
function distinct(keys: readonly unknown[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const k of keys) {
    const s = k as string;
    if (!seen.has(s)) {
      seen.add(s);
      out.push(s);
    }
  }
  return out;
}

const wordsRange = (t: Table, term: string) => t.where('words').startsWith(term) as Coll;

/** The primary keys matching every clause and term: each range read as keys only, intersected. Null once `cancelled`. */
async function intersectKeys(t: Table, clauses: Clause[], terms: string[], cancelled: () => boolean = () => false): Promise<Set<string> | null> {
  const ranges = [...clauses.map((c) => () => c.make()), ...terms.map((w) => () => wordsRange(t, w))];
  let set: Set<string> | null = null;
  for (const range of ranges) {
    if (cancelled()) return null;
    const keys = (await range().primaryKeys()) as string[];
    if (set === null) set = new Set(keys);
    else {
      const other = new Set(keys);
      for (const k of set) if (!other.has(k)) set.delete(k);
    }
    if (set.size === 0) break;
  }
  return set ?? new Set();
}

/** A word with at most this many records is read directly (plan "word"). */
const RARE_WORD = 300;
/** Rows the scan plan must find before it answers (a screen and a bit). */
const FIRST_SCREEN = 40;
/** Records the scan plan reads before deciding the answer is rare and intersecting keys instead. */
const SCAN_CAP = 1500;
/** A rare answer up to this size is read and sorted at once; a bigger one is ordered lazily. */
const READ_LIMIT = 2000;

/**
 * A scan that found the first screen: later pages continue the same scan. The total is counted from the
 * indexes (keys only) when asked.
 */
function scanResult(db: QuoteLensDB, scan: NewestFirst, found: StoredAnnotation[], test: (r: StoredAnnotation) => boolean, plan: string, keys: (cancelled?: () => boolean) => Promise<Set<string> | null>): ResultSet {
  let pending: Promise<void> = Promise.resolve();
  const ensure = (n: number) => {
    pending = pending.then(async () => {
      // Bigger batches the further the reader jumps.
      while (!scan.done && found.length < n) {
        for (const r of await scan.next(Math.min(5000, Math.max(200, (n - found.length) * 8)))) if (test(r)) found.push(r);
      }
    });
    return pending;
  };
  // Kept once complete (ids() and a second count() reuse it); a cancelled count leaves nothing behind.
  let complete: Set<string> | null = null;
  const keySet = async (cancelled?: () => boolean) => (complete ??= await keys(cancelled));
  return {
    total: scan.done ? found.length : null,
    plan,
    fetch: (offset, limit) =>
      guarded('search the annotations', async () => {
        await ensure(offset + limit);
        return found.slice(offset, offset + limit).map(fromStored);
      }),
    count: (cancelled) => guarded('count the matches', async () => (scan.done ? found.length : ((await keySet(cancelled))?.size ?? null))),
    ids: () => guarded('search the annotations', async () => (scan.done ? found.map((r) => r.id) : orderIds(db, (await keySet())!))),
  };
}

/** Runs a library query. */
export function queryLibrary(db: QuoteLensDB, filter: LibraryFilter): Promise<ResultSet> {
  return guarded('search the annotations', async () => {
    const f = normalizeFilter(filter);
    const t = db.annotations;
    const terms = f.text ? [...new Set(foldWords(f.text))].sort((a, b) => b.length - a.length) : [];
    const clauses = clausesOf(t, f);

    if (terms.length === 0 && clauses.length <= 1) {
      const clause = clauses[0] ?? createdClause(t, f);
      return rangeResult(db, clause);
    }

    // A rare word answers at once: its few records are read and checked against the rest of the filter.
    // (Keys read up to RARE_WORD + 1 per word: a common word costs a bounded read, not its whole range.)
    if (terms.length) {
      const probes = await Promise.all(terms.map(async (w) => distinct(await wordsRange(t, w).limit(RARE_WORD + 1).primaryKeys())));
      const rarest = probes.reduce((a, b) => (b.length < a.length ? b : a));
      if (rarest.length <= RARE_WORD) {
        const rows = (await t.bulkGet(rarest)).filter((r): r is StoredAnnotation => !!r && matches(r, f, terms));
        return idListResult(db, rows.sort(newestFirst).map((r) => r.id), 'word');
      }
    }

    // Scan the most selective range newest first, checking the rest of the filter on each record.
    const driver = clauses[0] ?? createdClause(t, f);
    const test = (r: StoredAnnotation) => matches(r, f, terms);
    const scan = new NewestFirst(driver);
    const found: StoredAnnotation[] = [];
    let batch = 200;
    while (!scan.done && found.length < FIRST_SCREEN && scan.scanned < SCAN_CAP) {
      for (const r of await scan.next(batch)) if (test(r)) found.push(r);
      batch = Math.min(batch * 2, SCAN_CAP - scan.scanned || batch);
    }
    // Without an equality filter, a date range is the created index's range.
    const keyClauses = clauses.length || (f.from === undefined && f.to === undefined) ? clauses : [createdClause(t, f)];
    const keys = (cancelled?: () => boolean) => intersectKeys(t, keyClauses, terms, cancelled);
    if (scan.done || found.length >= FIRST_SCREEN) return scanResult(db, scan, found, test, `scan:${driver.name}`, keys);

    // Few matches among the newest records: a rare answer, found from the indexes' keys.
    const plan = `intersect:${keyClauses.length + terms.length}`;
    const set = (await keys())!;
    if (set.size <= READ_LIMIT) {
      const rows = (await t.bulkGet([...set])).filter((r): r is StoredAnnotation => !!r);
      return idListResult(db, rows.sort(newestFirst).map((r) => r.id), plan);
    }
    return lazyOrderedResult(db, set, plan);
  });
}

/** The filter checked on one record (the same rules as the indexes). */
export function matches(r: StoredAnnotation, f: LibraryFilter, terms: string[] = f.text ? foldWords(f.text) : []): boolean {
  if (f.speaker !== undefined && r.speakerKey !== f.speaker) return false;
  if (f.sentiment && r.sentiment !== f.sentiment) return false;
  if (f.site && r.site !== f.site) return false;
  if (f.pageKey && r.pageKey !== f.pageKey) return false;
  if (f.tag !== undefined && !r.tags.includes(f.tag)) return false;
  if (f.from !== undefined && r.created < f.from) return false;
  if (f.to !== undefined && r.created > f.to) return false;
  return terms.every((w) => r.words.some((x) => x.startsWith(w)));
}

/**
 * The naive way, for the benchmark's baseline only: read every record, filter in memory, sort.
 * The library never does this.
 */
export async function loadAllThenFilter(db: QuoteLensDB, filter: LibraryFilter): Promise<Annotation[]> {
  const f = normalizeFilter(filter);
  const all = await db.annotations.toArray();
  const terms = f.text ? foldWords(f.text) : [];
  return all.filter((r) => matches(r, f, terms)).sort(newestFirst).map(fromStored);
}

// ---------- groups ----------

export type GroupKind = 'speaker' | 'article' | 'tag';

export interface GroupSummary {
  key: string;
  /** What to show: the newest spelling of a speaker, an article's title, the tag. */
  label: string;
  /** Second line: the article's site, or nothing. */
  detail: string;
  count: number;
}

/**
 * The distinct values of an index's first part, sorted: one cursor seek per value, to the first key
 * after all of that value's entries (`after`). Dexie's uniqueKeys walks every entry instead (measured in
 * Chromium: over a second for 40 sites at 30,000 records, holding up the queries behind it).
 */
async function distinctValues(db: QuoteLensDB, index: string, valueOf: (key: IDBValidKey) => string, after: ((value: string) => IDBValidKey) | null): Promise<string[]> {
  if (!db.isOpen()) await db.open();
  return new Promise((resolve, reject) => {
    const tx = db.backendDB().transaction('annotations', 'readonly');
    const req = tx.objectStore('annotations').index(index).openKeyCursor();
    const out: string[] = [];
    req.onsuccess = () => {
      const cursor = req.result;
      if (!cursor) return resolve(out);
      const value = valueOf(cursor.key);
      if (out[out.length - 1] !== value) out.push(value);
      // A plain step when most entries are distinct values (articles): Chromium prefetches those, a seek it does not.
      if (after) cursor.continue(after(value));
      else cursor.continue();
    };
    req.onerror = () => reject(req.error);
    tx.onabort = () => reject(tx.error);
  });
}

/** Distinct first members of a compound index [value+created]: `[value, []]` sorts after every [value, number]. */
const compoundValues = (db: QuoteLensDB, index: string, seek = true) =>
  distinctValues(db, index, (k) => (k as [string, number])[0], seek ? (v) => [v, []] : null);

/** Distinct tags: the part of each tagTimes key before the separator; tag + '\u0001' is past all of a tag's times. */
const tagValues = (db: QuoteLensDB) =>
  distinctValues(db, 'tagTimes', (k) => (k as string).slice(0, (k as string).indexOf(TAG_TIME_SEP)), (v) => v + '\u0001');

/** All of a tag's entries in tagTimes. */
const tagRange = (t: Table, tag: string) => t.where('tagTimes').between(tag + TAG_TIME_SEP, tag + '\u0001', true, false);

/** All of one value's entries in a compound index [value+created]. */
const compoundRange = (t: Table, index: string, value: string) => t.where(index).between([value, Dexie.minKey], [value, Dexie.maxKey], true, true);

/** The distinct keys of a grouping (keys only, one cursor seek per group), sorted. */
export function groupKeys(db: QuoteLensDB, kind: GroupKind): Promise<string[]> {
  return guarded('list the groups', () =>
    kind === 'tag' ? tagValues(db) : kind === 'speaker' ? compoundValues(db, '[speakerKey+created]') : compoundValues(db, '[pageKey+created]', false),
  );
}

/** Label and count of one group: one native count and one record (the newest). */
export function groupSummary(db: QuoteLensDB, kind: GroupKind, key: string): Promise<GroupSummary> {
  return guarded('read the group', async () => {
    const t = db.annotations;
    if (kind === 'tag') return { key, label: key, detail: '', count: await tagRange(t, key).count() };
    const index = kind === 'speaker' ? '[speakerKey+created]' : '[pageKey+created]';
    const range = () => compoundRange(t, index, key);
    const [count, newest] = await Promise.all([range().count(), range().last()]);
    if (kind === 'speaker') return { key, label: key === '' ? '(no speaker)' : (newest?.speaker ?? key), detail: '', count };
    return { key, label: newest?.title || key, detail: newest?.site ?? '', count };
  });
}

export type SentimentTally = Record<Sentiment | 'none', number>;

/** A speaker's sentiment tally: native counts on [speakerKey+sentiment]. */
export function speakerTally(db: QuoteLensDB, key: string): Promise<SentimentTally> {
  return guarded('count the speaker\'s quotes', async () => {
    const t = db.annotations;
    const [total, ...each] = await Promise.all([
      compoundRange(t, '[speakerKey+created]', key).count(),
      ...SENTIMENTS.map((s) => t.where('[speakerKey+sentiment]').equals([key, s]).count()),
    ]);
    const tally = { none: 0 } as SentimentTally;
    SENTIMENTS.forEach((s, i) => (tally[s] = each[i]));
    tally.none = total - each.reduce((a, b) => a + b, 0);
    return tally;
  });
}

/** Distinct sites, for the site filter. */
export function sites(db: QuoteLensDB): Promise<string[]> {
  return guarded('list the sites', async () => (await compoundValues(db, '[site+created]')).filter((s) => s !== ''));
}

// ---------- changes (each returns what undo needs) ----------

/** Stored records as they were before a change; restoring them undoes it. */
export interface UndoRecord {
  restore: StoredAnnotation[];
  /** Ids created by the change, deleted on undo. */
  remove: string[];
}

/** Gives every quote of speaker `fromKey` the speaker name `toName`. Returns how many changed and the undo. */
export function mergeSpeakers(db: QuoteLensDB, fromKey: string, toName: string): Promise<{ changed: number; undo: UndoRecord }> {
  return guarded('merge the speakers', () =>
    db.transaction('rw', db.annotations, async () => {
      const name = toName.trim();
      if (!name) throw new Error('the speaker to merge into has no name');
      const before = await compoundRange(db.annotations, '[speakerKey+created]', fromKey).toArray();
      const now = Date.now();
      const after = before.map((r) => toStored({ ...fromStored(r), speaker: name, updated: now }));
      await db.annotations.bulkPut(after);
      return { changed: after.length, undo: { restore: before, remove: [] } };
    }),
  );
}

/** Deletes these annotations; the undo puts them back exactly. */
export function deleteMany(db: QuoteLensDB, ids: readonly string[]): Promise<UndoRecord> {
  return guarded('delete the annotations', () =>
    db.transaction('rw', db.annotations, async () => {
      const before = (await db.annotations.bulkGet([...ids])).filter((r): r is StoredAnnotation => !!r);
      await db.annotations.bulkDelete(before.map((r) => r.id));
      return { restore: before, remove: [] };
    }),
  );
}

/** Adds a tag to these annotations (those that have it already are left alone). */
export function tagMany(db: QuoteLensDB, ids: readonly string[], tag: string): Promise<{ changed: number; undo: UndoRecord }> {
  return guarded('tag the annotations', () =>
    db.transaction('rw', db.annotations, async () => {
      const clean = tag.trim();
      if (!clean) throw new Error('the tag is empty');
      const rows = (await db.annotations.bulkGet([...ids])).filter((r): r is StoredAnnotation => !!r && !r.tags.includes(clean));
      const now = Date.now();
      await db.annotations.bulkPut(rows.map((r) => toStored({ ...fromStored(r), tags: [...r.tags, clean], updated: now })));
      return { changed: rows.length, undo: { restore: rows, remove: [] } };
    }),
  );
}

/** Changes one annotation; returns the undo. */
export function editOne(db: QuoteLensDB, id: string, changes: Partial<Pick<Annotation, 'speaker' | 'sentiment' | 'tags' | 'note'>>): Promise<UndoRecord> {
  return guarded('save the annotation', () =>
    db.transaction('rw', db.annotations, async () => {
      const before = await db.annotations.get(id);
      if (!before) throw new Error(`there is no annotation with id ${id}`);
      await db.annotations.put(toStored({ ...fromStored(before), ...changes, updated: Date.now() }));
      return { restore: [before], remove: [] };
    }),
  );
}

export function applyUndo(db: QuoteLensDB, undo: UndoRecord): Promise<void> {
  return guarded('undo', () =>
    db.transaction('rw', db.annotations, async () => {
      if (undo.remove.length) await db.annotations.bulkDelete(undo.remove);
      if (undo.restore.length) await db.annotations.bulkPut(undo.restore);
    }),
  );
}

export function clearLibrary(db: QuoteLensDB): Promise<void> {
  return guarded('delete all annotations', () => db.annotations.clear());
}

/** Reads these ids in chunks (for exporting a selection or a result). */
export async function* chunksOfIds(db: QuoteLensDB, ids: readonly string[], size = 1000): AsyncGenerator<Annotation[]> {
  for (let i = 0; i < ids.length; i += size) {
    const rows = await guarded('read the annotations', () => db.annotations.bulkGet(ids.slice(i, i + size)));
    yield rows.filter((r): r is StoredAnnotation => !!r).map(fromStored);
  }
}

// ---------- opening the source ----------

/**
 * The address of the quote's page with a text fragment (`#:~:text=`) so the browser scrolls to the quote
 * even before the content script anchors it. Long quotes use `start,end` words.
 */
export function sourceHref(a: Pick<Annotation, 'url' | 'pageKey' | 'exact'>): string {
  const base = safePageUrl(a.url) ?? safePageUrl(a.pageKey);
  if (!base) return '';
  const enc = (s: string) => encodeURIComponent(s).replace(/-/g, '%2D').replace(/,/g, '%2C').replace(/&/g, '%26');
  const words = a.exact.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  if (words.length === 0) return base;
  const directive = words.length <= 8 ? enc(words.join(' ')) : `${enc(words.slice(0, 4).join(' '))},${enc(words.slice(-4).join(' '))}`;
  return `${base}#:~:text=${directive}`;
}

function safePageUrl(u: string): string | null {
  try {
    const url = new URL(u);
    if (url.protocol !== 'http:' && url.protocol !== 'https:' && url.protocol !== 'file:') return null;
    url.hash = '';
    return url.toString();
  } catch {
    return null;
  }
}
