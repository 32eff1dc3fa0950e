// Numbers and dates as the library shows them, without Intl: the first toLocaleString() of a page loads
// the browser's locale data, 10-25 ms measured in Chromium, on the way to the first screen. The library
// always shows English digit grouping and ISO days, so it writes them itself.

/** An integer with English digit grouping: 100000 -> "100,000" (what toLocaleString('en') gives). */
export function groupDigits(n: number): string {
  if (!Number.isSafeInteger(n)) return String(n);
  const digits = String(Math.abs(n));
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? `-${out}` : out;
}

/** The local calendar day of an epoch time as YYYY-MM-DD (what toLocaleDateString('en-CA') gives); '' for no valid time. */
export function isoDay(ms: number): string {
  const d = new Date(ms);
  if (!Number.isFinite(ms) || Number.isNaN(d.getTime())) return '';
  const y = d.getFullYear();
  const year = y < 0 ? `-${String(-y).padStart(4, '0')}` : String(y).padStart(4, '0');
  return `${year}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
