// Keeps QuoteLens's work on the page's main thread in short tasks, and leaves performance marks the
// benchmark (and anyone in DevTools) can read: `quotelens:script` (the content script's bundle starts to be
// evaluated), `quotelens:start`, `quotelens:painted`, `quotelens:done`, and one `quotelens:task` measure per
// task QuoteLens ran.

/** Work is cut into slices of about this many milliseconds; a task well under 50 ms never feels slow. */
export const SLICE_MS = 12;

type Yielder = () => Promise<void>;

function makeYielder(): Yielder {
  const sched = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (sched && typeof sched.yield === 'function') return () => sched.yield!.call(sched);
  if (typeof MessageChannel === 'function') {
    // A message task runs after pending input and rendering without setTimeout's 4 ms clamp.
    return () => new Promise<void>((resolve) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => { ch.port1.close(); resolve(); };
      ch.port2.postMessage(null);
    });
  }
  return () => new Promise<void>((resolve) => setTimeout(resolve, 0));
}

export const yieldToMain: Yielder = makeYielder();

/**
 * Yields behind the tasks already queued (a message task, without scheduler.yield's priority): a reply
 * QuoteLens waits for is handled as soon as it arrived, not after all of the work.
 */
export const yieldToQueue: Yielder = typeof MessageChannel === 'function'
  ? () => new Promise<void>((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => { ch.port1.close(); resolve(); };
    ch.port2.postMessage(null);
  })
  : () => new Promise<void>((resolve) => setTimeout(resolve, 0));

const perf = (): Performance | null => (typeof performance !== 'undefined' && typeof performance.mark === 'function' ? performance : null);

export function mark(name: string, detail?: unknown): void {
  try { perf()?.mark(`quotelens:${name}`, detail === undefined ? undefined : { detail }); } catch { /* marks are best effort */ }
}

/** Runs `fn` as (part of) a task and records its duration as a `quotelens:task` measure. */
export function timed<T>(label: string, fn: () => T): T {
  const p = perf();
  const t0 = p ? p.now() : 0;
  try {
    return fn();
  } finally {
    if (p) {
      try { p.measure('quotelens:task', { start: t0, end: p.now(), detail: label }); } catch { /* best effort */ }
    }
  }
}

/**
 * Runs `step(i)` for i in [0, n), yielding to the page between slices of SLICE_MS. Each slice is
 * recorded as one task. Returns false when `cancelled()` became true on the way.
 */
export async function sliced(label: string, n: number, step: (i: number) => void, cancelled: () => boolean = () => false): Promise<boolean> {
  let i = 0;
  while (i < n) {
    if (cancelled()) return false;
    timed(label, () => {
      const t0 = performance.now();
      do step(i++); while (i < n && (i & 15 || performance.now() - t0 < SLICE_MS));
    });
    if (i < n) await yieldToMain();
  }
  return !cancelled();
}
