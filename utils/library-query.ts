// The library's queries: every filter answered from indexes, newest first, without reading the records
// that do not end up on screen. A query becomes a ResultSet: its total (native index counts where one
// index answers it) and a fetch(offset, limit) for the rows the virtual list shows.
//
// Plans (see SCHEMA_V3 in db.ts):
//   - no filter, or one of speaker / sentiment / site / article / tag, with or without a date range:
//     one index range, ordered by created. total = IndexedDB count, rows = cursor offset + limit.
//   - several filters or a text search: the primary keys (never the records) of each clause's range are
//     intersected, driven by the smallest clause so the result keeps its newest-first order; rows are
//     then read by id for the visible slice only. A small text-only match is ordered by reading just
//     those records.
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
  total: number;
  /** Which plan answered the query ("index:<name>" or "intersect:<n clauses>"), for tests and the bench. */
  plan: string;
  fetch(offset: number, limit: number): Promise<Annotation[]>;
  /** With `deferCount`, single-index plans answer at once and count here; `total` is then not yet known. */
  counted?: Promise<number>;
  /** Every id of the result, newest first (keys only: for "select all" and exports). */
  ids(): Promise<string[]>;
}

type Table = QuoteLensDB['annotations'];
type Coll = Collection<StoredAnnotation, string>;

interface Clause {
  name: string;
  /** A fresh collection over the clause's range, ascending by created (Dexie collections are mutable). */
  make(): Coll;
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

function clausesOf(t: Table, f: LibraryFilter): Clause[] {
  const lo = f.from ?? MIN;
  const hi = f.to ?? MAX;
  const compound = (index: string, value: string): Clause => ({
    name: index,
    make: () => t.where(index).between([value, lo], [value, hi], true, true) as Coll,
  });
  const out: Clause[] = [];
  if (f.speaker !== undefined) out.push(compound('[speakerKey+created]', f.speaker));
  if (f.sentiment) out.push(compound('[sentiment+created]', f.sentiment));
  if (f.site) out.push(compound('[site+created]', f.site));
  if (f.pageKey) out.push(compound('[pageKey+created]', f.pageKey));
  if (f.tag !== undefined) {
    const tag = f.tag;
    out.push({
      name: 'tagTimes',
      make: () => t.where('tagTimes').between(tag + TAG_TIME_SEP + timeKey(lo), tag + TAG_TIME_SEP + timeKey(hi), true, true) as Coll,
    });
  }
  if (out.length === 0) {
    out.push({
      name: 'created',
      make: () => (f.from === undefined && f.to === undefined ? t.orderBy('created') : t.where('created').between(lo, hi, true, true)) as Coll,
    });
  }
  return out;
}

function rangeResult(clause: Clause, total: number, counted?: Promise<number>): ResultSet {
  return {
    total,
    counted,
    plan: `index:${clause.name}`,
    fetch: (offset, limit) =>
      guarded('read the annotations', async () => (await clause.make().reverse().offset(offset).limit(limit).toArray()).map(fromStored)),
    // Ascending then reversed in memory: IndexedDB's getAllKeys has no direction, a reverse read walks a cursor.
    ids: () => guarded('read the annotations', async () => distinct(((await clause.make().primaryKeys()) as string[]).reverse())),
  };
}

export function idListResult(db: QuoteLensDB, ids: string[], plan: string): ResultSet {
  return {
    total: ids.length,
    plan,
    fetch: (offset, limit) =>
      guarded('read the annotations', async () => {
        const rows = await db.annotations.bulkGet(ids.slice(offset, offset + limit));
        return rows.filter((r): r is StoredAnnotation => r !== undefined).map(fromStored);
      }),
    ids: async () => ids,
  };
}

/**
 * A result known as a set of ids, put in newest-first order lazily: the created index is read backwards
 * in chunks of primary keys until enough matches are found for the rows asked for.
 */
function lazyOrderedResult(db: QuoteLensDB, set: Set<string>, plan: string, chunk = 2000): ResultSet {
  const ordered: string[] = [];
  let scanned = 0;
  let done = false;
  let pending: Promise<void> = Promise.resolve();
  const ensure = (n: number) => {
    pending = pending.then(async () => {
      while (!done && ordered.length < n) {
        const keys = (await db.annotations.orderBy('created').reverse().offset(scanned).limit(chunk).primaryKeys()) as string[];
        scanned += keys.length;
        if (keys.length < chunk) done = true;
        for (const k of keys) if (set.has(k)) ordered.push(k);
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
    ids: () =>
      guarded('search the annotations', async () => {
        const all = (await db.annotations.orderBy('created').primaryKeys()) as string[];
        const out: string[] = [];
        for (let i = all.length - 1; i >= 0; i--) if (set.has(all[i])) out.push(all[i]);
        return out;
      }),
  };
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

/** Below this many candidates, reading the candidate records is cheaper than more key scans. */
const READ_LIMIT = 400;

const wordsRange = (t: Table, term: string) => t.where('words').startsWith(term) as Coll;

/** Runs a library query. */
export function queryLibrary(db: QuoteLensDB, filter: LibraryFilter, opts: { deferCount?: boolean } = {}): Promise<ResultSet> {
  return guarded('search the annotations', async () => {
    const f = normalizeFilter(filter);
    const t = db.annotations;
    const terms = f.text ? [...new Set(foldWords(f.text))].sort((a, b) => b.length - a.length) : [];
    const hasEquality = f.speaker !== undefined || f.sentiment || f.site || f.pageKey || f.tag !== undefined;
    const clauses = terms.length && !hasEquality && f.from === undefined && f.to === undefined ? [] : clausesOf(t, f);

    if (terms.length === 0 && clauses.length === 1) {
      // IndexedDB counts by walking the range: the first rows need not wait for it.
      if (opts.deferCount) return rangeResult(clauses[0], -1, guarded('count the annotations', () => clauses[0].make().count()));
      return rangeResult(clauses[0], await clauses[0].make().count());
    }

    // Intersection of primary keys, driven by the smallest clause.
    const counts = await Promise.all(clauses.map((c) => c.make().count()));
    const termCounts = await Promise.all(terms.map((w) => wordsRange(t, w).count()));
    const plan = `intersect:${clauses.length + terms.length}`;

    if (clauses.length === 0) {
      // Text only. Drive by the rarest term (index entries counted, a close proxy for records).
      const order = terms.map((w, i) => [w, termCounts[i]] as const).sort((a, b) => a[1] - b[1]);
      let ids = distinct(await wordsRange(t, order[0][0]).primaryKeys());
      const rest = order.slice(1).map(([w]) => w);
      if (ids.length <= READ_LIMIT) {
        // Few candidates: read them, check the other terms on their words, order by time.
        const rows = (await t.bulkGet(ids)).filter((r): r is StoredAnnotation => !!r);
        const hit = rows.filter((r) => rest.every((w) => r.words.some((x) => x.startsWith(w))));
        hit.sort((a, b) => b.created - a.created || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
        return idListResult(db, hit.map((r) => r.id), plan);
      }
      let set = new Set(ids);
      for (const w of rest) {
        const other = new Set((await wordsRange(t, w).primaryKeys()) as string[]);
        set = new Set([...set].filter((id) => other.has(id)));
      }
      // Many hits: their order comes from walking the created index newest first, keys only, one chunk
      // at a time and only as far as the rows asked for (the first screen needs a few hundred keys).
      return lazyOrderedResult(db, set, plan);
    }

    const di = counts.indexOf(Math.min(...counts));
    const driver = clauses[di];
    let ids = distinct(((await driver.make().primaryKeys()) as string[]).reverse());
    if (ids.length === 0) return idListResult(db, [], plan);
    const others = clauses.filter((_, i) => i !== di);
    if (ids.length <= READ_LIMIT && (others.length || terms.length)) {
      // Few candidates: check the other conditions on the records themselves.
      const rows = (await t.bulkGet(ids)).filter((r): r is StoredAnnotation => !!r);
      const keep = rows.filter((r) => matches(r, f, terms));
      return idListResult(db, keep.map((r) => r.id), plan);
    }
    for (const c of others) {
      const set = new Set((await c.make().primaryKeys()) as string[]);
      ids = ids.filter((id) => set.has(id));
    }
    for (const w of terms) {
      const set = new Set((await wordsRange(t, w).primaryKeys()) as string[]);
      ids = ids.filter((id) => set.has(id));
    }
    return idListResult(db, ids, plan);
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
  return all.filter((r) => matches(r, f, terms)).sort((a, b) => b.created - a.created).map(fromStored);
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

/** The distinct keys of a grouping (keys only, one cursor step per group), sorted. */
export function groupKeys(db: QuoteLensDB, kind: GroupKind): Promise<string[]> {
  const index = kind === 'speaker' ? 'speakerKey' : kind === 'article' ? 'pageKey' : 'tags';
  return guarded('list the groups', async () => (await db.annotations.orderBy(index).uniqueKeys()) as string[]);
}

/** Label and count of one group: one native count and one record (the newest). */
export function groupSummary(db: QuoteLensDB, kind: GroupKind, key: string): Promise<GroupSummary> {
  return guarded('read the group', async () => {
    const t = db.annotations;
    if (kind === 'tag') return { key, label: key, detail: '', count: await t.where('tags').equals(key).count() };
    const index = kind === 'speaker' ? '[speakerKey+created]' : '[pageKey+created]';
    const range = () => t.where(index).between([key, Dexie.minKey], [key, Dexie.maxKey], true, true);
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
      t.where('speakerKey').equals(key).count(),
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
  return guarded('list the sites', async () => ((await db.annotations.orderBy('site').uniqueKeys()) as string[]).filter((s) => s !== ''));
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
      const before = await db.annotations.where('speakerKey').equals(fromKey).toArray();
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
