// CSV export (RFC 4180: CRLF line ends, fields with comma, quote or line break quoted, quotes doubled),
// UTF-8 with a byte-order mark so spreadsheet programs pick the right encoding.
//
// Formula injection: a spreadsheet runs a cell that starts with = + - @ (or tab / carriage return, which
// some programs strip before looking). Page text and notes are untrusted, so such cells get a leading
// single quote (OWASP "CSV injection" advice). This makes the CSV a report, not a lossless backup:
// use the JSON-LD export for that.
import type { Annotation } from '../annotation';

export const CSV_COLUMNS = [
  'created', 'updated', 'site', 'title', 'url', 'speaker', 'role', 'sentiment', 'tags', 'note', 'quote', 'kind', 'cue', 'start', 'end', 'id',
] as const;

export const BOM = '\uFEFF';
const CRLF = '\r\n';

/** Prefixes a cell that a spreadsheet would evaluate as a formula. */
export function neutralizeFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** Quotes a field when RFC 4180 requires it. */
export function quoteField(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

const text = (s: string | null) => quoteField(neutralizeFormula(s ?? ''));

function row(a: Annotation): string {
  return [
    new Date(a.created).toISOString(),
    new Date(a.updated).toISOString(),
    text(a.site),
    text(a.title),
    text(a.url),
    text(a.speaker),
    text(a.role),
    a.sentiment ?? '',
    text(a.tags.join('; ')),
    text(a.note),
    text(a.exact),
    a.kind,
    text(a.cue),
    String(a.start),
    String(a.end),
    text(a.id),
  ].join(',');
}

/** The header line, with the byte-order mark, ending in CRLF. */
export function csvHeader(): string {
  return BOM + CSV_COLUMNS.join(',') + CRLF;
}

/** Data rows, each ending in CRLF (no header). */
export function csvRows(annotations: readonly Annotation[]): string {
  let out = '';
  for (const a of annotations) out += row(a) + CRLF;
  return out;
}

export function toCsv(annotations: readonly Annotation[]): string {
  return csvHeader() + csvRows(annotations);
}

/**
 * Parses RFC 4180 text into rows of fields. Accepts CRLF or LF, a leading byte-order mark and a missing
 * final line break; throws on a quote that is never closed or text right after a closing quote.
 */
export function parseCsv(input: string): string[][] {
  const s = input.startsWith(BOM) ? input.slice(1) : input;
  const n = s.length;
  const rows: string[][] = [];
  if (n === 0) return rows;
  const stop = /[,\r\n]/g;
  let i = 0;
  let line = 1;
  for (;;) {
    const fields: string[] = [];
    for (;;) {
      let field = '';
      if (s[i] === '"') {
        const opened = line;
        i++;
        for (;;) {
          const q = s.indexOf('"', i);
          if (q < 0) throw new Error(`CSV: the quoted field opened on line ${opened} is never closed`);
          const chunk = s.slice(i, q);
          for (let k = chunk.indexOf('\n'); k >= 0; k = chunk.indexOf('\n', k + 1)) line++;
          field += chunk;
          if (s[q + 1] === '"') {
            field += '"';
            i = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        if (i < n && s[i] !== ',' && s[i] !== '\r' && s[i] !== '\n') {
          throw new Error(`CSV: unexpected text after a closing quote on line ${line}`);
        }
      } else {
        stop.lastIndex = i;
        const m = stop.exec(s);
        const end = m ? m.index : n;
        field = s.slice(i, end);
        i = end;
      }
      fields.push(field);
      if (i < n && s[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    rows.push(fields);
    if (i >= n) break;
    i += s[i] === '\r' && s[i + 1] === '\n' ? 2 : 1;
    line++;
    if (i >= n) break;
  }
  return rows;
}
