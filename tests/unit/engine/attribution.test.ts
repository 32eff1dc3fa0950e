import { describe, expect, it } from 'vitest';
import { quotes, find, direct } from './helpers';

describe('speech cues', () => {
  it('reads both orders: "X said" and "said X"', () => {
    const qs = quotes([
      '"Prices will fall by summer," Helen Ward said.',
      '"Not before autumn," said Omar Haddad.',
    ]);
    expect(qs.map((q) => q.speaker)).toEqual(['Helen Ward', 'Omar Haddad']);
    expect(qs.map((q) => q.cue)).toEqual(['said', 'said']);
  });

  it('takes the role from an appositive', () => {
    const qs = quotes(['"The reserves are adequate," said Martin Lowe, chief economist at the Northern Savings Bank.']);
    expect(qs[0].speaker).toBe('Martin Lowe');
    expect(qs[0].role).toBe('chief economist at the Northern Savings Bank');
  });

  it('reads the colon form', () => {
    const qs = quotes(['Asked about the delay, Petrov replied: "the parts simply did not arrive."']);
    expect(qs[0].speaker).toBe('Petrov');
    expect(qs[0].cue).toBe('replied');
  });

  it('reads "according to"', () => {
    const qs = quotes(['The rules would allow "access to stored records without a warrant", according to the draft guidance from the regulator.']);
    expect(find(qs, 'access to stored')?.speaker).toBe('the draft guidance from the regulator');
  });

  it('reads headline attributions: "quote - Speaker"', () => {
    const qs = quotes([
      ['heading', "Talks 'Going Nowhere' - Union Leader"],
      'Union leader Carla Mendes said on Tuesday that talks with the rail operator had stalled.',
      '"They are going nowhere," Mendes told reporters.',
    ]);
    expect(find(qs, 'Going Nowhere')?.speaker).toBe('Carla Mendes');
  });

  it('continues the previous speaker in a paragraph with no cue', () => {
    const qs = quotes([
      '"The river rose a metre overnight," said Irene Falk, who runs the ferry.',
      '"We moved the boats before midnight."',
    ]);
    expect(find(qs, 'We moved')?.speaker).toBe('Irene Falk');
  });

  it('sends pronouns to the most recent fitting person', () => {
    const qs = quotes([
      'Alice Moreau chairs the delegation. She flew in from Lyon on Sunday.',
      'Gregor Stein leads the other side. He drove from Basel.',
      '"It was a productive morning," she said.',
      '"We agreed on very little," he said.',
    ]);
    expect(find(qs, 'It was a productive')?.speaker).toBe('Alice Moreau');
    expect(find(qs, 'We agreed')?.speaker).toBe('Gregor Stein');
  });

  it('resolves roles, surnames and first names to the full name introduced', () => {
    const qs = quotes([
      'Energy minister Olga Petrova said on Monday that the grid would be upgraded.',
      '"We will not allow another blackout," the energy minister added.',
      '"The money is there," Petrova said.',
      '"Trust us," Olga said.',
    ]);
    expect(direct(qs).map((q) => q.speaker)).toEqual(['Olga Petrova', 'Olga Petrova', 'Olga Petrova']);
  });

  it('expands "Mr. Surname" to the full name', () => {
    const qs = quotes([
      'Daniel Kerr, a historian, has studied the archive for years.',
      '"Nobody read these letters," said Mr. Kerr.',
    ]);
    expect(qs[0].speaker).toBe('Daniel Kerr');
  });

  it('names organisations and unnamed sources', () => {
    const qs = quotes([
      'The Coastal Safety Agency warned swimmers to stay out of the water.',
      '"The currents are unpredictable this week," it said in a statement.',
      '"Nobody expected the vote to pass," a senior official said.',
    ]);
    expect(find(qs, 'The currents')?.speaker).toBe('The Coastal Safety Agency');
    expect(find(qs, 'Nobody expected')?.speaker).toBe('a senior official');
  });

  it('leaves the speaker null when the evidence is weak', () => {
    const qs = quotes(['The mural bears the words "keep the lights on for the sailors" in blue paint across the harbour wall.']);
    expect(direct(qs).every((q) => q.speaker === null)).toBe(true);
  });
});

describe('indirect speech', () => {
  it('finds "X said that …", "X told reporters …" and "according to X, …"', () => {
    const qs = quotes([
      'Mayor Ruth Okafor said that the new library would open in the spring.',
      'Police Chief Dan Moss told reporters the suspect had been released on bail.',
      'According to the weather service, the storm will reach the coast by Friday evening.',
    ]);
    const ind = qs.filter((q) => q.kind === 'indirect');
    expect(ind.map((q) => [q.text, q.speaker])).toEqual([
      ['the new library would open in the spring', 'Ruth Okafor'],
      ['the suspect had been released on bail', 'Dan Moss'],
      ['the storm will reach the coast by Friday evening', 'the weather service'],
    ]);
  });

  it('finds sentence-final attribution: "…, officials said."', () => {
    const qs = quotes(['The bridge will stay closed for another month, city officials said on Thursday.']);
    expect(qs[0]).toMatchObject({ kind: 'indirect', text: 'The bridge will stay closed for another month', speaker: 'city officials' });
  });
});

describe('languages', () => {
  const cases: [string, string, string, string][] = [
    ['fr', '« Le budget est bouclé », a déclaré Claire Dubois, maire de la ville.', 'Le budget est bouclé', 'Claire Dubois'],
    ['es', '«El presupuesto está cerrado», dijo María Gómez, alcaldesa de la ciudad.', 'El presupuesto está cerrado', 'María Gómez'],
    ['pt', '"O orçamento está fechado", disse João Pereira, prefeito da cidade.', 'O orçamento está fechado', 'João Pereira'],
    ['de', '„Der Haushalt steht“, sagte Jonas Weber, Bürgermeister der Stadt.', 'Der Haushalt steht', 'Jonas Weber'],
    ['it', '«Il bilancio è chiuso», ha detto Marco Rossi, sindaco della città.', 'Il bilancio è chiuso', 'Marco Rossi'],
    ['ru', '«Бюджет утверждён», сказал Иван Петров, мэр города.', 'Бюджет утверждён', 'Иван Петров'],
    ['cs', '„Rozpočet je hotový,“ řekl Jan Novák, starosta města.', 'Rozpočet je hotový,', 'Jan Novák'],
  ];
  for (const [lang, para, text, speaker] of cases) {
    it(`reads ${lang} marks and speech verbs`, () => {
      const qs = quotes([para], { lang });
      expect(find(qs, text.slice(0, 10))).toMatchObject({ text, speaker });
    });
  }

  it('falls back to detecting the language from the text', () => {
    const qs = quotes(['Le conseil a voté le texte. « Nous sommes satisfaits du résultat », explique Paul Martin, qui dirige le groupe.']);
    expect(find(qs, 'Nous sommes')?.speaker).toBe('Paul Martin');
  });

  it('gives no speaker rather than a stray capitalised word, a contraction or a possessive', () => {
    const qs = quotes([
      'Use the word only when you mean it; an example helps. Example: “That was so funny I literally cried.” Which is possible.',
      'Don’t say “Courtney, this post is so snobbish it literally burned up my computer.” So just stop it.',
    ]);
    expect(find(qs, 'That was so funny')?.speaker ?? null).toBeNull();
    expect(find(qs, 'Courtney, this post')?.speaker ?? null).toBeNull();
    // a capitalised word used inside sentences is a name, even when it is also a common word
    const named = quotes(['Guards at the Security desk were calm. Security said: “We will publish the report.” The security of the site matters.']);
    expect(find(named, 'We will publish')?.speaker).toBe('Security');
    const common = quotes(['Security was tight. Security said: “We will publish the report.” The security of the site matters.']);
    expect(find(common, 'We will publish')?.speaker ?? null).toBeNull();
  });
});
