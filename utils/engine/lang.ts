// The article's language: from <html lang>, else a cheap stop-word vote over the first few thousand characters.
import { isLetter } from './chars';

export type Lang = 'en' | 'fr' | 'es' | 'pt' | 'de' | 'it' | 'ru' | 'cs';
export const LANGS: readonly Lang[] = ['en', 'fr', 'es', 'pt', 'de', 'it', 'ru', 'cs'];

const STOP: Record<Lang, string[]> = {
  en: ['the', 'and', 'of', 'to', 'is', 'that', 'with', 'was', 'for', 'said'],
  fr: ['le', 'les', 'des', 'est', 'et', 'une', 'du', 'dans', 'pour', 'qui', 'pas'],
  es: ['el', 'los', 'las', 'del', 'y', 'una', 'por', 'para', 'con', 'es', 'dijo'],
  pt: ['os', 'da', 'do', 'não', 'uma', 'em', 'com', 'para', 'é', 'das', 'dos'],
  de: ['der', 'die', 'und', 'das', 'nicht', 'ist', 'mit', 'den', 'sich', 'auf', 'ein'],
  it: ['il', 'di', 'che', 'della', 'non', 'per', 'è', 'gli', 'sono', 'nel', 'anche'],
  ru: ['и', 'в', 'не', 'что', 'на', 'он', 'с', 'как', 'по', 'это'],
  cs: ['a', 'je', 'že', 'se', 'na', 'v', 'to', 'podle', 'jsou', 'byl', 'také'],
};
const WORD_LANGS = new Map<string, Lang[]>();
for (const l of LANGS) for (const w of STOP[l]) WORD_LANGS.set(w, [...(WORD_LANGS.get(w) ?? []), l]);

export function detectLang(text: string, limit = 4000): Lang {
  const votes: Record<string, number> = {};
  const end = Math.min(text.length, limit);
  let i = 0;
  while (i < end) {
    while (i < end && !isLetter(text.charCodeAt(i))) i++;
    const s = i;
    while (i < end && isLetter(text.charCodeAt(i))) i++;
    if (i - s > 0 && i - s < 7) {
      const ls = WORD_LANGS.get(text.slice(s, i).toLowerCase());
      if (ls) for (const l of ls) votes[l] = (votes[l] ?? 0) + 1;
    }
  }
  let best: Lang = 'en', n = 0;
  for (const l of LANGS) if ((votes[l] ?? 0) > n) { n = votes[l]; best = l; }
  return best;
}

export function resolveLang(attr: string | undefined, text: string): Lang {
  if (attr) {
    const base = attr.trim().toLowerCase().slice(0, 2) as Lang;
    if (LANGS.includes(base)) return base;
  }
  return detectLang(text);
}
