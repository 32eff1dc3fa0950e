// Import of annotation files: QuoteLens's own Web Annotation (JSON-LD) export, other W3C Web Annotation
// collections, and Hypothesis JSON exports.
//
// All or nothing: parseImport() validates every entry first and throws an ImportError naming each bad
// entry (1-based, in file order) and what is wrong with it; only a fully valid file yields records.
// Entries that are valid but are not quotations (Hypothesis page notes and replies, annotations without a
// TextQuoteSelector) are not errors: they are reported in `skipped`.
//
// Ids are stable so importing the same file twice adds nothing: our own `urn:uuid:` ids are kept, foreign
// ids become a UUID v5 of "<source>:<id>" in the QuoteLens namespace.
import { z } from 'zod';
import { SENTIMENTS, speakerKey, type Annotation, type Sentiment } from '../annotation';
import Dexie from 'dexie';
import { guarded, StorageError } from '../annotation-store';
import { fromStored, toStored, type QuoteLensDB, type StoredAnnotation } from '../db';
import { cleanUrl, siteOf } from '../page-key';
import { QUOTELENS_KEY, SENTIMENT_PREFIX } from '../export/web-annotation';
import { uuidV5 } from './uuid';

/** Namespace of QuoteLens's deterministic ids for imported foreign annotations. Never change it. */
export const QUOTELENS_NAMESPACE = '2712a137-d71e-417d-a86b-126c8d9fd2ea';

export type ImportFormat = 'web-annotation' | 'hypothesis';

export interface ImportResult {
  format: ImportFormat;
  annotations: Annotation[];
  /** Valid entries that are not quotations (page notes, replies, no quoted text); 1-based entry numbers. */
  skipped: { entry: number; reason: string }[];
}

export interface ImportIssue {
  /** 1-based position in the file's list of annotations; 0 for the file as a whole. */
  entry: number;
  path: string;
  message: string;
}

/** The file cannot be imported; nothing was imported. `issues` lists every problem found. */
export class ImportError extends Error {
  override name = 'ImportError';
  constructor(readonly issues: ImportIssue[]) {
    const shown = issues.slice(0, 5).map(describeIssue);
    const more = issues.length > 5 ? `; and ${issues.length - 5} more problem${issues.length - 5 === 1 ? '' : 's'}` : '';
    super(`Nothing was imported. ${shown.join('; ')}${more}`);
  }
}

function describeIssue(i: ImportIssue): string {
  const where = i.entry > 0 ? `entry ${i.entry}` : 'file';
  return `${where}: ${i.path ? `${i.path}: ` : ''}${i.message}`;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

// ---------- schemas ----------

const KINDS = ['direct', 'partial', 'blockquote', 'headline', 'indirect', 'manual'] as const;
const isoDate = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date and time' });
const nonNegInt = (what: string) => z.number({ error: `${what} must be a number` }).int(`${what} must be a whole number`).nonnegative(`${what} must not be negative`);

/** Validates the two selectors we read; other selector types (RangeSelector, ...) pass untouched. */
const selector = z.looseObject({ type: z.string({ error: 'selector "type" must be a string' }) }).superRefine((s, ctx) => {
  const bad = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  const v = s as Record<string, unknown>;
  if (s.type === 'TextQuoteSelector') {
    if (typeof v.exact !== 'string' || v.exact === '') bad('exact', 'TextQuoteSelector "exact" must be a non-empty string');
    for (const k of ['prefix', 'suffix']) if (v[k] !== undefined && typeof v[k] !== 'string') bad(k, `TextQuoteSelector "${k}" must be a string`);
  } else if (s.type === 'TextPositionSelector') {
    for (const k of ['start', 'end']) {
      const n = v[k];
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) bad(k, `TextPositionSelector "${k}" must be a whole number >= 0`);
    }
    if (typeof v.start === 'number' && typeof v.end === 'number' && v.end < v.start) bad('end', 'TextPositionSelector "end" must not be before "start"');
  }
});
type Selector = z.infer<typeof selector> & Record<string, unknown>;
const selectors = z.union([z.array(selector), selector], { error: 'selector must be a selector object or a list of them' }).optional();

const record = z.object({
  version: z.literal(1, { error: 'unknown QuoteLens record version' }),
  title: z.string({ error: '"title" must be a string' }),
  url: z.string({ error: '"url" must be a string' }),
  kind: z.enum(KINDS, { error: `"kind" must be one of ${KINDS.join(', ')}` }),
  cue: z.string({ error: '"cue" must be a string or null' }).nullable(),
  role: z.string({ error: '"role" must be a string or null' }).nullable(),
  textHash: z.string({ error: '"textHash" must be a string' }),
  sentiment: z.enum(SENTIMENTS, { error: `"sentiment" must be one of ${SENTIMENTS.join(', ')} or null` }).nullable(),
});

const textualBody = z.looseObject({
  type: z.string({ error: 'body "type" must be a string' }).optional(),
  purpose: z.string({ error: 'body "purpose" must be a string' }).optional(),
  value: z.unknown(),
}).superRefine((b, ctx) => {
  if ((b.type === 'TextualBody' || b.type === undefined) && typeof b.value !== 'string') {
    ctx.addIssue({ code: 'custom', path: ['value'], message: 'TextualBody "value" must be a string' });
  }
});

const webAnnotation = z.looseObject({
  id: z.string({ error: '"id" must be a string' }).min(1, '"id" must not be empty'),
  type: z.union([z.literal('Annotation'), z.array(z.string()).refine((t) => t.includes('Annotation'))], { error: '"type" must be "Annotation"' }),
  created: isoDate.optional(),
  modified: isoDate.optional(),
  body: z.union([z.array(textualBody), textualBody], { error: '"body" must be a body object or a list of them' }).optional(),
  bodyValue: z.string({ error: '"bodyValue" must be a string' }).optional(),
  target: z.union(
    [z.string(), z.looseObject({ source: z.string({ error: 'target "source" must be a string' }).min(1, 'target "source" must not be empty'), selector: selectors })],
    { error: '"target" must be an address or an object with "source"' },
  ),
  [QUOTELENS_KEY]: z.object({ '@type': z.literal('@json').optional(), '@value': record }, { error: 'QuoteLens record must be an object' }).optional(),
});

const hypothesisAnnotation = z.looseObject({
  id: z.string({ error: '"id" must be a string' }).min(1, '"id" must not be empty'),
  uri: z.string({ error: '"uri" must be a string' }).min(1, '"uri" must not be empty'),
  created: isoDate,
  updated: isoDate,
  text: z.string({ error: '"text" must be a string' }).optional(),
  tags: z.array(z.string({ error: 'each tag must be a string' }), { error: '"tags" must be a list of strings' }).optional(),
  target: z.array(z.looseObject({ source: z.string({ error: 'target "source" must be a string' }).optional(), selector: selectors }), { error: '"target" must be a list' }),
  references: z.array(z.string()).optional(),
  document: z.looseObject({ title: z.union([z.string(), z.array(z.string())]).optional() }).optional(),
});

// ---------- conversion ----------

type Converted = { ok: true; annotation: Annotation } | { ok: false; skip: string };

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function quoteAndPosition(sels: Selector[]) {
  const quote = sels.find((s) => s.type === 'TextQuoteSelector') as { exact: string; prefix?: string; suffix?: string } | undefined;
  const pos = sels.find((s) => s.type === 'TextPositionSelector') as { start: number; end: number } | undefined;
  return { quote, pos };
}

function sentimentFromTag(tag: string): Sentiment | null {
  if (!tag.startsWith(SENTIMENT_PREFIX)) return null;
  const s = tag.slice(SENTIMENT_PREFIX.length);
  return (SENTIMENTS as readonly string[]).includes(s) ? (s as Sentiment) : null;
}

function fromWebAnnotation(w: z.infer<typeof webAnnotation>): Converted {
  const ql = w[QUOTELENS_KEY]?.['@value'];
  const target = typeof w.target === 'string' ? { source: w.target, selector: undefined } : w.target;
  const { quote, pos } = quoteAndPosition(asArray(target.selector) as Selector[]);
  if (!quote) return { ok: false, skip: 'no quoted text (no TextQuoteSelector)' };

  const uuid = /^urn:uuid:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(w.id);
  const id = uuid ? uuid[1].toLowerCase() : uuidV5(`web-annotation:${w.id}`, QUOTELENS_NAMESPACE);

  const bodies = asArray(w.body).filter((b) => (b.type === 'TextualBody' || b.type === undefined) && typeof b.value === 'string') as { purpose?: string; value: string }[];
  const tagging = bodies.filter((b) => b.purpose === 'tagging').map((b) => b.value);
  let sentiment: Sentiment | null = null;
  if (ql) {
    // Our own export: the record says what the sentiment is, and its body is the first matching tagging one.
    sentiment = ql.sentiment;
    if (sentiment) {
      const at = tagging.indexOf(SENTIMENT_PREFIX + sentiment);
      if (at >= 0) tagging.splice(at, 1);
    }
  } else {
    const at = tagging.findIndex((t) => sentimentFromTag(t) !== null);
    if (at >= 0) sentiment = sentimentFromTag(tagging.splice(at, 1)[0]);
  }
  const speakerBody = bodies.find((b) => b.purpose === 'identifying');
  const notes = bodies.filter((b) => b.purpose === 'commenting' || (!ql && b.purpose === undefined)).map((b) => b.value);
  if (w.bodyValue !== undefined) notes.push(w.bodyValue);

  const created = Date.parse(w.created ?? w.modified ?? '');
  const pageKey = ql ? target.source : (cleanUrl(target.source) ?? target.source);
  const speaker = speakerBody ? speakerBody.value : null;
  return {
    ok: true,
    annotation: {
      id,
      pageKey,
      url: ql ? ql.url : target.source,
      title: ql ? ql.title : '',
      site: siteOf(pageKey),
      exact: quote.exact,
      prefix: quote.prefix ?? '',
      suffix: quote.suffix ?? '',
      start: pos ? pos.start : -1,
      end: pos ? pos.end : -1,
      textHash: ql ? ql.textHash : '',
      speaker,
      speakerKey: speakerKey(speaker),
      role: ql ? ql.role : null,
      sentiment,
      tags: tagging,
      note: notes.join('\n\n'),
      kind: ql ? ql.kind : 'manual',
      cue: ql ? ql.cue : null,
      created,
      updated: w.modified ? Date.parse(w.modified) : created,
    },
  };
}

function fromHypothesis(h: z.infer<typeof hypothesisAnnotation>): Converted {
  if (h.references && h.references.length > 0) return { ok: false, skip: 'a reply to another annotation' };
  const sels = h.target.flatMap((t) => asArray(t.selector) as Selector[]);
  const { quote, pos } = quoteAndPosition(sels);
  if (!quote) return { ok: false, skip: 'a page note (no quoted text)' };
  const tags = [...(h.tags ?? [])];
  const at = tags.findIndex((t) => sentimentFromTag(t) !== null);
  const sentiment = at >= 0 ? sentimentFromTag(tags.splice(at, 1)[0]) : null;
  const pageKey = cleanUrl(h.uri) ?? h.uri;
  const title = h.document?.title;
  return {
    ok: true,
    annotation: {
      id: uuidV5(`hypothesis:${h.id}`, QUOTELENS_NAMESPACE),
      pageKey,
      url: h.uri,
      title: (Array.isArray(title) ? title[0] : title) ?? '',
      site: siteOf(pageKey),
      exact: quote.exact,
      prefix: quote.prefix ?? '',
      suffix: quote.suffix ?? '',
      start: pos ? pos.start : -1,
      end: pos ? pos.end : -1,
      textHash: '',
      speaker: null,
      speakerKey: '',
      role: null,
      sentiment,
      tags,
      note: h.text ?? '',
      kind: 'manual',
      cue: null,
      created: Date.parse(h.created),
      updated: Date.parse(h.updated),
    },
  };
}

// ---------- detection and parsing ----------

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Finds the list of annotations in a parsed file and which format it is. */
function locate(json: unknown): { format: ImportFormat; entries: unknown[] } {
  const looksHypothesis = (e: unknown) => isObject(e) && 'uri' in e;
  if (Array.isArray(json)) return { format: json.some(looksHypothesis) ? 'hypothesis' : 'web-annotation', entries: json };
  if (!isObject(json)) throw new ImportError([{ entry: 0, path: '', message: 'expected a JSON object or list of annotations' }]);
  // Hypothesis client export: { export_date, export_userid, client_version, annotations: [...] }; API search: { rows: [...] }.
  for (const key of ['annotations', 'rows'] as const) {
    if (Array.isArray(json[key])) return { format: 'hypothesis', entries: json[key] as unknown[] };
  }
  const type = json.type;
  if (type === 'AnnotationCollection') {
    const first = json.first;
    if (isObject(first) && Array.isArray(first.items)) return { format: 'web-annotation', entries: first.items };
    if (Array.isArray(json.items)) return { format: 'web-annotation', entries: json.items };
    if (json.total === 0 || first === undefined) return { format: 'web-annotation', entries: [] };
    throw new ImportError([{ entry: 0, path: 'first', message: 'the collection\'s first page must be embedded, with its "items"' }]);
  }
  if (type === 'AnnotationPage' && Array.isArray(json.items)) return { format: 'web-annotation', entries: json.items };
  if (type === 'Annotation') return { format: 'web-annotation', entries: [json] };
  throw new ImportError([{ entry: 0, path: '', message: 'not a QuoteLens / Web Annotation (JSON-LD) or Hypothesis export' }]);
}

/** Parses and validates an import file. Throws ImportError (nothing imported) if any entry is malformed. */
export function parseImport(text: string): ImportResult {
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    throw new ImportError([{ entry: 0, path: '', message: `not valid JSON (${(err as Error).message})` }]);
  }
  const { format, entries } = locate(json);
  const schema = format === 'hypothesis' ? hypothesisAnnotation : webAnnotation;
  const issues: ImportIssue[] = [];
  const annotations: Annotation[] = [];
  const skipped: ImportResult['skipped'] = [];
  const seen = new Map<string, number>();
  entries.forEach((raw, index) => {
    const entry = index + 1;
    if (!isObject(raw)) {
      issues.push({ entry, path: '', message: 'must be an object' });
      return;
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) issues.push({ entry, path: formatPath(issue.path), message: issue.message });
      return;
    }
    const converted = format === 'hypothesis' ? fromHypothesis(parsed.data as z.infer<typeof hypothesisAnnotation>) : fromWebAnnotation(parsed.data as z.infer<typeof webAnnotation>);
    if (!converted.ok) {
      // Our own records always carry selectors: a QuoteLens entry without a quote is damage, not a page note.
      if (format === 'web-annotation' && QUOTELENS_KEY in raw) issues.push({ entry, path: 'target.selector', message: 'a TextQuoteSelector is required' });
      else skipped.push({ entry, reason: converted.skip });
      return;
    }
    const a = converted.annotation;
    if (Number.isNaN(a.created) || Number.isNaN(a.updated)) {
      issues.push({ entry, path: 'created', message: 'a creation date is required' });
      return;
    }
    const before = seen.get(a.id);
    if (before !== undefined) {
      issues.push({ entry, path: 'id', message: `the same annotation as entry ${before}` });
      return;
    }
    seen.set(a.id, entry);
    annotations.push(a);
  });
  if (issues.length > 0) throw new ImportError(issues);
  return { format, annotations, skipped };
}

// ---------- writing ----------

export interface ImportCounts {
  added: number;
  updated: number;
  /** Already present and identical. */
  unchanged: number;
  /** Present with a newer local edit (`updated` later than the file's): the local version is kept. */
  keptNewer: number;
}

const FIELDS: Record<keyof Annotation, true> = {
  id: true, pageKey: true, url: true, title: true, site: true, exact: true, prefix: true, suffix: true, start: true, end: true,
  textHash: true, speaker: true, speakerKey: true, role: true, sentiment: true, tags: true, note: true, kind: true, cue: true,
  created: true, updated: true,
};
const KEYS = Object.keys(FIELDS) as (keyof Annotation)[];

export function sameAnnotation(a: Annotation, b: Annotation): boolean {
  return KEYS.every((k) => {
    const x = a[k];
    const y = b[k];
    if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((v, i) => v === y[i]);
    return x === y;
  });
}

/**
 * The stored records with these ids (undefined where absent), in the same order. One key-only probe of the
 * ids' whole range first: importing into an empty library (restoring a backup) finds nothing there and
 * skips reading 2,000 absent records per chunk; otherwise one bulkGet, as before.
 */
async function existingOf(db: QuoteLensDB, ids: string[]): Promise<(StoredAnnotation | undefined)[]> {
  if (ids.length === 0) return [];
  let lowest = ids[0];
  let highest = ids[0];
  for (const id of ids) {
    if (id < lowest) lowest = id;
    if (id > highest) highest = id;
  }
  const any = await db.annotations.where(':id').between(lowest, highest, true, true).limit(1).primaryKeys();
  if (any.length === 0) return ids.map(() => undefined);
  return db.annotations.bulkGet(ids);
}

/** Records written per transaction: one transaction for 100,000 records is several times slower in Chromium. */
export const IMPORT_CHUNK = 2000;

/**
 * Writes imported annotations in transactions of `chunk` records. Same id twice is an update, never a
 * duplicate; a local record edited after the file's version is kept.
 *
 * All or nothing across the chunks: what each written chunk replaced is remembered (the ids it added, the
 * records it overwrote), and if a later chunk fails (the disk is full) everything this import wrote is
 * taken back before the error, which says so.
 */
export async function importAnnotations(db: QuoteLensDB, annotations: readonly Annotation[], { chunk = IMPORT_CHUNK } = {}): Promise<ImportCounts> {
  const counts: ImportCounts = { added: 0, updated: 0, unchanged: 0, keptNewer: 0 };
  const added: string[] = [];
  const replaced: StoredAnnotation[] = [];
  try {
    for (let from = 0; from < annotations.length; from += chunk) {
      const part = annotations.slice(from, from + chunk);
      await db.transaction('rw', db.annotations, async () => {
        const existing = await existingOf(db, part.map((a) => a.id));
        const writes: StoredAnnotation[] = [];
        const partAdded: string[] = [];
        const partReplaced: StoredAnnotation[] = [];
        const partCounts = { added: 0, updated: 0, unchanged: 0, keptNewer: 0 };
        for (let i = 0; i < part.length; i++) {
          const incoming = toStored(part[i]);
          const old = existing[i];
          if (!old) {
            partCounts.added++;
            partAdded.push(incoming.id);
          } else if (sameAnnotation(fromStored(old), fromStored(incoming))) {
            partCounts.unchanged++;
            continue;
          } else if (old.updated > incoming.updated) {
            partCounts.keptNewer++;
            continue;
          } else {
            partCounts.updated++;
            partReplaced.push(old);
          }
          writes.push(incoming);
        }
        if (writes.length) await db.annotations.bulkPut(writes);
        // Only once this chunk's transaction is certain to commit do its changes count as written.
        Dexie.currentTransaction!.on('complete', () => {
          added.push(...partAdded);
          replaced.push(...partReplaced);
          for (const k of Object.keys(partCounts) as (keyof ImportCounts)[]) counts[k] += partCounts[k];
        });
      });
    }
    return counts;
  } catch (err) {
    const failure = await guarded('import the annotations', () => Promise.reject(err)).catch((e: StorageError) => e);
    const written = added.length + replaced.length;
    if (written === 0) throw new StorageError(`${failure.message}. Nothing was imported.`, failure.reason, { cause: err });
    try {
      await db.transaction('rw', db.annotations, async () => {
        await db.annotations.bulkDelete(added);
        await db.annotations.bulkPut(replaced);
      });
    } catch (undoErr) {
      throw new StorageError(
        `${failure.message}. ${written.toLocaleString('en')} annotations of this import were already written and could not be taken back (${(undoErr as Error).message}); export a backup and check the library.`,
        failure.reason,
        { cause: err },
      );
    }
    throw new StorageError(
      `${failure.message}. Nothing was imported: the ${written.toLocaleString('en')} annotations this import had already written were taken back.`,
      failure.reason,
      { cause: err },
    );
  }
}
