import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// The manifest asks for the least that does the job; each permission is justified in README.md.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // WXT's auto-import scanner misreads some regex literals; every import is explicit instead.
  imports: false,
  // ASCII output: Chrome refuses to load a content script holding a Unicode noncharacter ("isn't UTF-8
  // encoded"), and minified Dexie holds a literal U+FFFF; escapes keep every bundle loadable.
  vite: () => ({ plugins: [preact()], esbuild: { charset: 'ascii' } }),
  manifest: ({ browser }) => ({
    name: 'QuoteLens',
    description: 'Finds every quotation on a news page, says who said it, and lets you tag it. Your notes never leave your machine.',
    // contextMenus: "Annotate as a quotation" on selected text (a quote the engine missed).
    // scripting: the site-on script registered where the site is always on (utils/site-on-script.ts).
    permissions: ['contextMenus', 'scripting'],
    // A registered script needs host permissions: the content scripts' own sites, no more.
    host_permissions: ['http://*/*', 'https://*/*'],
    action: { default_title: 'QuoteLens' },
    commands: {
      'annotate-selection': {
        suggested_key: { default: 'Alt+Shift+Q' },
        description: 'Annotate the selected text as a quotation',
      },
    },
    // Firefox: a stable add-on id (web-ext lint, storage that survives reinstalls) and the built-in data
    // consent: QuoteLens collects and transmits nothing.
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'quotelens@quotelens.app', data_collection_permissions: { required: ['none'] } } } }
      : {}),
  }),
});
