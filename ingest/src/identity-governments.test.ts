import { resolveIdentities } from '@regiograph/organisations';
import { beforeAll, describe, expect, it } from 'vitest';
import { identityInputFromFiles } from './identity-input.js';
import { createWiring } from './wiring.js';

// Governments of places on the real files: the records the EEA Grants, Kohesio and keep.eu files give, the
// TERYT, SIRUTA and NUTS places, the seeded organisations; rules only (no curated file).
describe('municipal and regional governments from the source files', () => {
  const input = identityInputFromFiles(createWiring().connectors);
  let result: ReturnType<typeof resolveIdentities>;
  beforeAll(() => {
    result = resolveIdentities(input);
  });
  const assignment = (recordId: string) => result.assignments.find((a) => a.recordId === recordId);
  /** Record IDs of the records with exactly this name (and region, when given). */
  const named = (name: string, region?: string) => {
    const ids = input.records.filter((r) => r.name === name && (!region || r.placeText === region)).map((r) => r.id);
    expect(ids.length, name).toBeGreaterThan(0);
    return ids;
  };
  const orgOf = (id: string) => assignment(id)?.organisationId;

  it('gives every LAU place its municipal government, placed at it', () => {
    const lau = (input.places ?? []).filter((p) => p.kind === 'MUNICIPALITY' && p.lauCode);
    expect(lau.length).toBeGreaterThan(2400 + 3100);
    const governed = new Set([
      ...result.organisations.filter((o) => o.kind === 'MUNICIPALITY' && o.placeId).map((o) => o.placeId),
      ...(input.anchors ?? []).filter((a) => a.kind === 'MUNICIPALITY').map((a) => a.placeId),
    ]);
    expect(lau.filter((p) => !governed.has(p.id)).map((p) => p.id)).toEqual([]);
    const krakow = result.organisations.find((o) => o.id === 'org:municipality:PL:1261011');
    expect(krakow).toMatchObject({ kind: 'MUNICIPALITY', placeId: 'place:lau:PL:1261011', countryCode: 'PL', name: 'Miasto Kraków' });
  });

  it('links Kohesio, EEA Grants and keep.eu names of a municipality to its government, with the parse in the explanation', () => {
    for (const id of [...named('GMINA MIEJSKA KRAKÓW'), ...named('GMINA MIEJSKA KRAKÓW - MIASTO NA PRAWACH POWIATU')]) {
      expect(assignment(id)).toMatchObject({ organisationId: 'org:municipality:PL:1261011', rule: 'government' });
      expect(assignment(id)?.explanation).toMatch(
        /^municipal government of place:lau:PL:1261011 \(Kraków\): 'GMINA MIEJSKA KRAKÓW.*' parsed as/,
      );
    }
    // "City of Suwałki" (EEA Grants, English, an old NUTS code) and "MIASTO SUWAŁKI" (Kohesio).
    expect(orgOf('eea-grants/organisation:1451')).toBe('org:municipality:PL:2063011');
    for (const id of named('MIASTO SUWAŁKI')) expect(orgOf(id)).toBe('org:municipality:PL:2063011');
    for (const id of named('MUNICIPIUL CLUJ-NAPOCA')) expect(orgOf(id)).toBe('org:municipality:RO:54975');
    for (const id of named('GMINA LUBLIN')) expect(orgOf(id)).toBe('org:municipality:PL:0663011');
  });

  it('links a county under its Romanian and its English name to the regional government', () => {
    const timis = [...named('JUDETUL TIMIS'), ...named('Timiș County')];
    for (const id of timis) expect(orgOf(id)).toBe('org:region:RO:RO424');
    for (const id of named('Arad County')) expect(orgOf(id)).toBe('org:region:RO:RO421');
    for (const id of named('Giurgiu County')) expect(orgOf(id)).toBe('org:region:RO:RO314');
    expect(assignment(timis[0] as string)?.explanation).toMatch(/^regional government of place:nuts:RO424/);
  });

  it('keeps rural and urban gminas of one name, and gminas of one name in two voivodeships, apart', () => {
    // TERYT type digit 1 (urban gmina) for "Miasto", 2 (rural) for "Gmina".
    for (const id of named('MIASTO TOMASZÓW LUBELSKI')) expect(orgOf(id)).toBe('org:municipality:PL:0618011');
    for (const id of named('GMINA TOMASZÓW LUBELSKI')) expect(orgOf(id)).toBe('org:municipality:PL:0618112');
    const rzgow = input.records.filter((r) => /^gmina rzgów$/i.test(r.name));
    expect(new Set(rzgow.map((r) => r.placeText)).size).toBeGreaterThan(1);
    const orgs = new Set(rzgow.map((r) => orgOf(r.id)));
    expect(orgs.size).toBe(new Set(rzgow.map((r) => r.placeText)).size);
    for (const o of orgs) expect(o).toMatch(/^org:municipality:PL:/);
  });

  it('leaves a name that fits several places with no deciding region unlinked, with a note', () => {
    const note = result.notes?.find((n) => n.includes("'GMINA BISKUPIEC'"));
    expect(note).toMatch(/2 places of that name .* does not decide; left unlinked/);
    for (const id of named('GMINA BISKUPIEC')) expect(orgOf(id)).not.toMatch(/^org:municipality:/);
  });

  it('matches public hospitals under their English and national names, and keeps companies of different legal forms apart', () => {
    const timisoara = [
      ...named('SPITALUL CLINIC JUDETEAN DE URGENTA " PIUS BRINZEU " TIMISOARA', 'Vest'),
      ...named('Emergency County Clinical Hospital Pius Brinzeu Timisoara'),
    ];
    expect(new Set(timisoara.map(orgOf)).size).toBe(1);
    const suwalki = [
      ...named('SZPITAL WOJEWÓDZKI IM. DR. LUDWIKA RYDYGIERA W SUWAŁKACH'),
      ...named('Dr Ludwik Rydygier Voivodeship Hospital in Suwałki'),
    ];
    expect(new Set(suwalki.map(orgOf)).size).toBe(1);
    const body = assignment(suwalki[1] as string) ?? assignment(suwalki[0] as string);
    expect(body?.explanation).toMatch(/once body words are translated/);
    const [ood] = named('ЧЕРКЕЗОВ ООД');
    const [eood] = named('ЧЕРКЕЗОВ ЕООД');
    expect(orgOf(ood as string)).not.toBe(orgOf(eood as string));
  });

  it('matches a capital under its statutory name and the English one', () => {
    const [stolichna] = named('СТОЛИЧНА ОБЩИНА');
    expect(orgOf(stolichna as string)).toBe(orgOf('eea-grants/organisation:7798'));
  });
});
