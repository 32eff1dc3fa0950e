// What the reader saves about one quotation. This is the record the database stores and every export reads.
import type { QuoteKind } from './engine/types';

export const SENTIMENTS = ['positive', 'negative', 'neutral', 'mixed'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

export interface Annotation {
  /** Random UUID, stable across export and import. */
  id: string;
  /** Canonical URL of the article without tracking parameters (see page-key.ts). */
  pageKey: string;
  /** The address the annotation was made on. */
  url: string;
  title: string;
  /** Host name of pageKey, for filtering by site. */
  site: string;
  /** W3C TextQuoteSelector: the quoted words and at least 32 characters of context on each side. */
  exact: string;
  prefix: string;
  suffix: string;
  /** W3C TextPositionSelector over the article text. */
  start: number;
  end: number;
  /** Hash of the article text the selectors were made on. */
  textHash: string;
  speaker: string | null;
  /** speaker folded for comparison (case, accents, spacing); '' when there is none. */
  speakerKey: string;
  role: string | null;
  sentiment: Sentiment | null;
  tags: string[];
  note: string;
  kind: QuoteKind | 'manual';
  cue: string | null;
  /** Epoch milliseconds. */
  created: number;
  updated: number;
}

/** Folds a name for comparison: case, accents and spacing do not make two speakers. */
export function speakerKey(name: string | null | undefined): string {
  return (name ?? '')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
