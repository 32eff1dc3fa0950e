// A keyboard-usable virtual list: only the rows in (and near) the viewport exist in the DOM. Rows have a
// fixed height. Focus is roving: the active row is the one tab stop of the list (its inner controls
// follow it in tab order); arrows, Page Up/Down, Home and End move it, and the list scrolls to keep it
// in view. Screen readers get the row's place in the whole list through aria-posinset/aria-setsize.
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

export interface VirtualListProps {
  total: number;
  rowHeight: number;
  label: string;
  /** Renders row `index` (its data may still be loading). `active` says whether it holds the tab stop. */
  renderRow: (index: number, active: boolean) => ComponentChildren;
  /** Called with the index range [first, last) now visible (plus overscan), to load data. */
  onRange: (first: number, last: number) => void;
  /** Keys not handled by the list itself, on the active row. */
  onRowKey?: (index: number, e: KeyboardEvent) => void;
  /** Changes when the list is a different list (resets scroll and active row). */
  resetKey: unknown;
  /** Changes when the list's data is reloaded (asks for the visible range again). */
  dataKey: unknown;
  testId?: string;
  /** The whole list's size for screen readers when \`total\` is only what is loaded so far (-1: not known yet). */
  setSize?: number;
}

const OVERSCAN = 6;

export function VirtualList({ total, rowHeight, label, renderRow, onRange, onRowKey, resetKey, dataKey, testId, setSize = total }: VirtualListProps) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const [active, setActive] = useState(0);
  const focusWanted = useRef(false);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    setHeight(el.clientHeight || 600);
    const ro = new ResizeObserver(() => setHeight(el.clientHeight || 600));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    setActive(0);
    setScrollTop(0);
    if (box.current) box.current.scrollTop = 0;
  }, [resetKey]);

  const activeIndex = Math.min(active, Math.max(0, total - 1));
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(total, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN);

  useEffect(() => {
    if (total > 0) onRange(first, last);
  }, [first, last, total, dataKey]);

  // After a keyboard move to a row that was not rendered yet, focus it once it is.
  useLayoutEffect(() => {
    if (!focusWanted.current) return;
    const el = box.current?.querySelector<HTMLElement>(`[data-index="${activeIndex}"]`);
    if (el) {
      focusWanted.current = false;
      el.focus({ preventScroll: true });
    }
  });

  const moveTo = (index: number) => {
    const i = Math.max(0, Math.min(total - 1, index));
    setActive(i);
    const el = box.current;
    if (el) {
      const top = i * rowHeight;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
      setScrollTop(el.scrollTop);
      // Focus at once when the row exists (keys pressed in quick succession then act on the right row).
      const row = el.querySelector<HTMLElement>(`[data-index="${i}"]`);
      if (row) row.focus({ preventScroll: true });
      else focusWanted.current = true;
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement;
    const row = target.closest<HTMLElement>('[data-index]');
    if (!row) return;
    const index = Number(row.dataset.index);
    const onRow = target === row;
    const page = Math.max(1, Math.floor(height / rowHeight) - 1);
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, PageDown: index + page, PageUp: index - page, Home: 0, End: total - 1 };
    if (e.key in moves && (onRow || e.key === 'ArrowDown' || e.key === 'ArrowUp') && !(target instanceof HTMLInputElement && target.type === 'text')) {
      e.preventDefault();
      moveTo(moves[e.key]);
      return;
    }
    if (onRow) onRowKey?.(index, e);
  };

  const rows = [];
  for (let i = first; i < last; i++) {
    rows.push(
      <li
        key={i}
        data-index={i}
        class="vrow"
        tabIndex={i === activeIndex ? 0 : -1}
        aria-posinset={i + 1}
        aria-setsize={setSize}
        style={{ top: `${i * rowHeight}px`, height: `${rowHeight}px` }}
        onFocus={(e) => {
          if (e.target === e.currentTarget && i !== activeIndex) setActive(i);
        }}
        onFocusCapture={() => {
          if (i !== activeIndex) setActive(i);
        }}
      >
        {renderRow(i, i === activeIndex)}
      </li>,
    );
  }

  return (
    <div class="vlist" ref={box} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} data-testid={testId}>
      <ul role="list" aria-label={label} class="vlist-inner" style={{ height: `${total * rowHeight}px` }} onKeyDown={onKeyDown}>
        {rows}
      </ul>
    </div>
  );
}
