import { join } from 'node:path';
import { searchKey } from '@regiograph/lib';
import { z } from 'zod';
import countriesJson from '../reference/countries.json';
import nutsJson from '../reference/nuts.json';
import { IngestError } from './errors.js';
import { parseDelimited, readInput } from './formats.js';

/**
 * Small committed reference tables (regenerate with scripts/build-reference.cjs) that every connector uses
 * to resolve what other sources mention: country names and codes, and NUTS codes of either version. Using
 * fixed tables rather than what happens to be in the database makes a file resolve the same way whatever
 * was loaded before it.
 */
export interface Country {
  iso2: string;
  iso3: string;
  numeric: string;
  name: string;
  officialName: string;
  /** EU inter-institutional code: EL for Greece, UK for the United Kingdom, else iso2. */
  eu: string;
}

export const countries: Country[] = countriesJson as Country[];
const byIso2 = new Map(countries.map((c) => [c.iso2, c]));
const byEu = new Map(countries.map((c) => [c.eu, c]));
const byName = new Map<string, Country>();
for (const c of countries) {
  for (const n of [c.name, c.officialName, c.iso3]) if (n) byName.set(searchKey(n), c);
}
// Names sources use that the ISO list spells otherwise.
const aliases: Record<string, string> = {
  moldova: 'MD',
  'republic of moldova': 'MD',
  turkiye: 'TR',
  turkey: 'TR',
  'czech republic': 'CZ',
  czechia: 'CZ',
  'united kingdom': 'GB',
  russia: 'RU',
  'north macedonia': 'MK',
  'the former yugoslav republic of macedonia': 'MK',
  kosovo: 'XK',
  'slovak republic': 'SK',
  'united states': 'US',
  'holy see': 'VA',
  ukraine: 'UA',
  georgia: 'GE',
  armenia: 'AM',
  greece: 'GR',
};
for (const [name, code] of Object.entries(aliases)) {
  const c = byIso2.get(code);
  if (c) byName.set(name, c);
}

/** ISO alpha-2 for a country name as sources write it ("Romania", "Moldova", "Czechia"), or null. */
export function countryCodeByName(name: string | null | undefined): string | null {
  if (!name) return null;
  return byName.get(searchKey(name))?.iso2 ?? null;
}

/** ISO alpha-2 for an ISO alpha-2 or EU code (EL -> GR, UK -> GB), or null when unknown. */
export function countryCodeOf(code: string | null | undefined): string | null {
  if (!code) return null;
  const upper = code.trim().toUpperCase();
  return byEu.get(upper)?.iso2 ?? byIso2.get(upper)?.iso2 ?? null;
}

export function countryById(iso2: string): Country | undefined {
  return byIso2.get(iso2);
}

export function countryPlaceId(iso2: string): string {
  return `place:country:${iso2}`;
}

const nuts2024 = (nutsJson as { nuts2024: Record<string, number> }).nuts2024;
const renamed2021 = (nutsJson as { renamed2021: Record<string, string> }).renamed2021;

/** Place ID of a NUTS region: `place:nuts:<code>`; a country-level code resolves to the country. */
export function nutsPlaceId(code: string): string {
  const c = countryCodeOf(code);
  if (code.length === 2 && c) return countryPlaceId(c);
  return `place:nuts:${code}`;
}

export interface NutsResolution {
  /** The place the code resolves to, or null. */
  placeId: string | null;
  /**
   * How: nuts-2024 (valid 2024 code), nuts-2021 (renamed in 2024), correspondence (an older code, through
   * reference/nuts-correspondence.csv), unknown (looks like a NUTS code of a known country but is in no
   * table: no place, for the report's notes), none (empty or not a NUTS code).
   */
  how: 'nuts-2024' | 'nuts-2021' | 'correspondence' | 'unknown' | 'none';
  /** For correspondence: same, within or split (see reference/nuts-correspondence.md). */
  relation?: string;
}

export interface NutsCorrespondence {
  code: string;
  label: string;
  lastVersion: string;
  current: string;
  relation: 'same' | 'within' | 'split';
  note: string;
}

let correspondence: Map<string, NutsCorrespondence> | null = null;

/** A NUTS 2024 code or a country code (EL, UK as the EU writes them). */
const currentTarget = (code: string) => (code.length === 2 ? countryCodeOf(code) : nuts2024[code] !== undefined ? code : null);

/** One row of the correspondence table; each reason completes "<column>: <reason>". */
const CORRESPONDENCE_ROW = z.object({
  code: z
    .string()
    .min(1, { error: 'missing', abort: true })
    .regex(/^[A-Z]{2}[0-9A-Z]{1,3}$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a NUTS code`, abort: true })
    .refine((v) => nuts2024[v] === undefined, { error: (issue) => `${issue.input} is a NUTS 2024 code: it needs no row` }),
  label: z.string().optional(),
  last_version: z
    .string()
    .min(1, { error: 'missing', abort: true })
    .regex(/^(?:1999|2003|2006|2010|2013|2016|2021)$/, {
      error: (issue) => `${JSON.stringify(issue.input)} is not a NUTS version (1999, 2003, 2006, 2010, 2013, 2016, 2021)`,
    }),
  current: z
    .string()
    .min(1, { error: 'missing', abort: true })
    .refine((v) => currentTarget(v) !== null, { error: (issue) => `${issue.input} is not a NUTS 2024 code or a country` }),
  relation: z.enum(['same', 'within', 'split'], {
    error: (issue) => `relation must be same, within or split, not ${JSON.stringify(issue.input ?? '')}`,
  }),
  note: z.string().optional(),
});

/**
 * Reads a correspondence table such as reference/nuts-correspondence.csv. A committed table is all valid or
 * not used: the first bad row stops it with its file, line, column and reason.
 */
export function readNutsCorrespondence(path: string): Map<string, NutsCorrespondence> {
  const file = readInput(path);
  const table = new Map<string, NutsCorrespondence>();
  for (const { line, record } of parseDelimited(file).rows) {
    const where = String(line);
    const result = CORRESPONDENCE_ROW.safeParse(record);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new IngestError(file.path, where, `${issue?.path.join('.') || '(row)'}: ${issue?.message ?? 'not valid'}`);
    }
    const { code, label, last_version: lastVersion, current, relation, note } = result.data;
    if (table.has(code)) throw new IngestError(file.path, where, `code: ${code} is listed twice`);
    table.set(code, { code, label: label ?? '', lastVersion, current, relation, note: note ?? '' });
  }
  return table;
}

/** reference/nuts-correspondence.csv (the same path from src/ and dist/), checked when first read. */
export function nutsCorrespondence(): Map<string, NutsCorrespondence> {
  correspondence ??= readNutsCorrespondence(join(__dirname, '..', 'reference', 'nuts-correspondence.csv'));
  return correspondence;
}

/**
 * Resolves a NUTS code to a place: a 2024 code to itself, a 2021 code renamed in 2024 to its new code, an
 * older code (EEA Grants 2009-14 uses NUTS 2010/2013 codes such as PL127) through the committed
 * correspondence table to the current region (the smallest one containing it when it was split). A code in
 * none of them gets no place (`unknown`): callers list it in their report's notes rather than guess its country.
 */
export function resolveNuts(code: string | null | undefined): NutsResolution {
  if (!code) return { placeId: null, how: 'none' };
  const k = code.trim().toUpperCase();
  if (k.length === 2) {
    const c = countryCodeOf(k);
    return c ? { placeId: countryPlaceId(c), how: 'nuts-2024' } : { placeId: null, how: 'none' };
  }
  if (nuts2024[k] !== undefined) return { placeId: `place:nuts:${k}`, how: 'nuts-2024' };
  const renamed = renamed2021[k];
  if (renamed) return { placeId: `place:nuts:${renamed}`, how: 'nuts-2021' };
  const row = nutsCorrespondence().get(k);
  if (row) return { placeId: nutsPlaceId(row.current), how: 'correspondence', relation: row.relation };
  return countryCodeOf(k.slice(0, 2)) && /^[A-Z]{2}[0-9A-Z]{1,3}$/.test(k)
    ? { placeId: null, how: 'unknown' }
    : { placeId: null, how: 'none' };
}

/** Notes for the report: the NUTS codes of a file that resolved to no place, counted. */
export function unresolvedNutsNote(codes: Map<string, number>, what: string): string[] {
  if (codes.size === 0) return [];
  const total = [...codes.values()].reduce((a, b) => a + b, 0);
  const list = [...codes.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([c, n]) => (n > 1 ? `${c} (${n})` : c))
    .join(', ');
  return [`${total} ${what} with a NUTS code in neither NUTS 2024 nor reference/nuts-correspondence.csv, left without a place: ${list}`];
}

/** NUTS level of a 2024 code (1-3), or null. */
export function nutsLevel(code: string): number | null {
  return nuts2024[code] ?? null;
}
