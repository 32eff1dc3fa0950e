import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { cleanUrl, pageKeyOf, siteOf } from '../../utils/page-key';

describe('page key', () => {
  it('drops tracking parameters and the fragment, keeps real ones', () => {
    expect(cleanUrl('https://News.example.com/a?id=3&utm_source=x&fbclid=y&gclid=z#top')).toBe('https://news.example.com/a?id=3');
  });
  it('prefers the canonical link on the same site', () => {
    const { document } = parseHTML('<html><head><link rel="canonical" href="/story/1?utm_medium=mail"></head><body></body></html>');
    expect(pageKeyOf(document as unknown as Document, 'https://example.com/amp/story/1?fbclid=q')).toBe('https://example.com/story/1');
  });
  it('falls back to og:url, then the location', () => {
    const { document } = parseHTML('<html><head><meta property="og:url" content="https://example.com/s/2"></head></html>');
    expect(pageKeyOf(document as unknown as Document, 'https://example.com/s/2?utm_campaign=c')).toBe('https://example.com/s/2');
    const empty = parseHTML('<html><head></head></html>').document as unknown as Document;
    expect(pageKeyOf(empty, 'https://example.com/x?gclid=1')).toBe('https://example.com/x');
  });
  it('names the site without www', () => {
    expect(siteOf('https://www.example.org/a')).toBe('example.org');
  });
});
