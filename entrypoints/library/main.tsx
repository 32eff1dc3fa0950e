// The library page's first script, kept tiny: it starts reading the first screen's rows with IndexedDB's
// own API, then loads the page's code (Dexie, Preact, the library), so the database opens and reads while
// that code is fetched and compiled rather than after it (see components/library/first-rows.ts).
import { PAGE_ROWS, readNewestRows } from '../../components/library/first-rows';

const started = performance.now();
const rows = readNewestRows(PAGE_ROWS);
void import('./app').then(({ startLibrary }) => startLibrary({ rows, started }));
