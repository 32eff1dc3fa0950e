// The text nodes the highlighting fallback split, so that a point of the page's text can be named the same
// way whether or not the page is currently wrapped in <quotelens-mark> elements.
//
// Wrapping text in an element needs the text node split at the quote's ends. The page's own node (the
// "origin") keeps the first piece, as Text.splitText does; every later piece is recorded with the offset it
// starts at in the origin's whole text. The text map keeps naming points as (origin, offset in its whole
// text) and resolves them to the piece that holds them now; unwrapping joins the pieces back into the
// origin, so the page gets its very own node back, whole, and no other text node of the page is touched.

interface Piece {
  origin: Text;
  /** Where this piece starts in the origin's whole text. */
  at: number;
}

const pieceOf = new WeakMap<Text, Piece>();
/** Origin → its pieces after itself, in text order. */
const piecesOf = new WeakMap<Text, Text[]>();

/** The origin node a text node is part of (itself when it was never split). */
export function originOf(node: Text): Text {
  return pieceOf.get(node)?.origin ?? node;
}

/** A point inside any piece, named on the origin's whole text. */
export function toOrigin(node: Text, offset: number): { node: Text; offset: number } {
  const p = pieceOf.get(node);
  return p ? { node: p.origin, offset: p.at + offset } : { node, offset };
}

/**
 * A point named on an origin's whole text, resolved to the piece that holds it now. `bias` picks the side
 * at a boundary between two pieces: a range's start goes to the piece after, its end to the piece before.
 */
export function toPiece(node: Text, offset: number, bias: 'start' | 'end'): { node: Text; offset: number } {
  const origin = originOf(node);
  const whole = origin === node ? offset : toOrigin(node, offset).offset;
  const rest = piecesOf.get(origin);
  if (!rest?.length) return { node: origin, offset: whole };
  let piece = origin;
  let at = 0;
  for (const p of rest) {
    const start = pieceOf.get(p)!.at;
    if (bias === 'start' ? whole < start : whole <= start) break;
    piece = p;
    at = start;
  }
  return { node: piece, offset: Math.min(whole - at, piece.length) };
}

/** Splits a text node at `offset` (of that node) and records the new piece; returns the piece after the split. */
export function splitPiece(node: Text, offset: number): Text {
  const origin = originOf(node);
  const at = pieceOf.get(node)?.at ?? 0;
  const after = node.splitText(offset);
  pieceOf.set(after, { origin, at: at + offset });
  const rest = piecesOf.get(origin) ?? [];
  // Keep text order: the new piece follows `node` (which is the origin or one of its pieces).
  const i = node === origin ? 0 : rest.indexOf(node) + 1;
  rest.splice(i, 0, after);
  piecesOf.set(origin, rest);
  return after;
}

/**
 * Joins the recorded pieces of `origin` back into it, where they still follow it directly in the DOM
 * (after unwrapping, they do). A piece the page moved elsewhere is left where it is, forgotten.
 */
export function joinPieces(origin: Text): void {
  const rest = piecesOf.get(origin);
  if (!rest) return;
  piecesOf.delete(origin);
  let joining = true;
  for (const p of rest) {
    pieceOf.delete(p);
    joining = joining && origin.nextSibling === p;
    if (!joining) continue;
    origin.appendData(p.data);
    p.remove();
  }
}

/** Whether a text node is an origin with pieces split off it. */
export function isSplit(node: Text): boolean {
  return !!piecesOf.get(node)?.length;
}
