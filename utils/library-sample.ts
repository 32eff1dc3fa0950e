// Deterministic sample libraries for the benchmark and the browser tests: realistic shape (a few
// thousand speakers, many articles, a long tail of tags), reproducible from a seed.
import { SENTIMENTS, speakerKey, type Annotation } from './annotation';
import { siteOf } from './page-key';
import { seededRandom as rng } from './seeded-random';

const FIRST = ['Anna', 'Dmitry', 'José', 'Li', 'Fatima', 'Olaf', 'Zoë', 'Kwame', 'Ingrid', 'Rahul', 'Maria', 'Tomás', 'Yuki', 'Amara', 'Pierre', 'Sofia', 'Chen', 'Ahmed', 'Hannah', 'Ivan'];
const LAST = ['Müller', 'Bakanov', 'García', 'Wei', 'Okafor', 'Nilsson', 'Dubois', 'Rossi', 'Kowalski', 'Tanaka', 'Haddad', 'Smith', 'Núñez', 'Ivanova', 'Mensah', 'Singh', 'Novak', 'Larsen', 'Costa', 'Schmidt'];
const SITES = Array.from({ length: 40 }, (_, i) => `news${i}.example.${['com', 'org', 'net', 'co.uk'][i % 4]}`);
const TAGS = ['budget', 'housing', 'climate', 'energy', 'health', 'defence', 'trade', 'election', 'tax', 'transport', 'education', 'migration', 'space', 'deal', 'court', 'police', 'water', 'farming', 'jobs', 'pensions'];
const WORDS = (
  'the we will not back down this is a budget plan for housing and climate our government must deliver energy ' +
  'prices are too high people deserve better schools hospitals roads safety growth jobs future never again ' +
  'agreement deal talks progress failure crisis reform promise support oppose vote council minister station ' +
  'orbit launch mission rocket cooperation strategic opportunities ambitious record historic unacceptable'
).split(' ');

export function sampleAnnotations(count: number, seed = 7, startMs = Date.UTC(2024, 0, 1)): Annotation[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const out: Annotation[] = [];
  const span = 365 * 24 * 3600 * 1000;
  for (let i = 0; i < count; i++) {
    const person = Math.floor(r() * 2000);
    const speaker = r() < 0.08 ? null : `${FIRST[person % FIRST.length]} ${LAST[Math.floor(person / FIRST.length) % LAST.length]}${person >= 400 ? ` ${person}` : ''}`;
    const site = SITES[i % SITES.length];
    const article = Math.floor(r() * 5000);
    const pageKey = `https://${site}/story/${article}`;
    const exact = Array.from({ length: 6 + Math.floor(r() * 20) }, () => pick(WORDS)).join(' ');
    const created = startMs + Math.floor(r() * span);
    const start = Math.floor(r() * 20000);
    const tags = Array.from({ length: Math.floor(r() * 3) }, () => pick(TAGS));
    out.push({
      id: uuidFrom(r),
      pageKey,
      url: pageKey,
      title: `Story ${article} on ${site}`,
      site: siteOf(pageKey),
      exact,
      prefix: 'the minister told reporters at the press conference: "',
      suffix: '", before leaving the room without further questions.',
      start,
      end: start + exact.length,
      textHash: (article * 7919).toString(16),
      speaker,
      speakerKey: speakerKey(speaker),
      role: speaker && r() < 0.3 ? 'minister' : null,
      sentiment: r() < 0.2 ? null : pick(SENTIMENTS),
      tags: [...new Set(tags)],
      note: r() < 0.3 ? `note ${i}: ${pick(WORDS)} ${pick(WORDS)}` : '',
      kind: pick(['direct', 'partial', 'indirect'] as const),
      cue: 'said',
      created,
      updated: created + Math.floor(r() * 1e6),
    });
  }
  return out;
}

function uuidFrom(r: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(r() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(r() * 4)];
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
