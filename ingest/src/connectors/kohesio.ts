import { join } from 'node:path';
import { kohesioRecordKey, type OrganisationRecordRow } from '@regiograph/organisations';
import { recordRef } from '@regiograph/lib';
import { z } from 'zod';
import { IngestError } from '../errors.js';
import { headerHas, parseDelimited, readInput } from '../formats.js';
import { placeRecords } from '../places.js';
import { countryCodeByName, resolveNuts, unresolvedNutsNote } from '../reference.js';
import type { Connector, FileInput, ParseContext, ParsedFile } from '../types.js';
import { cell, validRecord } from '../validate.js';

/**
 * Kohesio beneficiaries (kohesio-beneficiaries-2023/*.tsv): one organisation record per (country, region,
 * beneficiary name). The file is plain tab-separated text, NOT RFC 4180: a cell such as `"Зора-ЕС" ЕООД`
 * starts with a quote that is part of the name, so lines are split on tabs without quote handling.
 */

const COLUMNS = ['Country', 'Region', 'Beneficiary Name', 'Total Budget', 'EU Contribution', 'Number of Projects'];
const SCHEME = 'kohesio/beneficiary';

/**
 * The record key Kohesio gives no ID for: `<CC>:<first 12 hex of sha1(region + TAB + name)>` (cells trimmed),
 * computed by the organisations subgraph's identity helper so connector, curated matches and benchmark agree.
 */
export function kohesioKey(countryCode: string, region: string, name: string): string {
  return kohesioRecordKey(countryCode, region, name);
}

export function kohesioRecordId(countryCode: string, region: string, name: string): string {
  return `${SCHEME}:${kohesioKey(countryCode, region, name)}`;
}

export interface KohesioRegion {
  country: string;
  region: string;
  nutsCode: string;
  note: string;
}

let regionTable: Map<string, KohesioRegion> | null = null;

/** ingest/reference/kohesio-regions.csv: every (Country, Region) of the export mapped to a NUTS code (the same path from src/ and dist/). */
export function kohesioRegions(): Map<string, KohesioRegion> {
  if (regionTable) return regionTable;
  const file = readInput(join(__dirname, '..', '..', 'reference', 'kohesio-regions.csv'));
  const table = new Map<string, KohesioRegion>();
  for (const { line, record } of parseDelimited(file).rows) {
    const { country, region, nuts_code: nutsCode, note } = record;
    if (!country || !region || !nutsCode)
      throw new IngestError(file.path, String(line), 'incomplete line (country, region and nuts_code are needed)');
    table.set(`${country}\t${region}`, { country, region, nutsCode, note: note ?? '' });
  }
  regionTable = table;
  return table;
}

export interface KohesioParse {
  parsed: ParsedFile;
  /** Lines repeating an earlier (country, region, name): kept once, the first line wins, nothing summed. */
  duplicates: number;
  /** Regions not in kohesio-regions.csv (their records get no place). */
  unmappedRegions: string[];
}

/** The cells of one line as the export writes them; the reasons complete "<column>: <reason>". */
const ROW = z.object({
  Country: z.string().refine((v) => countryCodeByName(v) !== null, { error: (issue) => `unknown country ${JSON.stringify(issue.input)}` }),
  'Beneficiary Name': z.string().refine((v) => v !== '', { error: 'empty beneficiary name' }),
  'Total Budget': cell.number,
  'EU Contribution': cell.number,
  'Number of Projects': cell.count,
});

export function parseKohesio(file: FileInput, ctx: ParseContext): KohesioParse {
  // Tab-separated, never quoted: a quote is part of the name.
  const { header, rows } = parseDelimited(file, '\t', { quotes: false });
  for (const c of COLUMNS) {
    if (!header.includes(c)) throw new IngestError(file.path, '1', `not a Kohesio beneficiaries TSV: column "${c}" missing`);
  }
  const at = (cells: Record<string, string>, name: string) => cells[name] ?? '';
  const regions = kohesioRegions();
  const byKey = new Map<string, OrganisationRecordRow>();
  const unmapped = new Set<string>();
  const records: OrganisationRecordRow[] = [];
  let count = 0;
  let duplicates = 0;
  let differing = 0;
  let repeatedFigures = 0;
  const firstWithFigures = new Map<string, string>();
  const unresolved = new Map<string, number>();
  for (const { line, record: cells } of rows) {
    count++;
    const countryName = at(cells, 'Country');
    const region = at(cells, 'Region');
    const name = at(cells, 'Beneficiary Name');
    const countryCode = countryCodeByName(countryName);
    const key = countryCode && name ? kohesioKey(countryCode, region, name) : null;
    const valid = validRecord(ROW, cells, { line, recordId: key ?? (name || undefined) }, ctx);
    if (!valid || !countryCode || !key) continue;
    const numbers: Record<string, number | null> = {
      'Total Budget': valid['Total Budget'],
      'EU Contribution': valid['EU Contribution'],
      'Number of Projects': valid['Number of Projects'],
    };
    const earlier = byKey.get(key);
    if (earlier) {
      // A repeated line (same country, region and name). Kohesio sometimes lists two bodies of one name in one
      // region with different figures (two towns called Jesenice in Central Bohemia): nothing is dropped, the
      // other figures stay on the record.
      duplicates++;
      const attributes = earlier.attributes as Record<string, unknown>;
      const figures = {
        budget: numbers['Total Budget'],
        euContribution: numbers['EU Contribution'],
        projectCount: numbers['Number of Projects'],
      };
      if (
        figures.budget !== attributes.budget ||
        figures.euContribution !== attributes.euContribution ||
        figures.projectCount !== attributes.projectCount
      ) {
        differing++;
        attributes.alsoListed = [...((attributes.alsoListed as unknown[]) ?? []), { line, ...figures }];
      }
      continue;
    }
    const mapped = regions.get(`${countryName}\t${region}`);
    if (!mapped && region) unmapped.add(`${countryName}\t${region}`);
    const place = mapped ? resolveNuts(mapped.nutsCode) : null;
    if (mapped && !place?.placeId) unresolved.set(mapped.nutsCode, (unresolved.get(mapped.nutsCode) ?? 0) + 1);
    // Kohesio lists one beneficiary's totals again under every region it works in: the same name with
    // the same three figures in another region of the country is the same money. The first line keeps the
    // figures; the others point to it, so a sum over an organisation's records counts them once.
    const figuresKey = [countryCode, name, numbers['Total Budget'], numbers['EU Contribution'], numbers['Number of Projects']].join('\t');
    const figuresOn =
      numbers['Total Budget'] === null && numbers['EU Contribution'] === null ? undefined : firstWithFigures.get(figuresKey);
    if (figuresOn) repeatedFigures++;
    else if (!firstWithFigures.has(figuresKey)) firstWithFigures.set(figuresKey, `${SCHEME}:${key}`);
    const latin = at(cells, 'Transliterated Name');
    const record: OrganisationRecordRow = {
      id: `${SCHEME}:${key}`,
      scheme: SCHEME,
      key,
      dataset: 'kohesio-beneficiaries',
      name,
      nameLatin: latin && latin !== name ? latin : null,
      countryCode,
      placeId: place?.placeId ?? null,
      placeText: region || null,
      // No kind hint: the export has no organisation type field, so the name rules decide (identity/kinds.ts).
      attributes: figuresOn
        ? { budget: null, euContribution: null, projectCount: null, figuresOn, region }
        : {
            budget: numbers['Total Budget'],
            euContribution: numbers['EU Contribution'],
            projectCount: numbers['Number of Projects'],
            region,
          },
      sourceIds: [recordRef(ctx.sourceId, key)],
    };
    byKey.set(key, record);
    records.push(record);
  }
  const notes = [
    ...(duplicates
      ? [
          `${duplicates} repeated line(s) (same country, region and name) are one record each; ${differing} of them with other figures, kept under attributes.alsoListed`,
        ]
      : []),
    ...(repeatedFigures
      ? [
          `${repeatedFigures} record(s) repeat the budget, EU contribution and project count of the same name in another region: the figures stay on the first record only (attributes.figuresOn names it), so they are counted once`,
        ]
      : []),
    ...unresolvedNutsNote(unresolved, 'record(s)'),
  ];
  notes.push(...placeRecords(records));
  return {
    parsed: { records: count, rows: { organisations: { organisationRecords: records } }, notes },
    duplicates,
    unmappedRegions: [...unmapped].sort(),
  };
}

export const kohesioBeneficiariesConnector: Connector = {
  name: 'kohesio-beneficiaries',
  description:
    'Kohesio beneficiaries export (11 CEE countries, at most 200 per region, 2014-2020 programmes): one organisation record per country, region and name',
  dataset: {
    title: 'Kohesio beneficiaries, 11 CEE countries (export of January 2023)',
    publisher: 'European Commission (Kohesio), exported with zachz3394/kohesio-beneficiaries-exporter',
    url: 'https://kohesio.ec.europa.eu/',
    licence:
      "Data: European Commission, Kohesio (reuse under the Commission's legal notice; CC BY 4.0 is the EC's usual term, not checked); exporter repository MIT",
    attribution: 'Source: Kohesio, European Commission (kohesio.ec.europa.eu); export by zachz3394/kohesio-beneficiaries-exporter',
    retrievedOn: '2023-01-11',
  },
  detect(file) {
    if (headerHas(file, '\t', COLUMNS)) return { format: 'beneficiaries.tsv' };
    return {
      format: null,
      why: `not a Kohesio beneficiaries TSV: the first line must be tab-separated and name ${COLUMNS.join(', ')}`,
    };
  },
  parse(file, _format, ctx) {
    return parseKohesio(file, ctx).parsed;
  },
};

/** Short alias. */
export const kohesioConnector = kohesioBeneficiariesConnector;
