import { join } from 'node:path';
import { readYaml, seedsDir } from '@regiograph/lib';
import { describe, expect, it } from 'vitest';
import { checkOutcomesSeed, type OutcomesSeed } from './seed.js';

const valid = { id: 'outcome:x:y', kind: 'REPORT', name: 'A report', sources: ['src:x'] };

describe('outcomes seed checks', () => {
  it('accepts the committed seed file', () => {
    const data = readYaml<OutcomesSeed>(join(seedsDir(), 'outcomes.yaml'));
    expect(() => checkOutcomesSeed(data)).not.toThrow();
    expect(data.outcomes).toHaveLength(9);
  });

  it('rejects an unknown field, naming the record and the field', () => {
    expect(() => checkOutcomesSeed({ outcomes: [{ ...valid, producedBy: ['project:x'] } as never] })).toThrow(
      /outcome:x:y.*unknown field "producedBy"/,
    );
  });

  it('rejects an ID in the wrong relation list, e.g. a place listed as an organisation', () => {
    expect(() => checkOutcomesSeed({ outcomes: [{ ...valid, addressedToOrganisations: ['place:lau:PL:1418043'] }] })).toThrow(
      /addressedToOrganisations lists "place:lau:PL:1418043"/,
    );
  });

  it('rejects a kind or status outside the GraphQL enums', () => {
    expect(() => checkOutcomesSeed({ outcomes: [{ ...valid, kind: 'MEMO' }] })).toThrow(/kind: "MEMO" is not one of/);
    expect(() => checkOutcomesSeed({ outcomes: [{ ...valid, status: 'DONE' }] })).toThrow(/status: "DONE" is not one of/);
  });

  it('rejects a date without its precision', () => {
    expect(() => checkOutcomesSeed({ outcomes: [{ ...valid, date: '2023-07-25' }] })).toThrow(/date and datePrecision/);
  });
});
