import { join } from 'node:path';
import { sourcesDir } from '@regiograph/lib';
import { describe, expect, it } from 'vitest';
import { rawTable } from '../../../test/support/raw-table.js';
import { readInput } from '../formats.js';
import type { Rejection } from '../types.js';
import { nutsConnector as connector } from './nuts.js';

/**
 * NUTS rows checked against the raw CSV lines (a minimal quote-aware split here), with the level -> kind,
 * the parent (the code without its last character; a NUTS 1 region's parent is its country, EL being ISO GR)
 * and the change types of SOURCE.md / the Eurostat correspondence written by hand.
 */

const NUTS = join(sourcesDir(), 'nuts-2021-2024');
const KOHESIO = join(sourcesDir(), 'kohesio-nuts-wikidata');
const KIND: Record<string, string> = { '1': 'NUTS1', '2': 'NUTS2', '3': 'NUTS3' };
const iso = (prefix: string) => ({ EL: 'GR', UK: 'GB' })[prefix] ?? prefix;

function load(path: string) {
  const file = readInput(path);
  const detected = connector.detect(file);
  if (detected.format === null) throw new Error(detected.why);
  const rejections: Array<Omit<Rejection, 'file'>> = [];
  const parsed = connector.parse(file, detected.format, { sourceId: 'src:n', reject: (r) => rejections.push(r) });
  expect(rejections).toEqual([]);
  return { places: parsed.rows.organisations?.places ?? [], identifiers: parsed.rows.organisations?.placeIdentifiers ?? [] };
}

describe('nuts rows against the raw lines', () => {
  const regions = rawTable(join(NUTS, 'nuts2024.csv'));

  it('nuts2024.csv: every line is a place with its code, label, level, country and parent', () => {
    const { places, identifiers } = load(join(NUTS, 'nuts2024.csv'));
    const byId = new Map(places.map((p) => [p.id, p]));
    expect(places).toHaveLength(regions.length);
    for (const r of regions) {
      const code = r.nuts_code as string;
      const p = byId.get(`place:nuts:${code}`);
      expect(p, code).toMatchObject({
        name: r.nuts_label?.trim(),
        kind: KIND[r.nuts_level as string],
        countryCode: iso(r.country_code as string),
        nutsCode: code,
        parentId: r.nuts_level === '1' ? `place:country:${iso(r.country_code as string)}` : `place:nuts:${code.slice(0, -1)}`,
      });
      expect(identifiers.filter((i) => i.placeId === `place:nuts:${code}`).map((i) => `${i.scheme}=${i.value}`)).toEqual([`nuts=${code}`]);
    }
    expect(new Set(regions.map((r) => r.nuts_level))).toEqual(new Set(Object.keys(KIND)));
    expect(byId.get('place:nuts:EL30')?.countryCode).toBe('GR');
  });

  it('correspondence: code changes, boundary shifts and splits give the 2021 code to the right 2024 places', () => {
    const { identifiers } = load(join(NUTS, 'nuts2021-nuts2024-correspondence.csv'));
    const has = (placeCode: string, scheme: string, value: string) =>
      identifiers.some((i) => i.placeId === `place:nuts:${placeCode}` && i.scheme === scheme && i.value === value);
    const rows = rawTable(join(NUTS, 'nuts2021-nuts2024-correspondence.csv'));
    const label = (r: Record<string, string>) => r.nuts3_label || r.nuts2_label || r.nuts1_label;
    const changes: Record<string, number> = {};
    for (const r of rows) {
      const [c21, c24] = [r.code_2021 as string, r.code_2024 as string];
      if (r.change === 'Code change') {
        changes[r.change] = (changes[r.change] ?? 0) + 1;
        expect(has(c24, 'nuts-2021', c21), `${c21} -> ${c24}`).toBe(true);
      } else if (r.change === 'Boundary shift' && c21 && !c24) {
        // The 2024 region of the same country, level and name is the one whose boundary moved.
        const successor = regions.find(
          (n) => n.nuts_label === label(r) && (n.nuts_code as string).length === c21.length && n.nuts_code?.startsWith(c21.slice(0, 2)),
        );
        if (!successor) continue;
        changes[r.change] = (changes[r.change] ?? 0) + 1;
        expect(has(successor.nuts_code as string, 'nuts-2021-boundary-shift', c21), `${c21} ~ ${successor.nuts_code}`).toBe(true);
      } else if (r.change === 'Split') {
        changes[r.change] = (changes[r.change] ?? 0) + 1;
        const parts = identifiers.filter((i) => i.scheme === 'nuts-2021-split' && i.value === c21);
        expect(parts.length, c21).toBeGreaterThan(1);
        for (const i of parts) expect(i.placeId, c21).toMatch(new RegExp(`^place:nuts:${c21.slice(0, 2)}.{${c21.length - 2}}$`));
      }
    }
    expect(changes['Code change']).toBe(16);
    expect(changes.Split).toBe(2);
    expect(changes['Boundary shift']).toBeGreaterThan(20);
    // Hand-checked: Oeste was PT16B, is PT1D1.
    expect(has('PT1D1', 'nuts-2021', 'PT16B')).toBe(true);
  });

  it('transliteration: every line gives its place the Latin name as an alternative name', () => {
    const { places } = load(join(NUTS, 'transliteration-cyrillic-greek.csv'));
    const byId = new Map(places.map((p) => [p.id, p]));
    const rows = rawTable(join(NUTS, 'transliteration-cyrillic-greek.csv'));
    expect(places).toHaveLength(rows.length);
    for (const r of rows) {
      const p = byId.get(`place:nuts:${r.nuts_code}`);
      expect(p?.name, r.nuts_code).toBe(r.label?.trim());
      expect(p?.altNames, r.nuts_code).toContain(r.label_latin?.trim());
      expect(p?.countryCode, r.nuts_code).toBe(iso((r.nuts_code as string).slice(0, 2)));
    }
  });

  it('Kohesio crosswalk: every line gives its region the Wikidata item, EU Knowledge Graph item and point', () => {
    const { places, identifiers } = load(join(KOHESIO, 'nuts-wikidata-eukg.csv'));
    const byId = new Map(places.map((p) => [p.id, p]));
    const rows = rawTable(join(KOHESIO, 'nuts-wikidata-eukg.csv'));
    expect(rows).toHaveLength(83);
    for (const r of rows) {
      const id = `place:nuts:${r.nuts_code}`;
      const [lng, lat] = (/\(([^ ]+) ([^ )]+)\)/.exec(r.point_wkt as string) ?? []).slice(1).map(Number);
      expect(byId.get(id), r.nuts_code).toMatchObject({ wikidataId: r.wikidata_qid, lng, lat, kind: KIND[r.nuts_level as string] });
      expect(identifiers.filter((i) => i.placeId === id).map((i) => `${i.scheme}=${i.value}`)).toEqual([
        `wikidata=${r.wikidata_qid}`,
        `eu-kg=${r.eu_kg_qid}`,
      ]);
    }
    // SOURCE.md: Lubelskie PL81 is Q54155, EU KG Q2158, at 22.9 E 51.2167 N.
    expect(byId.get('place:nuts:PL81')).toMatchObject({ wikidataId: 'Q54155', lng: 22.9, lat: 51.216666666 });
  });
});
