// Sentiment suggestion for a quotation, from VADER (lexicon and rules tuned to short social/news text).
// Not called by the engine (keeps the content script small): the popup and the CLI call it.
// @ts-expect-error vader-sentiment ships no type declarations
import vader from 'vader-sentiment';

export type SentimentLabel = 'positive' | 'negative' | 'neutral' | 'mixed';

interface Polarity { neg: number; neu: number; pos: number; compound: number }

const analyzer = (vader as { SentimentIntensityAnalyzer: { polarity_scores(t: string): Polarity } }).SentimentIntensityAnalyzer;

/** Both sides at least this share of the words' weight: the quotation pulls both ways. */
const MIXED_SHARE = 0.15;
/** VADER's customary thresholds on the compound score. */
const POSITIVE = 0.05;
const NEGATIVE = -0.05;

/**
 * Suggests a sentiment for `text`. `score` is VADER's compound score in [-1, 1].
 * 'mixed' when both positive and negative words carry a substantial share, whatever the balance.
 */
export function suggestSentiment(text: string): { sentiment: SentimentLabel; score: number } {
  const t = text.trim();
  if (!t) return { sentiment: 'neutral', score: 0 };
  const p = analyzer.polarity_scores(t);
  const score = Math.round(p.compound * 1000) / 1000;
  if (p.pos >= MIXED_SHARE && p.neg >= MIXED_SHARE) return { sentiment: 'mixed', score };
  if (p.compound >= POSITIVE) return { sentiment: 'positive', score };
  if (p.compound <= NEGATIVE) return { sentiment: 'negative', score };
  return { sentiment: 'neutral', score };
}
