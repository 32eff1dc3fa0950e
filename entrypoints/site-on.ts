// Runs at document_start only where the background registered it (utils/site-on-script.ts): on a site that is
// always on while highlights are shown. It only notes that it ran, so that the main content script starts
// without waiting for the settings' answer. Not in the manifest: registered at run time, with the sites not
// always on excluded.
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { putSiteOn } from '../utils/early-settings';
import { siteOf } from '../utils/page-key';

export default defineUnlistedScript(() => {
  putSiteOn(siteOf(location.href));
});
