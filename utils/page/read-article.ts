// The page layer's entry point: a document in, its article text (with the DOM map) out.
import { findArticleRoot, type ArticleRoot } from './article-root';
import { extractArticleText, type MappedArticle } from './text-map';

export interface PageArticle {
  evidence: ArticleRoot['evidence'];
  root: Element;
  article: MappedArticle;
}

export function readArticle(doc: Document, maxChars?: number): PageArticle {
  const { root, headline, evidence } = findArticleRoot(doc);
  const article = extractArticleText(root, { before: headline ? [headline] : [], maxChars });
  return { evidence, root, article };
}
