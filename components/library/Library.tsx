// The library page (library.html, also the options page): every annotation, newest first, with search,
// filters, views grouped by speaker / article / tag, editing with undo, bulk actions, export and import.
// All page text is rendered as text nodes (JSX children), never as HTML.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { SENTIMENTS, speakerKey, type Annotation, type Sentiment } from '../../utils/annotation';
import { DB_WAIT_MESSAGE, watchOpening, type QuoteLensDB } from '../../utils/db';
import { EXPORT_FORMATS, type ExportFormat } from '../../utils/export/formats';
import {
  applyUndo,
  chunksOfIds,
  clearLibrary,
  deleteMany,
  editOne,
  groupKeys,
  groupSummary,
  mergeSpeakers,
  queryLibrary,
  sites,
  sourceHref,
  speakerTally,
  tagMany,
  type GroupKind,
  type GroupSummary,
  type LibraryFilter,
  type ResultSet,
  type SentimentTally,
  type UndoRecord,
} from '../../utils/library-query';
import { EditDialog, type EditValues } from './EditDialog';
import { groupDigits, isoDay } from './format';
import { VirtualList } from './VirtualList';

const ROW = 112;
const GROUP_ROW = 52;
const PAGE = 40;
/** Calm (no new query, no keystroke) before a big result is counted. */
const COUNT_DELAY_MS = 700;

type View = 'quotes' | 'speakers' | 'articles' | 'tags';
/** A drill-down: a speaker's page, an article's page or a tag's page. */
type Scope = { kind: GroupKind; key: string; label: string } | null;

interface Form {
  text: string;
  speaker: string;
  sentiment: '' | Sentiment;
  tag: string;
  site: string;
  from: string;
  to: string;
}
const EMPTY_FORM: Form = { text: '', speaker: '', sentiment: '', tag: '', site: '', from: '', to: '' };

interface Status {
  text: string;
  kind: 'info' | 'error';
  undo?: UndoRecord;
}

/** yyyy-mm-dd (local) to epoch ms: start or end of that day. */
function dayBound(value: string, end: boolean): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const [y, m, d] = value.split('-').map(Number);
  return end ? new Date(y, m - 1, d, 23, 59, 59, 999).getTime() : new Date(y, m - 1, d).getTime();
}

function filterOf(form: Form, scope: Scope): LibraryFilter {
  const f: LibraryFilter = {
    text: form.text || undefined,
    speaker: form.speaker || undefined,
    sentiment: form.sentiment || undefined,
    tag: form.tag.trim() || undefined,
    site: form.site || undefined,
    from: dayBound(form.from, false),
    to: dayBound(form.to, true),
  };
  if (scope?.kind === 'speaker') f.speakerKey = scope.key;
  if (scope?.kind === 'article') f.pageKey = scope.key;
  if (scope?.kind === 'tag') f.tag = scope.key;
  return f;
}

/** Export and import (the writers, the file schema): loaded when the reader first uses them, not with the page. */
const loadActions = () => import('./actions');

/** A query's first page of rows, and when the query started. */
interface FirstPage {
  set: ResultSet;
  first: Annotation[];
  started: number;
}

/** Runs a query and reads its first page of rows; null when `stale()` says a newer query replaced it. */
function firstPageOf(db: QuoteLensDB, filter: LibraryFilter, stale: () => boolean = () => false): Promise<FirstPage | null> {
  const started = performance.now();
  return queryLibrary(db, filter).then(async (set) => (stale() ? null : { set, first: await set.fetch(0, PAGE), started }));
}

/** The first screen's query, started before the page first renders, for the filter it answers. */
export interface FirstScreen {
  filterKey: string;
  page: Promise<FirstPage | null>;
}

/**
 * Starts the first screen's query (everything, newest first) from the page's script, before the first
 * render: as an effect it would wait for the empty page to render and paint first, and only then open
 * IndexedDB; started here, the database opens and reads while the page is laid out.
 */
export function startFirstScreen(db: QuoteLensDB): FirstScreen {
  const page = firstPageOf(db, filterOf(EMPTY_FORM, null));
  page.catch(() => undefined); // handled by the query effect that takes it over
  return { filterKey: JSON.stringify(filterOf(EMPTY_FORM, null)), page };
}

const plural = (n: number, one: string, many = `${one}s`) => `${groupDigits(n)} ${n === 1 ? one : many}`;

let firstRowsMarked = false;
/** "First screen": navigation start to the first rows on screen (a performance mark the bench reads). */
function markFirstRows() {
  if (firstRowsMarked) return;
  firstRowsMarked = true;
  requestAnimationFrame(() => {
    const mark = performance.mark('library-first-rows');
    document.documentElement.dataset.firstRowsMs = mark.startTime.toFixed(1);
  });
}

export function Library({ db, firstScreen }: { db: QuoteLensDB; firstScreen?: FirstScreen }) {
  const [view, setView] = useState<View>('quotes');
  const [scope, setScope] = useState<Scope>(null);
  const [form, setForm] = useState<Form>(EMPTY_FORM);
  const [applied, setApplied] = useState<Form>(EMPTY_FORM);
  const [version, setVersion] = useState(0);
  /** total: null until counted; reach: rows the list offers meanwhile (those read, plus a page if there may be more). */
  const [result, setResult] = useState<{ set: ResultSet; started: number; seq: number; total: number | null; reach: number } | null>(null);
  const [queryMs, setQueryMs] = useState<number | null>(null);
  const [selection, setSelection] = useState<Set<string>>(new Set());
  const [status, setStatus] = useState<Status | null>(null);
  // A blocked upgrade can leave the database waiting with no event: say so after a few seconds.
  const [dbWaiting, setDbWaiting] = useState(false);
  useEffect(() => watchOpening(db, setDbWaiting), [db]);
  const [editing, setEditing] = useState<Annotation | null>(null);
  const [siteList, setSiteList] = useState<string[]>([]);
  const [format, setFormat] = useState<ExportFormat>('jsonld');
  const [busy, setBusy] = useState<string | null>(null);
  const [confirmClear, setConfirmClear] = useState(false);
  const seq = useRef(0);
  const rowsCache = useRef(new Map<number, Annotation[]>());
  const [rowsTick, setRowsTick] = useState(0);
  const statusRef = useRef<HTMLDivElement>(null);

  const filter = useMemo(() => filterOf(applied, scope), [applied, scope]);

  // Text search waits for a pause in typing; the other filters apply at once.
  useEffect(() => {
    const onlyText = form.text !== applied.text && JSON.stringify({ ...form, text: '' }) === JSON.stringify({ ...applied, text: '' });
    if (!onlyText) {
      setApplied(form);
      return;
    }
    const t = setTimeout(() => setApplied(form), 150);
    return () => clearTimeout(t);
  }, [form]);

  const early = useRef(firstScreen);
  useEffect(() => {
    const mine = ++seq.current;
    // The first query of the page may already be running (startFirstScreen); later ones start here.
    const prefetched = early.current?.filterKey === JSON.stringify(filter) ? early.current.page : null;
    early.current = undefined;
    (prefetched ?? firstPageOf(db, filter, () => mine !== seq.current))
      .then((page) => {
        if (!page || mine !== seq.current) return;
        // The newest rows first; a total that needs counting follows when the reader pauses (see below).
        const { set, first, started } = page;
        rowsCache.current = new Map([[0, first]]);
        const total = set.total ?? (first.length < PAGE ? first.length : null);
        setResult({ set, started, seq: mine, total, reach: first.length < PAGE ? first.length : first.length + PAGE });
      })
      .catch((err: unknown) => mine === seq.current && setStatus({ kind: 'error', text: err instanceof Error ? err.message : String(err) }));
  }, [filter, version]);

  // Counting a big result walks an index (hundreds of ms at 100,000): it starts only after COUNT_DELAY_MS
  // without a new query or keystroke, in short steps, so it never holds up for long the rows the reader waits for.
  useEffect(() => {
    if (!result || result.total !== null) return;
    const { set, seq: mine } = result;
    let stale = false;
    const timer = setTimeout(() => {
      set.count(() => stale).then(
        (n) => n !== null && setResult((r) => (r && r.seq === mine ? { ...r, total: n } : r)),
        (err: unknown) => mine === seq.current && fail(err),
      );
    }, COUNT_DELAY_MS);
    // A keystroke or a new query stops the count between two of its steps (it starts again after the next calm).
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [result?.seq, result?.total, form]);

  // The site list (one cursor seek per site) waits until the first rows are on screen.
  const [firstShown, setFirstShown] = useState(false);
  useEffect(() => {
    if (firstShown) sites(db).then(setSiteList, () => undefined);
  }, [version, firstShown]);

  const refresh = () => setVersion((v) => v + 1);
  const say = (text: string, undo?: UndoRecord) => setStatus({ kind: 'info', text, undo });
  const fail = (err: unknown) => {
    const text = err instanceof Error ? err.message : String(err);
    setStatus({ kind: 'error', text });
  };

  const loadRange = (first: number, last: number) => {
    if (!result) return;
    const { set, seq: mine } = result;
    for (let p = Math.floor(first / PAGE); p * PAGE < last; p++) {
      if (rowsCache.current.has(p)) continue;
      rowsCache.current.set(p, []);
      set.fetch(p * PAGE, PAGE).then(
        (rows) => {
          if (mine !== seq.current) return;
          rowsCache.current.set(p, rows);
          // Not counted yet: each full page read offers the next one to the list.
          const seen = p * PAGE + rows.length;
          setResult((r) => (r && r.seq === mine && r.total === null ? { ...r, reach: Math.max(r.reach, rows.length === PAGE ? seen + PAGE : seen) } : r));
          setRowsTick((x) => x + 1);
        },
        (err: unknown) => {
          rowsCache.current.delete(p);
          fail(err);
        },
      );
    }
  };
  const rowAt = (i: number): Annotation | undefined => rowsCache.current.get(Math.floor(i / PAGE))?.[i % PAGE];

  // The query's time: from the filter change to its first rows in the DOM (or to "no match").
  const measured = useRef(-1);
  useEffect(() => {
    if (!result || measured.current === result.seq) return;
    if (result.total === 0 || (rowAt(0) && document.querySelector('[data-testid="row"]'))) {
      measured.current = result.seq;
      setQueryMs(performance.now() - result.started);
      markFirstRows();
      setFirstShown(true);
    }
  });

  const setField = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));
  const toggle = (id: string) =>
    setSelection((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const undo = async (u: UndoRecord) => {
    try {
      await applyUndo(db, u);
      say(`Undone: ${plural(u.restore.length, 'annotation')} restored.`);
      refresh();
    } catch (err) {
      fail(err);
    }
  };

  const remove = async (ids: string[]) => {
    try {
      const u = await deleteMany(db, ids);
      setSelection((s) => new Set([...s].filter((id) => !ids.includes(id))));
      say(`Deleted ${plural(u.restore.length, 'annotation')}.`, u);
      refresh();
    } catch (err) {
      fail(err);
    }
  };

  const saveEdit = async (a: Annotation, v: EditValues) => {
    try {
      const u = await editOne(db, a.id, v);
      setEditing(null);
      say('Saved the annotation.', u);
      refresh();
    } catch (err) {
      fail(err);
    }
  };

  const openScope = (kind: GroupKind, key: string, label: string) => {
    setScope({ kind, key, label });
    setView('quotes');
    setSelection(new Set());
  };

  const doExport = async (what: 'selected' | 'results' | 'all') => {
    setBusy('Exporting…');
    try {
      const t0 = performance.now();
      const { buildExport, exportEverything, saveBlob } = await loadActions();
      const file =
        what === 'all'
          ? await exportEverything(db, format)
          : await buildExport(format, chunksOfIds(db, what === 'selected' ? [...selection] : await result!.set.ids()), what === 'selected' ? 'selection' : scope?.label ?? 'results');
      saveBlob(file);
      say(`Exported ${plural(file.count, 'annotation')} as ${EXPORT_FORMATS[format].label} (${file.filename}) in ${Math.round(performance.now() - t0)} ms.`);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(null);
    }
  };

  const onImport = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    setBusy('Importing…');
    try {
      const { describeImport, importText } = await loadActions();
      const outcome = await importText(db, await file.text());
      say(`${file.name}: ${describeImport(outcome)}`);
      refresh();
    } catch (err) {
      setStatus({ kind: 'error', text: `${file.name}: ${err instanceof Error ? err.message : String(err)}` });
    } finally {
      input.value = '';
      setBusy(null);
    }
  };

  const total = result?.total ?? 0;
  /** Rows in the list: all of them once counted, else those read so far (and a page more). */
  const listed = result ? (result.total ?? result.reach) : 0;
  const filtered = JSON.stringify(applied) !== JSON.stringify(EMPTY_FORM) || scope !== null;

  return (
    // <main>: the whole page is one landmark, so screen-reader users can jump to it (axe: landmark-one-main, region).
    <main class="library">
      <header class="lib-header">
        <h1>QuoteLens library</h1>
        <nav aria-label="Views" class="views">
          {(['quotes', 'speakers', 'articles', 'tags'] as const).map((v) => (
            <button
              type="button"
              aria-current={view === v ? 'page' : undefined}
              data-testid={`view-${v}`}
              onClick={() => {
                setView(v);
                if (v === 'quotes') setScope(null);
              }}
            >
              {v === 'quotes' ? 'All quotes' : v === 'speakers' ? 'By speaker' : v === 'articles' ? 'By article' : 'By tag'}
            </button>
          ))}
        </nav>
      </header>

      <div ref={statusRef} role="status" aria-live="polite" class="lib-status" data-testid="status">
        {busy ?? (status?.kind === 'info' ? status.text : '')}
        {status?.kind === 'info' && status.undo && !busy && (
          <button type="button" class="undo" data-testid="undo" onClick={() => { const u = status.undo!; setStatus(null); void undo(u); }}>
            Undo
          </button>
        )}
      </div>
      <div role="alert" class="lib-status error" data-testid="error">{status?.kind === 'error' ? status.text : dbWaiting ? DB_WAIT_MESSAGE : ''}</div>

      {view === 'quotes' ? (
        <>
          <form role="search" class="filters" aria-label="Search and filter" onSubmit={(e) => { e.preventDefault(); setApplied(form); }}>
            <label class="field grow">
              Search
              <input type="search" value={form.text} onInput={(e) => setField('text', e.currentTarget.value)} placeholder="words in quote, speaker, note, tags" data-testid="search" />
            </label>
            <label class="field">
              Speaker
              <input type="text" value={form.speaker} onInput={(e) => setField('speaker', e.currentTarget.value)} data-testid="filter-speaker" />
            </label>
            <label class="field">
              Sentiment
              <select value={form.sentiment} onChange={(e) => setField('sentiment', e.currentTarget.value as Form['sentiment'])} data-testid="filter-sentiment">
                <option value="">any</option>
                {SENTIMENTS.map((s) => <option value={s}>{s}</option>)}
              </select>
            </label>
            <label class="field">
              Tag
              <input type="text" value={form.tag} onInput={(e) => setField('tag', e.currentTarget.value)} data-testid="filter-tag" />
            </label>
            <label class="field">
              Site
              <select value={form.site} onChange={(e) => setField('site', e.currentTarget.value)} data-testid="filter-site">
                <option value="">any</option>
                {siteList.map((s) => <option value={s}>{s}</option>)}
              </select>
            </label>
            <label class="field">
              From
              <input type="date" value={form.from} onInput={(e) => setField('from', e.currentTarget.value)} data-testid="filter-from" />
            </label>
            <label class="field">
              To
              <input type="date" value={form.to} onInput={(e) => setField('to', e.currentTarget.value)} data-testid="filter-to" />
            </label>
            <button type="button" onClick={() => { setForm(EMPTY_FORM); setApplied(EMPTY_FORM); }} disabled={JSON.stringify(form) === JSON.stringify(EMPTY_FORM)}>
              Clear filters
            </button>
          </form>

          {scope && <ScopeHeader db={db} scope={scope} version={version} onClose={() => setScope(null)} onMerged={(changed, u, toName, toKey) => {
            say(`Merged ${plural(changed, 'quote')} of “${scope.label}” into “${toName}”.`, u);
            setScope({ kind: 'speaker', key: toKey, label: toName });
            refresh();
          }} onError={fail} />}

          <p class="count" data-testid="count" data-query-ms={queryMs === null ? undefined : queryMs.toFixed(1)} data-query-seq={measured.current}>
            {!result ? 'Loading…' : result.total === null ? `Newest first; counting${filtered ? ' the matches' : ''}…` : `${plural(total, 'annotation')}${filtered ? ' match' : ''}`}
          </p>

          <div class="bulk" role="group" aria-label="Selection">
            <span data-testid="selected-count">{plural(selection.size, 'selected', 'selected')}</span>
            <button type="button" disabled={!listed} data-testid="select-all" onClick={async () => { try { setSelection(new Set(await result!.set.ids())); } catch (err) { fail(err); } }}>
              {result?.total === null ? 'Select all' : `Select all ${groupDigits(total)}`}
            </button>
            <button type="button" disabled={!selection.size} onClick={() => setSelection(new Set())}>Clear selection</button>
            <BulkTag disabled={!selection.size} onTag={async (tag) => {
              try {
                const { changed, undo: u } = await tagMany(db, [...selection], tag);
                say(`Tagged ${plural(changed, 'annotation')} “${tag}”.`, u);
                refresh();
              } catch (err) { fail(err); }
            }} />
            <button type="button" class="danger" disabled={!selection.size} data-testid="delete-selected" onClick={() => remove([...selection])}>
              Delete selected
            </button>
          </div>

          {result && result.total === 0 ? (
            <p class="empty" data-testid="empty">{filtered ? 'No annotation matches.' : 'No annotations yet. Tag quotes on a news page with the QuoteLens button, or import a file below.'}</p>
          ) : (
            <VirtualList
              total={listed}
              setSize={result?.total ?? -1}
              rowHeight={ROW}
              label="Annotations, newest first"
              resetKey={JSON.stringify(filter)}
              dataKey={result?.seq}
              testId="results"
              onRange={loadRange}
              onRowKey={(i, e) => {
                const a = rowAt(i);
                if (!a) return;
                if (e.key === ' ') { e.preventDefault(); toggle(a.id); }
                else if (e.key === 'Enter') { e.preventDefault(); setEditing(a); }
                else if (e.key === 'Delete') { e.preventDefault(); void remove([a.id]); }
              }}
              renderRow={(i, active) => {
                const a = rowAt(i);
                return a ? <QuoteRow a={a} active={active} selected={selection.has(a.id)} onToggle={() => toggle(a.id)} onEdit={() => setEditing(a)} onDelete={() => remove([a.id])} onSpeaker={() => openScope('speaker', a.speakerKey, a.speaker ?? '(no speaker)')} /> : <div class="row-loading">Loading…</div>;
              }}
            />
          )}
        </>
      ) : (
        <GroupView db={db} kind={view === 'speakers' ? 'speaker' : view === 'articles' ? 'article' : 'tag'} version={version} onOpen={openScope} onError={fail} />
      )}

      <footer class="lib-footer">
        <div class="export-box" role="group" aria-label="Export">
          <label class="field inline">
            Format
            <select value={format} onChange={(e) => setFormat(e.currentTarget.value as ExportFormat)} data-testid="export-format">
              {(Object.keys(EXPORT_FORMATS) as ExportFormat[]).map((f) => <option value={f}>{EXPORT_FORMATS[f].label}</option>)}
            </select>
          </label>
          <button type="button" disabled={!selection.size || !!busy} data-testid="export-selected" onClick={() => doExport('selected')}>Export selected</button>
          <button type="button" disabled={!listed || !!busy || view !== 'quotes'} data-testid="export-results" onClick={() => doExport('results')}>Export these results</button>
          <button type="button" disabled={!!busy} data-testid="export-all" onClick={() => doExport('all')}>Export everything</button>
        </div>
        <div class="import-box">
          <label class="field inline">
            Import a QuoteLens (JSON-LD) or Hypothesis (JSON) file
            <input type="file" accept=".jsonld,.json,application/json,application/ld+json" disabled={!!busy} data-testid="import-file" onChange={(e) => onImport(e.currentTarget)} />
          </label>
        </div>
        <div class="clear-box">
          {confirmClear ? (
            <>
              <span>Delete every annotation? Export a backup first: this cannot be undone.</span>
              <button type="button" class="danger" data-testid="clear-confirm" onClick={async () => {
                setConfirmClear(false);
                try { await clearLibrary(db); setSelection(new Set()); say('Deleted every annotation.'); refresh(); } catch (err) { fail(err); }
              }}>Yes, delete everything</button>
              <button type="button" onClick={() => setConfirmClear(false)}>Cancel</button>
            </>
          ) : (
            <button type="button" class="danger" data-testid="clear-all" onClick={() => setConfirmClear(true)}>Delete everything…</button>
          )}
        </div>
      </footer>

      {editing && <EditDialog annotation={editing} onSave={(v) => saveEdit(editing, v)} onCancel={() => setEditing(null)} />}
    </main>
  );
}

function QuoteRow({ a, active, selected, onToggle, onEdit, onDelete, onSpeaker }: {
  a: Annotation;
  active: boolean;
  selected: boolean;
  onToggle: () => void;
  onEdit: () => void;
  onDelete: () => void;
  onSpeaker: () => void;
}) {
  const tab = active ? 0 : -1;
  const href = sourceHref(a);
  return (
    <article class={`lib-row${selected ? ' is-selected' : ''}`} data-testid="row" data-id={a.id} aria-label={`${a.speaker ?? 'Unattributed'}: ${a.exact.slice(0, 80)}`}>
      <input type="checkbox" checked={selected} tabIndex={tab} onChange={onToggle} aria-label="Select" data-testid="select" />
      <div class="lib-row-body">
        <p class="lib-quote" data-testid="quote-text">{a.exact}</p>
        <p class="lib-meta">
          <button type="button" class="link speaker" tabIndex={tab} onClick={onSpeaker} data-testid="speaker">{a.speaker ?? 'no speaker'}</button>
          {a.sentiment && <span class={`badge sentiment-${a.sentiment}`} data-testid="sentiment">{a.sentiment}</span>}
          {a.tags.map((t) => <span class="chip" data-testid="tag">{t}</span>)}
          <span class="lib-source" title={a.title}>{a.site}{a.title ? ` · ${a.title}` : ''}</span>
          <span>{isoDay(a.created)}</span>
        </p>
        {a.note && <p class="lib-note" data-testid="note">{a.note}</p>}
      </div>
      <div class="lib-actions">
        {href && <a href={href} target="_blank" rel="noopener noreferrer" tabIndex={tab} data-testid="open">Open</a>}
        <button type="button" tabIndex={tab} onClick={onEdit} data-testid="edit">Edit</button>
        <button type="button" class="danger" tabIndex={tab} onClick={onDelete} data-testid="delete">Delete</button>
      </div>
    </article>
  );
}

function BulkTag({ disabled, onTag }: { disabled: boolean; onTag: (tag: string) => void }) {
  const [tag, setTag] = useState('');
  return (
    <span class="bulk-tag">
      <label class="field inline">
        Tag to add
        <input type="text" value={tag} onInput={(e) => setTag(e.currentTarget.value)} data-testid="bulk-tag-input" />
      </label>
      <button type="button" disabled={disabled || !tag.trim()} data-testid="bulk-tag" onClick={() => { onTag(tag.trim()); setTag(''); }}>
        Tag selected
      </button>
    </span>
  );
}

function ScopeHeader({ db, scope, version, onClose, onMerged, onError }: {
  db: QuoteLensDB;
  scope: NonNullable<Scope>;
  version: number;
  onClose: () => void;
  onMerged: (changed: number, undo: UndoRecord, toName: string, toKey: string) => void;
  onError: (err: unknown) => void;
}) {
  const [tally, setTally] = useState<SentimentTally | null>(null);
  const [into, setInto] = useState('');
  useEffect(() => {
    setTally(null);
    if (scope.kind === 'speaker') speakerTally(db, scope.key).then(setTally, onError);
  }, [scope.key, scope.kind, version]);
  const what = scope.kind === 'speaker' ? 'Speaker' : scope.kind === 'article' ? 'Article' : 'Tag';
  return (
    <section class="scope" aria-labelledby="scope-h" data-testid="scope">
      <h2 id="scope-h">{what}: {scope.label}</h2>
      {scope.kind === 'article' && <p class="lib-source">{scope.key}</p>}
      {tally && (
        <ul class="tally" aria-label="Sentiment tally" data-testid="tally">
          {([...SENTIMENTS, 'none'] as const).map((s) => (
            <li class={s === 'none' ? '' : `sentiment-${s}`} data-sentiment={s}>{s === 'none' ? 'untagged' : s}: {tally[s]}</li>
          ))}
        </ul>
      )}
      {scope.kind === 'speaker' && scope.key !== '' && (
        <form class="merge" onSubmit={async (e) => {
          e.preventDefault();
          const name = into.trim();
          if (!name) return;
          try {
            const { changed, undo } = await mergeSpeakers(db, scope.key, name);
            setInto('');
            onMerged(changed, undo, name, speakerKey(name));
          } catch (err) { onError(err); }
        }}>
          <label class="field inline">
            Merge this speaker into
            <input type="text" value={into} onInput={(e) => setInto(e.currentTarget.value)} placeholder="full name" data-testid="merge-into" />
          </label>
          <button type="submit" disabled={!into.trim()} data-testid="merge">Merge</button>
        </form>
      )}
      <button type="button" onClick={onClose} data-testid="scope-close">Show all quotes</button>
    </section>
  );
}

function GroupView({ db, kind, version, onOpen, onError }: {
  db: QuoteLensDB;
  kind: GroupKind;
  version: number;
  onOpen: (kind: GroupKind, key: string, label: string) => void;
  onError: (err: unknown) => void;
}) {
  const [keys, setKeys] = useState<string[] | null>(null);
  const cache = useRef(new Map<string, GroupSummary | null>());
  const [, setTick] = useState(0);
  useEffect(() => {
    cache.current = new Map();
    setKeys(null);
    groupKeys(db, kind).then(setKeys, onError);
  }, [kind, version]);
  const load = (first: number, last: number) => {
    if (!keys) return;
    for (let i = first; i < last; i++) {
      const key = keys[i];
      if (cache.current.has(key)) continue;
      cache.current.set(key, null);
      groupSummary(db, kind, key).then((g) => { cache.current.set(key, g); setTick((x) => x + 1); }, onError);
    }
  };
  const noun = kind === 'speaker' ? 'speaker' : kind === 'article' ? 'article' : 'tag';
  if (!keys) return <p class="count">Loading…</p>;
  return (
    <>
      <p class="count" data-testid="group-count">{plural(keys.length, noun)}</p>
      {keys.length === 0 ? <p class="empty">Nothing here yet.</p> : (
        <VirtualList
          total={keys.length}
          rowHeight={GROUP_ROW}
          label={`${noun[0].toUpperCase()}${noun.slice(1)}s`}
          resetKey={kind}
          dataKey={`${kind}:${version}:${keys.length}`}
          testId="groups"
          onRange={load}
          onRowKey={(i, e) => {
            if (e.key === 'Enter' || e.key === ' ') {
              e.preventDefault();
              const g = cache.current.get(keys[i]);
              onOpen(kind, keys[i], g?.label ?? keys[i]);
            }
          }}
          renderRow={(i, active) => {
            const key = keys[i];
            const g = cache.current.get(key);
            return (
              <div class="group-row" data-testid="group" data-key={key}>
                <button type="button" class="link group-open" tabIndex={active ? 0 : -1} onClick={() => onOpen(kind, key, g?.label ?? key)}>
                  {g ? g.label : key === '' ? '(no speaker)' : key}
                </button>
                {g?.detail && <span class="lib-source">{g.detail}</span>}
                <span class="group-count" data-testid="group-n">{g ? plural(g.count, 'quote') : '…'}</span>
              </div>
            );
          }}
        />
      )}
    </>
  );
}
