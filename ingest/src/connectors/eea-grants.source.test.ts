import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sourcesDir } from '@regiograph/lib';
import { describe, expect, it } from 'vitest';
import { readInput } from '../formats.js';
import { nutsCorrespondence } from '../reference.js';
import type { Rejection } from '../types.js';
import { eeaGrantsConnector as connector, parseEea } from './eea-grants.js';

/**
 * The EEA Grants rows checked against the raw records they come from. The files are read here without the
 * connector's reader (lines split by hand, JSON.parse), and the codes are translated by tables written from
 * SOURCE.md and the funding model, not taken from the connector:
 * roles PO (programme operator), DPP (donor programme partner), PJDPP (donor project partner), PJPT
 * (project partner); the two financial mechanisms; has_ended -> status.
 */

const DIR = join(sourcesDir(), 'eea-grants-2009-2014');
const NUTS_DIR = join(sourcesDir(), 'nuts-2021-2024');

const ROLE: Record<string, string> = {
  PO: 'PROGRAMME_OPERATOR',
  DPP: 'DONOR_PROGRAMME_PARTNER',
  PJDPP: 'DONOR_PROJECT_PARTNER',
  PJPT: 'PROJECT_PARTNER',
};
const FUND: Record<string, string> = { 'EEA Grants': 'fund:eea-grants', 'Norway Grants': 'fund:norway-grants' };
const STATUS: Record<string, string> = { True: 'COMPLETED', False: 'ONGOING' };
/** ISO alpha-2 of a NUTS country part: the EU writes Greece EL and the United Kingdom UK. */
const iso = (nutsPrefix: string) => ({ EL: 'GR', UK: 'GB' })[nutsPrefix] ?? nutsPrefix;

const programme = (code: string) => `programme:eea-grants:2009-2014:${code}`;

function load(name: string) {
  const file = readInput(join(DIR, name));
  const detected = connector.detect(file);
  if (detected.format === null) throw new Error(`${name}: ${detected.why}`);
  const rejections: Array<Omit<Rejection, 'file'>> = [];
  const { parsed, skipped } = parseEea(file, detected.format, { sourceId: 'src:eea', reject: (r) => rejections.push(r) });
  return { parsed, skipped, rejections };
}

/** Data lines of a CSV (header dropped, CRLF and blank lines ignored). */
const dataLines = (name: string) =>
  readFileSync(join(DIR, name), 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l !== '');
const json = <T>(name: string) => JSON.parse(readFileSync(join(DIR, name), 'utf8')) as T;

/** Whole cents of a decimal as written ("8648648.65", 119999.6): the expected value, exact. */
function cents(raw: string | number): number {
  if (typeof raw === 'number') return Math.round(raw * 100);
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(raw);
  if (!m) throw new Error(`not a decimal: ${raw}`);
  return Number(m[1]) * 100 + Number(((m[2] ?? '') + '00').slice(0, 2));
}
/** Money rows carry exact decimal strings; cents of one (or of a number, for place statistics). */
const centsOf = (value: string | number | null | undefined) =>
  typeof value === 'number' || typeof value === 'string' ? Math.round(Number(value) * 100) : value;

/** NUTS 2024 codes (second field of nuts2024.csv; the labels after it may hold quoted commas). */
const nuts2024 = new Set(
  readFileSync(join(NUTS_DIR, 'nuts2024.csv'), 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[1] ?? '')
    .filter(Boolean),
);
const euCountries = new Set([...nuts2024].map((c) => c.slice(0, 2)));
/** The committed correspondence of older codes (code -> current region): the facts the connector must follow. */
const correspondence = new Map([...nutsCorrespondence().values()].map((r) => [r.code, r.current]));
/**
 * The place a NUTS code names: the 2024 region, or for an older code the current region the
 * correspondence table gives (never the country for a regional code). nuts2024.csv lists only the EU-27:
 * a donor state's statistical region (NO072) is its own code or its correspondence.
 */
const expectedPlace = (code: string): string | RegExp => {
  const country = `place:country:${iso(code.slice(0, 2))}`;
  if (code.length === 2) return country;
  const current = correspondence.get(code);
  if (current) return current.length === 2 ? `place:country:${iso(current)}` : `place:nuts:${current}`;
  if (!euCountries.has(code.slice(0, 2))) return `place:nuts:${code}`;
  return nuts2024.has(code) ? `place:nuts:${code}` : /^no place: a code in no table$/;
};
const expectPlace = (placeId: string | null | undefined, code: string, what: string) => {
  const e = expectedPlace(code);
  if (typeof e === 'string') expect(placeId, what).toBe(e);
  else expect(placeId, what).toMatch(e);
};

describe('eea-grants rows against the raw records', () => {
  it('donor-partnership-organisations.csv: every line is a participant in its role, with its NUTS code and project count', () => {
    const { parsed, rejections } = load('donor-partnership-organisations.csv');
    expect(rejections).toEqual([]);
    // fm,beneficiary,programme,role,key come first and hold no comma; nuts and project_count are the last two fields.
    const expected = new Map<string, { nuts: string | null; prj: number | null }>();
    const roleCodes = new Set<string>();
    for (const line of dataLines('donor-partnership-organisations.csv')) {
      const f = line.split(',');
      const [, , code, role, key] = f as [string, string, string, string, string];
      const nuts = f.at(-2) || null;
      const prj = f.at(-1) ? Number(f.at(-1)) : null;
      roleCodes.add(role);
      const k = `${programme(code)}|eea-grants/organisation:${key}|${ROLE[role]}`;
      const seen = expected.get(k);
      expected.set(k, {
        nuts: seen?.nuts ?? nuts,
        prj: prj === null ? (seen?.prj ?? null) : Math.max(seen?.prj ?? 0, prj),
      });
    }
    expect([...roleCodes].sort()).toEqual(['PJDPP', 'PJPT', 'PO']);
    const got = new Map(
      (parsed.rows.funding?.participants ?? []).map((p) => [
        `${p.programmeId}|${p.organisationRecordId}|${p.role}`,
        { nuts: p.placeCode, prj: p.projectCount },
      ]),
    );
    expect(got.size).toBe(expected.size);
    for (const [k, e] of expected) expect(got.get(k), k).toEqual({ nuts: e.nuts, prj: e.prj });
  });

  it('donor-partnership-organisations.csv: the SOURCE.md sample lines, one per role', () => {
    const { parsed } = load('donor-partnership-organisations.csv');
    const participants = parsed.rows.funding?.participants ?? [];
    const orgs = parsed.rows.organisations?.organisationRecords ?? [];
    const lines = dataLines('donor-partnership-organisations.csv');
    for (const sample of [
      'EEA Grants,PL,PL03,PO,35,Ministry of Environment,PL127,',
      'EEA Grants,PL,PL03,PJDPP,3043,Norwegian Environment Agency,NO061,1',
      'EEA Grants,PL,PL06,PJPT,507,THE ASSOCIATION OF POLISH CITIES,PL415,',
    ]) {
      expect(lines).toContain(sample);
      const [, beneficiary, code, role, key, name, nuts, prj] = sample.split(',') as string[];
      const id = `eea-grants/organisation:${key}`;
      expect(
        participants.filter((p) => p.programmeId === programme(code as string) && p.organisationRecordId === id).map((p) => p.role),
        sample,
      ).toEqual([ROLE[role as string]]);
      const p = participants.find((x) => x.programmeId === programme(code as string) && x.organisationRecordId === id);
      expect(p?.placeCode).toBe(nuts);
      expect(p?.projectCount).toBe(prj ? Number(prj) : null);
      const org = orgs.find((o) => o.id === id);
      expect(org?.name).toBe(name);
      expect(org?.placeText).toBe(nuts);
      expectPlace((org?.attributes?.regionPlaceId as string | undefined) ?? org?.placeId, nuts as string, sample);
      expect(org?.countryCode).toBe(role === 'PJDPP' ? iso((nuts as string).slice(0, 2)) : beneficiary);
    }
    // PL127 (Warsaw in NUTS 2010/2013) is gone from NUTS 2024; PL415 (Poznański) still exists.
    expect(nuts2024.has('PL127')).toBe(false);
    expect(nuts2024.has('PL415')).toBe(true);
  });

  it('donor-partnership-organisations.csv: every organisation has the name, NUTS code and country of its lines', () => {
    const { parsed } = load('donor-partnership-organisations.csv');
    const orgs = new Map((parsed.rows.organisations?.organisationRecords ?? []).map((o) => [o.id, o]));
    let checked = 0;
    for (const line of dataLines('donor-partnership-organisations.csv')) {
      if (line.includes('"')) continue; // a quoted name (with commas): the naive split below would cut it
      const [, beneficiary, , role, key, name, nuts] = line.split(',') as string[];
      const org = orgs.get(`eea-grants/organisation:${key}`);
      expect(org?.name, line).toBe(name);
      // The first line of an organisation gives its NUTS code; later lines may repeat or lack it.
      if (org?.placeText === nuts && nuts) {
        expectPlace((org?.attributes?.regionPlaceId as string | undefined) ?? org?.placeId, nuts, line);
        expect(org?.countryCode, line).toBe(iso(nuts.slice(0, 2)));
      } else if (!nuts && !org?.placeText && role !== 'PJDPP') {
        expect(org?.countryCode, line).toBe(beneficiary);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(3900);
  });

  it('donor-partnership-projects.csv: every line is its project with status, flags, programme, country and regions', () => {
    const { parsed, rejections } = load('donor-partnership-projects.csv');
    expect(rejections).toEqual([]);
    const projects = new Map((parsed.rows.projects?.projects ?? []).map((p) => [p.code, p]));
    const grants = new Map((parsed.rows.funding?.grants ?? []).map((g) => [g.projectId, g]));
    for (const line of dataLines('donor-partnership-projects.csv')) {
      // fm,beneficiary,donor,programme come first; the last seven fields (project code .. beneficiary_nuts) hold no comma.
      const f = line.split(',');
      const [fm, beneficiary, donor, code] = f as [string, string, string, string];
      const [project, isDpp, hasEnded, coop, knowledge, src, dst] = f.slice(-7) as string[];
      const p = projects.get(project as string);
      expect(p, line).toBeDefined();
      expect(p?.status, project).toBe(STATUS[hasEnded as string]);
      expect(p?.programmeId, project).toBe(programme(code));
      expect(p?.countryIds, project).toEqual([`place:country:${beneficiary}`]);
      expect(p?.title, project).toContain(fm);
      const a = p?.attributes as Record<string, unknown>;
      expect([a.is_dpp, a.has_ended, a.continued_coop, a.improved_knowledge], project).toEqual(
        [isDpp, hasEnded, coop, knowledge].map((v) => v === 'True'),
      );
      expect(a.donors, project).toContain(donor);
      expect(a.src_nuts, project).toEqual(expect.arrayContaining((src as string).split('|').filter(Boolean)));
      expect(a.dst_nuts, project).toEqual(expect.arrayContaining((dst as string).split('|').filter(Boolean)));
      for (const d of (dst as string).split('|').filter(Boolean)) {
        const e = expectedPlace(d);
        if (typeof e === 'string') expect(p?.placeIds, `${project} ${d}`).toContain(e);
      }
      expect(grants.get(`project:eea-grants:${project}`)?.programmeId, project).toBe(programme(code));
    }
    // The SOURCE.md sample: PL03-0009, ended, continued cooperation, NO061 -> PL127.
    expect(projects.get('PL03-0009')).toMatchObject({
      status: 'COMPLETED',
      programmeId: programme('PL03'),
      countryIds: ['place:country:PL'],
      placeIds: ['place:nuts:PL911'],
      attributes: expect.objectContaining({ continued_coop: true, improved_knowledge: false, src_nuts: ['NO061'], dst_nuts: ['PL127'] }),
    });
  });

  it('partners.json: every organisation of every entry is a participant in the role of its group, DPP included', () => {
    type Org = { name: string; nuts?: string; prj?: number };
    type Entry = Record<string, unknown> & { fm: string; programme: string; beneficiary: string; donor: string | null };
    const entries = json<Entry[]>('partners.json');
    const { parsed, rejections } = load('partners.json');
    expect(rejections).toEqual([]);
    const participants = parsed.rows.funding?.participants ?? [];
    const rolesOf = new Map<string, Set<string>>();
    for (const p of participants) {
      const k = `${p.programmeId}|${p.organisationRecordId}`;
      rolesOf.set(k, (rolesOf.get(k) ?? new Set()).add(p.role));
    }
    const orgs = new Map((parsed.rows.organisations?.organisationRecords ?? []).map((o) => [o.id, o]));
    const groups = new Set<string>();
    for (const e of entries) {
      for (const group of ['PO', 'PJDPP', 'PJPT']) {
        for (const [key, org] of Object.entries((e[group] ?? {}) as Record<string, Org>)) {
          groups.add(group);
          const id = `eea-grants/organisation:${key}`;
          expect(rolesOf.get(`${programme(e.programme)}|${id}`), `${e.programme} ${group} ${key}`).toContain(ROLE[group]);
          expect(orgs.get(id)?.name).toBe(org.name);
        }
      }
      if (typeof e.DPP === 'string') {
        groups.add('DPP');
        const dpp = [...orgs.values()].find((o) => o.scheme === 'eea-grants/dpp' && o.name === e.DPP);
        expect(dpp, e.DPP).toBeDefined();
        expect(rolesOf.get(`${programme(e.programme)}|${dpp?.id}`), `${e.programme} DPP`).toEqual(new Set([ROLE.DPP]));
        expect(dpp?.placeText).toBe(e.DPP_nuts ?? null);
      }
    }
    expect([...groups].sort()).toEqual(['DPP', 'PJDPP', 'PJPT', 'PO']);
    // No participant in a role its entries do not give it.
    const stated = new Set<string>();
    for (const e of entries) {
      for (const group of ['PO', 'PJDPP', 'PJPT'])
        for (const key of Object.keys((e[group] ?? {}) as object))
          stated.add(`${programme(e.programme)}|eea-grants/organisation:${key}|${ROLE[group]}`);
    }
    for (const p of participants.filter((x) => x.role !== ROLE.DPP)) {
      expect(stated.has(`${p.programmeId}|${p.organisationRecordId}|${p.role}`), p.id).toBe(true);
    }
  });

  it('partners.json: project counts, NUTS codes and funds of named records', () => {
    const { parsed } = load('partners.json');
    const participants = parsed.rows.funding?.participants ?? [];
    const entry = json<Array<Record<string, unknown>>>('partners.json').find((e) => e.programme === 'PL03') as {
      fm: string;
      PJDPP: Record<string, { nuts: string; prj: number }>;
      PJPT: Record<string, { nuts: string }>;
    };
    for (const [key, org] of Object.entries(entry.PJDPP)) {
      const p = participants.find(
        (x) => x.programmeId === programme('PL03') && x.organisationRecordId === `eea-grants/organisation:${key}`,
      );
      expect(p, key).toMatchObject({ role: 'DONOR_PROJECT_PARTNER', projectCount: org.prj, placeCode: org.nuts });
    }
    for (const [key, org] of Object.entries(entry.PJPT)) {
      const p = participants.find(
        (x) => x.programmeId === programme('PL03') && x.organisationRecordId === `eea-grants/organisation:${key}`,
      );
      expect(p, key).toMatchObject({ role: 'PROJECT_PARTNER', projectCount: null, placeCode: org.nuts });
    }
    const pl03 = parsed.rows.funding?.programmes?.find((p) => p.code === 'PL03');
    expect(pl03?.fundIds).toEqual([FUND[entry.fm]]);
  });

  it('projects.json and grants.json: every programme area allocation has the raw amounts to the cent', () => {
    type Area = {
      fm: string;
      area: string;
      sector: string;
      beneficiary: string;
      programmes: Record<string, { name: string }>;
      allocation: string;
      net_allocation: string;
      project_allocation?: number;
      project_count?: number;
      bilateral_allocation?: number;
    };
    for (const name of ['projects.json', 'grants.json']) {
      const { parsed, rejections } = load(name);
      expect(rejections).toEqual([]);
      const allocations = parsed.rows.funding?.allocations ?? [];
      const programmes = new Map((parsed.rows.funding?.programmes ?? []).map((p) => [p.code, p]));
      let checked = 0;
      for (const e of json<Area[]>(name)) {
        const codes = Object.keys(e.programmes).sort();
        if (codes.length === 0) continue; // technical assistance: no programme
        const matching = allocations.filter(
          (a) =>
            a.programmeId === programme(codes[0] as string) &&
            a.fundId === FUND[e.fm] &&
            a.area === e.area &&
            a.placeCode === e.beneficiary,
        );
        expect(matching, `${name} ${codes[0]} ${e.area}`).toHaveLength(1);
        const [a] = matching;
        expect(a?.placeId).toBe(`place:country:${e.beneficiary}`);
        expect(a?.sector).toBe(e.sector);
        expect(a?.currency).toBe('EUR');
        expect(centsOf(a?.amount), `${name} ${codes[0]} allocation`).toBe(cents(e.allocation));
        expect(centsOf(a?.netAmount), `${name} ${codes[0]} net_allocation`).toBe(cents(e.net_allocation));
        if (name === 'projects.json') {
          expect(centsOf(a?.projectAmount), `${codes[0]} project_allocation`).toBe(cents(e.project_allocation as number));
          expect(a?.projectCount, `${codes[0]} project_count`).toBe(e.project_count);
        } else {
          expect(centsOf(a?.bilateralAmount), `${codes[0]} bilateral_allocation`).toBe(cents(e.bilateral_allocation as number));
        }
        for (const code of codes) {
          expect(programmes.get(code)?.name, code).toBe(e.programmes[code]?.name);
          expect(programmes.get(code)?.fundIds, code).toContain(FUND[e.fm]);
        }
        checked++;
      }
      expect(checked, name).toBe(260 - 62);
    }
    // Hand-checked in projects.json: EEA Grants, BG, "Integrated marine and inland water management".
    const bg02 = load('projects.json').parsed.rows.funding?.allocations?.find((a) => a.programmeId === programme('BG02'));
    expect(bg02).toMatchObject({
      amount: '8648648.65',
      netAmount: '8000000',
      projectAmount: '6596658',
      projectCount: 12,
      fundId: 'fund:eea-grants',
    });
  });

  it('per-country files: every NUTS allocation has its code, place, fund and amount to the cent', () => {
    type Nuts = { id: string; fm: string; area: string; allocation: string; project_count: number; programmes: Record<string, string> };
    for (const name of ['grants-PL.json', 'grants-RO.json', 'projects-PL.json', 'projects-RO.json']) {
      const { parsed, rejections } = load(name);
      expect(rejections).toEqual([]);
      const allocations = parsed.rows.funding?.allocations ?? [];
      for (const e of json<Nuts[]>(name)) {
        const first = Object.keys(e.programmes).sort()[0] as string;
        const matching = allocations.filter(
          (a) => a.placeCode === e.id && a.programmeId === programme(first) && a.fundId === FUND[e.fm] && a.area === e.area,
        );
        expect(matching, `${name} ${e.id} ${first} ${e.area}`).toHaveLength(1);
        const [a] = matching;
        expect(centsOf(a?.amount), `${name} ${e.id} ${first}`).toBe(cents(e.allocation));
        expect(a?.projectCount).toBe(e.project_count);
        // Codes still in NUTS 2024 are their region, older ones their current region; country codes the country.
        expectPlace(a?.placeId, e.id, `${name} ${e.id}`);
        expect(a?.breakdown).toBe(name.startsWith('projects') ? 'PROJECTS' : 'GRANTS');
      }
    }
    // Hand-checked: grants-PL.json's first record, PL113 (Miasto Łódź), EEA Grants PL02, 82561.53 EUR, 21 projects.
    const pl113 = load('grants-PL.json').parsed.rows.funding?.allocations?.find((a) => a.placeCode === 'PL113');
    // PL113 is no NUTS 2024 code: Miasto Łódź is PL711 since NUTS 2016.
    expect(pl113).toMatchObject({ placeId: 'place:nuts:PL711', amount: '82561.53', projectCount: 21, programmeId: programme('PL02') });
    expect(nuts2024.has('PL113')).toBe(false);
  });

  it('overview.json: every mechanism and beneficiary state gives its allocation (to the cent) and project count', () => {
    type Overview = { fm: string; beneficiary: string; allocation: number; project_count: number };
    const { parsed, rejections } = load('overview.json');
    expect(rejections).toEqual([]);
    const stats = parsed.rows.organisations?.placeStatistics ?? [];
    for (const e of json<Overview[]>('overview.json')) {
      const fund = (FUND[e.fm] as string).slice('fund:'.length);
      const of = (indicator: string) =>
        stats.filter((s) => s.placeId === `place:country:${e.beneficiary}` && s.indicator === `eea-grants/${indicator}/${fund}`);
      const [allocation] = of('allocation');
      const [count] = of('projects');
      expect(of('allocation'), `${e.fm} ${e.beneficiary}`).toHaveLength(1);
      expect(centsOf(allocation?.value), `${e.fm} ${e.beneficiary} allocation`).toBe(cents(e.allocation));
      expect(allocation?.unit).toBe('EUR');
      expect(count?.value, `${e.fm} ${e.beneficiary} project_count`).toBe(e.project_count);
      expect(count?.unit).toBe('count');
    }
    // Norway Grants in CY: 3,999,999.99 EUR, 6 projects (overview.json, fourth record).
    expect(stats.find((s) => s.placeId === 'place:country:CY' && s.indicator === 'eea-grants/allocation/norway-grants')?.value).toBe(
      3999999.99,
    );
  });
});
