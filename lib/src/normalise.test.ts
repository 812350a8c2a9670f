import { describe, expect, it } from 'vitest';
import { clearFoldCaches, foldCacheSizes, nameKey, searchKey, slug } from './normalise.js';
import { stableId } from './ids.js';

describe('searchKey', () => {
  it('folds a text longer than any name without keeping it, so request arguments cannot fill the cache', () => {
    clearFoldCaches();
    const long = `${'Łódź '.repeat(2_000)}Kraków`;
    expect(searchKey(long)).toBe(`${'lodz '.repeat(2_000)}krakow`);
    expect(nameKey(long, 'PL').startsWith('krakow lodz')).toBe(true);
    expect(foldCacheSizes()).toEqual({ searchKeys: 0, nameKeys: 0 });
    expect(searchKey('Łódź')).toBe('lodz');
    expect(foldCacheSizes().searchKeys).toBe(1);
    clearFoldCaches();
  });

  it('matches names typed without diacritics or capitals', () => {
    expect(searchKey('Tarnów')).toBe(searchKey('TARNOW'));
    expect(searchKey('Timişoara')).toBe(searchKey('timisoara')); // cedilla form
    expect(searchKey('Timișoara')).toBe(searchKey('Timisoara')); // comma-below form
    expect(searchKey('Związek Miast Polskich')).toBe('zwiazek miast polskich');
  });

  it('folds letters that Unicode does not decompose, such as the Polish ł', () => {
    expect(searchKey('Wałbrzych')).toBe('walbrzych');
    expect(searchKey('Jasło')).toBe('jaslo');
  });

  it('drops quotes and punctuation so quoted names match plain ones', () => {
    expect(searchKey('Zakład Aktywności Zawodowej „Słoneczne Wzgórze”')).toBe('zaklad aktywnosci zawodowej sloneczne wzgorze');
    expect(searchKey('ECoC-SME')).toBe('ecoc sme');
  });

  it('gives an empty key for empty input', () => {
    expect(searchKey(null)).toBe('');
    expect(searchKey('  ')).toBe('');
  });
});

describe('stable ids', () => {
  it('builds the same id from the same natural key every time, keeping codes as written', () => {
    expect(stableId('place', 'lau', 'PL', '1263011')).toBe('place:lau:PL:1263011');
    expect(stableId('org', 'PL', 'Związek Miast Polskich')).toBe('org:PL:zwiazek-miast-polskich');
    expect(slug('MIASTO PRZEDSIĘBIORCZE')).toBe('miasto-przedsiebiorcze');
  });

  it('refuses to build an id without a natural key', () => {
    expect(() => stableId('place')).toThrow(/natural-key/);
  });
});
