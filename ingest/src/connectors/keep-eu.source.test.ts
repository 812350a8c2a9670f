import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sourcesDir } from '@regiograph/lib';
import { describe, expect, it } from 'vitest';
import { readInput } from '../formats.js';
import { nutsCorrespondence } from '../reference.js';
import type { Rejection } from '../types.js';
import { keepEuConnector as connector, parseNuts3Aggregates } from './keep-eu.js';

/**
 * keep.eu rows checked against the raw records (JSON.parse, lines split by hand), with the codes translated by
 * tables written here from SOURCE.md: partnership type lead|partner, the project statuses, the partners'
 * country names (ISO 3166-1 alpha-2), and amounts compared in whole cents.
 */

const SOURCES = sourcesDir();
const SAMPLES = join(SOURCES, 'keep-eu-api-samples');
const AGGREGATES = join(SOURCES, 'keep-eu-nuts3-aggregates-2014-2020', 'keep-eu-nuts3-aggregates-2014-2020.csv');

const ROLE: Record<string, string> = { lead: 'LEAD_PARTNER', partner: 'PARTNER' };
const STATUS: Record<string, string> = { closed: 'COMPLETED', ongoing: 'ONGOING' };
const COUNTRY: Record<string, string> = { Romania: 'RO', Bulgaria: 'BG', Moldova: 'MD', Georgia: 'GE', Turkey: 'TR' };

function load(path: string) {
  const file = readInput(path);
  const detected = connector.detect(file);
  if (detected.format === null) throw new Error(detected.why);
  const rejections: Array<Omit<Rejection, 'file'>> = [];
  const parsed = connector.parse(file, detected.format, { sourceId: 'src:keep', reject: (r) => rejections.push(r) });
  return { parsed, rejections };
}

/** Whole cents of an amount as keep.eu writes it ("5816165.49", "172890.60"), or null. */
function cents(raw: string | null | undefined): number | null {
  if (raw === null || raw === undefined) return null;
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(raw);
  if (!m) throw new Error(`not an amount: ${raw}`);
  return Number(m[1]) * 100 + Number(((m[2] ?? '') + '00').slice(0, 2));
}
/** Money rows carry exact decimal strings. */
const centsOf = (value: string | number | null | undefined) =>
  typeof value === 'number' || typeof value === 'string' ? Math.round(Number(value) * 100) : value;

interface RawPartnership {
  id: number;
  type: string;
  total_budget: string | null;
  co_financing_eur: string | null;
  town: string | null;
  postcode: string | null;
  legal_status: string | null;
  location_json: { lat: number | string; lng: number | string } | null;
  partner: { id: number; name: string; country: { title: string }; translations?: { en?: { name_translated?: string } } };
}
interface RawProject {
  id: number;
  project_id: string | null;
  status: string;
  start_date: string;
  end_date: string;
  total_budget: string | null;
  eu_funding: string | null;
  union_co_financing_rate: number | null;
  programme: { id: number; title: string; period: { title: string } };
  translations: { en: { name: string } };
  partnerships: RawPartnership[];
}

describe('keep-eu rows against the raw records', () => {
  for (const sample of ['keep-project-17853.json', 'keep-project-33607.json']) {
    it(`${sample}: project, programme and grant carry the record's status, dates and amounts to the cent`, () => {
      const raw = JSON.parse(readFileSync(join(SAMPLES, sample), 'utf8')) as RawProject;
      const { parsed, rejections } = load(join(SAMPLES, sample));
      expect(rejections).toEqual([]);
      const [project] = parsed.rows.projects?.projects ?? [];
      expect(project?.id).toBe(`project:keep-eu:${raw.id}`);
      expect(project?.status).toBe(STATUS[raw.status]);
      expect(project?.startDate).toBe(raw.start_date);
      expect(project?.endDate).toBe(raw.end_date);
      expect(project?.code).toBe(raw.project_id);
      expect(project?.title).toBe(raw.translations.en.name);
      expect(centsOf(project?.totalBudget)).toBe(cents(raw.total_budget));
      expect(centsOf(project?.euFunding)).toBe(cents(raw.eu_funding));
      expect(project?.coFinancingRate).toBe(raw.union_co_financing_rate);
      expect(project?.currency).toBe('EUR');
      expect(project?.programmeId).toBe(`programme:keep-eu:${raw.programme.id}`);
      expect(project?.countryIds).toEqual(
        [...new Set(raw.partnerships.map((p) => `place:country:${COUNTRY[p.partner.country.title]}`))].sort(),
      );
      const [programme] = parsed.rows.funding?.programmes ?? [];
      const [start, end] = raw.programme.period.title.split('-').map(Number);
      expect(programme).toMatchObject({ name: raw.programme.title, period: raw.programme.period.title, startYear: start, endYear: end });
      const [grant] = parsed.rows.funding?.grants ?? [];
      expect(centsOf(grant?.amount)).toBe(cents(raw.eu_funding));
      expect(grant?.projectId).toBe(project?.id);
    });

    it(`${sample}: every partnership has its role, country, budget and co-financing to the cent`, () => {
      const raw = JSON.parse(readFileSync(join(SAMPLES, sample), 'utf8')) as RawProject;
      const { parsed } = load(join(SAMPLES, sample));
      const partnerships = new Map((parsed.rows.projects?.partnerships ?? []).map((p) => [p.id, p]));
      const orgs = new Map((parsed.rows.organisations?.organisationRecords ?? []).map((o) => [o.id, o]));
      expect(partnerships.size).toBe(raw.partnerships.length);
      for (const r of raw.partnerships) {
        const p = partnerships.get(`partnership:keep-eu:${r.id}`);
        const what = `partnership ${r.id}`;
        expect(p?.role, what).toBe(ROLE[r.type]);
        expect(p?.countryId, what).toBe(`place:country:${COUNTRY[r.partner.country.title]}`);
        expect(centsOf(p?.budget), what).toBe(cents(r.total_budget));
        expect(centsOf(p?.coFinancing), what).toBe(cents(r.co_financing_eur));
        expect(p?.town, what).toBe(r.town);
        expect(p?.postcode ?? null, what).toBe(r.postcode ?? null);
        expect(p?.lat, what).toBe(Number(r.location_json?.lat));
        expect(p?.lng, what).toBe(Number(r.location_json?.lng));
        expect(p?.organisationRecordId, what).toBe(`keep.eu/organisation:${r.partner.id}`);
        const org = orgs.get(`keep.eu/organisation:${r.partner.id}`);
        expect(org?.name, what).toBe(r.partner.name);
        expect(org?.countryCode, what).toBe(COUNTRY[r.partner.country.title]);
      }
      // Each role of the table is in the samples: exactly one lead per project.
      expect(raw.partnerships.filter((r) => r.type === 'lead')).toHaveLength(1);
    });
  }

  it('the samples hold every status, role and country of the tables above', () => {
    const raws = ['keep-project-17853.json', 'keep-project-33607.json'].map(
      (s) => JSON.parse(readFileSync(join(SAMPLES, s), 'utf8')) as RawProject,
    );
    expect(raws.map((r) => r.status).sort()).toEqual(Object.keys(STATUS).sort());
    expect([...new Set(raws.flatMap((r) => r.partnerships.map((p) => p.type)))].sort()).toEqual(Object.keys(ROLE).sort());
    expect([...new Set(raws.flatMap((r) => r.partnerships.map((p) => p.partner.country.title)))].sort()).toEqual(
      Object.keys(COUNTRY).sort(),
    );
  });

  it('programme registry: every line is a programme with its keep.eu ID, name, period and CCI', () => {
    const path = join(SAMPLES, 'interreg-programmes-keep-cci-bg-subset.csv');
    const { parsed, rejections } = load(path);
    expect(rejections).toEqual([]);
    const programmes = new Map((parsed.rows.funding?.programmes ?? []).map((p) => [p.id, p]));
    const lines = readFileSync(path, 'utf8').split('\n').slice(1).filter(Boolean);
    expect(programmes.size).toBe(lines.length);
    for (const line of lines) {
      // keep_programme_id,code,period,name_en,cci come first and hold no comma.
      const [id, , period, name, cci] = line.split(',') as [string, string, string, string, string];
      const p = programmes.get(`programme:keep-eu:${id}`);
      expect(p?.name, line).toBe(name);
      expect(p?.period, line).toBe(period);
      expect([p?.startYear, p?.endYear], line).toEqual(period.split('-').map(Number));
      expect(p?.identifiers, line).toEqual([{ scheme: 'keep.eu/programme', value: id }, ...(cci ? [{ scheme: 'cci', value: cci }] : [])]);
    }
  });

  it('NUTS 3 aggregates: every matched line gives its region its four figures; the unmatched lines none', () => {
    const { ctx, rejections } = (() => {
      const r: Array<Omit<Rejection, 'file'>> = [];
      return { rejections: r, ctx: { sourceId: 'src:keep', reject: (x: Omit<Rejection, 'file'>) => r.push(x) } };
    })();
    const { parsed } = parseNuts3Aggregates(readInput(AGGREGATES), ctx);
    expect(rejections).toEqual([]);
    const stats = parsed.rows.organisations?.placeStatistics ?? [];
    const of = new Map<string, Record<string, number>>();
    for (const s of stats) of.set(s.placeId, { ...of.get(s.placeId), [s.indicator]: s.value });
    const lines = readFileSync(AGGREGATES, 'utf8').split('\n').slice(1).filter(Boolean);
    expect(lines).toHaveLength(1514);
    const matches: Record<string, number> = {};
    // A code NUTS 2024 no longer has counts for the current region the committed correspondence gives
    // (added up where several meet there); every matched line is counted exactly once.
    const current = new Map([...nutsCorrespondence().values()].map((r) => [r.code, r.current]));
    const expected = new Map<string, Record<string, number>>();
    let matched = 0;
    for (const line of lines) {
      // The region name may hold a quoted comma; the last six fields never do.
      const [code, match, projects, partners, budget, erdf] = line.split(',').slice(-6) as string[];
      matches[match as string] = (matches[match as string] ?? 0) + 1;
      if (match === 'none' || match === 'ambiguous') {
        if (code && !code.includes('|')) expect(of.get(`place:nuts:${code}`), line).toBeUndefined();
        continue;
      }
      matched++;
      const place = `place:nuts:${current.get(code as string) ?? code}`;
      const sum = expected.get(place) ?? { 'keep.eu/projects': 0, 'keep.eu/partners': 0, 'keep.eu/total-budget': 0, 'keep.eu/erdf': 0 };
      sum['keep.eu/projects'] = (sum['keep.eu/projects'] as number) + Number(projects);
      sum['keep.eu/partners'] = (sum['keep.eu/partners'] as number) + Number(partners);
      sum['keep.eu/total-budget'] = Math.round(((sum['keep.eu/total-budget'] as number) + Number(budget)) * 100) / 100;
      sum['keep.eu/erdf'] = Math.round(((sum['keep.eu/erdf'] as number) + Number(erdf)) * 100) / 100;
      expected.set(place, sum);
    }
    expect(Object.fromEntries(of)).toEqual(Object.fromEntries(expected));
    // SOURCE.md: exact_name 1,161, transliterated_name 114, ambiguous 46, none 193.
    expect(matches).toEqual({ exact_name: 1161, transliterated_name: 114, ambiguous: 46, none: 193 });
    expect(matched).toBe(1161 + 114);
    // Three matched codes are older than NUTS 2024 (DEG0N Eisenach, LV007 Pierīga, PT170 Lisboa): each
    // counts for its current region (DEG0R, LV00, PT1), none is dropped.
    expect(expected.size).toBe(1161 + 114);
    expect(of.get('place:nuts:DEG0R')).toBeDefined();
    expect(stats.length).toBe(4 * expected.size);
    // SOURCE.md's sample lines.
    expect(of.get('place:nuts:RO424')).toEqual({
      'keep.eu/projects': 93,
      'keep.eu/partners': 111,
      'keep.eu/total-budget': 54.27,
      'keep.eu/erdf': 22.14,
    });
    expect(of.get('place:nuts:PL814')).toEqual({
      'keep.eu/projects': 39,
      'keep.eu/partners': 39,
      'keep.eu/total-budget': 11.86,
      'keep.eu/erdf': 2.09,
    });
    expect(of.get('place:nuts:PL911')).toEqual({
      'keep.eu/projects': 65,
      'keep.eu/partners': 70,
      'keep.eu/total-budget': 13.96,
      'keep.eu/erdf': 7.09,
    });
  });
});
