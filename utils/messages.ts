// The one message protocol between QuoteLens's contexts. Types are named by direction:
//   ContentToBackground: the content script (unprivileged: it runs beside hostile pages) asks the background.
//   PopupToContent: an extension page (popup, library) asks the content script of a tab.
//   PopupToBackground: the popup asks the background to save what only the background should write.
//   BackgroundToContent: the background tells a tab's content script what the reader asked for through
//     the browser's own UI (context menu, keyboard shortcut).
// Every receiver validates what it gets against these schemas before acting on it.
import * as z from 'zod/mini';
import { SENTIMENTS, type Annotation } from './annotation';

const MAX_TEXT = 100_000;
const shortText = (max = 2_000) => z.string().check(z.maxLength(max));
const offset = z.number().check(z.int(), z.nonnegative());

const pageKey = z.string().check(z.minLength(1), z.maxLength(4_096));
const QUOTE_KINDS = ['direct', 'partial', 'blockquote', 'headline', 'indirect', 'manual'] as const;
export const SITE_MODES = ['always', 'click', 'off'] as const;
/** always: scan every article of the site; click: only when the popup is opened on the tab; off: never. */
export type SiteMode = (typeof SITE_MODES)[number];
/** The reader's per-site choice (stored by utils/settings.ts in the extension's IndexedDB). */
export interface SiteSettings {
  mode: SiteMode;
  /** All highlights hidden (everywhere). */
  hidden: boolean;
}
export const DEFAULT_SETTINGS: SiteSettings = { mode: 'always', hidden: false };
/**
 * The answer to `content/get-settings`: the site's settings, and whether the background's quote engine is
 * warm (its warm-up done: compiled and optimised). A page that is cold for our code sends its short article
 * to the background only when it is: right after the worker started, both engines are cold, and the page's
 * own run costs no round trip.
 */
export interface SettingsReply extends SiteSettings {
  engineWarm: boolean;
}

/** What the in-page card sends to be saved. The background fills url, id (new), times and derived fields. */
export const annotationDraft = z.object({
  /** Set to update an annotation of this same page; absent for a new one. */
  id: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  title: shortText(2_000),
  exact: z.string().check(z.minLength(1), z.maxLength(MAX_TEXT)),
  prefix: shortText(1_000),
  suffix: shortText(1_000),
  start: offset,
  end: offset,
  textHash: shortText(100),
  speaker: z.nullable(shortText(300)),
  role: z.nullable(shortText(500)),
  sentiment: z.nullable(z.enum(SENTIMENTS)),
  tags: z.array(z.string().check(z.minLength(1), z.maxLength(100))).check(z.maxLength(50)),
  note: shortText(20_000),
  kind: z.enum(QUOTE_KINDS),
  cue: z.nullable(shortText(200)),
});
export type AnnotationDraft = z.infer<typeof annotationDraft>;

/**
 * The longest article the background's quote engine takes from a tab (well under the content script's
 * MAX_ARTICLE_CHARS): the background serves every tab, so a hostile or book-length page is read by its own
 * tab, in slices on its own main thread, and cannot hold up the others.
 */
export const MAX_ENGINE_REQUEST_CHARS = 300_000;
/** Most quotations one request may ask for (the content script's MAX_QUOTES). */
export const MAX_ENGINE_QUOTES = 5_000;
/** Blocks are separated by a blank line and inline spans are at least a character: these counts are never reached by real text. */
const MAX_ENGINE_BLOCKS = MAX_ENGINE_REQUEST_CHARS / 2;
const MAX_ENGINE_SPANS = MAX_ENGINE_REQUEST_CHARS / 2;
const BLOCK_KINDS = ['heading', 'title', 'paragraph', 'blockquote', 'list', 'caption', 'other'] as const;
const ENGINE_QUOTE_KINDS = ['direct', 'partial', 'blockquote', 'headline', 'indirect'] as const;
const isOffset = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

/**
 * A list of text spans ({start, end, kind}), checked by one plain loop and copied field by field: an
 * article carries thousands of blocks, and a schema object per element cost the background milliseconds
 * on every long page (tens of them in a freshly started worker).
 */
const textSpans = <K extends string>(kinds: readonly K[], min: number, max: number) => {
  const allowed = new Set<string>(kinds);
  return z.pipe(
    z.custom<{ start: number; end: number; kind: K }[]>((v) => {
      if (!Array.isArray(v) || v.length < min || v.length > max) return false;
      for (const item of v) {
        if (typeof item !== 'object' || item === null) return false;
        const { start, end, kind } = item as unknown as Record<string, unknown>;
        if (!isOffset(start) || !isOffset(end) || typeof kind !== 'string' || !allowed.has(kind)) return false;
      }
      return true;
    }, { message: `expected ${min} to ${max} spans {start, end, kind} with offsets and a kind of ${kinds.join(', ')}` }),
    z.transform((v) => v.map(({ start, end, kind }) => ({ start, end, kind }))),
  );
};

/** The article as the engine reads it (utils/engine/types.ts ArticleText), with every offset checked against its text. */
const engineArticle = z.object({
  text: z.string().check(z.minLength(1), z.maxLength(MAX_ENGINE_REQUEST_CHARS)),
  blocks: textSpans(BLOCK_KINDS, 1, MAX_ENGINE_BLOCKS),
  spans: textSpans(['q', 'code'] as const, 0, MAX_ENGINE_SPANS),
  lang: z.optional(shortText(35)),
});

/** Why an article's blocks and spans do not describe its text (blocks in order, not overlapping; all inside), or null. */
export function articleOffsetsProblem(a: { text: string; blocks: { start: number; end: number }[]; spans: { start: number; end: number }[] }): string | null {
  let previousEnd = 0;
  for (const b of a.blocks) {
    if (b.start < previousEnd || b.end < b.start || b.end > a.text.length) return 'blocks out of order or outside the text';
    previousEnd = b.end;
  }
  let previousStart = 0;
  for (const s of a.spans) {
    if (s.start < previousStart || s.end < s.start || s.end > a.text.length) return 'spans out of order or outside the text';
    previousStart = s.start;
  }
  return null;
}

export const contentToBackground = z.discriminatedUnion('type', [
  /** Sets the toolbar badge of the sender's own tab. */
  z.object({ type: z.literal('content/page-scanned'), pageKey, count: z.number().check(z.int(), z.nonnegative()), capped: z.boolean() }),
  /** Saved annotations of the sender's own page, to highlight them again. */
  z.object({ type: z.literal('content/get-annotations'), pageKey }),
  /** The reader's choice for the sender's site (always / on click / off), whether highlights are hidden, and whether the engine is warm (SettingsReply). */
  z.object({ type: z.literal('content/get-settings'), pageKey }),
  /** Saves an annotation made with the in-page card (or the context menu) on the sender's own page. */
  z.object({ type: z.literal('content/save-annotation'), pageKey, draft: annotationDraft }),
  /**
   * The quote engine over the sender's article (a long one, or any on the first page of a site), run in the
   * background where it stays warm across pages.
   * `beforeSettings`: sent while the tab's settings request was still unanswered, so the background runs
   * it only on a site that is always on (otherwise: on any site not switched off, the reader asked).
   */
  z.object({
    type: z.literal('content/extract-quotes'), pageKey,
    ...engineArticle.shape,
    maxQuotes: z.number().check(z.int(), z.minimum(1), z.maximum(MAX_ENGINE_QUOTES)),
    beforeSettings: z.boolean(),
  }).check(z.refine((m) => articleOffsetsProblem(m) === null, { message: 'offsets outside the text' })),
]);
export type ContentToBackground = z.infer<typeof contentToBackground>;

export const popupToContent = z.discriminatedUnion('type', [
  /** The detected quotes and anchored annotations of the page, for the popup's list (scans first in "click" mode). */
  z.object({ type: z.literal('popup/get-page') }),
  /** Scroll to a span of article text and flash it. */
  z.object({ type: z.literal('popup/reveal'), start: offset, end: offset }),
  /** Annotations of this page changed in the database: re-read them and restyle. */
  z.object({ type: z.literal('popup/annotations-changed') }),
  /** The reader changed this site's mode or the hide-highlights toggle in the popup. */
  z.object({ type: z.literal('popup/settings-changed'), mode: z.enum(SITE_MODES), hidden: z.boolean() }),
]);
export type PopupToContent = z.infer<typeof popupToContent>;

export const popupToBackground = z.discriminatedUnion('type', [
  /**
   * The reader changed a site's mode or the hide-highlights toggle. The background saves it and makes the
   * site-on script's registration follow (utils/site-on-script.ts): it outlives the popup, which the browser
   * closes as soon as it loses focus, so the two are never left half done.
   */
  z.object({ type: z.literal('popup/save-settings'), site: z.string().check(z.minLength(1), z.maxLength(253)), mode: z.enum(SITE_MODES), hidden: z.boolean() }),
]);
export type PopupToBackground = z.infer<typeof popupToBackground>;

export const backgroundToContent = z.discriminatedUnion('type', [
  /** The reader chose "Annotate as a quotation" (context menu) or pressed the shortcut: annotate the selection. */
  z.object({ type: z.literal('background/annotate-selection') }),
]);
export type BackgroundToContent = z.infer<typeof backgroundToContent>;

/** The engine's answer to `content/extract-quotes`: its quotes without their text (the tab has it), and whether it stopped at the cap. */
export interface ExtractedQuote {
  start: number;
  end: number;
  kind: (typeof ENGINE_QUOTE_KINDS)[number];
  speaker: string | null;
  role: string | null;
  cue: string | null;
  confidence: number;
}
const quoteKinds = new Set<string>(ENGINE_QUOTE_KINDS);
const nullableText = (v: unknown, max: number) => v === null || (typeof v === 'string' && v.length <= max);
/** One plain loop over the quotes, copied field by field (a page's content script runs this cold: a schema per quote cost it milliseconds). */
const extractedQuotes = z.pipe(
  z.custom<ExtractedQuote[]>((v) => {
    if (!Array.isArray(v) || v.length > MAX_ENGINE_QUOTES) return false;
    for (const q of v) {
      if (typeof q !== 'object' || q === null) return false;
      const { start, end, kind, speaker, role, cue, confidence } = q as unknown as Record<string, unknown>;
      if (!isOffset(start) || !isOffset(end) || typeof kind !== 'string' || !quoteKinds.has(kind)) return false;
      if (!nullableText(speaker, 300) || !nullableText(role, 500) || !nullableText(cue, 200)) return false;
      if (typeof confidence !== 'number' || !(confidence >= 0 && confidence <= 1)) return false;
    }
    return true;
  }, { message: `expected at most ${MAX_ENGINE_QUOTES} quotes {start, end, kind, speaker, role, cue, confidence}` }),
  z.transform((v) => v.map(({ start, end, kind, speaker, role, cue, confidence }) => ({ start, end, kind, speaker, role, cue, confidence }))),
);
export const extractReply = z.object({ quotes: extractedQuotes, capped: z.boolean() });
export type ExtractReply = z.infer<typeof extractReply>;

/**
 * The background's answer checked as untrusted data (a stale or broken background, another version of the
 * extension): its shape, and every quote a non-empty span inside the text that was sent. Null when unusable.
 */
export function parseExtractReply(raw: unknown, textLength: number, maxQuotes: number): ExtractReply | null {
  const r = extractReply.safeParse(raw);
  if (!r.success || r.data.quotes.length > maxQuotes) return null;
  for (const q of r.data.quotes) if (q.end <= q.start || q.end > textLength) return null;
  return r.data;
}

/** A quotation as the content script reports it: the engine's quote plus the context the anchors need. */
export interface PageQuote {
  start: number;
  end: number;
  exact: string;
  prefix: string;
  suffix: string;
  kind: Annotation['kind'];
  speaker: string | null;
  role: string | null;
  cue: string | null;
  confidence: number;
}

/** Where a saved annotation landed on the current page text. */
export interface AnchorState {
  id: string;
  start: number | null;
  end: number | null;
  /** 'exact': where it was saved; 'moved': found elsewhere; 'fuzzy': text changed a little; 'orphan': not found. */
  status: 'exact' | 'moved' | 'fuzzy' | 'orphan';
}

export interface PageState {
  isArticle: boolean;
  pageKey: string;
  url: string;
  title: string;
  textHash: string;
  capped: boolean;
  quotes: PageQuote[];
  anchors: AnchorState[];
  /** Names the engine found on the page, for the speaker field's suggestions. */
  speakers: string[];
  /** This site's mode; with "off" nothing was read and the lists are empty. */
  mode: SiteMode;
  hidden: boolean;
}

export interface PopupReplies {
  'popup/get-page': PageState;
  'popup/reveal': boolean;
  'popup/annotations-changed': boolean;
  'popup/settings-changed': boolean;
}

export interface BackgroundReplies {
  'content/page-scanned': boolean;
  'content/get-annotations': Annotation[];
  'content/get-settings': SettingsReply;
  'content/save-annotation': Annotation;
  'content/extract-quotes': ExtractReply;
}

export interface BackgroundRepliesToPopup {
  'popup/save-settings': boolean;
}

export interface ContentReplies {
  'background/annotate-selection': boolean;
}

export { MAX_TEXT };
