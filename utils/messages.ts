// The one message protocol between QuoteLens's contexts. Types are named by direction:
//   ContentToBackground: the content script (unprivileged: it runs beside hostile pages) asks the background.
//   PopupToContent: an extension page (popup, library) asks the content script of a tab.
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

export const contentToBackground = z.discriminatedUnion('type', [
  /** Sets the toolbar badge of the sender's own tab. */
  z.object({ type: z.literal('content/page-scanned'), pageKey, count: z.number().check(z.int(), z.nonnegative()), capped: z.boolean() }),
  /** Saved annotations of the sender's own page, to highlight them again. */
  z.object({ type: z.literal('content/get-annotations'), pageKey }),
  /** The reader's choice for the sender's site (always / on click / off) and whether highlights are hidden. */
  z.object({ type: z.literal('content/get-settings'), pageKey }),
  /** Saves an annotation made with the in-page card (or the context menu) on the sender's own page. */
  z.object({ type: z.literal('content/save-annotation'), pageKey, draft: annotationDraft }),
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

export const backgroundToContent = z.discriminatedUnion('type', [
  /** The reader chose "Annotate as a quotation" (context menu) or pressed the shortcut: annotate the selection. */
  z.object({ type: z.literal('background/annotate-selection') }),
]);
export type BackgroundToContent = z.infer<typeof backgroundToContent>;

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
  'content/get-settings': SiteSettings;
  'content/save-annotation': Annotation;
}

export interface ContentReplies {
  'background/annotate-selection': boolean;
}

export { MAX_TEXT };
