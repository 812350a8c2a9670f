import { describe, expect, it } from 'vitest';
import { MAX_PAGE_SIZE, page } from './paging.js';

describe('page', () => {
  it('passes limits and offsets in range through unchanged', () => {
    expect(page(0, 0)).toEqual({ limit: 0, offset: 0 });
    expect(page(MAX_PAGE_SIZE, 1000)).toEqual({ limit: MAX_PAGE_SIZE, offset: 1000 });
  });

  it('rejects negative or oversized values as BAD_USER_INPUT naming the argument', () => {
    for (const [limit, offset, argument] of [
      [-1, 0, 'limit'],
      [MAX_PAGE_SIZE + 1, 0, 'limit'],
      [10, -1, 'offset'],
    ] as const) {
      // The assertion stands outside the try, so an accepted page fails the test by name.
      let refusal: unknown;
      try {
        page(limit, offset);
      } catch (error) {
        refusal = error;
      }
      expect(refusal, `accepted limit ${limit} offset ${offset}`).toBeDefined();
      expect((refusal as { extensions: Record<string, unknown> }).extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: argument });
    }
  });
});
