// Export as a W3C Web Annotation Data Model collection (https://www.w3.org/TR/annotation-model/, §5):
// an AnnotationCollection whose `first` is an embedded AnnotationPage holding the annotations in `items`.
//
// Mapping of one QuoteLens annotation:
//   id          urn:uuid:<id>
//   created     created (ISO 8601), modified: updated (ISO 8601)
//   motivation  "highlighting" (the reader marked a quotation); each body carries its own purpose:
//   body        sentiment  -> TextualBody purpose "tagging",     value "sentiment:<positive|negative|neutral|mixed>"
//               each tag   -> TextualBody purpose "tagging",     value "<tag>"
//               speaker    -> TextualBody purpose "identifying", value "<speaker>"
//               note       -> TextualBody purpose "commenting",  value "<note>"
//   target      { source: pageKey, selector: [TextQuoteSelector, TextPositionSelector] }
//   QUOTELENS_KEY  the fields the model has no place for (title, url, kind, cue, role, textHash) and the
//               sentiment again, so a tag that happens to read "sentiment:..." is not mistaken for it.
//               The key is an absolute IRI and the value a JSON literal (JSON-LD 1.1 "@json"), so JSON-LD
//               processors keep it intact instead of dropping unknown terms.
import type { Annotation, Sentiment } from '../annotation';

export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
export const QUOTELENS_KEY = 'urn:quotelens:record';
export const SENTIMENT_PREFIX = 'sentiment:';

export interface QuoteLensRecord {
  version: 1;
  title: string;
  url: string;
  kind: Annotation['kind'];
  cue: string | null;
  role: string | null;
  textHash: string;
  sentiment: Sentiment | null;
}

export interface TextualBody {
  type: 'TextualBody';
  purpose: 'tagging' | 'identifying' | 'commenting';
  value: string;
  format: 'text/plain';
}

export interface TextQuoteSelector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix: string;
  suffix: string;
}

export interface TextPositionSelector {
  type: 'TextPositionSelector';
  start: number;
  end: number;
}

export interface WebAnnotation {
  id: string;
  type: 'Annotation';
  created: string;
  modified: string;
  motivation: 'highlighting';
  body: TextualBody[];
  target: { source: string; selector: [TextQuoteSelector, TextPositionSelector] };
  [QUOTELENS_KEY]: { '@type': '@json'; '@value': QuoteLensRecord };
}

export interface WebAnnotationCollection {
  '@context': typeof ANNO_CONTEXT;
  id?: string;
  type: 'AnnotationCollection';
  label?: string;
  total: number;
  generator?: { type: 'Software'; name: string };
  generated?: string;
  first: { type: 'AnnotationPage'; startIndex: 0; items: WebAnnotation[] };
}

export interface WebAnnotationOptions {
  /** Human label of the collection (e.g. "All annotations", "example.com"). */
  label?: string;
  /** IRI of the collection; omitted when not given. */
  id?: string;
  /** When the file was made (defaults to now). */
  generated?: Date;
}

const body = (purpose: TextualBody['purpose'], value: string): TextualBody => ({ type: 'TextualBody', purpose, value, format: 'text/plain' });

export function toWebAnnotation(a: Annotation): WebAnnotation {
  const bodies: TextualBody[] = [];
  // Sentiment first: the importer relies on that order to tell it from a same-looking tag.
  if (a.sentiment) bodies.push(body('tagging', SENTIMENT_PREFIX + a.sentiment));
  for (const tag of a.tags) bodies.push(body('tagging', tag));
  if (a.speaker !== null) bodies.push(body('identifying', a.speaker));
  if (a.note !== '') bodies.push(body('commenting', a.note));
  return {
    id: `urn:uuid:${a.id}`,
    type: 'Annotation',
    created: new Date(a.created).toISOString(),
    modified: new Date(a.updated).toISOString(),
    motivation: 'highlighting',
    body: bodies,
    target: {
      source: a.pageKey,
      selector: [
        { type: 'TextQuoteSelector', exact: a.exact, prefix: a.prefix, suffix: a.suffix },
        { type: 'TextPositionSelector', start: a.start, end: a.end },
      ],
    },
    [QUOTELENS_KEY]: {
      '@type': '@json',
      '@value': { version: 1, title: a.title, url: a.url, kind: a.kind, cue: a.cue, role: a.role, textHash: a.textHash, sentiment: a.sentiment },
    },
  };
}

/** The collection without its items, for the streaming writer. */
export function collectionHeader(opts: WebAnnotationOptions = {}): Omit<WebAnnotationCollection, 'total' | 'first'> {
  return {
    '@context': ANNO_CONTEXT,
    ...(opts.id ? { id: opts.id } : {}),
    type: 'AnnotationCollection',
    ...(opts.label ? { label: opts.label } : {}),
    generator: { type: 'Software', name: 'QuoteLens' },
    generated: (opts.generated ?? new Date()).toISOString(),
  };
}

export function toWebAnnotationCollection(annotations: readonly Annotation[], opts: WebAnnotationOptions = {}): WebAnnotationCollection {
  return {
    ...collectionHeader(opts),
    total: annotations.length,
    first: { type: 'AnnotationPage', startIndex: 0, items: annotations.map(toWebAnnotation) },
  };
}

export function serializeWebAnnotation(annotations: readonly Annotation[], opts: WebAnnotationOptions = {}): string {
  return JSON.stringify(toWebAnnotationCollection(annotations, opts), null, 2);
}
