// The quote engine's interface: plain text in, quotations out. No DOM anywhere under utils/engine/,
// so the same code runs in the content script, the command-line extractor, benchmarks and unit tests.

/** How a block of article text was marked up; block boundaries always separate quotations' context. */
export type BlockKind = 'heading' | 'title' | 'paragraph' | 'blockquote' | 'list' | 'caption' | 'other';

export interface TextBlock {
  /** Offsets into ArticleText.text, end exclusive. Blocks are in order and do not overlap. */
  start: number;
  end: number;
  kind: BlockKind;
}

/** Inline spans the markup tells us about: `<q>` elements (quotations without marks in the text) and code. */
export interface InlineSpan {
  start: number;
  end: number;
  kind: 'q' | 'code';
}

export interface ArticleText {
  /** The article's visible text; blocks are joined by "\n\n", whitespace collapsed to single spaces. */
  text: string;
  blocks: TextBlock[];
  spans?: InlineSpan[];
  /** BCP 47 language of the page (`en`, `fr-FR`, ...); chooses quote marks and speech verbs. */
  lang?: string;
}

export type QuoteKind = 'direct' | 'partial' | 'blockquote' | 'headline' | 'indirect';

export interface Quote {
  /** Offsets of the quoted words (inside the marks) in ArticleText.text, end exclusive. */
  start: number;
  end: number;
  /** text.slice(start, end). For indirect speech: the reported clause. */
  text: string;
  kind: QuoteKind;
  /** The speaker's most complete name (or description) as the article gives it; null when unsure. */
  speaker: string | null;
  /** The speaker's role or title when the article gives one ("executive vice president of ..."). */
  role: string | null;
  /** The speech verb or phrase that attributes the quote ("said", "according to", ":"). */
  cue: string | null;
  /** 0..1: how sure the engine is of the attribution. */
  confidence: number;
}

export interface ExtractOptions {
  /** Stop after this many quotations (hostile pages); the result says it was capped. */
  maxQuotes?: number;
}

export interface ExtractResult {
  quotes: Quote[];
  capped: boolean;
}
