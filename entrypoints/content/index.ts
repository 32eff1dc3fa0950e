// The content script: runs on every web page, does no work unless the page is an article and the reader
// has not switched QuoteLens off for the site. It is unprivileged: it talks to the background only
// through the typed protocol in utils/messages.ts and never opens the database.
import { loadedCold } from '../../utils/page/script-start'; // first: when the script began to load
import browser from 'webextension-polyfill';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { Annotation } from '../../utils/annotation';
import { backgroundToContent, DEFAULT_SETTINGS, popupToContent, type AnnotationDraft, type BackgroundReplies, type ContentToBackground, type SettingsReply } from '../../utils/messages';
import { takeEarlySettings, takeSiteOn } from '../../utils/early-settings';
import { pageKeyOf, siteOf } from '../../utils/page-key';
import { MARK_TAG } from '../../utils/page/highlighter';
import { keyAfterNavigation, PageSession, type Hit } from '../../utils/page/page-session';
import { mark } from '../../utils/page/schedule';
import { QuoteCard, pageIsDark, type CardEdit } from '../../components/in-page/card';

function ask<T extends ContentToBackground>(message: T): Promise<BackgroundReplies[T['type']]> {
  return browser.runtime.sendMessage(message) as Promise<BackgroundReplies[T['type']]>;
}

/** Mutations are gathered for this long after the last one (and never longer than MAX_WAIT_MS). */
const DEBOUNCE_MS = 250;
const MAX_WAIT_MS = 1_000;
/** Dwell time before a hover opens the card, and grace time before a hover card closes. */
const HOVER_OPEN_MS = 500;
const HOVER_CLOSE_MS = 500;
/** How long a page that is not an article is watched for an article rendered late. */
const LATE_RENDER_MS = 15_000;

type Target = { kind: 'hit'; hit: Hit } | { kind: 'manual'; start: number; end: number };

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  async main(ctx: ContentScriptContext) {
    mark('start');
    const coldPage = loadedCold();
    // The site's settings: the answer to the question entrypoints/early.content.ts asked as the page started
    // loading (in by now, as a rule), else asked now and the page read while it travels. Quotes are looked
    // for, painted and reported only once it says the site is on (PageSession.start's `allowed`).
    const askSettings = () => ask({ type: 'content/get-settings', pageKey: pageKeyOf(document, location.href) });
    const settingsReply: Promise<SettingsReply> = (takeEarlySettings(siteOf(location.href))?.catch(askSettings) ?? askSettings())
      .catch(() => ({ ...DEFAULT_SETTINGS, engineWarm: false })); // the background could not answer: the defaults
    // The site-on script ran: the site is always on and highlights are shown, so the page is searched and
    // painted without waiting for the answer (utils/site-on-script.ts). The answer still counts when it comes.
    const siteOn = takeSiteOn(siteOf(location.href));
    /** Whether the settings' answer is in. */
    let settingsAnswered = false;
    /** Whether the background said its engine is warm (not known yet: taken as not). */
    let backgroundWarm = false;
    let observer: MutationObserver | null = null;
    const session: PageSession = new PageSession(document, {
      loadAnnotations: (pageKey) => ask({ type: 'content/get-annotations', pageKey }) as Promise<Annotation[]>,
      reportCount: (pageKey, count, capped) => ask({ type: 'content/page-scanned', pageKey, count, capped }),
      // Only the engine's input goes: text, blocks, inline spans and language (never the text map).
      // Before the answer, even when the site-on script ran: the background then runs the engine only on a site always on.
      extractRemote: (pageKey, article, maxQuotes, beforeSettings) => ask({ type: 'content/extract-quotes', pageKey, text: article.text, blocks: article.blocks, spans: article.spans, lang: article.lang, maxQuotes, beforeSettings: beforeSettings || !settingsAnswered }),
      coldPage,
      backgroundWarm: () => backgroundWarm,
    }, { onDomChanged: () => { observer?.takeRecords(); } });
    let target: Target | null = null;
    // The card is made when first opened: most pages never open it, and the first paint need not wait for it.
    let madeCard: QuoteCard | null = null;
    const card = () => (madeCard ??= new QuoteCard(document, { save: (edit) => save(edit), closed: () => { target = null; } }));
    const cardContains = (e: Event) => madeCard?.contains(e) ?? false;
    const cardOpen = () => madeCard?.isOpen ?? false;
    const cardPinned = () => madeCard?.pinned ?? false;

    // ---- saving from the page ----------------------------------------------------------------------
    const save = async (edit: CardEdit): Promise<void> => {
      if (!target || !session.isArticle) throw new Error('the page changed; open the card again');
      let draft: AnnotationDraft;
      const common = { title: document.title.slice(0, 2_000), textHash: session.textHash, speaker: edit.speaker, sentiment: edit.sentiment, tags: edit.tags, note: edit.note };
      if (target.kind === 'manual') {
        const sel = session.selector(target.start, target.end);
        draft = { ...common, exact: sel.exact, prefix: sel.prefix, suffix: sel.suffix, start: sel.start, end: sel.end, role: null, kind: 'manual', cue: null };
      } else if (target.hit.kind === 'detected') {
        const q = target.hit.quote;
        draft = { ...common, exact: q.exact, prefix: q.prefix, suffix: q.suffix, start: q.start, end: q.end, role: q.role, kind: q.kind, cue: q.cue };
      } else {
        const a = target.hit.annotation;
        draft = { ...common, id: a.id, exact: a.exact, prefix: a.prefix, suffix: a.suffix, start: a.start, end: a.end, role: a.role, kind: a.kind, cue: a.cue };
      }
      const saved = await ask({ type: 'content/save-annotation', pageKey: session.pageKey, draft });
      session.accept(saved);
    };

    const dark = (node: Node | null) => pageIsDark(document, node instanceof Element ? node : node?.parentElement ?? null);

    const openFor = (hit: Hit, focus: boolean) => {
      target = { kind: 'hit', hit };
      const range = session.rangeOf(hit.start, hit.end);
      const rect = range ? range.getClientRects()[0] ?? range.getBoundingClientRect() : null;
      const data = hit.kind === 'saved'
        ? { exact: hit.annotation.exact, speaker: hit.annotation.speaker, sentiment: hit.annotation.sentiment, tags: hit.annotation.tags, note: hit.annotation.note, kind: hit.annotation.kind, saved: true }
        : { exact: hit.quote.exact, speaker: hit.quote.speaker, sentiment: null, tags: [], note: '', kind: hit.quote.kind, saved: false };
      card().open(data, rect ?? null, { focus, speakers: session.speakers, dark: dark(range?.startContainer ?? null) });
    };

    // ---- hit testing: highlights are not elements ----------------------------------------------------
    const hitAtPoint = (x: number, y: number, eventTarget: EventTarget | null): Hit | null => {
      if (!session.isArticle || session.settings.hidden) return null;
      if (session.highlighter.fallback) {
        const m = eventTarget instanceof Element ? eventTarget.closest(`${MARK_TAG}[data-id]`) : null;
        return m ? session.hitById(m.getAttribute('data-id')!) : null;
      }
      const doc = document as Document & { caretPositionFromPoint?(x: number, y: number): { offsetNode: Node; offset: number } | null };
      let node: Node | null = null;
      let offset = 0;
      if (typeof doc.caretPositionFromPoint === 'function') {
        const p = doc.caretPositionFromPoint(x, y);
        if (p) { node = p.offsetNode; offset = p.offset; }
      } else if (typeof document.caretRangeFromPoint === 'function') {
        const r = document.caretRangeFromPoint(x, y);
        if (r) { node = r.startContainer; offset = r.startOffset; }
      }
      if (!node || node.nodeType !== 3) return null;
      const at = session.article!.map.offsetOf(node, offset);
      if (at === null) return null;
      // The caret lands between characters: try the character after it, then the one before.
      for (const o of [at, at - 1]) {
        const hit = o >= 0 ? session.hitAt(o) : null;
        if (!hit) continue;
        const range = session.rangeOf(hit.start, hit.end);
        // The caret is the nearest one even in a margin: the point must be on the quote's own boxes.
        if (range && Array.from(range.getClientRects()).some((b) => x >= b.left - 1 && x <= b.right + 1 && y >= b.top - 1 && y <= b.bottom + 1)) return hit;
      }
      return null;
    };

    const sameHit = (a: Hit, b: Hit) => a.kind === b.kind && a.start === b.start && a.end === b.end;

    const onClick = (e: MouseEvent) => {
      if (!e.isTrusted || cardContains(e)) return;
      if (cardOpen() && cardPinned()) madeCard?.close();
      if (e.button !== 0 || e.defaultPrevented) return;
      const sel = document.getSelection();
      if (sel && !sel.isCollapsed) return; // the reader is selecting text, not asking for the card
      if (e.target instanceof Element && e.target.closest('a[href], button, input, textarea, select, label, [contenteditable=""], [contenteditable="true"]')) return;
      const hit = hitAtPoint(e.clientX, e.clientY, e.target);
      if (hit) openFor(hit, true);
    };

    let hoverTimer = 0;
    let closeTimer = 0;
    let hoverHit: Hit | null = null;
    let moveQueued = false;
    let lastMove: MouseEvent | null = null;
    let lastMoveOnCard = false;
    const onMove = (e: MouseEvent) => {
      lastMove = e;
      // Asked now: by the next frame the event's composed path is empty and would never contain the card.
      lastMoveOnCard = cardContains(e);
      if (moveQueued) return;
      moveQueued = true;
      ctx.requestAnimationFrame(() => {
        moveQueued = false;
        const ev = lastMove!;
        if (lastMoveOnCard) { clearTimeout(closeTimer); return; }
        const hit = cardPinned() ? null : hitAtPoint(ev.clientX, ev.clientY, ev.target);
        if (hit && hoverHit && sameHit(hit, hoverHit)) return;
        clearTimeout(hoverTimer);
        hoverHit = hit;
        if (hit) {
          clearTimeout(closeTimer);
          hoverTimer = ctx.setTimeout(() => { if (!cardPinned()) openFor(hit, false); }, HOVER_OPEN_MS);
        } else if (cardOpen() && !cardPinned()) {
          closeTimer = ctx.setTimeout(() => { if (!cardPinned()) madeCard?.close(); }, HOVER_CLOSE_MS);
        }
      });
    };

    // ---- the context menu and the keyboard shortcut --------------------------------------------------
    /** The highlighted quote holding a caret (collapsed range) or a whole selection; null otherwise. */
    const hitForRange = (range: Range): Hit | null => {
      if (!session.isArticle || session.settings.hidden) return null;
      if (range.collapsed) {
        const node = range.startContainer;
        if (node.nodeType !== 3) return null;
        const at = session.article!.map.offsetOf(node, range.startOffset);
        if (at === null) return null;
        // Between characters: the character after the caret, then the one before (the caret at a quote's end).
        for (const o of [at, at - 1]) {
          const hit = o >= 0 ? session.hitAt(o) : null;
          if (hit) return hit;
        }
        return null;
      }
      const offsets = session.offsetsOf(range);
      if (!offsets) return null;
      const hit = session.hitAt(offsets.start);
      return hit && offsets.end <= hit.end ? hit : null;
    };

    const annotateSelection = async (): Promise<boolean> => {
      if (session.settings.mode === 'off') return false;
      if (!session.hasScanned) await begin();
      const sel = document.getSelection();
      // The keyboard route to a highlight (highlights are not focusable): a caret, or a selection, inside a
      // detected or saved quote opens that quote's card instead of adding a manual quote.
      const inside = sel && sel.rangeCount ? hitForRange(sel.getRangeAt(0)) : null;
      if (inside) {
        openFor(inside, true);
        return true;
      }
      const range = sel && sel.rangeCount && !sel.isCollapsed ? sel.getRangeAt(0) : null;
      const base = { exact: range ? range.toString().trim() : '', speaker: null, sentiment: null, tags: [], note: '', kind: 'manual', saved: false };
      if (!range || !base.exact) {
        card().open(base, null, { focus: true, speakers: [], message: 'Select the words of the quotation first.' });
        return false;
      }
      const offsets = session.offsetsOf(range);
      if (!offsets) {
        card().open(base, range.getBoundingClientRect(), { focus: true, speakers: [], message: 'QuoteLens can only annotate text inside the article.', dark: dark(range.startContainer) });
        return false;
      }
      target = { kind: 'manual', ...offsets };
      const exact = session.article!.text.slice(offsets.start, offsets.end);
      card().open({ ...base, exact }, range.getBoundingClientRect(), { focus: true, speakers: session.speakers, dark: dark(range.startContainer) });
      return true;
    };

    // ---- living pages ---------------------------------------------------------------------------------
    let pending: MutationRecord[] = [];
    let debounce = 0;
    let firstPending = 0;
    let updating: Promise<unknown> = Promise.resolve();
    const isOurs = (n: Node): boolean => {
      if (n === madeCard?.host) return true;
      const e = n.nodeType === 1 ? (n as Element) : n.parentElement;
      return !!e && (e.nodeName === MARK_TAG.toUpperCase() || e.closest(MARK_TAG) !== null);
    };
    const flush = () => {
      debounce = 0;
      firstPending = 0;
      const records = pending;
      pending = [];
      // After a scan in progress (a change never cancels the first reading), one change at a time.
      updating = updating.then(() => starting).then(() => session.update(records, isOurs)).then(() => { if (session.isArticle) listen(); }).catch((err: unknown) => console.warn('QuoteLens could not follow a page change:', err));
    };
    const watch = () => {
      if (observer) return;
      observer = new MutationObserver((records) => {
        pending.push(...records);
        const now = performance.now();
        if (!firstPending) firstPending = now;
        clearTimeout(debounce);
        debounce = ctx.setTimeout(flush, now - firstPending > MAX_WAIT_MS ? 0 : DEBOUNCE_MS);
      });
      observer.observe(document.body ?? document.documentElement, { childList: true, subtree: true, characterData: true });
    };
    const unwatch = () => {
      observer?.disconnect();
      observer = null;
      pending = [];
      clearTimeout(debounce);
    };

    let listening = false;
    const listen = () => {
      if (listening) return;
      listening = true;
      ctx.addEventListener(document, 'click', onClick, { capture: true, passive: true });
      ctx.addEventListener(document, 'mousemove', onMove, { passive: true });
    };

    session.onArticle = () => listen();
    let starting: Promise<unknown> | null = null;
    const begin = (keyHint?: string, allowed?: Promise<boolean>): Promise<unknown> => {
      // Watching starts before reading: text that arrives while the page is read is not missed (the
      // change is applied after the first reading), and pages that render their article late are seen.
      watch();
      starting ??= session.start(keyHint, allowed).then((article) => {
        if (article) listen();
        // The site is not on after all (the session dropped its work): leave the page alone.
        else if (!session.hasScanned) unwatch();
        // Not an article: watch a little longer for late rendering, then leave the page alone.
        else ctx.setTimeout(() => { if (!session.isArticle) unwatch(); }, LATE_RENDER_MS);
      }).catch((err: unknown) => {
        // A broken page must never break the extension; say what happened for the developer console.
        console.warn('QuoteLens could not read this page:', err);
      }).finally(() => { starting = null; });
      return starting;
    };
    const end = () => {
      unwatch();
      madeCard?.close(false);
      session.stop();
    };

    // WXT's events travel through the page's DOM, where the page can forge them (it learns their names from
    // WXT's start announcement, a window.postMessage). A forged "newer script started" event would make WXT
    // invalidate this script: while our extension context is alive no newer instance of us can exist (one
    // only starts after a reload or update, which orphans this one), so such an event is dropped before WXT
    // sees it. A forged location change carries no URLs of this world: ignored.
    // (The event name is a private static in WXT's typings, public at run time.)
    const startedEvent = (ContentScriptContext as unknown as { SCRIPT_STARTED_MESSAGE_TYPE: string }).SCRIPT_STARTED_MESSAGE_TYPE;
    ctx.addEventListener(window as EventTarget, startedEvent, (event: Event) => {
      if (browser.runtime?.id) event.stopImmediatePropagation();
    }, { capture: true });

    // Single-page sites: a new article without a page load. Forget the old one, read the new one when it is in.
    ctx.addEventListener(window, 'wxt:locationchange', (event) => {
      if (!(event.newUrl instanceof URL) || !(event.oldUrl instanceof URL)) return;
      const previousKey = session.pageKey;
      const wasOn = session.hasScanned;
      end();
      if (!wasOn || session.settings.mode !== 'always') return;
      ctx.setTimeout(() => {
        void begin(keyAfterNavigation(document, previousKey, event.oldUrl.href, event.newUrl.href));
      }, DEBOUNCE_MS);
    });
    ctx.onInvalidated(end);

    browser.runtime.onMessage.addListener((raw: unknown, sender: browser.Runtime.MessageSender) => {
      // Only our own extension's pages and background may ask; anything else is ignored.
      if (ctx.isInvalid || sender.id !== browser.runtime.id || sender.tab) return undefined;
      const fromBackground = backgroundToContent.safeParse(raw);
      if (fromBackground.success) return annotateSelection();
      const parsed = popupToContent.safeParse(raw);
      if (!parsed.success) return undefined;
      const message = parsed.data;
      switch (message.type) {
        case 'popup/get-page':
          // "Only when I click the toolbar button": opening the popup is the click.
          if (!session.hasScanned && session.settings.mode !== 'off') return begin().then(() => session.state());
          return Promise.resolve(session.state());
        case 'popup/reveal':
          return Promise.resolve(session.reveal(message.start, message.end));
        case 'popup/annotations-changed':
          return session.refreshAnnotations().then(() => true);
        case 'popup/settings-changed': {
          const before = session.settings;
          session.settings = { mode: message.mode, hidden: message.hidden };
          if (message.mode === 'off' && session.hasScanned) {
            end();
            session.settings = { mode: message.mode, hidden: message.hidden };
            void ask({ type: 'content/page-scanned', pageKey: session.state().pageKey, count: 0, capped: false }).catch(() => undefined);
          } else if (message.mode === 'always' && !session.hasScanned) void begin();
          if (before.hidden !== message.hidden) session.setHidden(message.hidden);
          return Promise.resolve(true);
        }
      }
    });

    const answered = settingsReply.then(({ engineWarm, ...settings }) => {
      mark('settings', { ...settings, engineWarm, siteOn });
      settingsAnswered = true;
      backgroundWarm = engineWarm === true;
      session.settings = settings;
      if (settings.hidden) session.setHidden(true);
      return settings.mode === 'always';
    });
    const started = begin(undefined, siteOn ? Promise.resolve(true) : answered);
    if (!(await answered)) {
      // Not on for this site: whatever was read meanwhile is dropped, and the page is left alone. (After the
      // site-on script, only when the site was turned off or to "on click" while the page loaded: whatever
      // was painted goes, and the badge with it.)
      const wasOn = session.hasScanned;
      end();
      if (siteOn && wasOn) void ask({ type: 'content/page-scanned', pageKey: session.pageKey, count: 0, capped: false }).catch(() => undefined);
      mark('done', { article: null, mode: session.settings.mode });
    }
    await started;
  },
});
