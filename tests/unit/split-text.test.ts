// The fallback's record of the text nodes it split: points named on the page's own node resolve to the piece
// that holds them, and joining gives the page its own node back without touching its other text nodes.
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { joinPieces, originOf, splitPiece, toOrigin, toPiece } from '../../utils/page/split-text';

function paragraph(...texts: string[]): { p: HTMLElement; nodes: Text[] } {
  const doc = new Window().document as unknown as Document;
  const p = doc.createElement('p');
  const nodes = texts.map((t) => p.appendChild(doc.createTextNode(t)));
  doc.body.appendChild(p);
  return { p, nodes };
}

describe('split-text', () => {
  it('names points on the origin and resolves them to pieces, with the bias deciding at a boundary', () => {
    const { nodes: [origin] } = paragraph('one two three four');
    const three = splitPiece(origin, 8); // "one two " | "three four"
    const four = splitPiece(three, 6); // "three " | "four"
    expect([origin.data, three.data, four.data]).toEqual(['one two ', 'three ', 'four']);
    expect(originOf(four)).toBe(origin);
    expect(toOrigin(four, 2)).toEqual({ node: origin, offset: 16 });
    expect(toPiece(origin, 16, 'start')).toEqual({ node: four, offset: 2 });
    // offset 14 is the boundary between "three " and "four"
    expect(toPiece(origin, 14, 'start')).toEqual({ node: four, offset: 0 });
    expect(toPiece(origin, 14, 'end')).toEqual({ node: three, offset: 6 });
    // a point given on a piece is resolved the same way
    expect(toPiece(three, 6, 'start')).toEqual({ node: four, offset: 0 });
    expect(toPiece(origin, 3, 'end')).toEqual({ node: origin, offset: 3 });
  });

  it('joins only its own pieces, never two text nodes the page made', () => {
    const { p, nodes: [a, b] } = paragraph('first half, ', 'second half');
    const piece = splitPiece(a, 6);
    expect(p.childNodes.length).toBe(3);
    joinPieces(a);
    expect(p.childNodes.length).toBe(2);
    expect(p.childNodes[0]).toBe(a);
    expect(p.childNodes[1]).toBe(b);
    expect([a.data, b.data]).toEqual(['first half, ', 'second half']);
    expect(piece.isConnected).toBe(false);
    expect(toPiece(a, 8, 'start')).toEqual({ node: a, offset: 8 });
  });

  it('leaves a piece the page moved away where it is', () => {
    const { p, nodes: [a] } = paragraph('keep this, moved away');
    const moved = splitPiece(a, 11);
    const elsewhere = p.ownerDocument.createElement('span');
    p.ownerDocument.body.appendChild(elsewhere).appendChild(moved);
    joinPieces(a);
    expect(a.data).toBe('keep this, ');
    expect(moved.parentNode).toBe(elsewhere);
    expect(originOf(moved)).toBe(moved);
  });
});
