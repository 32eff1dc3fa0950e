// Living pages: what a batch of DOM mutations means for the article QuoteLens has read.
//   none     nothing inside the article changed (ads, our own UI, attributes)
//   append   whole blocks were added after the article's last text (infinite scroll, "load more"):
//            only those blocks are read and scanned
//   reread   text inside the article changed in place (live blog entries on top, edits): read it again
//   restart  the article element left the document (single-page sites swap it): find the article again
import { isBlockElement, isSkippedElement } from './text-map';

export type ArticleChange =
  | { kind: 'none' }
  | { kind: 'append'; elements: Element[] }
  | { kind: 'reread' }
  | { kind: 'restart' };

const FOLLOWING = 4; // Node.DOCUMENT_POSITION_FOLLOWING
const CONTAINS = 16; // Node.DOCUMENT_POSITION_CONTAINED_BY

function meaningful(node: Node): boolean {
  if (node.nodeType === 3) return /\S/.test((node as Text).data);
  if (node.nodeType !== 1) return false;
  return !isSkippedElement(node as Element) && /\S/.test(node.textContent ?? '');
}

export function classifyMutations(records: MutationRecord[], root: Element, lastNode: Text | null, isOurs: (n: Node) => boolean): ArticleChange {
  if (!root.isConnected) return { kind: 'restart' };
  const added: Element[] = [];
  let reread = false;
  for (const r of records) {
    const target = r.target;
    if (isOurs(target)) continue;
    if (target !== root && !root.contains(target)) continue;
    if (r.type === 'characterData') { reread = true; continue; }
    if (r.type !== 'childList') continue;
    for (const n of Array.from(r.removedNodes)) {
      if (!isOurs(n) && meaningful(n)) reread = true;
    }
    for (const n of Array.from(r.addedNodes)) {
      if (isOurs(n) || !n.isConnected || !meaningful(n)) continue;
      if (n.nodeType !== 1 || !isBlockElement(n as Element)) { reread = true; continue; }
      added.push(n as Element);
    }
  }
  if (reread) return { kind: 'reread' };
  if (!added.length) return { kind: 'none' };
  // Keep the outermost added elements, in document order.
  const outer = added.filter((el, i) => !added.some((o, j) => j !== i && o !== el && o.contains(el)));
  const unique = [...new Set(outer)];
  unique.sort((a, b) => (a.compareDocumentPosition(b) & FOLLOWING ? -1 : 1));
  if (lastNode && lastNode.isConnected) {
    for (const el of unique) {
      const pos = lastNode.compareDocumentPosition(el);
      if (!(pos & FOLLOWING) || pos & CONTAINS || el.contains(lastNode)) return { kind: 'reread' };
    }
  } else if (lastNode) return { kind: 'reread' };
  return { kind: 'append', elements: unique };
}
