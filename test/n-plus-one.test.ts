import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryLog } from '@regiograph/lib';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './support/hub.js';

// Two synthetic cities of the same shape, one whose project has 2 partners (and whose meeting 2 organisations
// attend) and one with 20, each with a grant and an outcome, added to a copy of the real seeds. A CityProfile request must cost the same number of SQL statements for
// both: every reference and per-parent field is batched, whatever the number of rows.
const SIZES = { small: 2, large: 20 } as const;
// Partners alternate between Romania and Poland in both cities, so both profiles have the same shape.
const countryOf = (i: number) => (i % 2 ? 'RO' : 'PL');

function writeSeeds(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rg-n1-'));
  cpSync(join(__dirname, '..', 'seeds'), dir, { recursive: true });
  const edit = (file: string, change: (data: Record<string, Array<Record<string, unknown>>>) => void) => {
    const data = parse(readFileSync(join(dir, file), 'utf8'));
    change(data);
    writeFileSync(join(dir, file), stringify(data));
  };
  edit('organisations.yaml', (data) => {
    for (const [size, partners] of Object.entries(SIZES)) {
      const lau = size === 'small' ? '9900001' : '9900002';
      data.places?.push({
        id: `place:lau:PL:${lau}`,
        name: `Testowo ${size}`,
        kind: 'MUNICIPALITY',
        countryCode: 'PL',
        lauCode: lau,
        parent: 'place:country:PL',
      });
      data.organisations?.push({
        id: `org:municipality:PL:${lau}`,
        name: `Gmina Testowo ${size}`,
        kind: 'MUNICIPALITY',
        countryCode: 'PL',
        place: `place:lau:PL:${lau}`,
      });
      for (let i = 1; i < partners; i++) {
        data.organisations?.push({
          id: `org:PL:n1-${size}-${i}`,
          name: `Partner ${size} ${i}`,
          kind: 'COMPANY',
          countryCode: countryOf(i),
          place: 'place:lau:PL:1263011',
        });
      }
    }
  });
  edit('projects.yaml', (data) => {
    for (const [size, partners] of Object.entries(SIZES)) {
      const lau = size === 'small' ? '9900001' : '9900002';
      data.projects?.push({
        id: `project:n1-${size}`,
        acronym: `N1-${size}`,
        title: `Batching check ${size}`,
        status: 'ONGOING',
        countries: ['place:country:PL'],
        partnerships: [
          {
            id: `partnership:n1-${size}:municipality:PL:${lau}`,
            organisation: `org:municipality:PL:${lau}`,
            role: 'LEAD_PARTNER',
            country: 'place:country:PL',
          },
          ...Array.from({ length: partners - 1 }, (_, k) => ({
            id: `partnership:n1-${size}:PL:n1-${size}-${k + 1}`,
            organisation: `org:PL:n1-${size}-${k + 1}`,
            role: 'PARTNER',
            country: `place:country:${countryOf(k + 1)}`,
          })),
        ],
      });
    }
  });
  edit('funding.yaml', (data) => {
    for (const size of Object.keys(SIZES)) {
      data.grants?.push({
        id: `grant:interreg-europe-2014-2020:n1-${size}`,
        programme: 'programme:interreg-europe-2014-2020',
        project: `project:n1-${size}`,
      });
    }
  });
  edit('events.yaml', (data) => {
    for (const [size, partners] of Object.entries(SIZES)) {
      const lau = size === 'small' ? '9900001' : '9900002';
      data.events?.push({
        id: `event:2024-01-10:n1-${size}`,
        name: `Batching check meeting ${size}`,
        kind: 'MEETING',
        startDate: '2024-01-10',
        datePrecision: 'DAY',
        online: false,
        status: 'HELD',
        place: `place:lau:PL:${lau}`,
        host: `org:municipality:PL:${lau}`,
        organisingProject: `project:n1-${size}`,
        participants: [
          { organisation: `org:municipality:PL:${lau}`, role: 'HOST' },
          ...Array.from({ length: partners - 1 }, (_, k) => ({ organisation: `org:PL:n1-${size}-${k + 1}`, role: 'PARTICIPANT' })),
        ],
      });
    }
  });
  edit('outcomes.yaml', (data) => {
    for (const size of Object.keys(SIZES)) {
      const lau = size === 'small' ? '9900001' : '9900002';
      data.outcomes?.push({
        id: `outcome:n1-${size}`,
        kind: 'RECOMMENDATION',
        name: `Batching check outcome ${size}`,
        status: 'UNKNOWN',
        sources: [],
        producedByProjects: [`project:n1-${size}`],
        producedAtEvents: [`event:2024-01-10:n1-${size}`],
        addressedToOrganisations: [`org:municipality:PL:${lau}`],
        addressedToPlaces: [`place:lau:PL:${lau}`],
      });
    }
  });
  return dir;
}

let hub: TestHub;
beforeAll(async () => {
  process.env.SEEDS_DIR = writeSeeds();
  hub = await startTestHub('n_plus_one');
});
afterAll(async () => {
  await hub?.stop();
  delete process.env.SEEDS_DIR;
});

async function statementsFor(city: string): Promise<{ count: number; partners: number }> {
  await hub.operation('CityProfile', { name: city }); // warm-up: planner caches, connection pools
  queryLog.reset();
  const res = await hub.operation<{
    place: {
      government: {
        partnerships: Array<{ project: { partnerships: Array<{ organisation: { country: unknown } }> } }>;
        events: Array<{ participants: unknown[] }>;
        outcomes: unknown[];
      };
    };
  }>('CityProfile', { name: city });
  expect(res.errors).toBeUndefined();
  const partnerships = res.data?.place.government.partnerships[0]?.project.partnerships ?? [];
  expect(partnerships.every((p) => p.organisation.country)).toBe(true);
  const [event] = res.data?.place.government.events ?? [];
  expect(event?.participants.length).toBe(partnerships.length);
  expect(res.data?.place.government.outcomes).toHaveLength(1);
  if (process.env.N1_DEBUG) console.log(queryLog.statements.map((s) => s.replace(/\s+/g, ' ').slice(0, 160)).join('\n'));
  return { count: queryLog.count, partners: partnerships.length };
}

describe('no N+1 through the gateway', () => {
  it('answers CityProfile for a city with 2 partners and one with 20 with the same number of SQL statements', async () => {
    const small = await statementsFor('Testowo small');
    const large = await statementsFor('Testowo large');
    console.log(
      `CityProfile SQL statements: ${small.count} with ${small.partners} partners, ${large.count} with ${large.partners} partners`,
    );
    expect(small.partners).toBe(2);
    expect(large.partners).toBe(20);
    expect(small.count).toBeGreaterThan(5);
    expect(large.count).toBe(small.count);
  });
});
