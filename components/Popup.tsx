// The toolbar popup: the quotes of the current tab in page order, tagging, and export.
import browser from 'webextension-polyfill';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Annotation } from '../utils/annotation';
import { annotationsForPage, deleteAnnotation, newAnnotation, saveAnnotation } from '../utils/annotation-store';
import { DB_WAIT_MESSAGE, QuoteLensDB, watchOpening } from '../utils/db';
import { exportAnnotations, type ExportFormat } from '../utils/export/index';
import type { PageState, PopupToBackground } from '../utils/messages';
import { siteOf } from '../utils/page-key';
import type { SiteMode } from '../utils/settings';
import { askTab, downloadText, targetTabId } from '../utils/tabs';
import { QuoteItem, type QuoteEdit, type QuoteRow } from './QuoteItem';

const db = new QuoteLensDB();

const MODE_LABEL: Record<SiteMode, string> = {
  always: 'Always on',
  click: 'Only when I click the QuoteLens button',
  off: 'Off',
};

/** Per-site mode and the hide-highlights toggle; the tab's content script is told at once. */
function SiteControls({ page, tabId, onChanged }: { page: PageState; tabId: number; onChanged(): Promise<void> }) {
  const site = siteOf(page.url);
  const apply = async (mode: SiteMode, hidden: boolean) => {
    const save: PopupToBackground = { type: 'popup/save-settings', site, mode, hidden };
    await browser.runtime.sendMessage(save);
    await askTab(tabId, { type: 'popup/settings-changed', mode, hidden });
    await onChanged();
  };
  if (!site) return null;
  return (
    <section class="site-controls" aria-label="QuoteLens on this site">
      <label>
        On {site}:{' '}
        <select value={page.mode} data-testid="site-mode" onChange={(e) => void apply(e.currentTarget.value as SiteMode, page.hidden)}>
          {(Object.keys(MODE_LABEL) as SiteMode[]).map((m) => <option key={m} value={m}>{MODE_LABEL[m]}</option>)}
        </select>
      </label>{' '}
      <label>
        <input type="checkbox" checked={page.hidden} data-testid="hide-highlights" onChange={(e) => void apply(page.mode, e.currentTarget.checked)} /> Hide highlights
      </label>
    </section>
  );
}

/** Detected quotes and saved annotations merged into one list in page order; orphans last. */
export function buildRows(page: PageState, saved: Annotation[]): QuoteRow[] {
  const byId = new Map(saved.map((a) => [a.id, a]));
  const rows: QuoteRow[] = page.quotes.map((q) => ({ key: `q${q.start}-${q.end}`, start: q.start, end: q.end, detected: q, saved: null, status: 'detected' }));
  const orphans: QuoteRow[] = [];
  for (const anchor of page.anchors) {
    const a = byId.get(anchor.id);
    if (!a) continue;
    if (anchor.start === null || anchor.end === null) {
      orphans.push({ key: `a${a.id}`, start: null, end: null, detected: null, saved: a, status: 'orphan' });
      continue;
    }
    const match = rows.find((r) => r.detected && !r.saved && r.start! < anchor.end! && anchor.start! < r.end!);
    if (match) {
      match.saved = a;
      match.status = anchor.status;
    } else {
      rows.push({ key: `a${a.id}`, start: anchor.start, end: anchor.end, detected: null, saved: a, status: anchor.status });
    }
  }
  rows.sort((x, y) => x.start! - y.start! || x.end! - y.end!);
  return [...rows, ...orphans];
}

/** The library (all annotations, search, import) in a tab of its own; tabs.create needs no permission. */
function openLibrary(): void {
  void browser.tabs.create({ url: browser.runtime.getURL('/library.html') }).then(() => window.close());
}

type Load = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; tabId: number; page: PageState };

export function Popup() {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [saved, setSaved] = useState<Annotation[]>([]);
  const [status, setStatus] = useState<{ kind: 'info' | 'error'; text: string } | null>(null);
  const [format, setFormat] = useState<ExportFormat>('jsonld');
  // Opening the database can wait for ever behind an old QuoteLens tab: say so, and keep waiting.
  const [dbWaiting, setDbWaiting] = useState(false);
  useEffect(() => watchOpening(db, setDbWaiting), []);

  const refresh = async (tabId: number) => {
    const page = await askTab(tabId, { type: 'popup/get-page' });
    const rows = page.isArticle ? await annotationsForPage(db, page.pageKey) : [];
    setSaved(rows);
    setLoad({ state: 'ready', tabId, page });
  };

  useEffect(() => {
    (async () => {
      const tabId = await targetTabId(location.search);
      if (tabId === null) throw new Error('No tab to read.');
      await refresh(tabId);
    })().catch((err: unknown) => {
      setLoad({ state: 'error', message: `QuoteLens cannot read this tab (${err instanceof Error ? err.message : String(err)}). It works on web pages (http and https); reload the page if it was open before QuoteLens was installed.` });
    });
  }, []);

  const rows = useMemo(() => (load.state === 'ready' ? buildRows(load.page, saved) : []), [load, saved]);
  const dbWait = dbWaiting && <p role="alert" class="error" data-testid="db-wait">{DB_WAIT_MESSAGE}</p>;
  if (load.state === 'loading') return <main class="popup">{dbWait || <p role="status">Reading the page…</p>}</main>;
  if (load.state === 'error') return <main class="popup"><p role="alert" class="error">{load.message}</p></main>;
  const { page, tabId } = load;

  const afterChange = async () => {
    await askTab(tabId, { type: 'popup/annotations-changed' });
    await refresh(tabId);
  };

  const onSave = async (row: QuoteRow, edit: QuoteEdit) => {
    try {
      const base = row.saved ?? newAnnotation({
        pageKey: page.pageKey,
        url: page.url,
        title: page.title,
        exact: row.detected!.exact,
        prefix: row.detected!.prefix,
        suffix: row.detected!.suffix,
        start: row.detected!.start,
        end: row.detected!.end,
        textHash: page.textHash,
        speaker: null,
        role: row.detected!.role,
        sentiment: null,
        tags: [],
        note: '',
        kind: row.detected!.kind,
        cue: row.detected!.cue,
      });
      await saveAnnotation(db, { ...base, sentiment: edit.sentiment, speaker: edit.speaker || null, tags: edit.tags, note: edit.note });
      setStatus({ kind: 'info', text: 'Saved.' });
      await afterChange();
    } catch (err) {
      setStatus({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
      throw err;
    }
  };

  const onDelete = async (row: QuoteRow) => {
    if (!row.saved) return;
    try {
      await deleteAnnotation(db, row.saved.id);
      setStatus({ kind: 'info', text: 'Deleted.' });
      await afterChange();
    } catch (err) {
      setStatus({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    }
  };

  const onExport = async (scope: 'page' | 'all') => {
    const exported = (count: number, filename: string) =>
      setStatus({ kind: 'info', text: `Exported ${count} annotation${count === 1 ? '' : 's'} to ${filename}.` });
    try {
      if (scope === 'all') {
        // Everything is read in pages (a limit, continued by key) and written into the file page by page,
        // as the library does: never the whole library in memory at once.
        const { exportEverything, saveBlob } = await import('./library/actions');
        const file = await exportEverything(db, format);
        if (!file.count) {
          setStatus({ kind: 'info', text: 'Nothing saved yet.' });
          return;
        }
        saveBlob(file);
        exported(file.count, file.filename);
        return;
      }
      const list = await annotationsForPage(db, page.pageKey);
      if (!list.length) {
        setStatus({ kind: 'info', text: 'Nothing saved on this page yet.' });
        return;
      }
      const file = exportAnnotations(format, list, 'page');
      downloadText(file.filename, file.mime, file.content);
      exported(list.length, file.filename);
    } catch (err) {
      setStatus({ kind: 'error', text: `Export failed: ${err instanceof Error ? err.message : String(err)}` });
    }
  };

  const found = rows.filter((r) => r.status !== 'orphan');
  // The badge counts quotations; reported speech (no quotation marks) is listed too, and counted apart.
  const reported = page.quotes.filter((q) => q.kind === 'indirect').length;
  const quoteCount = page.quotes.length - reported;
  const orphans = rows.filter((r) => r.status === 'orphan');
  return (
    <main class="popup">
      <header>
        <div class="title-row">
          <h1>QuoteLens</h1>
          <button type="button" class="link" data-testid="open-library" onClick={openLibrary}>Library</button>
        </div>
        <p class="page-title" title={page.url}>{page.title || page.url}</p>
      </header>
      {dbWait}
      <SiteControls page={page} tabId={tabId} onChanged={() => refresh(tabId)} />
      {page.mode === 'off' ? (
        <p role="status">QuoteLens is off on this site: it does not read its pages.</p>
      ) : !page.isArticle ? (
        <p role="status">This page does not look like an article, so QuoteLens left it alone.</p>
      ) : (
        <>
          <p role="status" data-testid="summary">
            {quoteCount} quotation{quoteCount === 1 ? '' : 's'}{reported ? ` and ${reported} reported statement${reported === 1 ? '' : 's'}` : ''} found, {saved.length} saved
            {page.capped ? ' (the page is very large: stopped at the limit)' : ''}.
          </p>
          <datalist id="speakers">
            {[...new Set([...page.speakers, ...saved.map((a) => a.speaker).filter((s): s is string => !!s)])].map((s) => <option key={s} value={s} />)}
          </datalist>
          <ol class="quotes" aria-label="Quotations on this page">
            {found.map((row) => (
              <QuoteItem key={row.key} row={row} speakersListId="speakers" onSave={onSave} onDelete={onDelete}
                onReveal={(r) => { if (r.start !== null && r.end !== null) void askTab(tabId, { type: 'popup/reveal', start: r.start, end: r.end }); }} />
            ))}
          </ol>
          {orphans.length > 0 && (
            <section aria-labelledby="orphans-h">
              <h2 id="orphans-h">Not found on this page</h2>
              <p class="hint">Saved here before, but the page no longer has these words (or changed them too much to be sure).</p>
              <ol class="quotes" data-testid="orphans">
                {orphans.map((row) => (
                  <QuoteItem key={row.key} row={row} speakersListId="speakers" onSave={onSave} onDelete={onDelete} onReveal={() => undefined} />
                ))}
              </ol>
            </section>
          )}
        </>
      )}
      {status && <p role={status.kind === 'error' ? 'alert' : 'status'} class={status.kind} data-testid="status">{status.text}</p>}
      <footer class="export">
        <label>
          Export as{' '}
          <select value={format} onChange={(e) => setFormat(e.currentTarget.value as ExportFormat)} data-testid="export-format">
            <option value="jsonld">Web Annotation (JSON-LD)</option>
            <option value="csv">CSV (spreadsheet)</option>
            <option value="markdown">Markdown</option>
          </select>
        </label>
        <button type="button" onClick={() => onExport('page')} data-testid="export-page">This page</button>
        <button type="button" onClick={() => onExport('all')} data-testid="export-all">Everything</button>
      </footer>
    </main>
  );
}
