import { describe, expect, it } from 'vitest';
import { startupFailure } from './service.js';

describe('startupFailure', () => {
  it('prints every line of the message and each cause, without stack frames or passwords', () => {
    const driver = new Error('connect ECONNREFUSED 127.0.0.1:5433');
    const wrapped = new Error('could not open postgres://app:s3cret@db.example:5433/regiograph\nthe server did not answer', {
      cause: driver,
    });
    const failure = new Error(
      'with written as (\n  select * from json_to_recordset($1)\n)\n- date/time field value out of range: "2022-02-30"',
      {
        cause: wrapped,
      },
    );
    const text = startupFailure('Regiograph', failure);
    expect(text).toBe(
      [
        'Regiograph failed to start: with written as (',
        '    select * from json_to_recordset($1)',
        '  )',
        '  - date/time field value out of range: "2022-02-30"',
        '  caused by: could not open postgres://app:***@db.example:5433/regiograph',
        '    the server did not answer',
        '    caused by: connect ECONNREFUSED 127.0.0.1:5433',
      ].join('\n'),
    );
    expect(text).not.toContain('s3cret');
  });

  it('lists the errors of an AggregateError and leaves out stack frames inside a message', () => {
    const aggregate = new AggregateError(
      [new Error('connect ECONNREFUSED ::1:5432'), new Error('connect ECONNREFUSED 127.0.0.1:5432')],
      '',
    );
    const text = startupFailure(
      'projects subgraph',
      new Error('database not reachable\n    at connect (pool.js:1:1)', { cause: aggregate }),
    );
    expect(text).toBe(
      [
        'projects subgraph failed to start: database not reachable',
        '  caused by: AggregateError',
        '    connect ECONNREFUSED ::1:5432',
        '    connect ECONNREFUSED 127.0.0.1:5432',
      ].join('\n'),
    );
  });

  it('formats a value that is not an Error', () => {
    expect(startupFailure('gateway', 'port 4000 is in use')).toBe('gateway failed to start: port 4000 is in use');
  });
});
