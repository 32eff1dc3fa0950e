// The one message protocol between QuoteLens's contexts. Types are named by direction:
//   ContentToBackground: the content script (unprivileged: it runs beside hostile pages) asks the background.
//   PopupToContent: an extension page (popup, library) asks the content script of a tab.
// Every receiver validates what it gets against these schemas before acting on it.
import * as z from 'zod/mini';
import type { Annotation } from './annotation';

const MAX_TEXT = 100_000;
const shortText = (max = 2_000) => z.string().check(z.maxLength(max));
const offset = z.number().check(z.int(), z.nonnegative());

const pageKey = z.string().check(z.minLength(1), z.maxLength(4_096));

export const contentToBackground = z.discriminatedUnion('type', [
  /** Sets the toolbar badge of the sender's own tab. */
  z.object({ type: z.literal('content/page-scanned'), pageKey, count: z.number().check(z.int(), z.nonnegative()), capped: z.boolean() }),
  /** Saved annotations of the sender's own page, to highlight them again. */
  z.object({ type: z.literal('content/get-annotations'), pageKey }),
]);
export type ContentToBackground = z.infer<typeof contentToBackground>;

export const popupToContent = z.discriminatedUnion('type', [
  /** The detected quotes and anchored annotations of the page, for the popup's list. */
  z.object({ type: z.literal('popup/get-page') }),
  /** Scroll to a span of article text and flash it. */
  z.object({ type: z.literal('popup/reveal'), start: offset, end: offset }),
  /** Annotations of this page changed in the database: re-read them and restyle. */
  z.object({ type: z.literal('popup/annotations-changed') }),
]);
export type PopupToContent = z.infer<typeof popupToContent>;

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
}

export interface PopupReplies {
  'popup/get-page': PageState;
  'popup/reveal': boolean;
  'popup/annotations-changed': boolean;
}

export interface BackgroundReplies {
  'content/page-scanned': boolean;
  'content/get-annotations': Annotation[];
}

export { MAX_TEXT };
