import { join } from 'node:path';
import type { OrganisationRecordRow } from '@regiograph/organisations';
import type { PartnershipRow } from '@regiograph/projects';
import { sourcesDir } from '@regiograph/lib';
import { describe, expect, it } from 'vitest';
import { placeOfMunicipalName, placeOfTown } from './places.js';
import { planFiles } from './run.js';
import { SOURCE_FOLDERS } from './sources.js';
import { createWiring } from './wiring.js';

// Organisation records placed at the most precise place their source allows, on the real files: the
// municipality (LAU place) or county a name or a keep.eu town names, inside the record's region.
describe('record places from the source files', () => {
  const records = new Map<string, OrganisationRecordRow>();
  const partnerships = new Map<string, PartnershipRow>();
  const notes: string[] = [];
  for (const { source, folders } of SOURCE_FOLDERS.filter((s) => ['eea-grants', 'keep-eu', 'kohesio-beneficiaries'].includes(s.source))) {
    const connector = createWiring().connectors.find((c) => c.name === source);
    if (!connector) throw new Error(`no connector ${source}`);
    for (const plan of planFiles(
      connector,
      folders.map((f) => join(sourcesDir(), f)),
    ).planned) {
      notes.push(...(plan.parsed.notes ?? []));
      for (const r of plan.parsed.rows.organisations?.organisationRecords ?? []) records.set(r.id, r);
      for (const p of plan.parsed.rows.projects?.partnerships ?? []) partnerships.set(p.id, p);
    }
  }
  const byName = (name: string, dataset: string) => {
    const found = [...records.values()].find((r) => r.name === name && r.dataset === dataset);
    if (!found) throw new Error(`no ${dataset} record named ${name}`);
    return found;
  };
  const placedBy = (r: OrganisationRecordRow) => (r.attributes as { placedBy?: string } | undefined)?.placedBy;

  it.each([
    ['GMINA PNIEWY', 'place:lau:PL:3024063'], // Pniewy in Wielkopolska, not the gmina Pniewy of Mazowsze
    ['GMINA MIEJSKA KRAKÓW', 'place:lau:PL:1261011'],
    ['GMINA MIEJSKA KRAKÓW - MIASTO NA PRAWACH POWIATU', 'place:lau:PL:1261011'],
    ['MIASTO POZNAŃ / MIEJSKI OŚRODEK POMOCY RODZINIE W POZNANIU / KLUB INTEGRACJI SPOŁECZNEJ', 'place:lau:PL:3064011'],
    ['Gmina Dobre Miasto', 'place:lau:PL:2814033'],
    ['MUNICIPIUL BACĂU', 'place:lau:RO:20297'],
    ['UNITATEA ADMINISTRATIV-TERITORIALA JUDEŢUL DOLJ', 'place:nuts:RO411'],
    // "Gmina Miasta" takes the town in the genitive; Romanian names shorten Târgu to "Tg." and space their dashes.
    ['GMINA MIASTA TARNOWA - POWIATOWY URZĄD PRACY W TARNOWIE', 'place:lau:PL:1263011'],
    ['GMINA MIASTA BRODNICY', 'place:lau:PL:0402011'],
    ['MUNICIPIUL TG - JIU/PRIMARIA', 'place:lau:RO:77812'],
    ['Territorial Administrative Unit Medgidia Municipality', 'place:lau:RO:60847'],
  ])('places the Kohesio beneficiary "%s" at %s', (name, placeId) => {
    const r = byName(name, 'kohesio-beneficiaries');
    expect(r.placeId).toBe(placeId);
    expect(r.attributes).toMatchObject({ placedBy: expect.stringContaining(placeId.startsWith('place:nuts') ? 'county' : placeId) });
  });

  it("places a Kohesio beneficiary filed under its projects' region at the only municipality of its name, saying so", () => {
    // "MUNICIPIUL ARAD" is listed under Bucureşti - Ilfov (RO32); Arad lies in RO421.
    const arad = byName('MUNICIPIUL ARAD', 'kohesio-beneficiaries');
    expect(arad.placeId).toBe('place:lau:RO:9262');
    expect(placedBy(arad)).toContain("none in the record's region RO32");
  });

  it('keeps a record at its region, with a note, when its name fits two municipalities there or none', () => {
    const dolhesti = byName('COMUNA DOLHEŞTI', 'kohesio-beneficiaries');
    expect(dolhesti.placeId).toBe('place:nuts:RO21');
    expect(notes).toContainEqual(
      expect.stringMatching(/COMUNA DOLHEŞTI.*2 RO municipalities named 'dolhesti' in RO21: place:lau:RO:96904, place:lau:RO:148097/),
    );
    const spa = byName('MIASTO I GMINA UZDROWISKOWA MUSZYNA', 'kohesio-beneficiaries');
    expect(spa.placeId).toBe('place:nuts:PL21');
    expect(notes).toContainEqual(expect.stringContaining('"MIASTO I GMINA UZDROWISKOWA MUSZYNA": no PL municipality'));
  });

  it('does not take a long name ending in "City" for the city', () => {
    const centre = byName('Centre of Culture and Art named Andrzej Meżerycki Theatre Scene of Siedlce City', 'eea-grants');
    expect(placedBy(centre)).toBeUndefined();
  });

  it('places EEA Grants records named "City of X", "X Municipality" or "X County Council"', () => {
    expect(byName('City of Suwałki', 'eea-grants').placeId).toBe('place:lau:PL:2063011');
    expect(byName('Brăila Municipality', 'eea-grants').placeId).toBe('place:lau:RO:42682');
    expect(byName('Cluj County Council', 'eea-grants').placeId).toBe('place:nuts:RO113');
  });

  it('places keep.eu partners by their name or town, the partnership too, and notes the towns the graph lacks', () => {
    const turnu = records.get('keep.eu/organisation:57566');
    expect(turnu?.placeId).toBe('place:lau:RO:151683');
    expect(partnerships.get('partnership:keep-eu:80594')?.placeId).toBe('place:lau:RO:151683');
    const delta = byName('Administrația Rezervației Biosferei Delta Dunării', 'keep-eu');
    expect(delta.placeId).toBe('place:lau:RO:159614');
    expect(placedBy(delta)).toBe("town 'Tulcea' = municipality TULCEA (place:lau:RO:159614)");
    // Bulgarian municipalities are not places of the graph: the partner stays in its country.
    expect(byName('Община Никопол', 'keep-eu').placeId).toBe('place:country:BG');
    expect(notes).toContainEqual(expect.stringContaining("town 'Nikopol' (BG) matches no municipality or NUTS 3 region"));
  });

  it('resolves a town that names its NUTS 3 (or statistical) region, and nothing for a town the graph lacks', () => {
    expect(placeOfTown('Haskovo', 'BG')).toEqual({
      placeId: 'place:nuts:BG422',
      rule: "town 'Haskovo' = NUTS 3 region BG422 of the same name",
    });
    expect(placeOfTown('Tulcea', 'RO')?.placeId).toBe('place:lau:RO:159614');
    expect(placeOfTown('Edirne', 'TR')?.placeId).toBe('place:nuts:TR212');
    expect(placeOfTown('Chisinau', 'MD')?.placeId).toBeNull();
    expect(placeOfMunicipalName('Obec Pomezí nad Ohří', 'CZ', 'place:nuts:CZ041')).toBeNull();
  });
});
