import { UsageError } from './errors.js';

/**
 * Where each source's publisher serves its current files, for `npm run fetch`. Each file is fetched from
 * `<base><path>` and stored under the name of its copy in data/sources, so that the ingest connectors (which
 * recognise files by their content) read a fetched folder as they read the bundled one.
 *
 * A base URL can be overridden per source (FETCH_BASE_URL_<SOURCE>, e.g. FETCH_BASE_URL_EEA_GRANTS) or for
 * all sources at once (FETCH_BASE_URL, then each source under `<FETCH_BASE_URL>/<source>/`): a mirror, a
 * proxy, or a local server in the tests.
 */
export interface Endpoint {
  source: string;
  publisher: string;
  /** The publisher's base URL (ends with a slash), or null when it has no address a plain GET can read. */
  base: string | null;
  files: Array<{ path: string; file: string }>;
  /** Set for a publisher that answers an API to walk (one file written from many requests), not files. */
  walk?: 'kohesio-beneficiaries';
  /** What a reader should know: which bundled files the publisher does not serve, format differences. */
  note: string;
}

export const ENDPOINTS: Endpoint[] = [
  {
    source: 'countries',
    publisher: 'Open Knowledge Foundation, datahub.io core datasets (country-codes)',
    base: 'https://datahub.io/core/country-codes/r/',
    files: [{ path: 'country-codes.csv', file: 'country-codes.csv' }],
    note: 'country-codes-compact.csv is derived from country-codes.csv and not served; the connector reads either.',
  },
  {
    source: 'nuts',
    publisher: 'Eurostat (NUTS classification)',
    base: 'https://ec.europa.eu/eurostat/documents/345175/629341/',
    files: [{ path: 'NUTS2021-NUTS2024.xlsx', file: 'NUTS2021-NUTS2024.xlsx' }],
    note: 'The workbook holds the NUTS 2024 list, the 2021 correspondence and the statistical regions; the CSVs of data/sources are converted from it. GISCO serves geometries, which the connector does not read. The Kohesio NUTS-Wikidata crosswalk has no publisher endpoint.',
  },
  {
    source: 'teryt',
    publisher: 'Statistics Poland (GUS), TERYT register, TERC',
    base: null,
    files: [{ path: 'terc.csv', file: 'terc.csv' }],
    note: 'GUS hands TERC out through the eTERYT download form (eteryt.stat.gov.pl, "pliki pełne": TERC_Urzedowy_<date>.zip, whose ;-separated CSV the connector reads) or its registered web service, not at a fixed address: download and unzip it there, or set FETCH_BASE_URL_TERYT to a server that serves terc.csv.',
  },
  {
    source: 'siruta',
    publisher: 'National Institute of Statistics (INS), SIRUTA, as republished by the SIRUTA project (strainu/SIRUTA)',
    base: 'https://raw.githubusercontent.com/strainu/SIRUTA/master/',
    files: [{ path: 'siruta.csv', file: 'siruta.csv' }],
    note: 'INS publishes SIRUTA without a fixed file address; the bundled siruta.csv comes from this republication. ro-lau-uat.csv is derived from it.',
  },
  {
    source: 'eea-grants',
    publisher: 'EEA and Norway Grants, Financial Mechanism Office (data.eeagrants.org API)',
    base: 'https://data.eeagrants.org/',
    files: [
      { path: 'api/overview.json', file: 'overview.json' },
      { path: 'api/projects.json', file: 'projects.json' },
      { path: 'api/partners.json', file: 'partners.json' },
      { path: 'api/grants.json', file: 'grants.json' },
      { path: 'api/projects/PL.json', file: 'projects-PL.json' },
      { path: 'api/projects/RO.json', file: 'projects-RO.json' },
      { path: 'api/grants/PL.json', file: 'grants-PL.json' },
      { path: 'api/grants/RO.json', file: 'grants-RO.json' },
    ],
    note: 'The portal serves the JSON of the snapshot (same shapes); the donor-partnership CSVs (derived from partners.json) and the sector and area lists (the portal code) are not served.',
  },
  {
    source: 'keep-eu',
    publisher: 'keep.eu (Interact), project API',
    base: 'https://keep.eu/',
    files: [
      { path: 'api/project/17853/', file: 'keep-project-17853.json' },
      { path: 'api/project/33607/', file: 'keep-project-33607.json' },
    ],
    note: 'The projects of the bundled samples, in full (the bundled ones are trimmed). The programme registry CSV and the NUTS 3 aggregates are derived by other projects and not served.',
  },
  {
    source: 'kohesio-beneficiaries',
    publisher: 'European Commission, Kohesio (beneficiary search API)',
    base: 'https://kohesio.ec.europa.eu/',
    files: [{ path: 'api/facet/eu/search/beneficiaries', file: 'kohesio-beneficiaries.tsv' }],
    walk: 'kohesio-beneficiaries',
    note: 'Walks api/facet/eu/countries, api/facet/eu/regions and the first page of api/facet/eu/search/beneficiaries of each region (at most 200 per region) for the 11 countries of the bundled export, as that export was made, and writes them in its TSV shape.',
  },
];

/** The variable that overrides one source's base URL: FETCH_BASE_URL_EEA_GRANTS for eea-grants. */
export const baseVariable = (source: string): string => `FETCH_BASE_URL_${source.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;

/** The base URL of a source's files under the environment's overrides; null when none is known. */
export function baseUrl(endpoint: Endpoint, env: NodeJS.ProcessEnv = process.env): string | null {
  const own = env[baseVariable(endpoint.source)];
  if (own) return own.endsWith('/') ? own : `${own}/`;
  const all = env.FETCH_BASE_URL;
  if (all) return `${all.replace(/\/+$/, '')}/${endpoint.source}/`;
  return endpoint.base;
}

/**
 * The files of a source under the environment: FETCH_KEEP_EU_PROJECTS (keep.eu project IDs, comma-separated)
 * replaces the two sample projects of keep-eu.
 */
export function filesOf(endpoint: Endpoint, env: NodeJS.ProcessEnv = process.env): Endpoint['files'] {
  const ids = env.FETCH_KEEP_EU_PROJECTS;
  if (endpoint.source !== 'keep-eu' || !ids) return endpoint.files;
  const list = ids.split(',').map((id) => id.trim());
  const bad = list.filter((id) => !/^\d+$/.test(id));
  if (bad.length)
    throw new UsageError(`FETCH_KEEP_EU_PROJECTS must list keep.eu project IDs (digits), not ${bad.map((b) => `"${b}"`).join(', ')}`);
  return list.map((id) => ({ path: `api/project/${id}/`, file: `keep-project-${id}.json` }));
}
