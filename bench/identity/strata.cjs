// Text cues for the identity set's sampling and slices, written for the benchmark alone and independent of the
// resolver (it must not use lib's nameKey or the resolver's dictionaries, or the set would be drawn around what
// the resolver already knows). Used by sample.cjs to draw candidates and to propose a pair's slices; the
// labeller checks every proposal by reading the records (pairs.csv keeps what the labeller decided).

/** Bulgarian (and the few Russian letters keep.eu uses) Cyrillic to Latin, streamlined system. */
const CYRILLIC = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'h',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'sht',
  ъ: 'a',
  ь: 'y',
  ю: 'yu',
  я: 'ya',
  ы: 'y',
  э: 'e',
  ё: 'e',
  ѝ: 'i',
};

function hasCyrillic(s) {
  return /[\u0400-\u04ff]/.test(s ?? '');
}

/** Lower case, Cyrillic transliterated, diacritics and punctuation dropped. */
function fold(s) {
  return [...String(s ?? '').toLowerCase()]
    .map((ch) => CYRILLIC[ch] ?? ch)
    .join('')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l')
    .replace(/đ/g, 'd')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const tokens = (s) => fold(s).split(' ').filter(Boolean);

// Words that say what kind of body a name is, per stratum: English and the national words of the files'
// languages (folded as above, so Cyrillic words appear transliterated). A word list ending in '*' matches a
// prefix. Order matters: the first stratum whose words occur wins (a university hospital is a hospital).
const KIND_WORDS = [
  [
    'hospital',
    [
      'hospital*',
      'szpital*',
      'spital*',
      'spitalul',
      'bolnitsa',
      'mbal',
      'umbal',
      'sbal',
      'nemocnic*',
      'bolnic*',
      'korhaz*',
      'ligonin*',
      'slimnic*',
      'haigla',
      'klinik*',
      'clinic*',
      'medical centre',
      'medical center',
      'zdravstveni dom',
      'zdravotnicka',
      'poliklinik*',
      'ambulanc*',
      'sanatori*',
    ],
  ],
  [
    'school',
    [
      'school*',
      'szkol*',
      'scoala',
      'scolii',
      'liceul',
      'colegiul',
      'uchilishte',
      'gimnaziya',
      'skola',
      'skole',
      'sola',
      'osnovna',
      'srednja',
      'iskola*',
      'gimnazium',
      'mokykl*',
      'gimnazij*',
      'progimnazij*',
      'kool',
      'gumnaasium',
      'kindergarten',
      'przedszkol*',
      'gradina',
      'vrtec',
      'vrtic',
      'ovoda*',
      'lopselis*',
      'zespol szkol',
      'gymnasium',
      'gymnazium',
      'zakladni',
      'zakladna',
      'stredni',
      'stredna',
      'lyceum',
      'liceum',
      'pirmsskol*',
      'vidusskol*',
      'pamatskol*',
      'tehnikum',
      'professional',
      'vocational',
    ],
  ],
  [
    'university',
    [
      'universit*',
      'uniwersytet*',
      'politechnik*',
      'polytechnic*',
      'univerzit*',
      'univerz*',
      'sveuciliste',
      'egyetem*',
      'akademi*',
      'academy',
      'faculty',
      'fakult*',
      'wydzial',
      'college',
      'kolegij',
      'veleuciliste',
      'visoka',
      'visoko',
      'vysoka skola',
      'vysoke uceni',
      'hogskol*',
      'ulikool',
      'koledzh',
      'augstskol*',
      'kolegija',
      'tehnikos',
      'technical university',
      'institute of technology',
      'politehnica',
    ],
  ],
  [
    'ministry',
    [
      'ministr*',
      'minister*',
      'minist*',
      'ministarstvo',
      'ministrstvo',
      'miniszter*',
      'ministeerium',
      'ministerija',
      'ministrija',
      'ministerstwo',
      'ministerstvo',
      'ministerul',
      'ministerstvo',
    ],
  ],
  [
    'region',
    [
      'county',
      'region',
      'regional council',
      'voivodeship',
      'voivodship',
      'wojewodztw*',
      'marszalk*',
      'judet*',
      'consiliul judetean',
      'kraj',
      'krajsky',
      'zupanij*',
      'megye*',
      'megyei',
      'oblast',
      'oblastna',
      'maakond*',
      'apskrit*',
      'samospravny kraj',
      'vuc',
      'province',
      'provincial',
      'zemgales',
      'kurzemes',
      'latgales',
      'vidzemes',
      'planning region',
      'planosanas regions',
    ],
  ],
  [
    'municipality',
    [
      'municipal*',
      'municipiu*',
      'city',
      'town',
      'commune',
      'comuna',
      'orasul',
      'oras',
      'primari*',
      'gmina',
      'gminy',
      'miasto',
      'miasta',
      'urzad miasta',
      'urzad gminy',
      'obshtina',
      'obec',
      'mesto',
      'mestska',
      'mestsky',
      'mesta',
      'mestna',
      'obcina',
      'opcina',
      'grad',
      'onkormanyzat*',
      'varos*',
      'kozseg*',
      'savivaldyb*',
      'pasvaldib*',
      'novads',
      'novada',
      'dome',
      'vald',
      'vallavalitsus',
      'linn',
      'linnavalitsus',
      'village',
      'district municipality',
      'rajono',
      'uat',
      'statutarni mesto',
      'mestska cast',
      'obecny urad',
      'mestsky urad',
    ],
  ],
  [
    'agency',
    [
      'agenc*',
      'agentur*',
      'agencja',
      'agentia',
      'agentsiya',
      'agencija',
      'ugynokseg',
      'agentura',
      'amet',
      'institut*',
      'instytut',
      'directorate',
      'direktorat',
      'directia',
      'direktsiya',
      'inspectorat*',
      'inspekt*',
      'authority',
      'office',
      'urad',
      'urzad',
      'uprava',
      'uprava',
      'hivatal',
      'tarnyba',
      'departament*',
      'department',
      'fund',
      'fond',
      'fundusz',
      'board',
      'service',
      'sluzba',
      'sluzhba',
      'administration',
      'administratsiya',
      'administratia',
      'centre',
      'center',
      'centrum',
      'centar',
      'center',
      'tsentar',
      'police',
      'policie',
      'policja',
      'politie',
      'museum',
      'muzeum',
      'muzej',
      'library',
      'biblioteka',
      'archive*',
      'national park',
      'narodni park',
      'park narodowy',
      'rezervat*',
      'state',
      'national',
    ],
  ],
  [
    'ngo',
    [
      'association',
      'asociat*',
      'asociatia',
      'stowarzyszeni*',
      'fundacj*',
      'fundati*',
      'foundation',
      'sdruzhenie',
      'fondatsiya',
      'nadace',
      'nadacia',
      'spolek',
      'sdruzeni',
      'zdruzenie',
      'udruga',
      'udruzenje',
      'drustvo',
      'egyesulet*',
      'alapitvany*',
      'asociacija',
      'biedriba',
      'nodibinajums',
      'mtu',
      'sihtasutus',
      'society',
      'federation',
      'union',
      'chamber*',
      'komora',
      'kamara',
      'izba',
      'camera',
      'kamer*',
      'koda',
      'network',
      'club',
      'klub',
      'ngo',
      'nonprofit',
      'non profit',
      'civic',
      'forum',
      'alliance',
      'league',
      'o.p.s.',
      'ops',
      'zavod',
      'ustanova',
      'cooperative',
      'cooperation',
      'partnership',
      'lag',
      'local action group',
      'mas',
      'mikroregion',
      'dobrovoln*',
    ],
  ],
  [
    'company',
    [
      'ood',
      'eood',
      'ad',
      'ead',
      'et',
      'sp',
      'z o o',
      'spolka',
      'sa',
      's a',
      'srl',
      's r l',
      'sro',
      's r o',
      'spol',
      'a s',
      'as',
      'doo',
      'd o o',
      'dd',
      'd d',
      'kft',
      'zrt',
      'bt',
      'nyrt',
      'uab',
      'ab',
      'sia',
      'ou',
      'ltd',
      'limited',
      'gmbh',
      'plc',
      'inc',
      'llc',
      'company',
      'companie',
      'kompaniya',
      'druzhestvo',
      'firma',
      'sc',
      'pfa',
      'ii',
      'zakupy',
      'trading',
      'consulting',
      'group',
      'holding',
      'services',
      'solutions',
      'engineering',
      'systems',
      'technologies',
      'technology',
      'industries',
      'industrial',
      'production',
      'vik',
      'vodosnabdyavane',
      'kanalizatsiya',
      'wodociagi',
      'wodociagow',
      'apa',
      'vodovod',
      'komunalne',
      'komunalni',
    ],
  ],
];

function matchesWord(tokenList, folded, word) {
  if (word.includes(' ')) return ` ${folded} `.includes(` ${word} `);
  if (word.endsWith('*')) {
    const stem = word.slice(0, -1);
    return tokenList.some((t) => t.startsWith(stem));
  }
  return tokenList.includes(word);
}

/** The body-kind stratum a name's words suggest (the labeller checks it), or 'other'. */
function kindOf(...names) {
  for (const name of names) {
    if (!name) continue;
    const folded = fold(name);
    const list = folded.split(' ');
    for (const [kind, words] of KIND_WORDS) if (words.some((w) => matchesWord(list, folded, w))) return kind;
  }
  return 'other';
}

// English words that mark a name as English. Words national names share with English once folded
// ("national", "regional", "institut", "in", which is Slovenian for "and") are left out.
const ENGLISH = new Set(
  (
    'of the and for municipality city town county university ministry agency hospital school association ' +
    'foundation office institute centre council department authority chamber commerce society district ' +
    'police museum library management environmental environment protection affairs health education culture ' +
    'research science technical technology faculty college academy directorate services company limited ' +
    'development economic economics'
  ).split(' '),
);

/** 'cyrillic', 'en' (an English word in the name) or 'national' (the country's own language in Latin script). */
function languageOf(name) {
  if (hasCyrillic(name)) return 'cyrillic';
  return tokens(name).some((t) => ENGLISH.has(t)) ? 'en' : 'national';
}

/** The language of a record's main name (a record's English or Latin name is shown but not its own name). */
function recordLanguage(record) {
  return languageOf(record.name);
}

/** 'yes' when the two records' names are in different languages or scripts. */
function crossLanguage(a, b) {
  return recordLanguage(a) === recordLanguage(b) ? 'no' : 'yes';
}

const SHORT = { 'eea-grants': 'EEA', 'kohesio-beneficiaries': 'Kohesio', 'keep-eu': 'keep.eu', seed: 'seed' };

/** Source combination of a pair: EEA×Kohesio, Kohesio×Kohesio, EEA×EEA, keep.eu×<other>, seed×<other>. */
function sourceCombination(a, b) {
  const order = ['keep.eu', 'seed', 'EEA', 'Kohesio'];
  const [x, y] = [SHORT[a.dataset] ?? a.dataset, SHORT[b.dataset] ?? b.dataset].sort((p, q) => order.indexOf(p) - order.indexOf(q));
  if (x === 'keep.eu') return 'keep.eu×others';
  if (x === 'seed') return 'seed×records';
  return `${x}×${y}`;
}

// Topics of ministries and agencies, so that an English and a national name of one ministry share a cue.
const TOPICS = {
  environment: [
    'environment*',
    'srodowisk*',
    'mediului',
    'okolnata',
    'zivotniho',
    'zivotneho',
    'okolis*',
    'okolje',
    'kornyezet*',
    'aplinkos',
    'vides',
    'keskkonna*',
    'klimat*',
    'climate',
  ],
  culture: ['cultur*', 'kultur*', 'kulturi', 'kulturo', 'kulture', 'kulturas', 'kulturos'],
  health: ['health', 'zdrav*', 'sanatatii', 'egeszseg*', 'sveikatos', 'veselibas', 'sotsiaal*'],
  education: [
    'educat*',
    'edukac*',
    'educatiei',
    'obrazovan*',
    'skolstvi',
    'skolstva',
    'izobrazevan*',
    'oktatas*',
    'svietimo',
    'izglitibas',
    'haridus*',
    'nauk*',
    'science',
    'research',
    'vyzkum*',
    'cercetar*',
  ],
  finance: ['financ*', 'finans*', 'finantelor', 'pénzügy', 'penzugy*', 'rahandus*', 'treasury'],
  labour: [
    'labour',
    'labor',
    'employment',
    'work',
    'prace',
    'pracy',
    'muncii',
    'truda',
    'rada',
    'dela',
    'munkaugy',
    'darbo',
    'labklajibas',
    'trud*',
    'socia*',
    'social*',
    'spoleczn*',
  ],
  agriculture: [
    'agricult*',
    'rolnictw*',
    'agriculturii',
    'zemedel*',
    'zemedelst*',
    'poljopriv*',
    'kmetijst*',
    'agrar*',
    'zemes ukio',
    'zemkopibas',
    'maaelu*',
    'food',
    'hrani',
  ],
  justice: [
    'justice',
    'sprawiedliwosci',
    'justitiei',
    'pravosud*',
    'spravedlnosti',
    'pravosodj*',
    'igazsag*',
    'teisingumo',
    'tieslietu',
    'justiits*',
    'courts',
    'court',
    'sud*',
  ],
  interior: [
    'interior',
    'internal',
    'home affairs',
    'vnitra',
    'vnutra',
    'unutarnj*',
    'notranj*',
    'belugy*',
    'vidaus',
    'iekslietu',
    'sisemin*',
    'vatreshnite',
    'afacerilor interne',
    'spraw wewnetrznych',
    'police',
    'polic*',
  ],
  regional: [
    'regional development',
    'regionalnego',
    'regionalniho',
    'regionalne',
    'regionalnog',
    'dezvoltarii',
    'regionalnoto',
    'regionalis',
    'funds',
    'fundusz*',
    'kohez*',
  ],
  transport: ['transport*', 'infrastruktur*', 'infrastructur*', 'dopravy', 'promet*'],
  economy: ['econom*', 'gospodar*', 'ekonom*', 'economiei', 'hospodar*', 'prumysl*', 'industr*', 'innovat*', 'inovac*', 'inovat*'],
  foreign: [
    'foreign',
    'zahranic*',
    'vanjskih',
    'zunanje',
    'kulugy*',
    'uzsienio',
    'arlietu',
    'valisminis*',
    'vanshnite',
    'externe',
    'zagranicznych',
  ],
};

function topicsOf(name) {
  const folded = fold(name);
  const list = folded.split(' ');
  return Object.entries(TOPICS)
    .filter(([, words]) => words.some((w) => matchesWord(list, folded, w)))
    .map(([topic]) => topic);
}

/** Every word of any stratum or topic, and words too common to tell two bodies apart. */
const COMMON = new Set(
  (
    'a an the of and for in on at to by with de din la al si i in na za pri pod nad z w o u v ve vo od do ot ' +
    'und et e y da der die das le les des du di del della ja ir un es ar ka ta se sa po pe ' +
    'and republic republica republika republiky rzeczpospolita polska polski polskie slovenija slovenska ' +
    'slovensko slovenskej hrvatska hrvatske ceska ceske cesky czech romania romania bulgaria bulgarska ' +
    'balgariya hungary magyar latvia latvijas lithuania lietuvos estonia eesti norway norwegian iceland ' +
    'office head main central general national state public ltd limited group new first'
  ).split(' '),
);
for (const [, words] of KIND_WORDS) for (const w of words) for (const part of w.replace('*', '').split(' ')) COMMON.add(part);
for (const words of Object.values(TOPICS)) for (const w of words) for (const part of w.replace('*', '').split(' ')) COMMON.add(part);

/** Tokens of a name that may name a place or a body (not a stratum word), cut to a 5-letter stem for declension. */
function cueStems(name) {
  return [
    ...new Set(
      tokens(name)
        .filter((t) => t.length >= 4 && !COMMON.has(t) && !/^\d+$/.test(t))
        .map((t) => t.slice(0, 5)),
    ),
  ];
}

module.exports = { fold, tokens, kindOf, languageOf, recordLanguage, crossLanguage, sourceCombination, topicsOf, cueStems, hasCyrillic };
