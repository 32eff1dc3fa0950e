// The export formats' names, types and file names, without the writers: the library page shows the
// format menu at once and loads the writers (utils/export/index.ts) only when the reader exports.
export type ExportFormat = 'jsonld' | 'csv' | 'markdown';

export interface ExportFile {
  filename: string;
  mime: string;
  content: string;
}

export const EXPORT_FORMATS: Record<ExportFormat, { extension: string; mime: string; label: string }> = {
  jsonld: { extension: 'jsonld', mime: 'application/ld+json', label: 'Web Annotation (JSON-LD)' },
  csv: { extension: 'csv', mime: 'text/csv;charset=utf-8', label: 'Spreadsheet (CSV)' },
  markdown: { extension: 'md', mime: 'text/markdown;charset=utf-8', label: 'Markdown' },
};

/** "example.com" -> "example-com", "Müller, Dr." -> "muller-dr"; never empty, at most 40 characters. */
export function scopeSlug(scope: string): string {
  const slug = scope
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 40)
    .replace(/^-+|-+$/g, '');
  return slug || 'all';
}

/** Local calendar date as YYYY-MM-DD: the reader expects today's date in the file name. */
function localDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function exportFilename(format: ExportFormat, scopeLabel: string, now = new Date()): string {
  return `quotelens-${scopeSlug(scopeLabel)}-${localDate(now)}.${EXPORT_FORMATS[format].extension}`;
}
