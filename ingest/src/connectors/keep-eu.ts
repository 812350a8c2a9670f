import type { ProgrammeRow, GrantRow } from '@regiograph/funding';
import { type Decimal, isZeroDecimal, recordRef, sumDecimals, toDecimal } from '@regiograph/lib';
import { z } from 'zod';
import type { OrganisationRecordRow, PlaceStatisticRow } from '@regiograph/organisations';
import type { PartnershipRow, ProjectRow } from '@regiograph/projects';
import { IngestError } from '../errors.js';
import { headerHas, looksLikeJson, parseDelimited, parseJson, toNumber } from '../formats.js';
import { placeOfTown, placeRecords } from '../places.js';
import { countryCodeByName, countryPlaceId, resolveNuts, unresolvedNutsNote } from '../reference.js';
import type { Connector, FileInput, ParseContext, ParsedFile } from '../types.js';
import { cell, validRecord } from '../validate.js';

/**
 * keep.eu (Interact): `/api/project/<id>/` records (2014-2020 and 2021-2027 templates, one object or an array
 * of them), the programme registry CSV (keep.eu programme IDs with CCI codes) and the NUTS 3 aggregates CSV.
 *
 * No fund link is made: most Interreg programmes are ERDF-funded, but 2021-27 NEXT and IPA programmes are
 * also financed by NDICI/IPA III, and the records do not say which fund pays what.
 */

const ORG_SCHEME = 'keep.eu/organisation';
const PROGRAMME_CSV = ['keep_programme_id', 'period', 'name_en', 'cci'];
const NUTS3_CSV = ['cntr_code', 'name_latn', 'nuts3_code_matched', 'match', 'keep_no_of_projects'];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Json => (isObject(v) ? v : {});
const text = (v: unknown): string | null => {
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t === '' ? null : t;
};

/** A keep.eu project record: an object with an id and a programme, partnerships or translations. */
function isProjectRecord(v: unknown): boolean {
  return isObject(v) && v.id !== undefined && ('partnerships' in v || 'programme' in v || 'translations' in v);
}

/** "2014-2020" or "2014 - 2020" -> [2014, 2020]. */
function periodYears(period: string | null): [number | null, number | null] {
  const m = period ? /(\d{4})\s*-\s*(\d{4})/.exec(period) : null;
  return m ? [Number(m[1]), Number(m[2])] : [null, null];
}

const STATUS: Record<string, string> = { closed: 'COMPLETED', ongoing: 'ONGOING', approved: 'PLANNED' };

/**
 * National registry IDs in keep.eu's free-text beneficiary_id ("N/A | CUI 3722040 | Unique Registration Code (EN)"),
 * only where the text names the register: a Romanian CUI/CIF, or a Bulgarian EIK labelled as a registry number.
 * Unlabelled numbers stay only in the record's attributes.
 */
export function registryIds(beneficiaryId: string | null, countryCode: string | null): Array<{ scheme: string; value: string }> {
  if (!beneficiaryId) return [];
  const out: Array<{ scheme: string; value: string }> = [];
  const cui = /\b(?:CUI|CIF|C\.U\.I\.|C\.I\.F\.)\s*:?\s*(?:RO)?\s*(\d{2,10})\b/i.exec(beneficiaryId);
  if (cui && (countryCode === 'RO' || countryCode === null)) out.push({ scheme: 'ro-cui', value: cui[1] as string });
  if (countryCode === 'BG' && /registry number|EIK|ЕИК|BULSTAT|БУЛСТАТ/i.test(beneficiaryId)) {
    const parts = beneficiaryId
      .replace(/\(EN\)\s*$/, '')
      .split('|')
      .map((p) => p.trim());
    const eik = parts.map((p) => p.replace(/^BG/, '')).find((p) => /^(\d{9}|\d{13})$/.test(p));
    if (eik) out.push({ scheme: 'bg-eik', value: eik });
  }
  return out;
}

/**
 * keep.eu's partner organisation types (the Interreg classification) -> OrganisationKind. "National public
 * authority" and "Infrastructure and (public) service provider" say only "a public body" (the name may say
 * Ministry or a company's legal form); "General public" and "Other" say nothing.
 */
const ORGANISATION_TYPES: Array<[RegExp, string]> = [
  [/^local public authority/i, 'MUNICIPALITY'],
  [/^regional public authority/i, 'REGIONAL_AUTHORITY'],
  [/^national public authority/i, 'PUBLIC_BODY'],
  [/^sectoral agency/i, 'AGENCY'],
  [/^infrastructure and \(?public\)? service provider/i, 'PUBLIC_BODY'],
  [/^interest groups/i, 'NGO'],
  [/^higher education and research/i, 'UNIVERSITY'],
  [/^education\/training centre and school/i, 'SCHOOL'],
  [/^(enterprise|large enterprise|sme\b|small and medium)/i, 'COMPANY'],
  [/^business support organisation/i, 'BUSINESS_SUPPORT'],
  [/^egtc/i, 'PUBLIC_BODY'],
  [/^international organisation/i, 'INTERNATIONAL_BODY'],
  [/^hospitals? and medical centres?/i, 'HOSPITAL'],
];

/** The kind keep.eu's organisation_type (or, without one, a "public" legal status) gives a partner. */
export function keepKind(
  organisationType: string | null,
  legalStatus: string | null,
): { kindHint: string | null; kindRule: string | null } {
  if (organisationType) {
    const hit = ORGANISATION_TYPES.find(([re]) => re.test(organisationType));
    if (hit) return { kindHint: hit[1], kindRule: `keep.eu organisation_type '${organisationType}'` };
  }
  if (legalStatus?.toLowerCase() === 'public') return { kindHint: 'PUBLIC_BODY', kindRule: "keep.eu legal_status 'public'" };
  return { kindHint: null, kindRule: null };
}

interface KeepRows {
  programmes: Map<string, ProgrammeRow>;
  projects: ProjectRow[];
  partnerships: PartnershipRow[];
  organisations: Map<string, OrganisationRecordRow>;
  grants: GrantRow[];
  /** Partner figures given as 0.00 (not published), per field. */
  unpublished: Map<string, number>;
}

function money(
  value: unknown,
  where: { path: string; field: string; recordId: string },
  ctx: ParseContext,
): { ok: true; value: Decimal | null } | { ok: false } {
  const d = toDecimal(value);
  if (d === undefined || (d !== null && d.startsWith('-'))) {
    ctx.reject({ path: where.path, field: where.field, recordId: where.recordId, reason: `not an amount: ${JSON.stringify(value)}` });
    return { ok: false };
  }
  return { ok: true, value: d };
}

/**
 * keep.eu writes "0.00" for a partner budget it does not publish (no partner of a funded project has a
 * budget of nothing): such a figure is unknown, stored null and counted for the report's notes.
 */
function partnerMoney(value: Decimal | null, field: string, out: KeepRows): Decimal | null {
  if (value === null || !isZeroDecimal(value)) return value;
  out.unpublished.set(field, (out.unpublished.get(field) ?? 0) + 1);
  return null;
}

/** A project's dates: days that exist, or nothing. */
const PROJECT_DATES = z.object({ start_date: cell.date, end_date: cell.date });

function projectRecord(rec: Json, path: string, ctx: ParseContext, out: KeepRows): void {
  const id = text(rec.id);
  if (!id || !/^\d+$/.test(id)) {
    ctx.reject({ path: `${path}.id`, field: 'id', reason: `not a keep.eu project id: ${JSON.stringify(rec.id)}` });
    return;
  }
  const cite = recordRef(ctx.sourceId, `project/${id}`);
  const recordId = `project/${id}`;
  const total = money(rec.total_budget, { path: `${path}.total_budget`, field: 'total_budget', recordId }, ctx);
  const eu = money(rec.eu_funding, { path: `${path}.eu_funding`, field: 'eu_funding', recordId }, ctx);
  const rate = money(
    rec.union_co_financing_rate,
    { path: `${path}.union_co_financing_rate`, field: 'union_co_financing_rate', recordId },
    ctx,
  );
  if (!total.ok || !eu.ok || !rate.ok) return;
  if (!validRecord(PROJECT_DATES, { start_date: text(rec.start_date) ?? '', end_date: text(rec.end_date) ?? '' }, { path, recordId }, ctx))
    return;

  // Partnerships are checked before anything of the record is kept, so a bad partnership rejects the record.
  const partnerships: PartnershipRow[] = [];
  const organisations: OrganisationRecordRow[] = [];
  const raw = rec.partnerships;
  if (raw !== undefined && raw !== null && !Array.isArray(raw)) {
    ctx.reject({ path: `${path}.partnerships`, field: 'partnerships', recordId, reason: 'not a list' });
    return;
  }
  const projectId = `project:keep-eu:${id}`;
  const list = (raw ?? []) as unknown[];
  for (let k = 0; k < list.length; k++) {
    const p = obj(list[k]);
    const ppath = `${path}.partnerships[${k}]`;
    const pid = text(p.id);
    if (!pid || !/^\d+$/.test(pid)) {
      ctx.reject({ path: `${ppath}.id`, field: 'partnerships.id', recordId, reason: `not a partnership id: ${JSON.stringify(p.id)}` });
      return;
    }
    const budget = money(p.total_budget, { path: `${ppath}.total_budget`, field: 'partnerships.total_budget', recordId }, ctx);
    const cofin = money(p.co_financing_eur, { path: `${ppath}.co_financing_eur`, field: 'partnerships.co_financing_eur', recordId }, ctx);
    if (!budget.ok || !cofin.ok) return;
    const budgetValue = partnerMoney(budget.value, 'partnerships.total_budget', out);
    const cofinValue = partnerMoney(cofin.value, 'partnerships.co_financing_eur', out);
    const partner = obj(p.partner);
    const countryName = text(obj(partner.country).title) ?? text(obj(p.country_department).title);
    const countryCode = countryCodeByName(countryName);
    const loc = obj(p.location_json);
    const lat = toNumber(loc.lat);
    const lng = toNumber(loc.lng);
    const partnerId = text(partner.id);
    const orgRecordId = partnerId ? `${ORG_SCHEME}:${partnerId}` : null;
    const legalStatus = text(p.legal_status);
    const organisationType = text(p.organisation_type);
    const town = text(p.town);
    partnerships.push({
      id: `partnership:keep-eu:${pid}`,
      projectId,
      organisationRecordId: orgRecordId,
      countryId: countryCode ? countryPlaceId(countryCode) : null,
      // The town of the partner's department where the partnership names one, else the partner's town.
      placeId: placeOfTown(text(p.town_department) ?? town, countryCode)?.placeId ?? null,
      role: text(p.type)?.toLowerCase() === 'lead' ? 'LEAD_PARTNER' : 'PARTNER',
      budget: budgetValue,
      coFinancing: cofinValue,
      currency: budgetValue !== null || cofinValue !== null ? 'EUR' : null,
      town,
      postcode: text(p.postcode),
      address: text(p.location_address),
      lat: Number.isFinite(lat) ? lat : null,
      lng: Number.isFinite(lng) ? lng : null,
      legalStatus,
      organisationType,
      sourceIds: [recordRef(ctx.sourceId, `partnership/${pid}`)],
    });
    const name = text(partner.name);
    if (orgRecordId && partnerId && name) {
      const nameEn = text(obj(obj(obj(partner.translations).en)).name_translated);
      const pic = text(p.pic);
      const beneficiaryId = text(p.beneficiary_id);
      const identifiers = [
        ...(pic && /^\d{9}$/.test(pic) ? [{ scheme: 'pic', value: pic }] : []),
        ...registryIds(beneficiaryId, countryCode),
      ];
      organisations.push({
        id: orgRecordId,
        scheme: ORG_SCHEME,
        key: partnerId,
        dataset: 'keep-eu',
        name,
        nameEn: nameEn && nameEn !== name ? nameEn : null,
        countryCode,
        // The country until placeRecords finds the partner's municipality or region (its name or town).
        placeId: countryCode ? countryPlaceId(countryCode) : null,
        placeText: town,
        ...keepKind(organisationType, legalStatus),
        identifiers,
        attributes: {
          ...(beneficiaryId ? { beneficiaryId } : {}),
          ...(pic && !/^\d{9}$/.test(pic) ? { pic } : {}),
          ...(legalStatus ? { legalStatus } : {}),
          ...(organisationType ? { organisationType } : {}),
          ...(countryName ? { country: countryName } : {}),
        },
        sourceIds: [recordRef(ctx.sourceId, `partner/${partnerId}`)],
      });
    }
  }

  const programme = obj(rec.programme);
  const programmeKey = text(programme.id);
  const programmeId = programmeKey ? `programme:keep-eu:${programmeKey}` : null;
  if (programmeId && programmeKey && !out.programmes.has(programmeId)) {
    const title = text(programme.title);
    const period = text(obj(programme.period).title);
    const [startYear, endYear] = periodYears(period ?? title);
    out.programmes.set(programmeId, {
      id: programmeId,
      name: title ?? `keep.eu programme ${programmeKey}`,
      startYear,
      endYear,
      period: period ?? (startYear && endYear ? `${startYear}-${endYear}` : null),
      identifiers: [{ scheme: 'keep.eu/programme', value: programmeKey }],
      altNames: title ? [title] : [],
      sourceIds: [recordRef(ctx.sourceId, `programme/${programmeKey}`)],
    });
  }

  const en = obj(obj(rec.translations).en);
  const code = text(rec.project_id);
  const status = text(rec.status)?.toLowerCase() ?? '';
  const countryIds = [...new Set(partnerships.map((p) => p.countryId).filter((c): c is string => !!c))].sort();
  out.projects.push({
    id: projectId,
    // keep.eu always has an English name; a record without one gets a plain label rather than being dropped.
    title: text(en.name) ?? `keep.eu project ${id}`,
    acronym: text(rec.acronym),
    code,
    summary: text(en.description),
    startDate: text(rec.start_date),
    endDate: text(rec.end_date),
    status: STATUS[status] ?? 'UNKNOWN',
    // The snapshot does not say when it was taken from keep.eu, so no date is claimed for the status.
    statusAsOf: null,
    programmeId,
    totalBudget: total.value,
    euFunding: eu.value,
    coFinancingRate: rate.value === null ? null : Number(rate.value),
    currency: total.value !== null || eu.value !== null ? 'EUR' : null,
    countryIds,
    placeIds: [],
    identifiers: [{ scheme: 'keep.eu/project', value: id }, ...(code ? [{ scheme: 'interreg/project-code', value: code }] : [])],
    attributes: { keepStatus: text(rec.status) },
    // The record lists all of the project's partnerships: one no longer listed is gone from keep.eu.
    ...(Array.isArray(raw) ? { partnerships: { idPrefix: 'partnership:keep-eu:', ids: partnerships.map((p) => p.id) } } : {}),
    sourceIds: [cite],
  });
  out.partnerships.push(...partnerships);
  for (const o of organisations) {
    const seen = out.organisations.get(o.id);
    if (!seen) out.organisations.set(o.id, o);
    else {
      // The same partner in several projects of one file: one record, identifiers and citations merged.
      const ids = new Map([...(seen.identifiers ?? []), ...(o.identifiers ?? [])].map((i) => [`${i.scheme}\t${i.value}`, i]));
      seen.identifiers = [...ids.values()];
      seen.sourceIds = [...new Set([...seen.sourceIds, ...o.sourceIds])];
    }
  }
  if (programmeId) {
    out.grants.push({
      id: `grant:keep-eu:${id}`,
      programmeId,
      projectId,
      amount: eu.value,
      currency: eu.value !== null ? 'EUR' : null,
      description: 'EU funding of the project (keep.eu eu_funding)',
      sourceIds: [cite],
    });
  }
}

function parseProjects(file: FileInput, ctx: ParseContext): ParsedFile {
  const json = parseJson(file);
  const list = Array.isArray(json) ? json : [json];
  const out: KeepRows = {
    programmes: new Map(),
    projects: [],
    partnerships: [],
    organisations: new Map(),
    grants: [],
    unpublished: new Map(),
  };
  list.forEach((rec, i) => {
    const path = Array.isArray(json) ? `$[${i}]` : '$';
    if (!isProjectRecord(rec)) {
      ctx.reject({ path, field: 'id', reason: 'not a keep.eu project record (object with id and programme/partnerships)' });
      return;
    }
    projectRecord(rec as Json, path, ctx, out);
  });
  const notes = [
    ...[...out.unpublished.entries()].map(
      ([field, n]) =>
        `${n} partnership(s) with ${field} "0.00", which keep.eu writes when it does not publish the figure: stored as unknown (null)`,
    ),
    ...placeRecords([...out.organisations.values()]),
  ];
  return {
    records: list.length,
    ...(notes.length ? { notes } : {}),
    rows: {
      funding: { programmes: [...out.programmes.values()], grants: out.grants },
      projects: { projects: out.projects, partnerships: out.partnerships },
      organisations: { organisationRecords: [...out.organisations.values()] },
    },
  };
}

/** The cells of one line of keep.eu's programme list. */
const PROGRAMME_ROW = z.object({
  keep_programme_id: z.string().regex(/^\d+$/, { error: (issue) => `not a keep.eu programme id: ${JSON.stringify(issue.input)}` }),
  name_en: z.string().min(1, { error: 'empty programme name' }),
  period: z.string().refine((v) => v === '' || periodYears(v)[0] !== null, {
    error: (issue) => `not a period (YYYY-YYYY): ${JSON.stringify(issue.input)}`,
  }),
});

function parseProgrammes(file: FileInput, ctx: ParseContext): ParsedFile {
  const { rows } = parseDelimited(file, ',');
  const programmes: ProgrammeRow[] = [];
  for (const { line, record } of rows) {
    const key = record.keep_programme_id ?? '';
    const valid = validRecord(PROGRAMME_ROW, record, { line, recordId: /^\d+$/.test(key) ? key : undefined }, ctx);
    if (!valid) continue;
    const name = valid.name_en;
    const period = valid.period || null;
    const [startYear, endYear] = periodYears(period);
    const cci = record.cci ?? '';
    programmes.push({
      id: `programme:keep-eu:${key}`,
      name,
      startYear,
      endYear,
      period,
      identifiers: [{ scheme: 'keep.eu/programme', value: key }, ...(cci ? [{ scheme: 'cci', value: cci }] : [])],
      altNames: [name],
      sourceIds: [recordRef(ctx.sourceId, `programme/${key}`)],
    });
  }
  return { records: rows.length, rows: { funding: { programmes } } };
}

export interface Nuts3Parse {
  parsed: ParsedFile;
  /** Valid rows the source could not place (match none or ambiguous, or no code): counted, not loaded. */
  unplaced: number;
  /** Rows whose matched code no table resolves (NUTS 2024, renamed 2021, correspondence): counted, not loaded. */
  unresolved: Map<string, number>;
}

const INDICATORS: Array<{ column: string; indicator: string; unit: string }> = [
  { column: 'keep_no_of_projects', indicator: 'keep.eu/projects', unit: 'count' },
  { column: 'keep_no_of_partners', indicator: 'keep.eu/partners', unit: 'count' },
  { column: 'keep_total_budgets_meur', indicator: 'keep.eu/total-budget', unit: 'MEUR' },
  { column: 'keep_erdf_meur', indicator: 'keep.eu/erdf', unit: 'MEUR' },
];

export function parseNuts3Aggregates(file: FileInput, ctx: ParseContext): Nuts3Parse {
  const { rows } = parseDelimited(file, ',');
  // One statistic per current region: older codes resolved through the correspondence table may meet
  // (three Thuringian districts of 2021 lie in DEG0 only), and their figures are added, never overwritten.
  const byPlace = new Map<string, { codes: string[]; notes: string[]; values: string[][] }>();
  let unplaced = 0;
  const unresolved = new Map<string, number>();
  for (const { line, record } of rows) {
    const code = record.nuts3_code_matched ?? '';
    const match = record.match ?? '';
    const values: string[] = [];
    let bad = false;
    for (const { column } of INDICATORS) {
      const n = toNumber(record[column]);
      if (n === null || Number.isNaN(n) || n < 0) {
        ctx.reject({
          line,
          field: column,
          recordId: code || record.name_latn,
          reason: `not a non-negative number: "${record[column] ?? ''}"`,
        });
        bad = true;
        break;
      }
      values.push(toDecimal(record[column]) as string);
    }
    if (bad) continue;
    if (!code || match === 'none' || match === 'ambiguous' || code.includes('|')) {
      unplaced++;
      continue;
    }
    const place = resolveNuts(code);
    if (!place.placeId) {
      unresolved.set(code, (unresolved.get(code) ?? 0) + 1);
      continue;
    }
    const via = place.how === 'correspondence' ? ` (an older code: ${place.relation} in the current region)` : '';
    const at = byPlace.get(place.placeId) ?? { codes: [], notes: [], values: [] };
    at.codes.push(code);
    at.notes.push(`keep.eu region "${record.name_latn}" matched to ${code} by ${match.replace(/_/g, ' ')}${via}`);
    at.values.push(values);
    byPlace.set(place.placeId, at);
  }
  const stats: PlaceStatisticRow[] = [];
  for (const [placeId, at] of byPlace) {
    INDICATORS.forEach(({ indicator, unit }, k) => {
      stats.push({
        placeId,
        indicator,
        value: Number(sumDecimals(at.values.map((v) => v[k] as string))),
        unit,
        period: '2014-2020',
        note: at.notes.join('; '),
        sourceIds: at.codes.map((c) => recordRef(ctx.sourceId, c)),
      });
    });
  }
  return { parsed: { records: rows.length, rows: { organisations: { placeStatistics: stats } } }, unplaced, unresolved };
}

export const keepEuConnector: Connector = {
  name: 'keep-eu',
  description:
    'keep.eu (Interact) /api/project/<id>/ records (programme, project, partnerships, partner organisations), its programme registry CSV and NUTS 3 aggregates 2014-2020',
  dataset: {
    title: 'keep.eu project records, programme registry and NUTS 3 aggregates (Interact)',
    publisher: 'Interact (keep.eu); samples via atanasster/electionsbg and ltalve/interreg-map',
    url: 'https://keep.eu/',
    licence:
      'keep.eu terms: free reuse for any lawful purpose with credit to keep.eu, a link to keep.eu and a statement of changes; sample scripts MIT',
    attribution:
      'Source: keep.eu (Interact), https://keep.eu/. Changed: records trimmed to the fields used (descriptions cut to 160 characters by the sample) and converted to Regiograph rows.',
    retrievedOn: '2026-08-06',
  },
  datasetFor(format) {
    if (format !== 'nuts3-aggregates.csv') return this.dataset;
    // The aggregates come from another repository with its own terms (keep-eu-nuts3-aggregates-2014-2020/SOURCE.md).
    return {
      title: 'keep.eu 2014-2020 project, partner and budget counts per NUTS 3 region (via ltalve/interreg-map)',
      publisher: 'Interact (keep.eu); layer by ltalve/interreg-map',
      url: 'https://keep.eu/',
      licence:
        'keep.eu terms: free reuse with credit to keep.eu and a link; the interreg-map repository states no licence. Best-effort NUTS 3 matching: for demo maps, not analysis',
      attribution:
        'Source: keep.eu (Interact), https://keep.eu/, as aggregated by ltalve/interreg-map. Changed: geometry dropped, NUTS 3 codes matched by name.',
      retrievedOn: '2023-06-15',
    };
  },
  detect(file) {
    if (looksLikeJson(file)) {
      let json: unknown;
      try {
        json = JSON.parse(file.text);
      } catch {
        return { format: 'project.json' }; // parse() reports the syntax error with its position
      }
      if (isProjectRecord(json)) return { format: 'project.json' };
      if (Array.isArray(json) && json.length > 0 && json.every(isProjectRecord)) return { format: 'project.json' };
      return { format: null, why: 'not a keep.eu /api/project/<id>/ record (JSON object with id, programme and partnerships)' };
    }
    if (headerHas(file, ',', PROGRAMME_CSV)) return { format: 'programmes.csv' };
    if (headerHas(file, ',', NUTS3_CSV)) return { format: 'nuts3-aggregates.csv' };
    return {
      format: null,
      why: `not a keep.eu file: expected a project JSON record, or a CSV with columns ${PROGRAMME_CSV.join(',')} or ${NUTS3_CSV.join(',')}`,
    };
  },
  parse(file, format, ctx) {
    if (format === 'project.json') return parseProjects(file, ctx);
    if (format === 'programmes.csv') return parseProgrammes(file, ctx);
    if (format === 'nuts3-aggregates.csv') {
      const { parsed, unplaced, unresolved } = parseNuts3Aggregates(file, ctx);
      const notes = [
        ...(unplaced
          ? [`${unplaced} region(s) the file could not match to a NUTS 3 code (match none or ambiguous): counted, not loaded`]
          : []),
        ...unresolvedNutsNote(unresolved, 'region(s) (counted, not loaded)'),
      ];
      return notes.length ? { ...parsed, notes } : parsed;
    }
    throw new IngestError(file.path, null, `keep-eu cannot read format ${format}`);
  },
};
