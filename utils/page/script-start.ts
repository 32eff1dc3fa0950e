// Imported first by the content script, so that it runs before any other module of the bundle is evaluated
// (it imports nothing itself): when the script began to load, and the `quotelens:script` mark for the
// benchmark. How long loading took tells whether the page's JavaScript engine is cold for our code (see
// PageSessionDeps.coldPage).
const SCRIPT_STARTED_AT = performance.now();
performance.mark('quotelens:script');

/**
 * Loading the script (parsing and evaluating its bundle) took longer than this: the renderer process has not
 * run it before and V8 compiles everything afresh, as it would the engine on its first run here. With a site
 * of its own for each corpus page (npm run bench -- page --sites), on the 2-core test machine: 15-25 ms in a
 * fresh process, 2-5 ms in one that had run it.
 */
export const COLD_SCRIPT_LOAD_MS = 10;

/** Whether the script took longer than COLD_SCRIPT_LOAD_MS to load (asked at the start of its main()). */
export function loadedCold(): boolean {
  return performance.now() - SCRIPT_STARTED_AT > COLD_SCRIPT_LOAD_MS;
}
