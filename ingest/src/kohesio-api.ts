/**
 * Kohesio's beneficiary search, walked as the bundled export was made (kohesio-beneficiaries-exporter): the
 * country list, each country's regions, then the first page of beneficiaries of each region (Kohesio's default
 * page, at most 200), written as the export's TSV so the kohesio-beneficiaries connector reads it unchanged.
 */

/** The countries of the bundled export, by Kohesio's English label, in its order. */
export const KOHESIO_COUNTRIES = [
  'Bulgaria',
  'Czechia',
  'Croatia',
  'Estonia',
  'Hungary',
  'Latvia',
  'Lithuania',
  'Poland',
  'Romania',
  'Slovakia',
  'Slovenia',
];

export const KOHESIO_HEADER = [
  'Country',
  'Region',
  'Beneficiary Name',
  'Total Budget',
  'EU Contribution',
  'Number of Projects',
  'Transliterated Name',
];

/** An answer of the wrong shape: names the request and what was missing. */
export class KohesioShapeError extends Error {
  override name = 'KohesioShapeError';
}

type GetJson = (pathAndQuery: string) => Promise<unknown>;

function listOf(value: unknown, path: string, fields: string[]): Array<Record<string, unknown>> {
  if (!Array.isArray(value)) throw new KohesioShapeError(`${path}: expected a JSON array, got ${typeof value}`);
  for (const [i, item] of value.entries()) {
    const missing = fields.filter((f) => item === null || typeof item !== 'object' || !(f in item));
    if (missing.length) throw new KohesioShapeError(`${path}: item ${i} lacks ${missing.join(', ')}`);
  }
  return value as Array<Record<string, unknown>>;
}

/** A cell of the TSV: the value as text, with no tab or line break to break the row. */
const cell = (value: unknown): string => (value === null || value === undefined ? '' : String(value)).replace(/[\t\r\n]+/g, ' ');

export async function kohesioBeneficiariesTsv(getJson: GetJson, countries: string[] = KOHESIO_COUNTRIES): Promise<string> {
  const q = (params: Record<string, string | number>) =>
    new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
  const countriesPath = `api/facet/eu/countries?${q({ language: 'en' })}`;
  const known = listOf(await getJson(countriesPath), countriesPath, ['instanceLabel', 'instance']);
  const lines = [`${KOHESIO_HEADER.join('\t')}\t`];
  for (const country of countries) {
    const id = known.find((c) => c.instanceLabel === country)?.instance;
    if (typeof id !== 'string') throw new KohesioShapeError(`${countriesPath}: no country labelled "${country}"`);
    const regionsPath = `api/facet/eu/regions?${q({ language: 'en', country: id })}`;
    for (const region of listOf(await getJson(regionsPath), regionsPath, ['name', 'region'])) {
      const path = `api/facet/eu/search/beneficiaries?${q({ offset: 0, country: id, region: String(region.region), language: 'en' })}`;
      const page = (await getJson(path)) as { list?: unknown };
      const fields = ['label', 'budget', 'euBudget', 'numberProjects'];
      for (const b of listOf(page?.list, `${path} (list)`, fields)) {
        const row = [country, region.name, b.label, b.budget, b.euBudget, b.numberProjects, b.transliteration];
        lines.push(`${row.map(cell).join('\t')}\t`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
