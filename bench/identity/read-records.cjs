// Minimal readers of the organisation records in the real source files, for the identity benchmark and its
// test only (the ingest connectors in ingest/ are the real parsers). Record IDs follow
// subgraphs/organisations/src/identity/keys.ts; the test checks that the Kohesio keys agree with it.
const { createHash } = require('node:crypto');
const { readFileSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

// SOURCES_DIR, or ../shared/data/sources beside the checkout (as lib's sourcesDir()).
const SOURCES = process.env.SOURCES_DIR || join(__dirname, '../../../shared/data/sources');
/** NUTS and the EU use EL and UK where ISO 3166 has GR and GB. */
const ISO = { EL: 'GR', UK: 'GB' };

function countryCodesByName() {
  const lines = readFileSync(join(SOURCES, 'country-codes/country-codes-compact.csv'), 'utf8').trim().split('\n').slice(1);
  const map = new Map();
  for (const line of lines) {
    const cells = line.match(/("([^"]*)"|[^,]*)(,|$)/g).map((c) => c.replace(/,$/, '').replace(/^"|"$/g, ''));
    map.set(cells[3], cells[0]);
    map.set(cells[4], cells[0]);
  }
  map.set('Turkey', 'TR');
  return map;
}

function eeaRecords() {
  const programmes = JSON.parse(readFileSync(join(SOURCES, 'eea-grants-2009-2014/partners.json'), 'utf8'));
  const byKey = new Map();
  for (const p of programmes) {
    for (const role of ['PO', 'PJDPP', 'PJPT']) {
      for (const [key, org] of Object.entries(p[role] ?? {})) {
        const id = `eea-grants/organisation:${key}`;
        const existing = byKey.get(id);
        if (existing) {
          existing.roles.add(role);
          continue;
        }
        const nuts = org.nuts ?? null;
        const cc = nuts ? nuts.slice(0, 2) : null;
        byKey.set(id, {
          id,
          scheme: 'eea-grants/organisation',
          key,
          dataset: 'eea-grants',
          name: org.name.trim(),
          countryCode: cc ? (ISO[cc] ?? cc) : null,
          placeId: null,
          placeText: nuts,
          identifiers: [],
          sourceIds: [`src:eea-grants-2009-2014#${id}`],
          roles: new Set([role]),
        });
      }
    }
  }
  return [...byKey.values()].map(({ roles, ...r }) => ({ ...r, roles: [...roles].sort() }));
}

function keepRecords(countries) {
  const dir = join(SOURCES, 'keep-eu-api-samples');
  const byId = new Map();
  for (const file of readdirSync(dir)
    .filter((f) => /^keep-project-\d+\.json$/.test(f))
    .sort()) {
    const project = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    for (const ps of project.partnerships ?? []) {
      const partner = ps.partner;
      if (!partner) continue;
      const id = `keep.eu/organisation:${partner.id}`;
      if (byId.has(id)) continue;
      byId.set(id, {
        id,
        scheme: 'keep.eu/organisation',
        key: String(partner.id),
        dataset: 'keep-eu',
        name: partner.name.trim(),
        nameEn: partner.translations?.en?.name_translated ?? null,
        countryCode: countries.get(partner.country?.title) ?? null,
        placeId: null,
        placeText: ps.town ?? null,
        identifiers: ps.pic ? [{ scheme: 'pic', value: String(ps.pic) }] : [],
        sourceIds: [`src:keep-eu-api-samples#${id}`],
      });
    }
  }
  return [...byId.values()];
}

function kohesioKey(cc, region, name) {
  return `${cc}:${createHash('sha1').update(`${region.trim()}\t${name.trim()}`, 'utf8').digest('hex').slice(0, 12)}`;
}

function kohesioRecords(countries) {
  const text = readFileSync(join(SOURCES, 'kohesio-beneficiaries-2023/kohesio-beneficiaries-cee-2023-01.tsv'), 'utf8');
  const byId = new Map();
  for (const line of text.split('\n').slice(1)) {
    if (!line.trim()) continue;
    const [country, region, name, , , , latin] = line.split('\t');
    const cc = countries.get(country.trim());
    if (!cc) throw new Error(`kohesio: unknown country ${country}`);
    const key = kohesioKey(cc, region, name);
    const id = `kohesio/beneficiary:${key}`;
    if (byId.has(id)) continue;
    byId.set(id, {
      id,
      scheme: 'kohesio/beneficiary',
      key,
      dataset: 'kohesio-beneficiaries',
      name: name.trim(),
      nameLatin: latin?.trim() || null,
      countryCode: cc,
      placeId: null,
      placeText: region.trim(),
      identifiers: [],
      sourceIds: [`src:kohesio-beneficiaries-2023#${id}`],
    });
  }
  return [...byId.values()];
}

/** Every organisation record of the EEA Grants, keep.eu and Kohesio files. */
function readAllRecords() {
  const countries = countryCodesByName();
  return [...eeaRecords(), ...keepRecords(countries), ...kohesioRecords(countries)];
}

/** Seeded organisations (seeds/organisations.yaml) as anchors. */
function readAnchors(seedsDir = join(__dirname, '../../seeds')) {
  const YAML = require('yaml');
  const doc = YAML.parse(readFileSync(join(seedsDir, 'organisations.yaml'), 'utf8'));
  return (doc.organisations ?? []).map((o) => ({
    id: o.id,
    name: o.name,
    nameEn: o.nameEn ?? null,
    acronym: o.acronym ?? null,
    altNames: o.altNames ?? [],
    kind: o.kind,
    countryCode: o.countryCode ?? null,
    placeId: o.place ?? null,
    identifiers: o.identifiers ?? [],
  }));
}

/** seeds/organisation-matches.yaml */
function readCurated(seedsDir = join(__dirname, '../../seeds')) {
  const YAML = require('yaml');
  const doc = YAML.parse(readFileSync(join(seedsDir, 'organisation-matches.yaml'), 'utf8')) ?? {};
  return { same: doc.same ?? [], distinct: doc.distinct ?? [] };
}

/** The columns of pairs.csv, in order. */
const PAIR_COLUMNS = ['a', 'b', 'label', 'difficulty', 'note', 'cross_language', 'kind', 'country', 'sources'];

/** One CSV line, a cell quoted when it holds a comma, a quote or a line break. */
function csvLine(cells) {
  return cells.map((c) => (/[",\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(',');
}

/**
 * bench/identity/pairs.csv: a,b,label,difficulty,note,cross_language,kind,country,sources (note may be quoted).
 * A line whose header or cell count is wrong is an error naming the file and line.
 */
function readPairs(file = join(__dirname, 'pairs.csv')) {
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines[0] !== PAIR_COLUMNS.join(',')) throw new Error(`${file}:1: expected the header ${PAIR_COLUMNS.join(',')}`);
  const pairs = [];
  lines.forEach((line, i) => {
    if (i === 0 || !line.trim() || line.startsWith('#')) return;
    const cells = [];
    const re = /("((?:[^"]|"")*)"|[^,]*)(,|$)/g;
    for (let m = re.exec(line); m && m.index < line.length; m = re.exec(line))
      cells.push(m[2] !== undefined ? m[2].replace(/""/g, '"') : m[1]);
    if (cells.length !== PAIR_COLUMNS.length)
      throw new Error(`${file}:${i + 1}: expected ${PAIR_COLUMNS.length} cells, found ${cells.length}`);
    pairs.push(Object.fromEntries(PAIR_COLUMNS.map((c, j) => [c === 'cross_language' ? 'crossLanguage' : c, cells[j]])));
  });
  return pairs;
}

module.exports = { SOURCES, PAIR_COLUMNS, csvLine, readAllRecords, readAnchors, readCurated, readPairs, kohesioKey };
