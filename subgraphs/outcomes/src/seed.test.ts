import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

  it('names the file and line of what the hand-written checks and the nested objectives refuse', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'outcomes-seed-')), 'outcomes.yaml');
    const write = (extra: string[]) => {
      writeFileSync(
        file,
        ['outcomes:', '  - id: outcome:x:y', '    kind: REPORT', '    name: A report', '    sources: [src:x]', ...extra, ''].join('\n'),
      );
      return readYaml<OutcomesSeed>(file);
    };
    expect(() => checkOutcomesSeed(write(['    addressedToOrganisations: [place:lau:PL:1418043]']), file)).toThrow(
      `${file}:6: outcome:x:y: addressedToOrganisations lists "place:lau:PL:1418043"`,
    );
    expect(() => checkOutcomesSeed(write(['    date: 2023-07-25']), file)).toThrow(
      `${file}:6: outcome:x:y: date and datePrecision go together`,
    );
    expect(() =>
      checkOutcomesSeed(write(['    objectives:', '      - { kind: MAIN, text: A }', '      - { kind: WISH, text: B }']), file),
    ).toThrow(`${file}:8: outcomes[0] (outcome:x:y).objectives[1] kind: "WISH" is not one of`);
    expect(() => checkOutcomesSeed(write(['    objectives:', '      - { kind: MAIN }']), file)).toThrow(
      `${file}:7: outcomes[0] (outcome:x:y).objectives[0]: missing required field "text"`,
    );
  });
});
