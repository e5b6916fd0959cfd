/**
 * The words the rule-based drafter knows: countries and blocs (names, adjectives, the capitals and
 * seats of government that stand for them), titles of office, the nouns of trade measures, the
 * words that mark a red line, a condition, an exchange or a tone. Lists, not code: a new country,
 * title or measure word is one entry here. Everything is matched case-insensitively on words,
 * except where a capital letter is what tells a title from an ordinary noun.
 */

/** A country or bloc that may be a party to talks. */
export interface Polity {
  /** Party id written into the draft (`[a-z0-9_-]+`). */
  readonly id: string;
  /** Its name as a party label. */
  readonly label: string;
  /** Names and abbreviations that name it (matched as whole words, case-sensitive for short ones). */
  readonly names: readonly string[];
  /** Adjectives (demonyms): "Chinese delegation", "US officials". */
  readonly adjectives: readonly string[];
  /** Capitals and seats of government, used for it only as an actor ("Beijing's limits"). */
  readonly seats: readonly string[];
}

const p = (
  id: string,
  label: string,
  names: string[],
  adjectives: string[],
  seats: string[] = [],
): Polity => ({ id, label, names, adjectives, seats });

/** Countries and blocs, with the words that stand for them. */
export const POLITIES: readonly Polity[] = [
  p(
    'us',
    'United States',
    ['United States', 'United States of America', 'U.S.', 'US', 'USA', 'U.S.A.', 'America'],
    ['American', 'U.S.', 'US'],
    [
      'Washington',
      'White House',
      'Trump administration',
      'Biden administration',
      'CIA',
      'Pentagon',
      'State Department',
      'National Security Council',
      'Treasury Department',
      'Commerce Department',
      'USTR',
    ],
  ),
  p(
    'china',
    'China',
    ['China', "People's Republic of China", 'PRC'],
    ['Chinese'],
    ['Beijing', 'Zhongnanhai', 'MOFCOM', 'Xinhua'],
  ),
  p(
    'uk',
    'United Kingdom',
    ['United Kingdom', 'UK', 'U.K.', 'Britain', 'Great Britain'],
    ['British', 'UK'],
    ['Downing Street', 'Whitehall'],
  ),
  p(
    'eu',
    'European Union',
    ['European Union', 'EU', 'E.U.', 'European Commission'],
    ['European', 'EU'],
    ['Brussels'],
  ),
  p('japan', 'Japan', ['Japan'], ['Japanese'], ['Tokyo']),
  p('india', 'India', ['India'], ['Indian'], ['New Delhi']),
  p('russia', 'Russia', ['Russia', 'Russian Federation'], ['Russian'], ['Moscow', 'Kremlin']),
  p('ukraine', 'Ukraine', ['Ukraine'], ['Ukrainian'], ['Kyiv', 'Kiev']),
  p('iran', 'Iran', ['Iran', 'Islamic Republic of Iran'], ['Iranian'], ['Tehran']),
  p('israel', 'Israel', ['Israel'], ['Israeli'], ['Jerusalem']),
  p('hamas', 'Hamas', ['Hamas'], []),
  p('vietnam', 'Vietnam', ['Vietnam', 'Viet Nam'], ['Vietnamese'], ['Hanoi']),
  p('canada', 'Canada', ['Canada'], ['Canadian'], ['Ottawa']),
  p('mexico', 'Mexico', ['Mexico'], ['Mexican'], ['Mexico City']),
  p('germany', 'Germany', ['Germany'], ['German'], ['Berlin']),
  p('france', 'France', ['France'], ['French'], ['Paris', 'Elysee', 'Élysée']),
  p('switzerland', 'Switzerland', ['Switzerland'], ['Swiss'], ['Bern']),
  p('oman', 'Oman', ['Oman'], ['Omani'], ['Muscat']),
  p('qatar', 'Qatar', ['Qatar'], ['Qatari'], ['Doha']),
  p('egypt', 'Egypt', ['Egypt'], ['Egyptian'], ['Cairo']),
  p('saudi_arabia', 'Saudi Arabia', ['Saudi Arabia'], ['Saudi'], ['Riyadh']),
  p('turkey', 'Turkey', ['Turkey', 'Türkiye'], ['Turkish'], ['Ankara']),
  p('south_korea', 'South Korea', ['South Korea', 'Republic of Korea'], ['South Korean'], ['Seoul']),
  p('north_korea', 'North Korea', ['North Korea'], ['North Korean'], ['Pyongyang']),
  p('taiwan', 'Taiwan', ['Taiwan'], ['Taiwanese'], ['Taipei']),
  p('australia', 'Australia', ['Australia'], ['Australian'], ['Canberra']),
  p('brazil', 'Brazil', ['Brazil'], ['Brazilian'], ['Brasilia', 'Brasília']),
  p('indonesia', 'Indonesia', ['Indonesia'], ['Indonesian'], ['Jakarta']),
  p('south_africa', 'South Africa', ['South Africa'], ['South African'], ['Pretoria']),
  p('norway', 'Norway', ['Norway'], ['Norwegian'], ['Oslo']),
  p('pakistan', 'Pakistan', ['Pakistan'], ['Pakistani'], ['Islamabad']),
  p('armenia', 'Armenia', ['Armenia'], ['Armenian'], ['Yerevan']),
  p('azerbaijan', 'Azerbaijan', ['Azerbaijan'], ['Azerbaijani'], ['Baku']),
  p('serbia', 'Serbia', ['Serbia'], ['Serbian'], ['Belgrade']),
  p('kosovo', 'Kosovo', ['Kosovo'], ['Kosovar'], ['Pristina']),
];

/** Heads of state or government: with no delegation role, the principal who must approve a deal. */
export const HEAD_OF_STATE_TITLES: readonly string[] = [
  'president',
  'prime minister',
  'premier',
  'chancellor',
  'king',
  'emir',
  'sultan',
  'supreme leader',
  'president-elect',
];

/**
 * Words that end a title of office directly before a name ("Treasury Secretary Scott Bessent",
 * "Vice Premier He Lifeng", "Economic Council chief Kevin Hassett"). Lower-case matching.
 */
export const TITLE_HEADS: ReadonlySet<string> = new Set([
  'president',
  'premier',
  'minister',
  'secretary',
  'representative',
  'ambassador',
  'envoy',
  'director',
  'chancellor',
  'commissioner',
  'negotiator',
  'chief',
  'adviser',
  'advisor',
  'spokesperson',
  'spokesman',
  'spokeswoman',
  'governor',
  'chairman',
  'chairwoman',
  'chair',
  'ceo',
  'king',
  'emir',
  'sultan',
  'leader',
  'deputy',
  'head',
  'mediator',
  'coordinator',
  'counsellor',
  'counselor',
]);

/** Title words that may precede the head ("Vice", "Foreign", "Trade"): capitalised words also do. */
export const TITLE_MODIFIERS: ReadonlySet<string> = new Set([
  'vice',
  'deputy',
  'prime',
  'foreign',
  'trade',
  'special',
  'senior',
  'chief',
  'top',
  'lead',
  'under',
  'assistant',
  'economic',
  'national',
  'security',
  'state',
  'middle',
  'east',
  'mideast',
  'supreme',
  'general',
]);

/** Words that mark a person as leading a delegation. */
export const LEAD_WORDS =
  /\b(led by|leads?|leading|headed by|heads?|chief negotiator|top negotiator|represented)\b/i;

/** Words that mark a principal's approval. */
export const APPROVAL_WORDS =
  /\b(must (?:approve|sign off|ratify)|sign(?:s|ed)? off|final say|final approval|approval|ratif(?:y|ies|ied|ication)|veto(?:es|ed)?)\b/i;

/** Nouns of measures a party holds: what an issue is made of. */
export const MEASURE_NOUNS: ReadonlySet<string> = new Set([
  'restriction',
  'restrictions',
  'control',
  'controls',
  'limit',
  'limits',
  'curb',
  'curbs',
  'constraint',
  'constraints',
  'ban',
  'bans',
  'tariff',
  'tariffs',
  'sanction',
  'sanctions',
  'quota',
  'quotas',
  'duty',
  'duties',
  'levy',
  'levies',
  'embargo',
  'barrier',
  'barriers',
  'rule',
  'rules',
  'licensing',
  'licences',
  'licenses',
  'requirement',
  'requirements',
  'suspension',
  'halt',
  'freeze',
]);

/** Words that, alone, say nothing about which goods an issue is about. */
export const GENERIC_WORDS: ReadonlySet<string> = new Set([
  'items',
  'item',
  'goods',
  'products',
  'product',
  'exports',
  'export',
  'imports',
  'import',
  'shipments',
  'shipment',
  'supplies',
  'supply',
  'material',
  'materials',
  'sales',
  'trade',
  'technology',
  'technologies',
  'tech',
  'things',
  'sector',
  'sectors',
  'recent',
  'new',
  'current',
  'existing',
  'various',
  'certain',
  'key',
  'select',
  'growing',
  'most',
  'more',
  'such',
  'other',
  'its',
  'their',
  'the',
  'a',
  'an',
  'any',
  'all',
  'some',
  'on',
  'of',
  'day',
  'days',
  'round',
  'rounds',
  'latest',
  'first',
  'second',
  'third',
  'one',
  'two',
  'three',
  'four',
  'five',
  'high',
  'level',
  'formal',
  'direct',
  'indirect',
  'bilateral',
  'consultations',
  'agreement',
  'deal',
  'accord',
  'treaty',
  'pact',
  'talks',
  'negotiations',
]);

/** Head words that name the same thing ("semiconductor technology" and "AI chips"). */
export const SYNONYMS: Readonly<Record<string, string>> = {
  semiconductor: 'chip',
  semiconductors: 'chip',
  chips: 'chip',
  microchip: 'chip',
  microchips: 'chip',
  gpu: 'chip',
  gpus: 'chip',
  earths: 'earth',
  engines: 'engine',
  parts: 'part',
  visas: 'visa',
  tariffs: 'tariff',
  duties: 'tariff',
  levies: 'tariff',
  minerals: 'mineral',
  soybeans: 'soybean',
  magnets: 'magnet',
  weapons: 'weapon',
  hostages: 'hostage',
  prisoners: 'prisoner',
  sanctions: 'sanction',
};

/** A red line, stated: the measure stays whatever else happens. */
export const RED_LINE_WORDS =
  /\b(red lines?|non-negotiable|not negotiable|(?:would|will|must|should) remain (?:restricted|in place|banned|off the table)|(?:will|would) never (?:agree|accept|allow)|can never|under no circumstances|unacceptable|off the table|rejected any demand|firmly rejected)\b/i;

/** A condition on a concession. */
export const CONDITION_WORDS =
  /\b(conditional|conditioned|only if|provided that|on condition|as long as|contingent|depends? on|in return for reciprocal|reciprocal concessions)\b/i;

/** An exchange of concessions: what one side gives for what it gets. */
export const EXCHANGE_WORDS = /\b(in exchange for|in return for|in exchange|in return|for which)\b/i;

/** Verbs that introduce what someone said. */
export const SPEECH_VERBS =
  /\b(said|says|say|told|tells|stated|stating|stressed|stressing|noted|noting|confirmed|hinted|described|signal(?:l)?ed|warned|insisted|declared|added|commented|called|reiterated|emphasi[sz]ed|expressed|acknowledged|asserted|announced)\b/i;

/** Tone of a statement, by its words (checked in this order: cautious words win over positive ones). */
export const TONE_WORDS: readonly {
  readonly tone: 'negative' | 'cautious' | 'positive';
  readonly re: RegExp;
}[] = [
  {
    tone: 'negative',
    re: /\b(not easy|difficult|tough|exploitation|violated|violation|unacceptable|blackmail|coerce|slow-rolling|hostile|reckless|abuse|threat(?:en(?:ed|s)?)?|accus(?:ed|ing))\b/i,
  },
  {
    tone: 'cautious',
    re: /\b(we'll see|caution|cautious|uncertain|conditional|too early|low expectations?|remains? uncertain|no definitive|(?:do|does|did) not (?:anticipate|expect)|don't (?:anticipate|expect)|work to do|remains? to be seen)\b/i,
  },
  {
    tone: 'positive',
    re: /\b(fruitful|constructive|good|positive|productive|progress|optimism|optimistic|goodwill|promising|workable|friendly|concessions?|compromise)\b/i,
  },
];

/** Market and economic quantities whose move an article may report without a number. */
export const MARKET_MOVE =
  /\b((?:oil|gas|commodity|stock|share|bond|food|gold|copper|rare[- ]earth)\s+(?:prices?|markets?|futures)|(?:stocks|shares|markets|yields|the dollar|the yuan|the euro))\s+(drop(?:ped|s)?|f[ae]ll(?:s|ing)?|r[io]se(?:s|n)?|rising|climb(?:ed|s|ing)?|jump(?:ed|s)?|slump(?:ed|s)?|surg(?:ed|es|ing)|gain(?:ed|s)?|slid(?:e|es)?|tumbl(?:ed|es)|rall(?:ied|ies))\b/i;

/** Place words that make a capitalised phrase a venue ("Lancaster House", "Palais des Nations"). */
export const VENUE_HEADS =
  /\b(House|Palace|Palais|Hotel|Centre|Center|Hall|Residence|Villa|Embassy|Mansion|Castle|Building|Lodge|Conference)\b/;

/** Cities that often host talks, recognised as venues even where the tagger misses them. */
export const CITIES: readonly string[] = [
  'London',
  'Geneva',
  'Washington',
  'Beijing',
  'Paris',
  'Brussels',
  'Vienna',
  'Istanbul',
  'Muscat',
  'Doha',
  'Cairo',
  'Rome',
  'Oslo',
  'Stockholm',
  'Riyadh',
  'Jeddah',
  'Abu Dhabi',
  'Dubai',
  'Tokyo',
  'Seoul',
  'Singapore',
  'Kuala Lumpur',
  'Madrid',
  'Hanoi',
  'New York',
  'Moscow',
  'Minsk',
  'Helsinki',
  'Jeju',
  'Cologny',
  'Lausanne',
  'Davos',
  'Bern',
  'Ottawa',
  'New Delhi',
  'Canberra',
  'Berlin',
];
