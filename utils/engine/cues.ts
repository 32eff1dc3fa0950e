// Per-language speech cues: reporting verbs, "according to" phrases, pronouns, determiners, complementisers.
import type { Lang } from './lang';

export type Gender = 'm' | 'f' | 'p' | 'n';

export interface LangCues {
  verbs: Set<string>;
  /** verbs that, followed by a clause, report speech strongly enough for indirect speech */
  indirectVerbs: Set<string>;
  /** multi-word cues (lower case, space separated) */
  phrases: string[][];
  /** "according to" phrases: the source follows */
  according: string[][];
  /** postpositions: "X zufolge" */
  accordingAfter: Set<string>;
  pronouns: Map<string, Gender>;
  determiners: Set<string>;
  /** auxiliaries and adverbs that may stand between a subject and its verb, or after an inverted verb */
  between: Set<string>;
  that: Set<string>;
  /** words that end a noun phrase going left (conjunctions, relative words, prepositions) */
  stops: Set<string>;
}

function inflect(base: string): string[] {
  const out = [base];
  const last = base[base.length - 1];
  const cons = !'aeiou'.includes(last);
  if (base.endsWith('y') && !'aeiou'.includes(base[base.length - 2])) {
    const stem = base.slice(0, -1);
    out.push(stem + 'ies', stem + 'ied', base + 'ing');
  } else if (base.endsWith('e')) {
    out.push(base + 's', base + 'd', base.slice(0, -1) + 'ing');
  } else if (/(s|sh|ch|x|z)$/.test(base)) {
    out.push(base + 'es', base + 'ed', base + 'ing');
  } else {
    // quip → quipped; one syllable ending consonant-vowel-consonant
    const cvc = cons && base.length <= 4 && 'aeiou'.includes(base[base.length - 2]) && !'aeiou'.includes(base[base.length - 3] ?? 'a') && !'wxy'.includes(last);
    out.push(base + 's', cvc ? base + last + 'ed' : base + 'ed', cvc ? base + last + 'ing' : base + 'ing');
  }
  return out;
}

const EN_REGULAR = ('add ask answer acknowledge admit affirm agree allege announce argue assert boast caution claim comment complain concede conclude confirm contend continue counter cry declare deny describe disclose divulge emphasize emphasise explain exclaim insist joke laugh maintain mention muse note observe plead point predict pledge promise propose quip recall recount reflect reiterate remark repeat reply report respond reveal scoff shout sigh signal snap state stress suggest testify tweet underline underscore urge vow warn whisper yell write say tell').split(' ');
const EN_IRREGULAR = 'said says told tells wrote writes written saying telling writing thought think thinks'.split(' ');
const EN_STRONG = 'say says said tell tells told add adds added note notes noted explain explains explained insist insists insisted argue argues argued claim claims claimed warn warns warned state states stated declare declares declared announce announces announced confirm confirms confirmed acknowledge acknowledges acknowledged admit admits admitted stress stresses stressed emphasize emphasized emphasise emphasised underscore underscored recall recalls recalled reply replied respond responded write writes wrote suggest suggests suggested conclude concluded report reported reveal revealed predict predicted deny denied maintain maintained contend contended allege alleged assert asserted'.split(' ');

function set(...lists: string[][]): Set<string> { return new Set(lists.flat()); }
const words = (s: string): string[] => s.split(/\s+/).filter(Boolean);

const EN: LangCues = {
  verbs: set(EN_REGULAR.flatMap(inflect).filter((w) => w !== 'thinking' && w !== 'signaling'), EN_IRREGULAR),
  indirectVerbs: new Set(EN_STRONG),
  phrases: ['pointed out', 'points out', 'point out', 'made it clear', 'makes it clear', 'made clear', 'put it', 'went on', 'goes on', 'wrote in', 'said in', 'told reporters'].map(words),
  according: [['according', 'to'], ['in', 'the', 'words', 'of']],
  accordingAfter: new Set(),
  pronouns: new Map<string, Gender>([['he', 'm'], ['she', 'f'], ['they', 'p'], ['it', 'n'], ['we', 'p']]),
  determiners: set(words('the a an this that these those his her their its our')),
  between: set(words('has had have was were is are would will also later then now previously recently repeatedly once again further still has had never not often has already simply just quickly flatly bluntly publicly privately earlier last yesterday today')),
  that: new Set(['that']),
  stops: set(words('that and but or because when while after before if which who whom whose where as since though although so than unless until whether with without in on at for from to by about into during over under against between through per via like despite')),
};

const FR: LangCues = {
  verbs: set(words(`dit dire disait déclare déclaré déclarait affirme affirmé affirmait explique expliqué expliquait ajoute ajouté ajoutait estime estimé estimait souligne souligné soulignait précise précisé précisait indique indiqué indiquait assure assuré assurait confie confié raconte raconté répond répondu répondait lance lancé annonce annoncé annonçait rappelle rappelé poursuit poursuivi insiste insisté reconnaît reconnu martèle martelé juge jugé conclut conclu prévient prévenu avertit averti soulève soulevé considère considéré argue argué arguant énonce énoncé écrit écrivait écrire demande demandé commente commenté observe observé note noté regrette regretté dénonce dénoncé insistait confirmé confirme tranche tranché s'exclame lâche lâché résume résumé signale signalé témoigne témoigné prévoit prévu prévoient stipule stipulé`)),
  indirectVerbs: set(words('dit déclaré déclare affirme affirmé explique expliqué annoncé annonce estime estimé souligné souligne indiqué indique assuré assure précisé précise reconnu reconnaît soulève soulevé considère arguant')),
  phrases: [['fait', 'part'], ['a', 'fait', 'savoir'], ['fait', 'valoir']],
  according: [['selon'], ["d'après"], ['d’après'], ['pour']],
  accordingAfter: new Set(),
  pronouns: new Map<string, Gender>([['il', 'm'], ['elle', 'f'], ['ils', 'p'], ['elles', 'p']]),
  determiners: set(words("le la les l' l’ un une ce cette son sa ses leur du des")),
  between: set(words("a avait aurait ont avaient a-t-il a-t-elle aussi encore également ensuite déjà n' ne pas par ailleurs alors toutefois notamment")),
  that: set(words("que qu' qu’")),
  stops: set(words("que qu' qu’ et mais ou car quand lorsque si qui dont où comme puisque avec sans dans sur en à pour par vers chez contre entre")),
};

const ES: LangCues = {
  verbs: set(words('dijo dice decía afirmó afirma declaró declara explicó explica añadió añade agregó agrega aseguró asegura señaló señala indicó indica sostuvo sostiene comentó comenta advirtió advierte manifestó manifiesta expresó expresa subrayó subraya destacó destaca reconoció reconoce respondió responde preguntó pregunta escribió escribe recordó recuerda insistió insiste apuntó apunta precisó precisa concluyó anunció anuncia denunció criticó opinó')),
  indirectVerbs: set(words('dijo dice afirmó afirma declaró explicó aseguró señaló indicó sostuvo advirtió reconoció anunció')),
  phrases: [],
  according: [['según'], ['de', 'acuerdo', 'con']],
  accordingAfter: new Set(),
  pronouns: new Map<string, Gender>([['él', 'm'], ['ella', 'f'], ['ellos', 'p'], ['ellas', 'p']]),
  determiners: set(words('el la los las un una este esta su sus del')),
  between: set(words('ha había habría han también además ya luego no')),
  that: new Set(['que']),
  stops: set(words('que y pero o porque cuando si quien cual donde como con sin en sobre a para por hacia entre contra desde')),
};

const PT: LangCues = {
  verbs: set(words('disse diz dizia afirmou afirma declarou declara falou fala acrescentou acrescenta explicou explica contou conta ressaltou ressalta destacou destaca completou completa garantiu garante avaliou avalia comentou comenta respondeu responde perguntou pergunta lembrou lembra pontuou pontua observou observa escreveu escreve afirmaram disseram declararam reconheceu reconhece admitiu admite alertou alerta criticou ponderou assegurou sustentou defendeu')),
  indirectVerbs: set(words('disse diz afirmou afirma declarou declara falou explicou contou garantiu avaliou admitiu reconheceu')),
  phrases: [['deixou', 'claro'], ['deixa', 'claro']],
  according: [['segundo'], ['de', 'acordo', 'com'], ['conforme']],
  accordingAfter: new Set(),
  pronouns: new Map<string, Gender>([['ele', 'm'], ['ela', 'f'], ['eles', 'p'], ['elas', 'p']]),
  determiners: set(words('o a os as um uma este esta seu sua seus suas do da')),
  between: set(words('tem havia teria também ainda já depois não')),
  that: new Set(['que']),
  stops: set(words('que e mas ou porque quando se quem qual onde como com sem em no na sobre para por até entre contra desde ao à')),
};

const DE: LangCues = {
  verbs: set(words('sagte sagt sagten sagen erklärte erklärt erklärten betonte betont meinte meint antwortete antwortet schrieb schreibt berichtete berichtet warnte warnt forderte fordert kritisierte kritisiert ergänzte ergänzt fügte räumte erläuterte erläutert bekräftigte unterstrich sprach versicherte versichert behauptete behauptet')),
  indirectVerbs: set(words('sagte sagt erklärte erklärt betonte betont meinte meint berichtete warnte versicherte behauptete')),
  phrases: [['teilte', 'mit']],
  according: [['laut'], ['nach', 'angaben']],
  accordingAfter: new Set(['zufolge']),
  pronouns: new Map<string, Gender>([['er', 'm'], ['sie', 'f']]),
  determiners: set(words('der die das ein eine den dem des sein seine ihr ihre')),
  between: set(words('hat hatte habe auch noch bereits zudem dann nicht')),
  that: new Set(['dass', 'daß']),
  stops: set(words('dass und aber oder weil wenn ob wer welche wo wie mit ohne in auf an für von zu bei nach über unter gegen zwischen durch')),
};

const IT: LangCues = {
  verbs: set(words('detto dice disse dichiarato dichiara dichiarò spiegato spiega spiegò aggiunto aggiunge aggiunse afferma affermato affermò sottolineato sottolinea sottolineò commentato commenta osservato osserva risposto risponde rispose racconta raccontato raccontò scritto scrive scrisse ribadito ribadisce precisato precisa annunciato annuncia ammesso ammette avvertito avverte')),
  indirectVerbs: set(words('detto dice disse dichiarato dichiara spiegato spiega affermato afferma sottolineato annunciato ammesso')),
  phrases: [],
  according: [['secondo'], ['a', 'detta', 'di']],
  accordingAfter: new Set(),
  pronouns: new Map<string, Gender>([['lui', 'm'], ['lei', 'f'], ['loro', 'p']]),
  determiners: set(words("il lo la i gli le l' l’ un uno una suo sua del della")),
  between: set(words('ha aveva avrebbe hanno anche poi già inoltre non')),
  that: new Set(['che']),
  stops: set(words('che e ma o perché quando se chi cui dove come con senza in su a per da tra fra contro')),
};

const RU: LangCues = {
  verbs: set(words('сказал сказала сказали заявил заявила заявили отметил отметила отметили сообщил сообщила сообщили подчеркнул подчеркнула добавил добавила пояснил пояснила рассказал рассказала ответил ответила написал написала считает говорит говорят признал признала уточнил уточнила заметил заметила указал указала')),
  indirectVerbs: set(words('сказал сказала заявил заявила отметил отметила сообщил сообщила подчеркнул подчеркнула считает признал')),
  phrases: [],
  according: [['по', 'словам'], ['по', 'данным'], ['как', 'сообщил'], ['как', 'сообщила']],
  accordingAfter: new Set(),
  pronouns: new Map<string, Gender>([['он', 'm'], ['она', 'f'], ['они', 'p']]),
  determiners: new Set(),
  between: set(words('также уже ранее тогда не')),
  that: new Set(['что']),
  stops: set(words('что и но или потому когда если кто который где как с без в на для по к от о при')),
};

const CS: LangCues = {
  verbs: set(words('řekl řekla řekli uvedl uvedla uvedli dodal dodala prohlásil prohlásila napsal napsala vysvětlil vysvětlila zdůraznil zdůraznila sdělil sdělila uvádí říká míní odpověděl odpověděla poznamenal poznamenala upozornil upozornila tvrdí tvrdil tvrdila')),
  indirectVerbs: set(words('řekl řekla uvedl uvedla prohlásil prohlásila sdělil sdělila tvrdí tvrdil')),
  phrases: [],
  according: [['podle']],
  accordingAfter: new Set(),
  pronouns: new Map<string, Gender>([['on', 'm'], ['ona', 'f'], ['oni', 'p']]),
  determiners: new Set(),
  between: set(words('také už již pak ne')),
  that: new Set(['že']),
  stops: set(words('že a ale nebo protože když pokud kdo který kde jak s bez v na pro po k od o při')),
};

export const CUES: Record<Lang, LangCues> = { en: EN, fr: FR, es: ES, pt: PT, de: DE, it: IT, ru: RU, cs: CS };

/** English cues always apply too: quotations in English turn up on pages of every language. */
export function cuesFor(lang: Lang): LangCues[] {
  let list = CUES_FOR.get(lang);
  if (!list) { list = lang === 'en' ? [EN] : [CUES[lang], EN]; CUES_FOR.set(lang, list); }
  return list;
}
const CUES_FOR = new Map<Lang, LangCues[]>();

/** The word lists of several languages merged into one lookup each (the first language wins for pronouns). */
export interface Lexicon {
  verbs: Set<string>;
  indirectVerbs: Set<string>;
  stops: Set<string>;
  between: Set<string>;
  determiners: Set<string>;
  that: Set<string>;
  pronouns: Map<string, Gender>;
}
const LEXICONS = new WeakMap<LangCues[], Lexicon>();

export function lexiconOf(cues: LangCues[]): Lexicon {
  let lex = LEXICONS.get(cues);
  if (lex) return lex;
  const pronouns = new Map<string, Gender>();
  for (const c of cues) for (const [w, g] of c.pronouns) if (!pronouns.has(w)) pronouns.set(w, g);
  lex = {
    verbs: set(...cues.map((c) => [...c.verbs])),
    indirectVerbs: set(...cues.map((c) => [...c.indirectVerbs])),
    stops: set(...cues.map((c) => [...c.stops])),
    between: set(...cues.map((c) => [...c.between])),
    determiners: set(...cues.map((c) => [...c.determiners])),
    that: set(...cues.map((c) => [...c.that])),
    pronouns,
  };
  LEXICONS.set(cues, lex);
  return lex;
}

/** Role nouns that tell a person's gender ("her mother, Fiona"). */
export const GENDERED_NOUNS = new Map<string, Gender>([
  ...words('mother wife daughter sister woman girl grandmother aunt niece queen princess actress chairwoman spokeswoman businesswoman congresswoman mrs ms miss madame mme mrs. ms. widow girlfriend mum mom').map((w) => [w, 'f'] as [string, Gender]),
  ...words('father husband son brother man boy grandfather uncle nephew king prince actor chairman spokesman businessman congressman mr mr. monsieur m. widower boyfriend dad').map((w) => [w, 'm'] as [string, Gender]),
]);
