import { Kind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DateScalar } from './scalars.js';

describe('Date scalar', () => {
  it('accepts calendar dates written YYYY-MM-DD', () => {
    expect(DateScalar.parseValue('2023-06-01')).toBe('2023-06-01');
    expect(DateScalar.parseLiteral({ kind: Kind.STRING, value: '2019-11-20' }, {})).toBe('2019-11-20');
  });

  it('rejects malformed and impossible dates as BAD_USER_INPUT', () => {
    for (const bad of ['2023-6-1', '01.06.2023', '2023-02-30', 20230601, '']) {
      // The assertion stands outside the try, so a value that is accepted fails the test by name.
      let refusal: unknown;
      try {
        DateScalar.parseValue(bad);
      } catch (error) {
        refusal = error;
      }
      expect(refusal, `accepted ${String(bad)}`).toBeDefined();
      expect((refusal as { extensions?: { code?: string } }).extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('serialises JS dates and date strings to YYYY-MM-DD', () => {
    expect(DateScalar.serialize(new Date(Date.UTC(2023, 4, 26)))).toBe('2023-05-26');
    expect(DateScalar.serialize('2023-05-26')).toBe('2023-05-26');
  });
});
