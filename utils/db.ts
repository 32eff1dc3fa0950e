// The ONE place that knows the IndexedDB schema and its migrations. Everything else goes through
// annotation-store.ts and sees plain `Annotation` records.
//
// Dexie rule worth remembering: never edit a released version's schema string. Add a new version with
// the full new schema and an .upgrade() that fills whatever the new indexes need from the old records.
import Dexie, { type DexieOptions, type Table } from 'dexie';
import { speakerKey, type Annotation } from './annotation';
import { siteOf } from './page-key';

/**
 * What is really stored: the public record plus `words`, the folded words of quote, speaker, note and
 * tags. `words` is a multi-entry index for full-text search; it is derived, so it is recomputed on every
 * write and stripped before a record leaves the db layer.
 */
export type StoredAnnotation = Annotation & { words: string[]; tagTimes: string[] };

/** A record as version 2 stored it (no tagTimes). */
export type StoredAnnotationV2 = Annotation & { words: string[] };

/** A record as version 1 stored it: no speakerKey, no site, no word index. */
export type AnnotationV1 = Omit<Annotation, 'speakerKey' | 'site'>;

/**
 * Version 1 (first release): enough for the popup, which only asks "what is saved on this page, in
 * text order" ([pageKey+start]) plus simple filters. Kept exactly as released so old databases open.
 */
export const SCHEMA_V1 = {
  annotations: 'id, pageKey, sentiment, *tags, created, updated, [pageKey+start]',
} as const;

/**
 * Version 2: the library page filters by speaker (folded, so "Dr. Müller" and "dr muller" are one) and
 * by site, and searches text. `speakerKey` and `site` became stored fields; `words` is the multi-entry
 * full-text index.
 */
export const SCHEMA_V2 = {
  annotations: 'id, pageKey, speakerKey, sentiment, *tags, site, created, updated, [pageKey+start], *words',
} as const;

/**
 * Version 3: the library lists every filter newest first and counts it without reading records, so each
 * equality filter has a compound index ending in `created` (a range on it is exactly "this speaker, this
 * month, newest first", and IndexedDB counts it natively). Tags are a multi-entry array, which IndexedDB
 * cannot put in a compound index: `tagTimes` holds "<tag>\u0000<sortable created>" per tag instead.
 * `[speakerKey+sentiment]` gives a speaker's sentiment tally by four native counts.
 */
export const SCHEMA_V3 = {
  annotations:
    'id, pageKey, speakerKey, sentiment, *tags, site, created, updated, [pageKey+start], *words, ' +
    '[speakerKey+created], [sentiment+created], [site+created], [pageKey+created], [speakerKey+sentiment], *tagTimes',
} as const;

/**
 * Version 4: only the indexes something reads. Every index is written on every save (the import of
 * 100,000 records spent most of its time there), and the single-field ones were each covered by a
 * compound index starting with the same field: speakerKey, site and pageKey by [x+created] (a value's
 * range, or its distinct values by skipping from one to the next), tags by tagTimes, sentiment by
 * [sentiment+created]; `updated` was never read. Nothing to compute: every remaining index existed in v3.
 */
export const SCHEMA_V4 = {
  annotations:
    'id, created, [pageKey+start], *words, [speakerKey+created], [sentiment+created], [site+created], [pageKey+created], [speakerKey+sentiment], *tagTimes',
} as const;

/** Separates a tag from the time in a `tagTimes` key; sorts before every character a tag can hold. */
export const TAG_TIME_SEP = '\u0000';
/** Shift that makes every valid Date value (±8.64e15 ms) non-negative. */
const TIME_SHIFT = 8_640_000_000_000_000;

/** `created` as a fixed-width decimal string that sorts like the number (for `tagTimes`). */
export function timeKey(ms: number): string {
  const clamped = Number.isNaN(ms) ? 0 : Math.min(Math.max(Math.trunc(ms), -TIME_SHIFT), TIME_SHIFT);
  return String(clamped + TIME_SHIFT).padStart(17, '0');
}

export function tagTimesOf(a: Pick<Annotation, 'tags' | 'created'>): string[] {
  const t = timeKey(a.created);
  return [...new Set(a.tags ?? [])].map((tag) => tag + TAG_TIME_SEP + t);
}

/** Longest word kept in the index: longer runs (URLs, base64 pasted into a note) are cut, not dropped. */
const MAX_WORD = 48;

/** Folds text to search words: lowercase, accents removed, split on anything not a letter or digit. */
export function foldWords(text: string | null | undefined): string[] {
  if (!text) return [];
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .map((w) => (w.length > MAX_WORD ? w.slice(0, MAX_WORD) : w));
}

/** The distinct folded words of everything searchable in an annotation. */
export function wordsOf(a: Pick<Annotation, 'exact' | 'speaker' | 'note' | 'tags'>): string[] {
  const set = new Set<string>();
  for (const part of [a.exact, a.speaker, a.note, ...(a.tags ?? [])]) for (const w of foldWords(part)) set.add(w);
  return [...set];
}

/** Adds the derived fields (speakerKey, site, words, tagTimes) to a record; derived fields are never trusted. */
export function toStored(a: Annotation | AnnotationV1): StoredAnnotation {
  const { words: _ignored, tagTimes: _ignored2, ...rest } = a as Annotation & { words?: unknown; tagTimes?: unknown };
  const record = rest as Annotation;
  return {
    ...record,
    tags: record.tags ?? [],
    speakerKey: speakerKey(record.speaker),
    site: siteOf(record.pageKey),
    words: wordsOf(record),
    tagTimes: tagTimesOf({ tags: record.tags ?? [], created: record.created }),
  };
}

/** The public record: the stored one without the index-only fields. */
export function fromStored(s: StoredAnnotation): Annotation {
  const { words: _words, tagTimes: _tagTimes, ...rest } = s as StoredAnnotation;
  return rest;
}

/** Names of databases whose upgrade was blocked by an older connection in this context. */
const blockedUpgrades = new Set<string>();
/** Whether an upgrade was blocked here (the database was closed rather than left waiting). */
export function upgradeBlocked(): boolean {
  return blockedUpgrades.size > 0;
}

export class QuoteLensDB extends Dexie {
  annotations!: Table<StoredAnnotation, string>;

  /** `options` lets tests pass `{ indexedDB, IDBKeyRange }` from fake-indexeddb. */
  constructor(name = 'quotelens', options?: DexieOptions) {
    super(name, options);
    // An upgrade blocked by a connection that keeps an older version open (an old QuoteLens tab) would
    // leave every query waiting for ever, the reader looking at "Reading…": close instead, so the queries
    // fail, and annotation-store says why (see upgradeBlocked).
    this.on('blocked', () => {
      blockedUpgrades.add(this.name);
      this.close();
    });
    this.version(1).stores(SCHEMA_V1);
    this.version(2)
      .stores(SCHEMA_V2)
      // Version 1 records have no speakerKey, site or words: compute them so the new indexes cover old data
      // (a record missing an indexed field is simply absent from that index, which would hide it from filters).
      .upgrade((tx) =>
        tx
          .table('annotations')
          .toCollection()
          .modify((record: AnnotationV1 & Partial<StoredAnnotation>) => {
            const next = toStored(record);
            record.tags = next.tags;
            record.speakerKey = next.speakerKey;
            record.site = next.site;
            record.words = next.words;
          }),
      );
    this.version(3)
      .stores(SCHEMA_V3)
      // The compound indexes read fields every v2 record already has; only tagTimes is new.
      .upgrade((tx) =>
        tx
          .table('annotations')
          .toCollection()
          .modify((record: StoredAnnotationV2 & Partial<StoredAnnotation>) => {
            record.tagTimes = tagTimesOf(record);
          }),
      );
    this.version(4).stores(SCHEMA_V4);
  }
}

/** How long opening the database may take before the reader is told why it waits. */
export const DB_WAIT_MS = 3_000;
export const DB_WAIT_MESSAGE =
  'Waiting for the QuoteLens database: another QuoteLens tab or window holds an older version of it open. ' +
  'Close that tab or window (or restart the browser); QuoteLens carries on as soon as the database opens.';

/**
 * Tells the reader when opening `db` takes long: `waiting(true)` after `ms` if it has not opened, then
 * `waiting(false)` once it opens or fails. An upgrade blocked by an older connection fires 'blocked' only
 * for the first waiting open; an open queued behind that one just waits, with no event at all. Nothing is
 * aborted (a slow migration goes on); the reader is only told. Returns a function that stops watching.
 */
export function watchOpening(db: Dexie, waiting: (slow: boolean) => void, ms = DB_WAIT_MS): () => void {
  if (db.isOpen()) return () => undefined;
  let done = false;
  let told = false;
  const timer = setTimeout(() => {
    if (done || db.isOpen()) return;
    told = true;
    waiting(true);
  }, ms);
  const settle = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    if (told) waiting(false);
  };
  db.open().then(settle, settle);
  return () => {
    done = true;
    clearTimeout(timer);
  };
}
