import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, listFingerprint, pageRequest, type SortKey } from './connections.js';
import { MAX_PAGE_SIZE } from './paging.js';

const ORDER: SortKey[] = [
  { sql: 't.hit', type: 'boolean', descending: true },
  { sql: 't.name', type: 'text' },
  { sql: 't.id', type: 'text' },
];
const LIST = listFingerprint('Query.things', { name: 'x' });

function refusal(run: () => unknown): Record<string, unknown> | undefined {
  // The assertion stands outside the try, so an accepted value fails the test by name.
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  return (error as { extensions?: Record<string, unknown> } | undefined)?.extensions;
}

describe('cursors', () => {
  it('give back the key values they were made from, for the list they were made for', () => {
    const values = [true, 'Gmina Tarnów — "ą" \\ ü', 'org:PL:1'];
    const cursor = encodeCursor(LIST, values);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain('Tarn');
    expect(decodeCursor(cursor, LIST, ORDER, 'after')).toEqual(values);
  });

  it('tell lists apart by field and by every filter, in any order of the filters, and ignore filters not given', () => {
    expect(listFingerprint('Query.things', { a: 1, b: 'x' })).toBe(listFingerprint('Query.things', { b: 'x', a: 1, c: undefined }));
    expect(listFingerprint('Query.things', { a: 1 })).not.toBe(listFingerprint('Query.things', { a: 2 }));
    expect(listFingerprint('Query.things', {})).not.toBe(listFingerprint('Query.others', {}));
  });

  it('are refused, naming the argument, when altered, from another list, of another shape or not cursors at all', () => {
    const good = encodeCursor(LIST, [false, 'a', 'b']);
    const text = Buffer.from(good, 'base64url').toString('utf8');
    const altered = Buffer.from(text.replace('"a"', '"c"'), 'utf8').toString('base64url');
    // A well-formed cursor of another format version, with a valid checksum.
    const rechecked = (body: string) =>
      Buffer.from(createHash('sha256').update(body).digest('base64url').slice(0, 8) + body, 'utf8').toString('base64url');
    for (const [cursor, why] of [
      ['', 'empty'],
      ['not a cursor', 'spaces'],
      [good.slice(0, -3), 'truncated'],
      [altered, 'altered'],
      [encodeCursor(listFingerprint('Query.things', { name: 'y' }), [false, 'a', 'b']), 'another filter'],
      [encodeCursor(LIST, ['a', 'b']), 'too few keys'],
      [encodeCursor(LIST, [1, 'a', 'b']), 'a number for a boolean key'],
      [rechecked(JSON.stringify([2, LIST, [false, 'a', 'b']])), 'another version'],
    ] as const) {
      expect(
        refusal(() => pageRequest({ first: 2, after: cursor }, { list: LIST, order: ORDER, defaultSize: 5 })),
        why,
      ).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'after' });
    }
    expect(refusal(() => pageRequest({ last: 2, before: 'zzz' }, { list: LIST, order: ORDER, defaultSize: 5 }))).toEqual({
      code: 'BAD_USER_INPUT',
      argumentName: 'before',
    });
  });
});

describe('pageRequest', () => {
  it('pages forward by default with the default size, and back with last', () => {
    expect(pageRequest({}, { list: LIST, order: ORDER, defaultSize: 7 })).toMatchObject({
      size: 7,
      backward: false,
      after: null,
      before: null,
    });
    expect(pageRequest({ last: 3 }, { list: LIST, order: ORDER, defaultSize: 7 })).toMatchObject({ size: 3, backward: true });
    expect(pageRequest({ first: MAX_PAGE_SIZE }, { list: LIST, order: ORDER, defaultSize: 7 }).size).toBe(MAX_PAGE_SIZE);
  });

  it('refuses first and last out of range or together, naming the argument and the limit', () => {
    for (const [args, argument] of [
      [{ first: MAX_PAGE_SIZE + 1 }, 'first'],
      [{ first: -1 }, 'first'],
      [{ first: 1.5 }, 'first'],
      [{ last: MAX_PAGE_SIZE + 1 }, 'last'],
      [{ first: 1, last: 1 }, 'last'],
    ] as const) {
      expect(
        refusal(() => pageRequest(args, { list: LIST, order: ORDER, defaultSize: 5 })),
        JSON.stringify(args),
      ).toEqual({
        code: 'BAD_USER_INPUT',
        argumentName: argument,
      });
    }
  });
});
