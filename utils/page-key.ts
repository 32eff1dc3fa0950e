// One key for one article, however it was reached: canonical link or og:url, no tracking parameters, no fragment.

const TRACKING = /^(?:utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|yclid|igshid|_ga|_gl|ref_src|ref_url|cmpid|ncid|sr_share|smid|s_cid|ocid|at_medium|at_campaign|at_custom\d*|guccounter|guce_referrer\w*)$/i;

export function cleanUrl(raw: string, base?: string): string | null {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:' && url.protocol !== 'file:') return null;
  url.hash = '';
  // forEach, not keys(): in a Firefox content script the iterator of a URLSearchParams is not iterable.
  const names: string[] = [];
  url.searchParams.forEach((_value, name) => { names.push(name); });
  for (const name of names) if (TRACKING.test(name)) url.searchParams.delete(name);
  url.searchParams.sort();
  url.hostname = url.hostname.toLowerCase();
  return url.toString();
}

/** The page key of a document: `<link rel=canonical>`, then `og:url`, then the location, each cleaned. */
export function pageKeyOf(doc: Document, location: string): string {
  const candidates = [
    doc.querySelector('link[rel="canonical"]')?.getAttribute('href'),
    doc.querySelector('meta[property="og:url"]')?.getAttribute('content'),
  ];
  const here = cleanUrl(location) ?? location;
  for (const c of candidates) {
    if (!c) continue;
    const cleaned = cleanUrl(c, location);
    // A canonical link on another site is a syndication hint, not this page's identity.
    if (cleaned && new URL(cleaned).host === new URL(here).host) return cleaned;
  }
  return here;
}

export function siteOf(pageKey: string): string {
  try {
    return new URL(pageKey).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}
