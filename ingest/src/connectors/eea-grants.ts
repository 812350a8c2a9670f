import type { AllocationRow, FundRow, GrantRow, ProgrammeParticipantRow, ProgrammeRow } from '@regiograph/funding';
import { type Decimal, recordRef, slug, sumDecimals, toDecimal } from '@regiograph/lib';
import JSON5 from 'json5';
import { z } from 'zod';
import type { OrganisationRecordRow, PlaceStatisticRow } from '@regiograph/organisations';
import type { OutcomeLinkRow, OutcomeRow } from '@regiograph/outcomes';
import type { ProjectRow } from '@regiograph/projects';
import { IngestError } from '../errors.js';
import { headerHas, looksLikeJson, parseDelimited, parseJson, parseJson5, toNumber } from '../formats.js';
import { placeRecords } from '../places.js';
import { countryCodeOf, countryPlaceId, resolveNuts, unresolvedNutsNote } from '../reference.js';
import type { Connector, FileInput, ParseContext, ParsedFile } from '../types.js';
import { cell, validRecord } from '../validate.js';

/**
 * EEA and Norway Grants 2009-2014: the data.eeagrants.org API snapshot (overview, projects, partners, grants,
 * per-country files), the portal's two JSON5 constant lists, and the two CSVs derived from partners.json.
 *
 * Rows are built so that every file says only what it knows: a programme row from partners.json carries no
 * sector or area (that file lists only the areas with donor partnership projects), and the CSVs derived from
 * partners.json yield rows identical to partners.json's for the same IDs, so loading both adds only citations.
 * Loader merge rules should therefore treat an absent (null) scalar as "not stated" (coalesce).
 *
 * Not represented: technical-assistance rows (no programme), the portal's news lists, and the JSON5 lists of
 * priority sectors and programme areas (colours, icons, sort orders: presentation constants with no entity in
 * the model; they are parsed and counted, and yield no rows).
 */

const PERIOD = '2009-2014';
/** Date of the last change to public/api in the portal's repository: the snapshot the statuses describe. */
const STATUS_AS_OF = '2021-09-24';
const ORG_SCHEME = 'eea-grants/organisation';
const DPP_SCHEME = 'eea-grants/dpp';

const FUNDS: Record<string, { id: string; name: string }> = {
  'EEA Grants': { id: 'fund:eea-grants', name: 'EEA Grants' },
  'Norway Grants': { id: 'fund:norway-grants', name: 'Norway Grants' },
};

const ROLES: Record<string, string> = {
  PO: 'PROGRAMME_OPERATOR',
  DPP: 'DONOR_PROGRAMME_PARTNER',
  PJDPP: 'DONOR_PROJECT_PARTNER',
  PJPT: 'PROJECT_PARTNER',
};

export const programmeId = (code: string) => `programme:eea-grants:${PERIOD}:${code}`;
export const projectId = (code: string) => `project:eea-grants:${code}`;
export const orgRecordId = (key: string) => `${ORG_SCHEME}:${key}`;
export const dppRecordId = (name: string) => `${DPP_SCHEME}:${slug(name)}`;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

// ---------------------------------------------------------------------------------------------------------
// Detection by content.

const PROJECTS_CSV = ['financial_mechanism', 'beneficiary_state', 'donor_state', 'programme_code', 'project_code', 'is_dpp', 'has_ended'];
const ORGS_CSV = ['financial_mechanism', 'beneficiary_state', 'programme_code', 'role', 'org_key', 'org_name', 'nuts'];

function jsonFormat(json: unknown): string | null {
  if (Array.isArray(json)) {
    const first = json.find(isObject);
    if (!first) return null;
    const has = (...keys: string[]) => keys.every((k) => k in first);
    if (has('fm', 'programme', 'donor', 'projects')) return 'partners.json';
    if (has('fm', 'results', 'bilateral_allocation', 'programmes')) return 'grants.json';
    if (has('fm', 'beneficiary', 'project_allocation', 'net_allocation', 'programmes')) return 'projects.json';
    if (has('fm', 'beneficiary', 'allocation', 'programmes', 'project_count') && Array.isArray(first.programmes)) return 'overview.json';
    if (has('fm', 'id', 'allocation', 'area', 'programmes') && !('beneficiary' in first)) {
      // /api/projects/<CC>.json spreads allocations over every NUTS level; /api/grants/<CC>.json only over NUTS 3.
      const ids = json.filter(isObject).map((r) => String(r.id ?? ''));
      return ids.every((id) => id.length === 5) ? 'grants-nuts.json' : 'projects-nuts.json';
    }
    if (json.every((r) => isObject(r) && 'name' in r && 'icon' in r)) return 'priority-sectors.json5';
    return null;
  }
  if (isObject(json)) {
    const values = Object.values(json);
    if (values.length > 0 && values.every((v) => isObject(v) && 'short_name' in v && 'sort_order' in v)) {
      return 'programme-areas.json5';
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Row accumulation shared by the formats.

interface ProgrammeAcc {
  code: string;
  name: string | null;
  url: string | null;
  beneficiaries: Set<string>;
  fms: Set<string>;
  sectors: Set<string>;
  areas: Set<string>;
}

interface ProjectAcc {
  code: string;
  programme: string;
  beneficiary: string;
  fms: Set<string>;
  donors: Set<string>;
  flags: { is_dpp: boolean; has_ended: boolean; continued_coop: boolean; improved_knowledge: boolean };
  src: Set<string>;
  dst: Set<string>;
}

interface OrgAcc {
  id: string;
  scheme: string;
  key: string;
  name: string;
  nuts: string | null;
  country: string | null;
  roles: Set<string>;
}

/**
 * The kind an organisation's role says. Only the donor programme partners' role says one: the 2009-2014
 * regulation makes them public entities of a donor state (or an international organisation, which the
 * name then tells), a generic hint that a name rule may sharpen (Ministry, Directorate...). Programme
 * operators and project partners may be public or private, so their roles give no kind.
 */
function roleKind(o: OrgAcc): { kindHint?: string; kindRule?: string } {
  if (o.scheme !== DPP_SCHEME) return {};
  return { kindHint: 'PUBLIC_BODY', kindRule: 'eea-grants role DPP (donor programme partner: a public entity of a donor state)' };
}

class Acc {
  funds = new Set<string>();
  programmes = new Map<string, ProgrammeAcc>();
  projects = new Map<string, ProjectAcc>();
  orgs = new Map<string, OrgAcc>();
  participants = new Map<string, { programme: string; role: string; record: string; nuts: string | null; prj: number | null }>();
  /** NUTS codes no table resolves, counted: the report's notes list them (the record keeps no place). */
  unresolved = new Map<string, number>();
  constructor(
    readonly ctx: ParseContext,
    /** Whether this file lists every programme area (projects.json, grants.json). */
    readonly knowsAreas: boolean,
  ) {}

  /** The place of a NUTS code, or null (an unknown code is counted for the notes). */
  place(code: string): string | null {
    const r = resolveNuts(code);
    if (r.how === 'unknown' || r.how === 'none') this.unresolved.set(code, (this.unresolved.get(code) ?? 0) + 1);
    return r.placeId;
  }

  fund(fm: string): string {
    this.funds.add(fm);
    return (FUNDS[fm] as { id: string }).id;
  }

  programme(
    code: string,
    fm: string,
    beneficiary: string | null,
    info: { name?: unknown; url?: unknown; sector?: unknown; area?: unknown },
  ) {
    let p = this.programmes.get(code);
    if (!p) {
      p = { code, name: null, url: null, beneficiaries: new Set(), fms: new Set(), sectors: new Set(), areas: new Set() };
      this.programmes.set(code, p);
    }
    this.fund(fm);
    p.fms.add(fm);
    if (beneficiary) p.beneficiaries.add(beneficiary);
    p.name ??= str(info.name);
    p.url ??= str(info.url);
    const sector = str(info.sector);
    const area = str(info.area);
    if (sector) p.sectors.add(sector);
    if (area) p.areas.add(area);
  }

  project(
    code: string,
    programme: string,
    beneficiary: string,
    fm: string,
    donor: string | null,
    flags: ProjectAcc['flags'],
    src: string[],
    dst: string[],
  ) {
    let p = this.projects.get(code);
    if (!p) {
      p = { code, programme, beneficiary, fms: new Set(), donors: new Set(), flags, src: new Set(), dst: new Set() };
      this.projects.set(code, p);
    }
    p.fms.add(fm);
    if (donor) p.donors.add(donor);
    for (const s of src) p.src.add(s);
    for (const d of dst) p.dst.add(d);
  }

  /** An organisation in a programme role; `fallbackCountry` when its NUTS code gives none. */
  organisation(
    scheme: string,
    key: string,
    name: string,
    nuts: string | null,
    fallbackCountry: string | null,
    role: string,
    programme: string,
    prj: number | null,
  ) {
    const id = `${scheme}:${key}`;
    let o = this.orgs.get(id);
    if (!o) {
      const country = (nuts ? countryCodeOf(nuts.slice(0, 2)) : null) ?? countryCodeOf(fallbackCountry);
      o = { id, scheme, key, name, nuts, country, roles: new Set() };
      this.orgs.set(id, o);
    }
    o.roles.add(role);
    const pid = `participant:${programmeId(programme).slice('programme:'.length)}:${role}:${id}`;
    const seen = this.participants.get(pid);
    if (!seen) this.participants.set(pid, { programme, role, record: id, nuts, prj });
    else if (prj !== null) seen.prj = Math.max(seen.prj ?? 0, prj);
  }

  rows(): {
    funding: Required<Pick<NonNullable<ParsedFile['rows']['funding']>, 'funds' | 'programmes' | 'grants' | 'participants'>>;
    projects: ProjectRow[];
    orgs: OrganisationRecordRow[];
  } {
    const cite = (id: string) => [recordRef(this.ctx.sourceId, id)];
    const funds: FundRow[] = sorted(this.funds).map((fm) => {
      const f = FUNDS[fm] as { id: string; name: string };
      return { id: f.id, name: f.name, kind: 'GRANT_MECHANISM', sourceIds: cite(`fm/${fm}`) };
    });
    const programmes: ProgrammeRow[] = [];
    for (const p of [...this.programmes.values()].sort((a, b) => a.code.localeCompare(b.code))) {
      if (!p.name) continue; // files without programme names (overview, per-country, organisations CSV) add no programme rows
      const [only] = p.beneficiaries;
      const country = p.beneficiaries.size === 1 && only && p.code.startsWith(only) ? countryCodeOf(only) : null;
      programmes.push({
        id: programmeId(p.code),
        name: p.name,
        code: p.code,
        startYear: 2009,
        endYear: 2014,
        period: PERIOD,
        countryId: country ? countryPlaceId(country) : null,
        fundIds: sorted([...p.fms].map((fm) => (FUNDS[fm] as { id: string }).id)),
        ...(this.knowsAreas ? { sector: sorted(p.sectors).join('; ') || null, area: sorted(p.areas).join('; ') || null } : {}),
        website: p.url,
        identifiers: [{ scheme: 'eea-grants/programme', value: p.code }],
        sourceIds: cite(`programme/${p.code}`),
      });
    }
    const projects: ProjectRow[] = [];
    const grants: GrantRow[] = [];
    for (const p of [...this.projects.values()].sort((a, b) => a.code.localeCompare(b.code))) {
      const country = countryCodeOf(p.beneficiary);
      const placeIds = sorted([...p.dst].map((c) => this.place(c)).filter((x): x is string => !!x));
      projects.push({
        id: projectId(p.code),
        title: `${sorted(p.fms).join(' / ')} project ${p.code}`,
        code: p.code,
        status: p.flags.has_ended ? 'COMPLETED' : 'ONGOING',
        statusAsOf: STATUS_AS_OF,
        programmeId: programmeId(p.programme),
        currency: null,
        countryIds: country ? [countryPlaceId(country)] : [],
        placeIds,
        identifiers: [{ scheme: 'eea-grants/project', value: p.code }],
        attributes: {
          titleIsLabel: true,
          ...p.flags,
          src_nuts: sorted(p.src),
          dst_nuts: sorted(p.dst),
          donors: sorted(p.donors),
        },
        sourceIds: cite(`project/${p.code}`),
      });
      grants.push({
        id: `grant:eea-grants:${p.code}`,
        programmeId: programmeId(p.programme),
        projectId: projectId(p.code),
        amount: null,
        currency: null,
        sourceIds: cite(`project/${p.code}`),
      });
    }
    const orgs: OrganisationRecordRow[] = [...this.orgs.values()]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((o) => ({
        id: o.id,
        scheme: o.scheme,
        key: o.key,
        dataset: 'eea-grants',
        name: o.name,
        countryCode: o.country,
        placeId: o.nuts ? this.place(o.nuts) : o.country ? countryPlaceId(o.country) : null,
        placeText: o.nuts,
        identifiers: [],
        ...roleKind(o),
        attributes: { roles: sorted(o.roles) },
        sourceIds: cite(`${o.scheme === ORG_SCHEME ? 'organisation' : 'dpp'}/${o.key}`),
      }));
    const participants: ProgrammeParticipantRow[] = [...this.participants.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, p]) => ({
        id,
        programmeId: programmeId(p.programme),
        organisationRecordId: p.record,
        role: ROLES[p.role] as string,
        projectCount: p.prj,
        placeCode: p.nuts,
        sourceIds: cite(`programme/${p.programme}/${p.role}/${p.record.slice(p.record.indexOf(':') + 1)}`),
      }));
    return { funding: { funds, programmes, grants, participants }, projects, orgs };
  }
}

function fundOf(fm: unknown, where: { path?: string; line?: number; recordId?: string }, ctx: ParseContext): string | null {
  if (typeof fm === 'string' && FUNDS[fm]) return fm;
  ctx.reject({ ...where, field: 'fm', reason: `unknown financial mechanism ${JSON.stringify(fm)} (EEA Grants or Norway Grants)` });
  return null;
}

function asArray(json: unknown, file: FileInput): unknown[] {
  if (!Array.isArray(json)) throw new IngestError(file.path, null, 'expected a JSON array');
  return json;
}

const FLAG_KEYS = ['is_dpp', 'has_ended', 'continued_coop', 'improved_knowledge'] as const;

const nutsList = z
  .unknown()
  .refine((v) => v === undefined || (Array.isArray(v) && v.every((x) => typeof x === 'string')), { error: 'not a list of NUTS codes' })
  .optional();

/** One project of a partners.json record: its four flags and the NUTS codes of its two sides. */
const PARTNER_PROJECT = z.object({
  ...Object.fromEntries(FLAG_KEYS.map((k) => [k, z.boolean({ error: (issue) => `not true/false: ${JSON.stringify(issue.input)}` })])),
  src_nuts: nutsList,
  dst_nuts: nutsList,
});

/** One organisation of a partners.json record, under its role and key. */
const PARTNER_ORGANISATION = z.object({
  name: z.unknown().refine((v) => str(v) !== null, { error: 'missing organisation name' }),
  prj: z
    .unknown()
    .refine((v) => v === undefined || v === null || !Number.isNaN(toNumber(v)), {
      error: (issue) => `not a project count: ${JSON.stringify(issue.input)}`,
    })
    .optional(),
});

// ---------------------------------------------------------------------------------------------------------
// partners.json and the two CSVs derived from it.

function parsePartners(file: FileInput, ctx: ParseContext): ParsedFile {
  const list = asArray(parseJson(file), file);
  const acc = new Acc(ctx, false);
  // biome-ignore lint/suspicious/useIterableCallbackReturn: `return ctx.reject(...)` skips the record; reject returns nothing
  list.forEach((raw, i) => {
    const path = `$[${i}]`;
    if (!isObject(raw)) {
      ctx.reject({ path, field: '', reason: 'not an object' });
      return;
    }
    const fm = fundOf(raw.fm, { path: `${path}.fm` }, ctx);
    const code = str(raw.programme);
    const beneficiary = str(raw.beneficiary);
    const donor = str(raw.donor);
    if (!fm) return;
    if (!code) return ctx.reject({ path: `${path}.programme`, field: 'programme', reason: 'missing programme code' });
    if (!beneficiary || !countryCodeOf(beneficiary)) {
      return ctx.reject({
        path: `${path}.beneficiary`,
        field: 'beneficiary',
        recordId: code,
        reason: `not a country code: ${JSON.stringify(raw.beneficiary)}`,
      });
    }
    const projects = isObject(raw.projects) ? raw.projects : {};
    for (const [pcode, p] of Object.entries(projects)) {
      const ppath = `${path}.projects["${pcode}"]`;
      if (!isObject(p)) return ctx.reject({ path: ppath, field: 'projects', recordId: pcode, reason: 'not an object' });
      if (!validRecord(PARTNER_PROJECT, p, { path: ppath, recordId: pcode }, ctx)) return;
    }
    const info = isObject(raw.programmes) && isObject(raw.programmes[code]) ? (raw.programmes[code] as Json) : {};
    acc.programme(code, fm, beneficiary, { name: info.name, url: info.url });
    for (const [pcode, p] of Object.entries(projects) as Array<[string, Json]>) {
      const flags = Object.fromEntries(FLAG_KEYS.map((k) => [k, p[k] as boolean])) as ProjectAcc['flags'];
      acc.project(pcode, code, beneficiary, fm, donor, flags, (p.src_nuts as string[]) ?? [], (p.dst_nuts as string[]) ?? []);
    }
    for (const role of ['PO', 'PJDPP', 'PJPT'] as const) {
      const group = raw[role];
      if (group === undefined || group === null) continue;
      if (!isObject(group)) return ctx.reject({ path: `${path}.${role}`, field: role, recordId: code, reason: 'not an object' });
      for (const [key, org] of Object.entries(group)) {
        const opath = `${path}.${role}["${key}"]`;
        if (!/^\d+$/.test(key)) {
          ctx.reject({ path: opath, field: 'key', recordId: key, reason: 'organisation key is not a number' });
          continue;
        }
        const o = isObject(org) ? org : {};
        if (!validRecord(PARTNER_ORGANISATION, o, { path: opath, recordId: key }, ctx)) continue;
        const name = str(o.name) as string;
        const prj = o.prj === undefined || o.prj === null ? null : toNumber(o.prj);
        const country = role === 'PJDPP' ? donor : beneficiary;
        acc.organisation(ORG_SCHEME, key, name, str(o.nuts), country, role, code, prj);
      }
    }
    const dpp = str(raw.DPP);
    if (dpp) acc.organisation(DPP_SCHEME, slug(dpp), dpp, str(raw.DPP_nuts), donor, 'DPP', code, null);
  });
  return built(list.length, acc);
}

function built(records: number, acc: Acc): ParsedFile {
  const { funding, projects, orgs } = acc.rows();
  const notes = [...unresolvedNutsNote(acc.unresolved, 'place mention(s) of projects and organisations'), ...placeRecords(orgs)];
  return {
    records,
    ...(notes.length ? { notes } : {}),
    rows: {
      funding,
      projects: { projects },
      organisations: { organisationRecords: orgs },
    },
  };
}

function bool(value: string | undefined): boolean | null {
  if (value === 'True' || value === 'true') return true;
  if (value === 'False' || value === 'false') return false;
  return null;
}

function parseProjectsCsv(file: FileInput, ctx: ParseContext): ParsedFile {
  const { rows } = parseDelimited(file, ',');
  const acc = new Acc(ctx, false);
  for (const { line, record: r } of rows) {
    const code = r.project_code ?? '';
    const fm = fundOf(r.financial_mechanism, { line, recordId: code }, ctx);
    if (!fm) continue;
    if (!code || !r.programme_code) {
      ctx.reject({ line, field: code ? 'programme_code' : 'project_code', recordId: code || undefined, reason: 'missing code' });
      continue;
    }
    const beneficiary = r.beneficiary_state ?? '';
    if (!countryCodeOf(beneficiary)) {
      ctx.reject({ line, field: 'beneficiary_state', recordId: code, reason: `not a country code: "${beneficiary}"` });
      continue;
    }
    const flags: Partial<ProjectAcc['flags']> = {};
    let bad = false;
    for (const k of FLAG_KEYS) {
      const b = bool(r[k]);
      if (b === null) {
        ctx.reject({ line, field: k, recordId: code, reason: `not True/False: "${r[k] ?? ''}"` });
        bad = true;
        break;
      }
      flags[k] = b;
    }
    if (bad) continue;
    const split = (v: string | undefined) =>
      v
        ? v
            .split('|')
            .map((x) => x.trim())
            .filter(Boolean)
        : [];
    acc.programme(r.programme_code, fm, beneficiary, { name: r.programme_name, url: r.programme_url });
    acc.project(
      code,
      r.programme_code,
      beneficiary,
      fm,
      r.donor_state || null,
      flags as ProjectAcc['flags'],
      split(r.donor_partner_nuts),
      split(r.beneficiary_nuts),
    );
  }
  return built(rows.length, acc);
}

/** The cells of one line of donor-partnership-organisations.csv (after its financial mechanism). */
const ORGANISATION_ROW = z.object({
  role: z.enum(['PO', 'PJDPP', 'PJPT'], { error: (issue) => `unknown role ${JSON.stringify(issue.input)} (PO, PJDPP or PJPT)` }),
  org_key: z.string().regex(/^\d+$/, { error: 'organisation key is not a number' }),
  org_name: z.string().min(1, { error: 'missing organisation name' }),
  programme_code: z.string().min(1, { error: 'missing programme code' }),
  project_count: cell.count,
});

function parseOrganisationsCsv(file: FileInput, ctx: ParseContext): ParsedFile {
  const { rows } = parseDelimited(file, ',');
  const acc = new Acc(ctx, false);
  for (const { line, record: r } of rows) {
    const key = r.org_key ?? '';
    const fm = fundOf(r.financial_mechanism, { line, recordId: key }, ctx);
    if (!fm) continue;
    const valid = validRecord(ORGANISATION_ROW, r, { line, recordId: key || undefined }, ctx);
    if (!valid) continue;
    const { role, org_name: name, programme_code: programme, project_count: prj } = valid;
    acc.fund(fm);
    // The CSV has no donor column: a donor project partner's country comes from its NUTS code.
    const fallback = role === 'PJDPP' ? null : (r.beneficiary_state ?? null);
    acc.organisation(ORG_SCHEME, key, name, r.nuts || null, fallback, role, programme, prj);
  }
  return built(rows.length, acc);
}

// ---------------------------------------------------------------------------------------------------------
// projects.json, grants.json (programme areas per beneficiary state), per-country files, overview.json.

interface AreaRow {
  path: string;
  fm: string;
  sector: string | null;
  area: string;
  codes: string[];
  raw: Json;
}

/** Reads the (fm, sector, area, programmes) part common to the allocation files; null when rejected. */
function areaRow(raw: unknown, path: string, ctx: ParseContext): AreaRow | null {
  if (!isObject(raw)) {
    ctx.reject({ path, field: '', reason: 'not an object' });
    return null;
  }
  const fm = fundOf(raw.fm, { path: `${path}.fm` }, ctx);
  if (!fm) return null;
  const area = str(raw.area);
  if (!area) {
    ctx.reject({ path: `${path}.area`, field: 'area', reason: 'missing programme area' });
    return null;
  }
  if (!isObject(raw.programmes)) {
    ctx.reject({ path: `${path}.programmes`, field: 'programmes', reason: 'not an object' });
    return null;
  }
  return { path, fm, sector: str(raw.sector), area, codes: Object.keys(raw.programmes).sort(), raw };
}

function amount(raw: Json, field: string, path: string, ctx: ParseContext, recordId?: string): number | null | undefined {
  if (!(field in raw)) return undefined;
  const n = toNumber(raw[field]);
  if (Number.isNaN(n) || (n !== null && n < 0)) {
    ctx.reject({ path: `${path}.${field}`, field, recordId, reason: `not an amount: ${JSON.stringify(raw[field])}` });
    return Number.NaN;
  }
  return n;
}

/** A money field as an exact decimal: undefined when absent, null when empty, NaN (rejected) when not an amount. */
function decimal(
  raw: Json,
  field: string,
  path: string,
  ctx: ParseContext,
  recordId?: string,
): Decimal | null | undefined | typeof Number.NaN {
  if (!(field in raw)) return undefined;
  const d = toDecimal(raw[field]);
  if (d === undefined || (d !== null && d.startsWith('-'))) {
    ctx.reject({ path: `${path}.${field}`, field, recordId, reason: `not an amount: ${JSON.stringify(raw[field])}` });
    return Number.NaN;
  }
  return d;
}

const allocationId = (code: string, fundId: string, placeCode: string, area: string, basis: string | null) =>
  `allocation:eea-grants:${PERIOD}:${code}:${fundId.slice('fund:'.length)}:${placeCode}:${slug(area)}${basis ? `:${basis}` : ''}`;

export interface EeaParse {
  parsed: ParsedFile;
  /** Records present but not turned into rows, with why (e.g. technical assistance with no programme). */
  skipped: Record<string, number>;
}

function parseAreas(file: FileInput, format: 'projects.json' | 'grants.json', ctx: ParseContext): EeaParse {
  const list = asArray(parseJson(file), file);
  const acc = new Acc(ctx, true);
  const allocations: AllocationRow[] = [];
  const outcomes = new Map<string, OutcomeRow>();
  const links = new Map<string, OutcomeLinkRow>();
  const skipped: Record<string, number> = {};
  const technicalAssistance = new Map<string, Decimal[]>();
  list.forEach((raw, i) => {
    const row = areaRow(raw, `$[${i}]`, ctx);
    if (!row) return;
    const beneficiary = str(row.raw.beneficiary);
    if (!beneficiary || !countryCodeOf(beneficiary)) {
      ctx.reject({
        path: `${row.path}.beneficiary`,
        field: 'beneficiary',
        reason: `not a country code: ${JSON.stringify(row.raw.beneficiary)}`,
      });
      return;
    }
    const fields = [
      'allocation',
      'net_allocation',
      ...(format === 'projects.json' ? ['project_allocation', 'project_count'] : ['bilateral_allocation']),
    ];
    const values: Record<string, Decimal | number | null | undefined> = {};
    for (const f of fields) {
      const v = f === 'project_count' ? amount(row.raw, f, row.path, ctx, row.codes[0]) : decimal(row.raw, f, row.path, ctx, row.codes[0]);
      if (typeof v === 'number' && Number.isNaN(v)) return;
      values[f] = v;
    }
    const dec = (f: string) => values[f] as Decimal | null | undefined;
    if (values.allocation === null || values.allocation === undefined) {
      ctx.reject({ path: `${row.path}.allocation`, field: 'allocation', reason: 'missing allocation' });
      return;
    }
    if (row.codes.length === 0) {
      // Technical assistance has no programme: not an allocation row, but part of the country's total.
      skipped['no programme (technical assistance)'] = (skipped['no programme (technical assistance)'] ?? 0) + 1;
      const key = `${beneficiary} ${row.fm}`;
      technicalAssistance.set(key, [...(technicalAssistance.get(key) ?? []), dec('allocation') as Decimal]);
      return;
    }
    const infos = row.raw.programmes as Json;
    for (const code of row.codes) {
      const info = isObject(infos[code]) ? (infos[code] as Json) : {};
      acc.programme(code, row.fm, beneficiary, { name: info.name, url: info.url, sector: row.sector, area: row.area });
    }
    // An area shared by two programmes has one allocation: it is given to the first programme by code.
    if (row.codes.length > 1)
      skipped['area allocation shared by two programmes (given to the first)'] =
        (skipped['area allocation shared by two programmes (given to the first)'] ?? 0) + 1;
    const first = row.codes[0] as string;
    const fundId = acc.fund(row.fm);
    const country = countryCodeOf(beneficiary) as string;
    allocations.push({
      id: allocationId(first, fundId, beneficiary, row.area, null),
      programmeId: programmeId(first),
      fundId,
      placeId: countryPlaceId(country),
      placeCode: beneficiary,
      sector: row.sector,
      area: row.area,
      amount: dec('allocation') as Decimal,
      netAmount: dec('net_allocation') ?? undefined,
      ...(format === 'projects.json'
        ? { projectAmount: dec('project_allocation') ?? null, projectCount: (values.project_count as number | null | undefined) ?? null }
        : { bilateralAmount: dec('bilateral_allocation') ?? null }),
      currency: 'EUR',
      sourceIds: [recordRef(ctx.sourceId, `allocation/${row.fm}/${beneficiary}/${row.area}`)],
    });
    if (format === 'grants.json' && isObject(row.raw.results)) {
      for (const [title, indicators] of Object.entries(row.raw.results)) {
        const key = `${row.codes.join('+')}:${slug(title)}`;
        const id = `outcome:eea-grants:${PERIOD}:${key}`;
        const cite = [recordRef(ctx.sourceId, `result/${row.codes.join('+')}/${title}`)];
        let outcome = outcomes.get(id);
        if (!outcome) {
          outcome = { id, kind: 'RESULT', name: title, title, language: 'en', indicators: [], sourceIds: cite };
          outcomes.set(id, outcome);
        }
        if (!isObject(indicators)) continue;
        for (const [name, v] of Object.entries(indicators)) {
          const a = isObject(v) ? toNumber(v.achievement) : Number.NaN;
          const order = isObject(v) ? toNumber(v.order) : null;
          if (Number.isNaN(a) || Number.isNaN(order)) {
            ctx.reject({
              path: `${row.path}.results["${title}"]["${name}"]`,
              field: 'achievement',
              recordId: first,
              reason: `not a number: ${JSON.stringify(v)}`,
            });
            continue;
          }
          if (!outcome.indicators?.some((x) => x.name === name)) outcome.indicators?.push({ name, achievement: a, order });
        }
        for (const code of row.codes) {
          const lid = `${id}\t${code}`;
          if (!links.has(lid)) {
            links.set(lid, {
              outcomeId: id,
              relation: 'PRODUCED_BY',
              targetType: 'Programme',
              targetId: programmeId(code),
              sourceIds: cite,
            });
          }
        }
      }
    }
  });
  const { funding } = acc.rows();
  const ta = [...technicalAssistance.entries()].sort(([a], [b]) => a.localeCompare(b));
  const notes = ta.length
    ? [
        `technical assistance (no programme, so no allocation row, but part of each country's total in overview.json): ${ta
          .map(([key, amounts]) => `${key} ${sumDecimals(amounts)} EUR`)
          .join('; ')}`,
      ]
    : [];
  return {
    parsed: {
      records: list.length,
      notes,
      rows: {
        funding: { funds: funding.funds, programmes: funding.programmes, allocations },
        ...(format === 'grants.json' ? { outcomes: { outcomes: [...outcomes.values()], links: [...links.values()] } } : {}),
      },
    },
    skipped,
  };
}

/** /api/projects/<CC>.json and /api/grants/<CC>.json: allocation per NUTS code (any version) x programme x area. */
function parseNutsAllocations(file: FileInput, format: 'projects-nuts.json' | 'grants-nuts.json', ctx: ParseContext): EeaParse {
  const list = asArray(parseJson(file), file);
  const acc = new Acc(ctx, false);
  const allocations: AllocationRow[] = [];
  const skipped: Record<string, number> = {};
  const basis = format === 'projects-nuts.json' ? 'projects' : 'grants';
  list.forEach((raw, i) => {
    const row = areaRow(raw, `$[${i}]`, ctx);
    if (!row) return;
    const code = str(row.raw.id);
    const place = resolveNuts(code);
    if (!code || place.how === 'none') {
      ctx.reject({ path: `${row.path}.id`, field: 'id', reason: `not a NUTS code: ${JSON.stringify(row.raw.id)}` });
      return;
    }
    // A NUTS-like code no table knows: the allocation is kept without a place and the code is a note.
    if (!place.placeId) acc.unresolved.set(code, (acc.unresolved.get(code) ?? 0) + 1);
    const value = decimal(row.raw, 'allocation', row.path, ctx, code);
    const count = amount(row.raw, 'project_count', row.path, ctx, code);
    if (typeof value === 'number' || Number.isNaN(count)) return;
    if (value === null || value === undefined) {
      ctx.reject({ path: `${row.path}.allocation`, field: 'allocation', recordId: code, reason: 'missing allocation' });
      return;
    }
    if (row.codes.length === 0) {
      skipped['no programme'] = (skipped['no programme'] ?? 0) + 1;
      return;
    }
    if (row.codes.length > 1)
      skipped['allocation shared by two programmes (given to the first)'] =
        (skipped['allocation shared by two programmes (given to the first)'] ?? 0) + 1;
    const first = row.codes[0] as string;
    const fundId = acc.fund(row.fm);
    allocations.push({
      id: allocationId(first, fundId, code, row.area, basis),
      programmeId: programmeId(first),
      fundId,
      placeId: place.placeId,
      placeCode: code,
      sector: row.sector,
      area: row.area,
      breakdown: basis === 'projects' ? 'PROJECTS' : 'GRANTS',
      amount: value,
      projectCount: count ?? null,
      currency: 'EUR',
      sourceIds: [recordRef(ctx.sourceId, `allocation/${code}/${row.fm}/${first}/${row.area}`)],
    });
  });
  const { funding } = acc.rows();
  const notes = unresolvedNutsNote(acc.unresolved, 'allocation(s)');
  return { parsed: { records: list.length, rows: { funding: { funds: funding.funds, allocations } }, notes }, skipped };
}

/** overview.json: the allocation and project count of each mechanism per beneficiary state, as place figures. */
function parseOverview(file: FileInput, ctx: ParseContext): ParsedFile {
  const list = asArray(parseJson(file), file);
  const acc = new Acc(ctx, false);
  const stats: PlaceStatisticRow[] = [];
  // biome-ignore lint/suspicious/useIterableCallbackReturn: `return ctx.reject(...)` skips the record; reject returns nothing
  list.forEach((raw, i) => {
    const path = `$[${i}]`;
    if (!isObject(raw)) {
      ctx.reject({ path, field: '', reason: 'not an object' });
      return;
    }
    const fm = fundOf(raw.fm, { path: `${path}.fm` }, ctx);
    if (!fm) return;
    const beneficiary = str(raw.beneficiary);
    const country = countryCodeOf(beneficiary);
    if (!beneficiary || !country) {
      return ctx.reject({
        path: `${path}.beneficiary`,
        field: 'beneficiary',
        reason: `not a country code: ${JSON.stringify(raw.beneficiary)}`,
      });
    }
    const value = amount(raw, 'allocation', path, ctx, beneficiary);
    const count = amount(raw, 'project_count', path, ctx, beneficiary);
    if (Number.isNaN(value) || Number.isNaN(count)) return;
    const fundKey = (FUNDS[fm] as { id: string }).id.slice('fund:'.length);
    acc.fund(fm);
    const cite = [recordRef(ctx.sourceId, `${fm}/${beneficiary}`)];
    const programmes = Array.isArray(raw.programmes) ? raw.programmes.filter((p) => typeof p === 'string').join(', ') : '';
    const note = `${fm} ${PERIOD} in ${beneficiary}; programmes ${programmes || 'none listed'}`;
    if (typeof value === 'number') {
      stats.push({
        placeId: countryPlaceId(country),
        indicator: `eea-grants/allocation/${fundKey}`,
        value,
        unit: 'EUR',
        period: PERIOD,
        note,
        sourceIds: cite,
      });
    }
    if (typeof count === 'number') {
      stats.push({
        placeId: countryPlaceId(country),
        indicator: `eea-grants/projects/${fundKey}`,
        value: count,
        unit: 'count',
        period: PERIOD,
        note,
        sourceIds: cite,
      });
    }
  });
  const { funding } = acc.rows();
  return { records: list.length, rows: { funding: { funds: funding.funds }, organisations: { placeStatistics: stats } } };
}

/** The portal's constant lists: checked and counted; they describe presentation (colours, icons, order), not entities. */
function parseConstants(file: FileInput, format: string, ctx: ParseContext): ParsedFile {
  const json = parseJson5(file);
  const entries: Array<[string, unknown]> = Array.isArray(json)
    ? json.map((v, i) => [`$[${i}]`, v])
    : isObject(json)
      ? Object.entries(json).map(([k, v]) => [`$["${k}"]`, v])
      : [];
  if (entries.length === 0) throw new IngestError(file.path, null, `${format}: expected a non-empty list`);
  for (const [path, v] of entries) {
    if (!isObject(v) || !str(v.name)) ctx.reject({ path: `${path}.name`, field: 'name', reason: 'missing name' });
  }
  return { records: entries.length, rows: {} };
}

export function parseEea(file: FileInput, format: string, ctx: ParseContext): EeaParse {
  switch (format) {
    case 'partners.json':
      return { parsed: parsePartners(file, ctx), skipped: {} };
    case 'donor-partnership-projects.csv':
      return { parsed: parseProjectsCsv(file, ctx), skipped: {} };
    case 'donor-partnership-organisations.csv':
      return { parsed: parseOrganisationsCsv(file, ctx), skipped: {} };
    case 'projects.json':
    case 'grants.json':
      return parseAreas(file, format, ctx);
    case 'projects-nuts.json':
    case 'grants-nuts.json':
      return parseNutsAllocations(file, format, ctx);
    case 'overview.json':
      return { parsed: parseOverview(file, ctx), skipped: {} };
    case 'priority-sectors.json5':
    case 'programme-areas.json5':
      return { parsed: parseConstants(file, format, ctx), skipped: {} };
    default:
      throw new IngestError(file.path, null, `eea-grants cannot read format ${format}`);
  }
}

export const eeaGrantsConnector: Connector = {
  name: 'eea-grants',
  description:
    'EEA and Norway Grants 2009-2014 (data.eeagrants.org API snapshot): funds, programmes, allocations, projects, organisations in their roles, programme results',
  dataset: {
    title: 'EEA and Norway Grants 2009-2014 (data.eeagrants.org API snapshot)',
    publisher: 'Financial Mechanism Office (FMO), EEA and Norway Grants',
    url: 'https://data.eeagrants.org/',
    licence:
      'data.eeagrants.org disclaimer: "Reuse is authorised, provided the source is acknowledged." (the eftafmo/dataviz repository has no licence file)',
    attribution: 'EEA and Norway Grants, Financial Mechanism Office, data.eeagrants.org',
    retrievedOn: STATUS_AS_OF,
  },
  detect(file) {
    if (headerHas(file, ',', PROJECTS_CSV)) return { format: 'donor-partnership-projects.csv' };
    if (headerHas(file, ',', ORGS_CSV)) return { format: 'donor-partnership-organisations.csv' };
    if (!/^\s*(\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*[[{]/.test(file.text.slice(0, 4096)) && !looksLikeJson(file)) {
      return {
        format: null,
        why: 'not an EEA Grants file: expected a data.eeagrants.org API JSON file, one of the portal constant lists (JSON5), or donor-partnership-projects/organisations CSV',
      };
    }
    let json: unknown;
    try {
      json = JSON.parse(file.text);
    } catch {
      try {
        json = JSON5.parse(file.text);
      } catch {
        return looksLikeJson(file) ? { format: 'unreadable.json' } : { format: null, why: 'neither JSON nor JSON5' };
      }
    }
    const format = jsonFormat(json);
    return format
      ? { format }
      : {
          format: null,
          why: 'JSON of another shape: not overview, projects, partners, grants, a per-country file or a portal constant list of data.eeagrants.org',
        };
  },
  parse(file, format, ctx) {
    // A file that looked like JSON but does not parse: report the syntax error with its position.
    if (format === 'unreadable.json') {
      parseJson(file);
      throw new IngestError(file.path, null, 'unreadable JSON');
    }
    const { parsed, skipped } = parseEea(file, format, ctx);
    const notes = [...(parsed.notes ?? []), ...Object.entries(skipped).map(([why, n]) => `${n} record(s): ${why}`)];
    return notes.length ? { ...parsed, notes } : parsed;
  },
};
