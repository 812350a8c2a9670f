import { queryLog } from '@regiograph/lib';
import { startTestSubgraph } from '@regiograph/lib/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projects } from '../subgraph.js';

let sg: Awaited<ReturnType<typeof startTestSubgraph>>;
beforeAll(async () => {
  sg = await startTestSubgraph(projects);
});
afterAll(async () => sg?.stop());

interface PartnershipView {
  id: string;
  role: string;
  organisation: { id: string } | null;
  place: { id: string } | null;
  country: { id: string } | null;
  description: string | null;
}
const FIELDS = 'id role organisation { id } place { id } country { id } description';

async function partnersOf(name: string): Promise<PartnershipView[]> {
  const res = await sg.query<{ project: { partnerships: PartnershipView[] } }>(
    `query($n: String) { project(name: $n) { partnerships { ${FIELDS} } } }`,
    { n: name },
  );
  expect(res.errors).toBeUndefined();
  return res.data?.project.partnerships ?? [];
}

describe('Partnership', () => {
  it('lists the University of Eastern Finland first, as ECoC-SME lead partner', async () => {
    const [first] = await partnersOf('ECoC-SME');
    expect(first).toMatchObject({
      role: 'LEAD_PARTNER',
      organisation: { id: 'org:FI:university-of-eastern-finland' },
      country: { id: 'place:country:FI' },
    });
  });

  it('gives Municipiul Timișoara the role PARTNER in ECoC-SME, located in Timișoara', async () => {
    const partners = await partnersOf('PGI06047');
    expect(partners.find((p) => p.organisation?.id === 'org:municipality:RO:155243')).toMatchObject({
      role: 'PARTNER',
      place: { id: 'place:lau:RO:155243' },
      country: { id: 'place:country:RO' },
    });
  });

  it('keeps the ECoC-SME partners from Leeuwarden, Matera, Rijeka and Kaunas with their city but no organisation', async () => {
    const unnamed = (await partnersOf('ECoC-SME')).filter((p) => p.organisation === null);
    expect(unnamed.map((p) => [p.place?.id, p.country?.id])).toEqual([
      ['place:locality:HR:rijeka', 'place:country:HR'],
      ['place:locality:IT:matera', 'place:country:IT'],
      ['place:locality:LT:kaunas', 'place:country:LT'],
      ['place:locality:NL:leeuwarden', 'place:country:NL'],
    ]);
    expect(unnamed.every((p) => p.role === 'PARTNER')).toBe(true);
  });

  it('names Gmina Piaseczno broker and the Mazovia Development Agency implementing partner of Public4mSME+', async () => {
    const partners = await partnersOf('public4msme');
    expect(partners.map((p) => [p.organisation?.id, p.role, p.place?.id])).toEqual([
      ['org:PL:agencja-rozwoju-mazowsza', 'IMPLEMENTING_PARTNER', 'place:nuts:PL9'],
      ['org:municipality:PL:1418043', 'BROKER', 'place:lau:PL:1418043'],
    ]);
  });

  it('records SCALE UP as Lubelskie with six foreign partners known only by country', async () => {
    const partners = await partnersOf('scale up');
    expect(partners.find((p) => p.organisation?.id === 'org:region:PL:PL81')).toMatchObject({
      role: 'PARTNER',
      place: { id: 'place:nuts:PL81' },
    });
    const foreign = partners.filter((p) => p.organisation === null);
    expect(foreign.map((p) => p.country?.id).sort()).toEqual(['BE', 'DE', 'ES', 'GB', 'GR', 'IT'].map((c) => `place:country:${c}`));
  });

  it('resolves Partnership references by id with their project, null for unknown ids, in one SELECT', async () => {
    queryLog.reset();
    const res = await sg.query<{ _entities: Array<{ id: string; role: string; project: { acronym: string } } | null> }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Partnership { id role project { acronym } } } }',
      {
        r: [
          { __typename: 'Partnership', id: 'partnership:interreg-europe:PGI06047:municipality:RO:155243' },
          { __typename: 'Partnership', id: 'partnership:none' },
          { __typename: 'Partnership', id: 'partnership:public4msme-plus:municipality:PL:1418043' },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toEqual([
      { id: 'partnership:interreg-europe:PGI06047:municipality:RO:155243', role: 'PARTNER', project: { acronym: 'ECoC-SME' } },
      null,
      { id: 'partnership:public4msme-plus:municipality:PL:1418043', role: 'BROKER', project: { acronym: 'Public4mSME+' } },
    ]);
    expect(queryLog.statements.filter((s) => s.includes('"partnership"'))).toHaveLength(1);
    expect(queryLog.statements.filter((s) => s.includes('"project"'))).toHaveLength(1);
  });

  it('cites the article each partnership comes from', async () => {
    const res = await sg.query<{ _entities: Array<{ sources: Array<{ id: string }> }> }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Partnership { sources { id } } } }',
      { r: [{ __typename: 'Partnership', id: 'partnership:interreg-europe:scale-up:country:GR' }] },
    );
    expect(res.data?._entities[0]?.sources).toEqual([{ id: 'src:lubelskie-scale-up-rsg-2019' }]);
  });
});
