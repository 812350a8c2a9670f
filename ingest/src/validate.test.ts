import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sourcesDir } from '@regiograph/lib';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { eeaGrantsConnector } from './connectors/eea-grants.js';
import { keepEuConnector } from './connectors/keep-eu.js';
import { readInput } from './formats.js';
import type { Connector, Rejection } from './types.js';
import { cell, validRecord } from './validate.js';

const dir = mkdtempSync(join(tmpdir(), 'rg-validate-'));
function context() {
  const rejections: Array<Omit<Rejection, 'file'>> = [];
  return { rejections, ctx: { sourceId: 'src:test', reject: (r: Omit<Rejection, 'file'>) => rejections.push(r) } };
}
function parse(connector: Connector, name: string, text: string) {
  const path = join(dir, name);
  writeFileSync(path, text);
  const input = readInput(path);
  const detected = connector.detect(input);
  if (detected.format === null) throw new Error(detected.why);
  const { ctx, rejections } = context();
  return { parsed: connector.parse(input, detected.format, ctx), rejections };
}

describe('validRecord', () => {
  const schema = z.object({ code: cell.code(/^[A-Z]{2}\d$/, 'a region code'), budget: cell.number, partners: cell.count, on: cell.date });

  it('returns the parsed values of a valid record, with empty cells as unknown', () => {
    const { ctx, rejections } = context();
    expect(validRecord(schema, { code: 'PL1', budget: '8648648.65', partners: '', on: '' }, { line: 2 }, ctx)).toEqual({
      code: 'PL1',
      budget: 8648648.65,
      partners: null,
      on: null,
    });
    expect(rejections).toEqual([]);
  });

  it('rejects by line, field and a reason that quotes the value, and names a JSON record by its path', () => {
    const { ctx, rejections } = context();
    const good = { code: 'PL1', budget: '1', partners: '2', on: '2023-06-12' };
    expect(validRecord(schema, { ...good, code: '' }, { line: 3 }, ctx)).toBeNull();
    expect(validRecord(schema, { ...good, code: 'pl1' }, { line: 4, recordId: 'pl1' }, ctx)).toBeNull();
    expect(validRecord(schema, { ...good, budget: '1,5' }, { line: 5 }, ctx)).toBeNull();
    expect(validRecord(schema, { ...good, partners: '2.5' }, { line: 6 }, ctx)).toBeNull();
    expect(validRecord(schema, { ...good, on: '2023-02-30' }, { path: '$[7]', recordId: 'PL1' }, ctx)).toBeNull();
    expect(validRecord(z.object({ 'org key': cell.required }), { 'org key': '' }, { path: '$.PO' }, ctx)).toBeNull();
    expect(rejections).toEqual([
      { line: 3, field: 'code', reason: 'missing' },
      { line: 4, field: 'code', reason: '"pl1" is not a region code', recordId: 'pl1' },
      { line: 5, field: 'budget', reason: 'not a number: "1,5"' },
      { line: 6, field: 'partners', reason: 'not a count: "2.5"' },
      { path: '$[7].on', field: 'on', reason: '"2023-02-30" is not a calendar date written YYYY-MM-DD', recordId: 'PL1' },
      { path: '$.PO["org key"]', field: 'org key', reason: 'missing' },
    ]);
  });
});

describe('connectors reject malformed records from real files and keep the rest', () => {
  it('keep.eu programme list: bad id, empty name and a period that is not one', () => {
    const { parsed, rejections } = parse(
      keepEuConnector,
      'programmes.csv',
      'keep_programme_id,code,period,name_en,cci\n342,A,2021-2027,Interreg A,X\nx1,B,2021-2027,Interreg B,\n344,C,2021-2027,,\n345,D,soon,Interreg D,\n',
    );
    expect(parsed.rows.funding?.programmes?.map((p) => p.id)).toEqual(['programme:keep-eu:342']);
    expect(rejections).toEqual([
      { line: 3, field: 'keep_programme_id', reason: 'not a keep.eu programme id: "x1"' },
      { line: 4, field: 'name_en', recordId: '344', reason: 'empty programme name' },
      { line: 5, field: 'period', recordId: '345', reason: 'not a period (YYYY-YYYY): "soon"' },
    ]);
  });

  it('EEA Grants organisations CSV: role, key, name and a project count that is not a count', () => {
    const header = 'financial_mechanism,beneficiary_state,programme_code,role,org_key,org_name,nuts,project_count\n';
    const { parsed, rejections } = parse(
      eeaGrantsConnector,
      'orgs.csv',
      `${header}Norway Grants,LT,LT10,PO,29,Ministry of the Interior,LT00A,\n` +
        'Norway Grants,LT,LT10,XX,30,Ministry B,LT00A,\n' +
        'Norway Grants,LT,LT10,PO,k31,Ministry C,LT00A,\n' +
        'Norway Grants,LT,LT10,PO,32,,LT00A,\n' +
        'Norway Grants,LT,LT10,PJPT,33,School D,LT00A,-2\n',
    );
    expect(parsed.rows.organisations?.organisationRecords?.map((r) => r.name)).toEqual(['Ministry of the Interior']);
    expect(rejections).toEqual([
      { line: 3, field: 'role', recordId: '30', reason: 'unknown role "XX" (PO, PJDPP or PJPT)' },
      { line: 4, field: 'org_key', recordId: 'k31', reason: 'organisation key is not a number' },
      { line: 5, field: 'org_name', recordId: '32', reason: 'missing organisation name' },
      { line: 6, field: 'project_count', recordId: '33', reason: 'not a count: "-2"' },
    ]);
  });

  it('keep.eu project JSON: a start date that names no day is rejected by its JSON path', () => {
    const real = JSON.parse(readFileSync(join(sourcesDir(), 'keep-eu-api-samples', 'keep-project-17853.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const good = parse(keepEuConnector, 'project-good.json', JSON.stringify([real]));
    expect(good.rejections).toEqual([]);
    expect(good.parsed.rows.projects?.projects).toHaveLength(1);
    const { parsed, rejections } = parse(
      keepEuConnector,
      'project-bad.json',
      JSON.stringify([real, { ...real, start_date: '2017-02-30' }]),
    );
    expect(parsed.records).toBe(2);
    expect(rejections).toEqual([
      {
        path: '$[1].start_date',
        field: 'start_date',
        recordId: 'project/17853',
        reason: '"2017-02-30" is not a calendar date written YYYY-MM-DD',
      },
    ]);
  });

  it('EEA Grants partners.json: a flag that is not true/false, a NUTS list that is not one, an unnamed organisation', () => {
    type Rec = { projects: Record<string, Record<string, unknown>>; PO: Record<string, Record<string, unknown>> };
    const all = JSON.parse(readFileSync(join(sourcesDir(), 'eea-grants-2009-2014', 'partners.json'), 'utf8')) as Rec[];
    const first = all.findIndex((r) => Object.keys(r.projects ?? {}).length > 0 && Object.keys(r.PO ?? {}).length > 0);
    const records = structuredClone(all.slice(first, first + 3));
    const [a, b, c] = records as [Rec, Rec, Rec];
    const project = Object.keys(a.projects)[0] as string;
    (a.projects[project] as Record<string, unknown>).has_ended = 'yes';
    const other = Object.keys(b.projects)[0] as string;
    (b.projects[other] as Record<string, unknown>).src_nuts = 'NO022';
    const key = Object.keys(c.PO)[0] as string;
    (c.PO[key] as Record<string, unknown>).name = '  ';
    const { rejections } = parse(eeaGrantsConnector, 'partners.json', JSON.stringify(records));
    expect(rejections).toEqual([
      { path: `$[0].projects["${project}"].has_ended`, field: 'has_ended', recordId: project, reason: 'not true/false: "yes"' },
      { path: `$[1].projects["${other}"].src_nuts`, field: 'src_nuts', recordId: other, reason: 'not a list of NUTS codes' },
      { path: `$[2].PO["${key}"].name`, field: 'name', recordId: key, reason: 'missing organisation name' },
    ]);
  });
});
