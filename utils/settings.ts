// The reader's per-site choices, kept in the extension's own IndexedDB (a database of its own, beside the
// annotations): no "storage" permission. Only the background opens it: content scripts ask it for their
// site's settings, and the popup asks it to save a change (which the site-on script's registration follows).
import Dexie, { type DexieOptions, type EntityTable } from 'dexie';

import { DEFAULT_SETTINGS, type SiteMode, type SiteSettings } from './messages';

export { DEFAULT_SETTINGS, type SiteMode, type SiteSettings };

interface SiteRow { site: string; mode: SiteMode }
interface PrefRow { key: string; value: unknown }

export class SettingsDB extends Dexie {
  sites!: EntityTable<SiteRow, 'site'>;
  prefs!: EntityTable<PrefRow, 'key'>;
  constructor(name = 'quotelens-settings', options?: DexieOptions) {
    super(name, options);
    this.version(1).stores({ sites: 'site', prefs: 'key' });
  }
}

/** The settings that apply to a host name ('' for none: the defaults). */
export async function settingsFor(db: SettingsDB, site: string): Promise<SiteSettings> {
  const [row, hidden] = await Promise.all([site ? db.sites.get(site) : undefined, db.prefs.get('hidden')]);
  return { mode: row?.mode ?? DEFAULT_SETTINGS.mode, hidden: hidden?.value === true };
}

/** The sites whose mode is not the default (always on), and whether highlights are hidden: what the site-on script's registration follows (utils/site-on-script.ts). */
export async function notAlwaysOn(db: SettingsDB): Promise<{ sites: string[]; hidden: boolean }> {
  const [rows, hidden] = await Promise.all([db.sites.toArray(), db.prefs.get('hidden')]);
  return { sites: rows.filter((r) => r.mode !== 'always').map((r) => r.site), hidden: hidden?.value === true };
}

export async function setSiteMode(db: SettingsDB, site: string, mode: SiteMode): Promise<void> {
  if (!site) return;
  if (mode === DEFAULT_SETTINGS.mode) await db.sites.delete(site);
  else await db.sites.put({ site, mode });
}

export async function setHidden(db: SettingsDB, hidden: boolean): Promise<void> {
  await db.prefs.put({ key: 'hidden', value: hidden });
}
