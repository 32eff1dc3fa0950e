import { render } from 'preact';
import { Library, startFirstScreen } from '../../components/library/Library';
import { installLibraryHook } from '../../components/library/hook';
import { QuoteLensDB } from '../../utils/db';

const db = new QuoteLensDB();
// Before the first render: IndexedDB opens and reads the first rows while the page is laid out.
const firstScreen = startFirstScreen(db);
installLibraryHook(db);
render(<Library db={db} firstScreen={firstScreen} />, document.getElementById('app')!);
