import { organisationKind, type RecordInput, resolveIdentities } from '@regiograph/organisations';
import { describe, expect, it } from 'vitest';
import { identityInputFromFiles } from './identity-input.js';
import { createWiring, readCurated } from './wiring.js';

// Organisation kinds on the records exactly as the connectors read them from the source files, resolved
// the way the ingest resolves them: the source fields' hints, then the name rules, each kind with its rule.
describe('organisation kinds from the source files', () => {
  const input = identityInputFromFiles(createWiring().connectors);
  const result = resolveIdentities(input, readCurated());
  const orgById = new Map(result.organisations.map((o) => [o.id, o]));
  const orgOfRecord = new Map(result.assignments.map((a) => [a.recordId, orgById.get(a.organisationId)]));
  const records = (name: string, dataset?: string): RecordInput[] =>
    input.records.filter((r) => r.name === name && (!dataset || r.dataset === dataset));
  const record = (name: string, dataset?: string): RecordInput => {
    const found = records(name, dataset);
    if (found.length === 0) throw new Error(`no record named ${name} in the source files`);
    return found[0] as RecordInput;
  };
  const kindOf = (name: string, dataset?: string) => {
    const org = orgOfRecord.get(record(name, dataset).id);
    return { kind: org?.kind, rule: org?.kindRule };
  };

  it('leaves OTHER for at most a quarter of the organisations, with every kind traceable to a rule', () => {
    const other = result.organisations.filter((o) => o.kind === 'OTHER').length;
    expect(result.organisations.length).toBeGreaterThan(20_000);
    expect(other / result.organisations.length).toBeLessThanOrEqual(0.25);
    expect(result.organisations.filter((o) => !o.kindRule)).toEqual([]);
    expect(result.organisations.find((o) => o.kind === 'OTHER')?.kindRule).toMatch(/^none: /);
  });

  it("keeps a seeded organisation's curated kind", () => {
    // EEA Grants' organisation 507 is the articles' Związek Miast Polskich (seeds/organisations.yaml).
    expect(kindOf('THE ASSOCIATION OF POLISH CITIES', 'eea-grants')).toEqual({
      kind: 'ASSOCIATION',
      rule: 'curated: seeds/organisations.yaml',
    });
  });

  it("takes keep.eu's organisation type as the record's hint, and the hint over the name rules", () => {
    const ngo = record('Asociaţia Obștească „VERDE E MOLDOVA”', 'keep-eu');
    expect(ngo).toMatchObject({ kindHint: 'NGO', kindRule: "keep.eu organisation_type 'Interest groups including NGOs'" });
    expect(kindOf(ngo.name).kind).toBe('NGO');
    expect(kindOf(ngo.name).rule).toContain("keep.eu organisation_type 'Interest groups including NGOs'");
    expect(record('Община Малко Търново', 'keep-eu')).toMatchObject({ kindHint: 'MUNICIPALITY' });
    expect(kindOf('Община Малко Търново', 'keep-eu')).toMatchObject({ kind: 'MUNICIPALITY' });
    // "Regional public authority" for a regional directorate of a Turkish ministry: the source's word wins.
    const directorate = 'T.C. Tarım ve Orman Bakanlığı Doğa Koruma ve Milli Parklar Genel Müdürlüğü 1. Bölge Müdürlüğü';
    expect(kindOf(directorate)).toMatchObject({ kind: 'REGIONAL_AUTHORITY' });
  });

  it('lets a name rule sharpen a hint that says only "a public body"', () => {
    // keep.eu 17853 has no organisation type, only the legal status "public".
    expect(record('Orașul Turnu Măgurele', 'keep-eu')).toMatchObject({
      kindHint: 'PUBLIC_BODY',
      kindRule: "keep.eu legal_status 'public'",
    });
    expect(kindOf('Orașul Turnu Măgurele', 'keep-eu')).toMatchObject({ kind: 'MUNICIPALITY' });
    // EEA Grants' donor programme partners are public entities; their names may say more.
    expect(record('Norwegian Environment Agency (NEA)', 'eea-grants')).toMatchObject({ kindHint: 'PUBLIC_BODY' });
    expect(kindOf('Norwegian Environment Agency (NEA)', 'eea-grants').kind).toBe('AGENCY');
    const council = kindOf('Research Council of Norway (NFR)', 'eea-grants');
    expect(council.kind).toBe('PUBLIC_BODY');
    expect(council.rule).toContain('eea-grants role DPP');
  });

  it.each([
    ['КАБРОН И ПЕКЕНЬО ООД', 'COMPANY', "'ood'"],
    ['APPLICA SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ', 'COMPANY', "'spolka z ograniczona odpowiedzialnoscia'"],
    ['RP HUJO spol. s r.o.', 'COMPANY', "'spol s r o'"],
    ['U és U Édesipari Termékgyártó Kft.', 'COMPANY', "'kft'"],
    ['APAREGIO GORJ S.A.', 'COMPANY', "'s a'"],
    ['SPIRO D.O.O.', 'COMPANY', "'d o o'"],
    ['Uždaroji akcinė bendrovė "VILNIAUS VANDENYS"', 'COMPANY', "'akcine bendrove'"],
    ['Sabiedrība ar ierobežotu atbildību "ZZ Dats"', 'COMPANY', "'sabiedriba ar ierobezotu atbildibu'"],
    ['Paneelivabrik OÜ', 'COMPANY', "'ou'"],
    ['Gradsko gospodarstvo d.o.o., Vinkovci', 'COMPANY', "'d o o'"],
    ['GMINA PNIEWY', 'MUNICIPALITY', "'gmina'"],
    ['ОБЩИНА ТЕРВЕЛ', 'MUNICIPALITY', "'obshtina'"],
    ['FEJÉR MEGYEI ÖNKORMÁNYZAT', 'REGIONAL_AUTHORITY', "'megyei onkormanyzat'"],
    ['FEJÉR MEGYEI KORMÁNYHIVATAL', 'AGENCY', "'kormanyhivatal'"],
    ['Ministry of Environment', 'MINISTRY', "'ministry'"],
    ['СДРУЖЕНИЕ "ЗОРНИЦА"', 'ASSOCIATION', "'sdruzhenie'"],
    ['Svazek obcí Košťálov - Libštát', 'ASSOCIATION', "'svazek'"],
    ['Udruga za prevenciju socijalnopatološkog ponašanja mladih "Prevencija"', 'ASSOCIATION', "'udruga'"],
    ['Itt és Most Egyesület', 'ASSOCIATION', "'egyesulet'"],
    ['Barn Owl Foundation, Hungary (BOF)', 'NGO', "'foundation'"],
    ['Sihtasutus RAEK', 'NGO', "'sihtasutus'"],
    ['KESZTHELYI KÓRHÁZ', 'HOSPITAL', "'korhaz'"],
    ['Psychiatrická nemocnice v Dobřanech', 'HOSPITAL', "'nemocnice'"],
    ['СПЕЦИАЛИЗИРАНА БОЛНИЦА ЗА РЕХАБИЛИТАЦИЯ СТАЙКОВ И ФАМИЛИЯ ЕООД', 'HOSPITAL', "'bolnitsa'"],
    ['Střední škola rybářská a vodohospodářská Třeboň', 'SCHOOL', "'skola'"],
    ['Dječji vrtić Buba Mara Čabar', 'SCHOOL', "'vrtic'"],
    ['Krajská správa a údržba silnic Karlovarského kraje, příspěvková organizace', 'PUBLIC_BODY', "'prispevkova organizace'"],
    ['Chamber of Commerce and Industry for Győr-Moson-Sopron County', 'CHAMBER', "'chamber'"],
    [
      'INSTITUTUL NATIONAL DE CERCETARE DEZVOLTARE PENTRU FIZICA LASERILOR, PLASMEI SI RADIATIEI - INFLPR RA',
      'RESEARCH_INSTITUTE',
      "'institutul national de cercetare'",
    ],
    ['Стопанска академия "Димитър Апостолов Ценов"', 'UNIVERSITY', "'akademi"],
    ['LATVIJAS KULTŪRAS AKADĒMIJA', 'UNIVERSITY', "'akademija'"],
    ['Klaipeda County Police Headquarter', 'PUBLIC_BODY', "'police'"],
    ['Jelgava local government', 'MUNICIPALITY', "'local government'"],
    // A unit of a municipality is what it is, not the municipality; a municipal company is a company.
    ['GMINA LUBLIN/SZKOŁA PODSTAWOWA NR 2 IM JANA KOCHANOWSKIEGO W LUBLINIE', 'SCHOOL', "'szkola'"],
    ['PRZEDSIĘBIORSTWO GOSPODARKI KOMUNALNEJ I WODOCIĄGOWEJ SP. Z O.O.', 'COMPANY', "'sp z o o'"],
    ['Římskokatolická farnost - arciděkanství Kutná Hora', 'RELIGIOUS_BODY', "'farnost'"],
    ['BALATONI MÚZEUM', 'CULTURAL_INSTITUTION', "'muzeum'"],
    ['Polish Chamber of Commerce', 'CHAMBER', "'chamber'"],
  ])('classifies "%s" as %s by the name rule %s', (name, kind, pattern) => {
    // The rule as it reads the record's own name (the organisation a government record joins takes the
    // government rule instead: see the next test).
    const found = organisationKind([record(name)]);
    expect(found.kind).toBe(kind);
    expect(kindOf(name).kind).toBe(kind);
    expect(found.rule).toContain(pattern);
    expect(found.rule).toMatch(/^name: /);
  });

  it('gives every municipal and regional government its one rule, with or without records', () => {
    const governments = result.organisations.filter((o) => /^org:(municipality|region):/.test(o.id) && !o.anchored);
    expect(governments.length).toBeGreaterThan(5_000);
    for (const g of governments) {
      expect(g.kindRule, g.id).toMatch(/^government: the (municipal|regional) government of place:/);
      expect(g.sourceIds.length, `${g.id} cites the register of its place`).toBeGreaterThan(0);
    }
    expect(kindOf('GMINA PNIEWY')).toMatchObject({ kind: 'MUNICIPALITY', rule: expect.stringMatching(/^government: /) });
  });
});
