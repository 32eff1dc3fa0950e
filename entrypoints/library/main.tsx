import { render } from 'preact';
import { Library } from '../../components/library/Library';
import { installLibraryHook } from '../../components/library/hook';
import { QuoteLensDB } from '../../utils/db';

const db = new QuoteLensDB();
installLibraryHook(db);
render(<Library db={db} />, document.getElementById('app')!);
