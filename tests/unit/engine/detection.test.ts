import { describe, expect, it } from 'vitest';
import { quotes, texts, find } from './helpers';

describe('quotation marks', () => {
  it('pairs straight and curly double quotes', () => {
    const qs = quotes([
      '"The harbour will reopen next spring," said Anna Berg, the port director.',
      '“We have ordered two new cranes,” Berg added.',
    ]);
    expect(texts(qs)).toEqual(['The harbour will reopen next spring,', 'We have ordered two new cranes,']);
  });

  it('reads single quotes used as quotation marks, in headlines and British style', () => {
    const qs = quotes([
      ['heading', "Harbour Reopening 'Entirely Realistic' - Port Director"],
      "'We expect the first ships in April,' said Anna Berg, the port director.",
      '‘There is still dredging to do,’ she added.',
    ]);
    expect(texts(qs)).toEqual(['Entirely Realistic', 'We expect the first ships in April,', 'There is still dredging to do,']);
    expect(qs[0].kind).toBe('headline');
  });

  it('reads guillemets with and without no-break spaces', () => {
    const qs = quotes([
      '« Nous allons rouvrir le port au printemps », a déclaré Anne Morel, directrice du port.',
      '«Les grues arrivent en mars», a ajouté Morel.',
    ], { lang: 'fr' });
    expect(texts(qs)).toEqual(['Nous allons rouvrir le port au printemps', 'Les grues arrivent en mars']);
  });

  it('reads German low-high quotes and single ones, and corner brackets', () => {
    const de = quotes(['„Der Hafen öffnet im Frühjahr“, sagte Jonas Weber. Er sprach von ‚großem Fortschritt‘ beim Ausbau.'], { lang: 'de' });
    expect(texts(de)).toContain('Der Hafen öffnet im Frühjahr');
    const ja = quotes(['彼は「港は春に再開する」と述べた。']);
    expect(texts(ja)).toEqual(['港は春に再開する']);
  });

  it('finds quotes in text glued without spaces', () => {
    const qs = quotes(['"The budget is settled," Mayor Ruth Okafor told councillors."We start building in May," she said.']);
    expect(texts(qs)).toEqual(['The budget is settled,', 'We start building in May,']);
    expect(qs.every((q) => q.speaker === 'Ruth Okafor')).toBe(true);
  });

  it('reports a quotation running over paragraphs one paragraph at a time', () => {
    const qs = quotes([
      '“The first winter was the hardest,” said Tomas Lind, a farmer in the valley.',
      '“We lost half the flock to the cold. Nobody in the village had seen snow like it.',
      '“Next year we built new barns.”',
      'The valley has since recovered.',
    ]);
    expect(texts(qs)).toEqual(['The first winter was the hardest,', 'We lost half the flock to the cold. Nobody in the village had seen snow like it.', 'Next year we built new barns.']);
    expect(qs.slice(1).every((q) => q.speaker === 'Tomas Lind')).toBe(true);
  });

  it('splits a quotation interrupted by its attribution into two with the same speaker', () => {
    const qs = quotes(['"The bridge is safe," said engineer Priya Nair, "but the railings need work."']);
    expect(texts(qs)).toEqual(['The bridge is safe,', 'but the railings need work.']);
    expect(qs.map((q) => q.speaker)).toEqual(['Priya Nair', 'Priya Nair']);
  });

  it('marks partial quotes woven into a sentence', () => {
    const qs = quotes(['The coach said the defeat was "a wake-up call for the whole squad" and promised changes.']);
    expect(find(qs, 'a wake-up call')?.kind).toBe('partial');
  });

  it('reports block quotations and <q> elements', () => {
    const qs = quotes([
      'The researcher Lena Vogt described the flaw in a blog post.',
      ['blockquote', 'The parser trusts the length field, so a short packet can claim to be enormous.'],
      'Her colleague put it differently: Vogt said the bug was old.',
    ], { spans: [{ text: 'the bug was old', kind: 'q' }] });
    const bq = find(qs, 'The parser trusts');
    expect(bq?.kind).toBe('blockquote');
    expect(bq?.speaker).toBe('Lena Vogt');
    expect(texts(qs)).toContain('the bug was old');
  });

  it('finds a quotation nested in another', () => {
    const qs = quotes(['“My father would look at the sky and say, ‘Rain by noon,’ and he was always right,” said Maria Costa.']);
    expect(texts(qs)).toContain('Rain by noon,');
    expect(texts(qs)).toContain('My father would look at the sky and say, ‘Rain by noon,’ and he was always right,');
  });
});

describe('not quotations', () => {
  it('drops scare quotes and titles of works', () => {
    const qs = quotes([
      'The so-called "green corridor" opened on Monday.',
      'She reviewed "The Long Winter Road" for the paper last year.',
      'Critics called the plan a "fantasy" without saying why.',
    ]);
    expect(texts(qs)).not.toContain('green corridor');
    expect(texts(qs)).not.toContain('The Long Winter Road');
  });

  it('drops the titles of works cited in a reference list, and keeps the quotations around them', () => {
    const qs = quotes([
      '“We will reopen the harbour by spring,” said Anna Berg, the port director.',
      ['list', 'Berg, Anna (3 May 2019). "Harbour Will Reopen by Spring, Port Director Says". The Coast Herald. Retrieved 4 May 2019.'],
      ['list', '"Port dredging contract signed". Harbour Weekly. 12 June 2019. Archived from the original on 1 July 2019.'],
      ['list', 'Okafor, Kwame (2020). "A History of the Northern Ports". Tidewater Press. ISBN 978-0-00-000000-0.'],
      ['list', 'Lindqvist, Maria (2021). « Le port rouvre ses portes ». Le Courrier. Consulté le 2 mars 2021.'],
      // a quotation in the entry after its retrieval date is the source's own words (a citation's quote=)
      ['list', '"Annual report". Port Authority. Retrieved 5 May 2019. "Dredging is complete and the berths are open to ships."'],
      // in prose, a quotation with its speech verb stays one whatever follows it
      'She said, "the records were retrieved from the archive," and a copy was archived again in 2019.',
    ]);
    expect(texts(qs)).toEqual([
      'We will reopen the harbour by spring,',
      'Dredging is complete and the berths are open to ships.',
      'the records were retrieved from the archive,',
    ]);
  });

  it('keeps a short quote that a speech verb governs', () => {
    const qs = quotes(['Dr. Sam Ortiz said he was "stunned" by the results.']);
    expect(find(qs, 'stunned')?.speaker).toBe('Sam Ortiz');
  });

  it('ignores marks inside inline code', () => {
    const qs = quotes(['Call fetch("/api/items") and log "done" when it resolves.'], { spans: [{ text: 'fetch("/api/items")', kind: 'code' }] });
    expect(texts(qs)).not.toContain('/api/items');
  });

  it('ignores inch and foot marks', () => {
    const qs = quotes(['The player is 6\'2" tall and the screen measures 12" across, the club said.']);
    expect(texts(qs)).toEqual([]);
  });

  it('ignores apostrophes', () => {
    const qs = quotes(["We don't know what the '90s crowd thought of the Joneses' shop, or of rock 'n' roll, he wrote."]);
    expect(texts(qs)).toEqual([]);
  });

  it('never lets an unclosed mark swallow the following paragraphs', () => {
    const qs = quotes([
      'The sign read "Closed for repairs and nobody fixed it.',
      '"We reopen on Friday," the owner, Ben Hale, said.',
      'Customers were relieved.',
    ]);
    expect(texts(qs)).toEqual(['We reopen on Friday,']);
    expect(qs[0].speaker).toBe('Ben Hale');
  });
});
