// Markdown export: one section per article (title linked to the page), each quotation a blockquote
// followed by speaker, sentiment, tags and note.
//
// Everything that comes from a page or from the reader is untrusted text. It is escaped so it can only
// ever render as that text: HTML special characters become entities (no raw HTML, no autolinks), inline
// Markdown punctuation is backslash-escaped, and anything that would start a block at the beginning of
// a line (heading, list, quote, fence, thematic break, setext underline, indented code) is neutralised.
import type { Annotation } from '../annotation';

/** Escapes inline Markdown and HTML in one line of text. */
function escapeInline(line: string): string {
  return line
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]()#+!|~]/g, (c) => `\\${c}`);
}

/** Escapes one line so that it is plain text also at the start of a line or a blockquote line. */
export function escapeMarkdownLine(raw: string): string {
  // Leading spaces or tabs would make an indented code block; they carry no meaning in a quote.
  let line = escapeInline(raw.replace(/^[ \t]+/, '').replace(/[ \t]+$/, ''));
  // Block starters the inline pass leaves alone: list "-", thematic break / setext "=", "-", ordered "1." "1)".
  line = line.replace(/^([-=])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
  return line;
}

/** Splits text into lines on any line terminator (including the Unicode ones Markdown renderers honour). */
const lines = (text: string) => text.split(/\r\n|[\r\n\u2028\u2029\u0085]/);

/** One-line form for headings and metadata: line breaks become spaces. */
const oneLine = (text: string) => escapeMarkdownLine(lines(text).join(' ').replace(/\s+/g, ' '));

/** A link target safe inside `(...)`: only http(s) and file addresses, with parentheses and spaces encoded. */
function safeHref(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!['http:', 'https:', 'file:'].includes(parsed.protocol)) return null;
  return parsed.href.replace(/[()<> "'`\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function articleHeading(a: Annotation): string {
  const title = oneLine(a.title.trim() || a.pageKey);
  const href = safeHref(a.url || a.pageKey) ?? safeHref(a.pageKey);
  return href ? `## [${title}](${href})\n\n` : `## ${title}\n\n`;
}

function quoteBlock(a: Annotation): string {
  let out = lines(a.exact)
    .map((l) => {
      const e = escapeMarkdownLine(l);
      return e === '' ? '>' : `> ${e}`;
    })
    .join('\n');
  out += '\n\n';
  const meta: string[] = [];
  if (a.speaker) meta.push(`**Speaker:** ${oneLine(a.speaker)}${a.role ? ` (${oneLine(a.role)})` : ''}`);
  if (a.sentiment) meta.push(`**Sentiment:** ${a.sentiment}`);
  if (a.tags.length) meta.push(`**Tags:** ${a.tags.map(oneLine).join(', ')}`);
  if (meta.length) out += meta.map((m) => `- ${m}`).join('\n') + '\n';
  if (a.note.trim()) {
    // The note may have paragraphs; each line is escaped and kept as a line of its own within the item.
    const noteLines = lines(a.note).map(escapeMarkdownLine).filter((l) => l !== '');
    out += `- **Note:** ${noteLines.join('  \n  ')}\n`;
  }
  return out + '\n';
}

/** Title of the document. */
export function markdownHeader(generated = new Date()): string {
  return `# QuoteLens annotations\n\nExported ${generated.toISOString().slice(0, 10)}.\n\n`;
}

/**
 * Renders annotations in the given order, starting a new article section whenever the page changes.
 * `previousPageKey` lets a streaming writer continue across chunks. Returns the text and the last page.
 */
export function markdownBody(annotations: readonly Annotation[], previousPageKey: string | null = null): { text: string; lastPageKey: string | null } {
  let text = '';
  let last = previousPageKey;
  for (const a of annotations) {
    if (a.pageKey !== last) {
      text += articleHeading(a);
      last = a.pageKey;
    }
    text += quoteBlock(a);
  }
  return { text, lastPageKey: last };
}

/** Articles in order of their most recent annotation, quotations in text order within an article. */
export function sortForMarkdown(annotations: readonly Annotation[]): Annotation[] {
  const latest = new Map<string, number>();
  for (const a of annotations) latest.set(a.pageKey, Math.max(latest.get(a.pageKey) ?? -Infinity, a.created));
  return [...annotations].sort(
    (x, y) =>
      latest.get(y.pageKey)! - latest.get(x.pageKey)! ||
      (x.pageKey < y.pageKey ? -1 : x.pageKey > y.pageKey ? 1 : 0) ||
      x.start - y.start ||
      x.end - y.end,
  );
}

export function toMarkdown(annotations: readonly Annotation[], generated = new Date()): string {
  return markdownHeader(generated) + markdownBody(sortForMarkdown(annotations)).text;
}
