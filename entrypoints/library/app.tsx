// The library page itself, loaded by main.tsx once the first screen's read has started.
import { render } from 'preact';
import { Library, startFirstScreen } from '../../components/library/Library';
import { installLibraryHook } from '../../components/library/hook';
import type { RawRecord } from '../../components/library/first-rows';
import { QuoteLensDB } from '../../utils/db';

export function startLibrary(early: { rows: Promise<RawRecord[] | null>; started: number }): void {
  const db = new QuoteLensDB();
  const firstScreen = startFirstScreen(db, early);
  installLibraryHook(db);
  render(<Library db={db} firstScreen={firstScreen} />, document.getElementById('app')!);
}
