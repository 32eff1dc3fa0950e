// The page layer: DOM text to one string with offsets, and offsets back to DOM ranges (linkedom in Node).
import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { Window } from 'happy-dom';
import fc from 'fast-check';
import { findArticleRoot } from '../../utils/page/article-root';
import { readArticle } from '../../utils/page/read-article';
import { articleTextReader, extractArticleText } from '../../utils/page/text-map';

function doc(html: string): Document {
  return parseHTML(`<!doctype html><html lang="en"><head><title>t</title></head><body>${html}</body></html>`).document as unknown as Document;
}

/** happy-dom, for the tests that need DOM Ranges (linkedom has none). */
function domWithRanges(html: string): Document {
  const win = new Window();
  win.document.body.innerHTML = html;
  return win.document as unknown as Document;
}

const para = (n: number) => `<p>${'The council met on Tuesday to debate the budget for the coming year. '.repeat(n)}</p>`;

describe('extractArticleText', () => {
  it('keeps inline markup inside one string and separates blocks', () => {
    const d = doc('<div id="a"><p>He said <b>“we <a href="#">will</a> <em>win</em>”</b> today.</p><p>Next   para\n  here.</p></div>');
    const t = extractArticleText(d.getElementById('a')!);
    expect(t.text).toBe('He said “we will win” today.\n\nNext para here.');
    expect(t.blocks.map((b) => [t.text.slice(b.start, b.end), b.kind])).toEqual([
      ['He said “we will win” today.', 'paragraph'],
      ['Next para here.', 'paragraph'],
    ]);
  });

  it('maps offsets back to a DOM range over the same words, across inline elements', () => {
    const d = domWithRanges('<div id="a"><p>He said <b>“we <a href="#">will</a> <em>win</em>”</b> today.</p></div>');
    const t = extractArticleText(d.getElementById('a')!);
    const start = t.text.indexOf('we will');
    const end = t.text.indexOf('”');
    const range = t.map.range(d, start, end)!;
    expect(range.toString()).toBe('we will win');
  });

  it('maps ranges correctly where whitespace was folded', () => {
    const d = domWithRanges('<div id="a"><p>One   two\n\t three    four</p></div>');
    const t = extractArticleText(d.getElementById('a')!);
    expect(t.text).toBe('One two three four');
    const s = t.text.indexOf('three');
    expect(t.map.range(d, s, s + 'three four'.length)!.toString()).toBe('three    four');
  });

  it('leaves out scripts, navigation, asides, footers and code blocks, and marks inline code and <q>', () => {
    const d = doc('<div id="a"><nav>Home “Menu”</nav><p>Text with <code>x = "y"</code> and <q>a short quote</q>.</p><script>var s = "no";</script><pre>"code"</pre><aside>“aside”</aside><footer>“foot”</footer></div>');
    const t = extractArticleText(d.getElementById('a')!);
    expect(t.text).toBe('Text with x = "y" and a short quote.');
    const kinds = t.spans!.map((s) => [s.kind, t.text.slice(s.start, s.end)]);
    expect(kinds).toEqual([['code', 'x = "y"'], ['q', 'a short quote']]);
  });

  it('leaves out reference lists and what ARIA roles mark as navigation, the page footer or search', () => {
    const d = doc(`<div id="a"><p>She said “we will win” on Monday.</p>
      <div class="reflist"><ol class="references"><li>Smith, J. (2020). “A title of a work”. The Times.</li></ol></div>
      <ol role="doc-bibliography"><li>“Another title”. 2019.</li></ol><section role="doc-endnotes"><p>“A note”</p></section>
      <div role="navigation"><p>“Menu”</p></div><div role="contentinfo"><p>“Foot”</p></div><form role="search"></form>
      <div class="refbegin"><ul><li>“Further reading”</li></ul></div>
      <p>“Kept” <span role="navigation">“not this”</span>, he said, <span role="note">“and this”</span>.</p></div>`);
    for (const eager of [false, true]) {
      const r = articleTextReader(d.getElementById('a')!, { eager });
      r.step(Infinity);
      expect(r.result().text).toBe('She said “we will win” on Monday.\n\n“Kept” , he said, “and this”.');
    }
    // the article's own element is read whatever its role says, as whatever its class says
    const root = doc('<div id="r" role="contentinfo" class="references"><p>“We will win,” she said.</p></div>');
    expect(extractArticleText(root.getElementById('r')!).text).toBe('“We will win,” she said.');
  });

  it('turns <br> into a line break and blockquotes into blockquote blocks', () => {
    const d = doc('<div id="a"><blockquote><p>Line one<br>line two</p></blockquote><h2>Head</h2></div>');
    const t = extractArticleText(d.getElementById('a')!);
    expect(t.text).toBe('Line one\nline two\n\nHead');
    expect(t.blocks.map((b) => b.kind)).toEqual(['blockquote', 'heading']);
  });

  it('survives markup nested 20,000 deep without overflowing the stack', () => {
    const depth = 20_000;
    const d = doc(`<div id="a">${'<span>'.repeat(depth)}deep “words”${'</span>'.repeat(depth)}</div>`);
    const t = extractArticleText(d.getElementById('a')!);
    expect(t.text).toBe('deep “words”');
  });

  it('reports offsets of DOM points (for selections)', () => {
    const d = doc('<div id="a"><p>Alpha <i>beta</i> gamma</p></div>');
    const t = extractArticleText(d.getElementById('a')!);
    const beta = d.querySelector('i')!.firstChild!;
    expect(t.map.offsetOf(beta, 2)).toBe(t.text.indexOf('beta') + 2);
  });
});

describe('article detection', () => {
  it('treats a page with NewsArticle JSON-LD as an article and picks its richest block', () => {
    const d = doc(`<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle"}</script><header><h1>Budget “talks” stall</h1></header><div class="menu"><p>short</p></div><main><div class="story">${para(4)}${para(5)}</div></main>`);
    const found = findArticleRoot(d);
    expect(found.evidence).toBe('json-ld');
    expect(found.root.className).toBe('story');
    expect(found.headline?.textContent).toBe('Budget “talks” stall');
    const { article } = readArticle(d);
    expect(article.blocks[0].kind).toBe('title');
    expect(article.text.startsWith('Budget “talks” stall\n\n')).toBe(true);
  });

  it('does not treat a short non-article page as an article', () => {
    const d = doc('<nav><a href="/">Home</a></nav><div><p>Welcome to our shop. Browse the catalogue.</p></div>');
    expect(findArticleRoot(d).evidence).toBeNull();
  });

  it('accepts an <article> or plain long paragraphs without metadata', () => {
    expect(findArticleRoot(doc(`<article>${para(4)}${para(4)}</article>`)).evidence).toBe('article-element');
    expect(findArticleRoot(doc(`<div>${para(8)}${para(8)}</div>`)).evidence).toBe('paragraphs');
  });

  it('survives broken JSON-LD', () => {
    const d = doc(`<script type="application/ld+json">{"@type": "NewsArt</script><article>${para(4)}${para(4)}</article>`);
    expect(findArticleRoot(d).evidence).toBe('article-element');
  });
});

describe('articleTextReader (the reading cut into short tasks)', () => {
  const long = () => doc(`<article id="a"><h1>Title</h1>${Array.from({ length: 300 }, (_, i) => `<p>Para ${i} <b>“quoted <q>${i}</q>”</b> <code>x()</code>  and<br>more <span hidden>hidden</span><div class="share">share</div></p>`).join('')}</article>`);

  it('gives exactly what one pass gives when stopped at every deadline check', () => {
    const root = long().getElementById('a')!;
    const whole = extractArticleText(root);
    const reader = articleTextReader(root);
    let stops = 0;
    while (!reader.step(-Infinity)) stops++; // a deadline long past: it stops at every check
    const stepped = reader.result();
    expect(stops).toBeGreaterThan(5);
    expect(stepped.text).toBe(whole.text);
    expect(stepped.blocks).toEqual(whole.blocks);
    expect(stepped.spans).toEqual(whole.spans);
    expect(stepped.text).not.toContain('hidden');
    expect(stepped.text).not.toContain('share');
    for (let o = 0; o < whole.text.length; o += 97) {
      const a = whole.map.position(o, 'start');
      const b = stepped.map.position(o, 'start');
      expect(b?.node).toBe(a?.node);
      expect(b?.offset).toBe(a?.offset);
    }
  });

  it('finishes without error when the page removes nodes between two steps', () => {
    const d = long();
    const root = d.getElementById('a')!;
    const reader = articleTextReader(root);
    let rounds = 0;
    while (!reader.step(-Infinity)) {
      const ps = root.querySelectorAll('p');
      ps[Math.min(ps.length - 1, 20 + rounds * 7)]?.remove();
      if (++rounds > 1000) throw new Error('the reader does not finish');
    }
    expect(reader.result().text.startsWith('Title\n\nPara 0 “quoted 0”')).toBe(true);
  });
});

describe('plain blocks read whole (textContent), mapped to their nodes only when asked', () => {
  // Random article markup: leaf blocks with inline markup, and everything the node-by-node reading treats
  // specially (nested blocks, <br>, <q>, code, skipped tags, hidden, furniture classes), in any mix.
  const TEXTS = ['He said', ' ', '  ', '\n', '\t', '\u00a0', '“we will”', 'win.', ' today ', 'Bakanov', ' \n  ', 'x'];
  const INLINE = ['span', 'b', 'a', 'em', 'sup'];
  const ATTRS = ['', '', '', ' class="mw-ref"', ' id="cite_note-3"', ' class="share-bar"', ' hidden', ' aria-hidden="true"', ' aria-hidden="false"', ' class="x" id="sidebar"',
    ' role="navigation"', ' role="doc-endnotes"', ' role="note"', ' class="references"'];
  const markup = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.constantFrom(...TEXTS), tie('inline'), tie('block'), fc.constantFrom('<br>', '<code>f()</code>', '<q>short</q>', '<script>var s = "no";</script>', '<!-- c -->')),
    inline: fc.tuple(fc.constantFrom(...INLINE), fc.constantFrom(...ATTRS), fc.array(tie('node'), { maxLength: 4 })).map(([t, a, kids]) => `<${t}${a}>${(kids as string[]).join('')}</${t}>`),
    block: fc.tuple(fc.constantFrom('p', 'li', 'h2', 'td', 'figcaption', 'div', 'blockquote', 'dd'), fc.constantFrom(...ATTRS), fc.array(tie('node'), { maxLength: 5 })).map(([t, a, kids]) => `<${t}${a}>${(kids as string[]).join('')}</${t}>`),
  })).node as fc.Arbitrary<string>;
  const article = fc.array(markup, { minLength: 1, maxLength: 8 }).map((parts) => `<article id="a">${parts.join('')}</article>`);

  const readBoth = (root: Element) => {
    const read = (eager: boolean) => { const r = articleTextReader(root, { eager }); r.step(Infinity); return r.result(); };
    return { eager: read(true), lazy: read(false) };
  };
  const textNodes = (root: Node): Text[] => {
    const out: Text[] = [];
    const walk = (n: Node) => { for (let c = n.firstChild; c; c = c.nextSibling) { if (c.nodeType === 3) out.push(c as Text); else walk(c); } };
    walk(root);
    return out;
  };

  for (const [name, parse] of [['happy-dom', domWithRanges], ['linkedom (the command line)', (html: string) => doc(html)]] as const) {
    it(`gives the same text, blocks, spans, points and offsets as reading every node (${name})`, () => {
      fc.assert(fc.property(article, (html) => {
        const root = parse(html).getElementById('a')!;
        const { eager, lazy } = readBoth(root);
        expect(lazy.text).toBe(eager.text);
        expect(lazy.blocks).toEqual(eager.blocks);
        expect(lazy.spans).toEqual(eager.spans);
        // offsets of DOM points first (they expand blocks through their nodes), then points of offsets
        for (const t of textNodes(root)) for (let o = 0; o <= t.length; o++) expect(lazy.map.offsetOf(t, o)).toBe(eager.map.offsetOf(t, o));
        const fresh = readBoth(root).lazy;
        for (let o = 0; o <= eager.text.length; o++) {
          for (const bias of ['start', 'end'] as const) {
            const a = eager.map.position(o, bias);
            const b = fresh.map.position(o, bias);
            expect(b?.node).toBe(a?.node);
            expect(b?.offset).toBe(a?.offset);
          }
        }
        expect(fresh.map.lastNode).toBe(eager.map.lastNode);
        // mapped ahead of time, some blocks, one a call: the same points
        const ahead = readBoth(root).lazy;
        let from = 0;
        for (let calls = 0; from >= 0 && calls < 10_000; calls++) from = ahead.map.mapBlocks((start) => start % 3 !== 1, from, 0);
        expect(from).toBe(-1);
        for (let o = 0; o <= eager.text.length; o++) {
          const a = eager.map.position(o, 'start');
          const b = ahead.map.position(o, 'start');
          expect(b?.node).toBe(a?.node);
          expect(b?.offset).toBe(a?.offset);
        }
      }), { numRuns: 250 });
    }, 60_000);
  }

  it('maps the blocks it is asked for ahead of time, one a call when the deadline is past', () => {
    const d = domWithRanges('<article id="a"><p>First <b>block</b> here.</p><p>He said “we <a href="#">will</a> win” today.</p><p>Last <i>one</i>.</p></article>');
    const root = d.getElementById('a')!;
    const { lazy } = readBoth(root);
    const withMark = (s: number, e: number) => lazy.text.slice(s, e).includes('“');
    const second = lazy.text.indexOf('He said');
    expect(lazy.map.mapBlocks(withMark, 0, 0)).toBe(lazy.text.indexOf(' today.') + ' today.'.length);
    expect(lazy.map.mapBlocks(withMark, second + 1, 0)).toBe(-1);
    // the page changes both paragraphs: the one mapped before still names its points, the other none
    (root.querySelector('b')!.firstChild as Text).data = 'blocks';
    (root.querySelector('a')!.firstChild as Text).data = 'shall';
    expect(lazy.map.range(d, second, second + 'He said'.length)!.toString()).toBe('He said');
    expect(lazy.map.range(d, 0, 'First'.length)).toBeNull();
  });

  it('reads a plain paragraph whole and names no point in it once the page changed its text', () => {
    const d = domWithRanges('<article id="a"><p>First <b>block</b> here.</p><p>He said “we <a href="#">will</a> win” today.</p></article>');
    const root = d.getElementById('a')!;
    const { lazy } = readBoth(root);
    expect(lazy.text).toBe('First block here.\n\nHe said “we will win” today.');
    const at = lazy.text.indexOf('we will');
    // the page rewrites the second paragraph after it was read, before any point in it was asked for
    root.querySelectorAll('p')[1].querySelector('a')!.textContent = 'shall not';
    expect(lazy.map.range(d, at, at + 'we will win'.length)).toBeNull();
    // the untouched first paragraph still maps exactly
    expect(lazy.map.range(d, 6, 11)!.toString()).toBe('block');
  });
});
