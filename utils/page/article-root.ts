// Decides whether a document is an article and which element holds its text.
// DOM only through standard APIs that linkedom also implements, so the command line uses the same code.

const ARTICLE_TYPES = /^(?:News|Reportage|Analysis|Opinion|Review|Background|Report|Scholarly|Tech|Satirical|Advertiser)?Article$|^(?:BlogPosting|LiveBlogPosting|NewsArticle|Report)$/;

/** Minimum paragraph text for a page without article metadata to count as an article. */
const MIN_ARTICLE_CHARS = 800;
const MIN_PARAGRAPH_CHARS = 25;

export interface ArticleRoot {
  /** The element whose text is the article body. */
  root: Element;
  /** The headline when it stands outside `root` (often an `<h1>` in a header). */
  headline: Element | null;
  /** Why the page counts as an article, or null when it does not. */
  evidence: 'json-ld' | 'og:type' | 'article-element' | 'paragraphs' | null;
}

function jsonLdTypes(doc: Document): string[] {
  const types: string[] = [];
  const scripts = doc.querySelectorAll('script[type="application/ld+json"]');
  for (const script of Array.from(scripts)) {
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? '');
    } catch {
      continue; // broken JSON-LD is common; it is only evidence
    }
    const stack: unknown[] = [data];
    let budget = 2000; // hostile pages may nest deeply
    while (stack.length && budget-- > 0) {
      const item = stack.pop();
      if (Array.isArray(item)) stack.push(...item);
      else if (item && typeof item === 'object') {
        const record = item as Record<string, unknown>;
        const t = record['@type'];
        if (typeof t === 'string') types.push(t);
        else if (Array.isArray(t)) for (const x of t) if (typeof x === 'string') types.push(x);
        if (record['@graph']) stack.push(record['@graph']);
        if (record.mainEntity) stack.push(record.mainEntity);
      }
    }
  }
  return types;
}

function paragraphLength(p: Element): number {
  return (p.textContent ?? '').replace(/\s+/g, ' ').trim().length;
}

/** Picks the element holding the article's paragraphs: articleBody, the richest `<article>`, or a scored ancestor. */
function chooseRoot(doc: Document): { root: Element; paragraphChars: number; fromArticle: boolean } {
  const body = doc.body ?? doc.documentElement;
  const paragraphs = Array.from(doc.querySelectorAll('p')).filter((p) => !p.closest('nav, aside, footer, pre, code'));
  const lengths = new Map<Element, number>();
  for (const p of paragraphs) lengths.set(p, paragraphLength(p));
  const textIn = (el: Element) => {
    let n = 0;
    for (const [p, len] of lengths) if (len >= MIN_PARAGRAPH_CHARS && el.contains(p)) n += len;
    return n;
  };

  const itemBody = doc.querySelector('[itemprop="articleBody"]');
  if (itemBody) {
    const n = textIn(itemBody);
    if (n >= 200) return { root: itemBody, paragraphChars: n, fromArticle: true };
  }

  // Readability's idea, simplified: each paragraph credits its parent fully and its grandparent by half.
  const score = new Map<Element, number>();
  for (const [p, len] of lengths) {
    if (len < MIN_PARAGRAPH_CHARS) continue;
    const parent = p.parentElement;
    if (!parent) continue;
    score.set(parent, (score.get(parent) ?? 0) + len);
    const grand = parent.parentElement;
    if (grand) score.set(grand, (score.get(grand) ?? 0) + len / 2);
  }
  let best: Element = body;
  let bestScore = 0;
  for (const [el, s] of score) if (s > bestScore) { best = el; bestScore = s; }

  // Prefer an enclosing <article> (or the richest one) when it holds most of the best block's text.
  const articles = Array.from(doc.querySelectorAll('article'));
  let richest: Element | null = null;
  let richestText = 0;
  for (const a of articles) {
    const n = textIn(a);
    if (n > richestText) { richest = a; richestText = n; }
  }
  const bestText = textIn(best);
  if (richest && richestText >= bestText * 0.9) return { root: richest, paragraphChars: richestText, fromArticle: true };
  // Widen to the ancestor that holds nearly all paragraph text, so sibling blocks of one article are kept.
  let root = best;
  let rootText = bestText;
  for (let up = root.parentElement; up && up !== doc.documentElement; up = up.parentElement) {
    const n = textIn(up);
    // a wrapper that adds no text: keep climbing (an article split over sibling sections needs the common ancestor)
    if (n > rootText * 1.25 && up.querySelectorAll('p').length < 400) { root = up; rootText = n; } else if (n > rootText) break;
  }
  return { root, paragraphChars: rootText, fromArticle: false };
}

export function findArticleRoot(doc: Document): ArticleRoot {
  const { root, paragraphChars, fromArticle } = chooseRoot(doc);
  let evidence: ArticleRoot['evidence'] = null;
  if (jsonLdTypes(doc).some((t) => ARTICLE_TYPES.test(t))) evidence = 'json-ld';
  else if ((doc.querySelector('meta[property="og:type"]')?.getAttribute('content') ?? '').toLowerCase() === 'article') evidence = 'og:type';
  else if (fromArticle && paragraphChars >= 400) evidence = 'article-element';
  else if (paragraphChars >= MIN_ARTICLE_CHARS) evidence = 'paragraphs';

  let headline: Element | null = null;
  const h1s = Array.from(doc.querySelectorAll('h1'));
  const outside = h1s.find((h) => !root.contains(h) && !h.closest('nav, footer, aside') && (h.textContent ?? '').trim().length > 0);
  if (outside && !h1s.some((h) => root.contains(h))) headline = outside;
  return { root, headline, evidence };
}
