import { describe, expect, it } from 'vitest';
import { DecimalScalar, isZeroDecimal, money, sumDecimals, toDecimal } from './money.js';

describe('money', () => {
  it('reads source amounts as exact decimals: strings and JSON numbers, scientific notation, unknown as null', () => {
    expect(toDecimal('682235.03')).toBe('682235.03');
    expect(toDecimal(3999999.99)).toBe('3999999.99');
    expect(toDecimal('1.889133488E7')).toBe('18891334.88');
    expect(toDecimal(' 22979.9046541439 ')).toBe('22979.9046541439');
    expect(toDecimal('')).toBeNull();
    expect(toDecimal(null)).toBeNull();
    expect(toDecimal('lots')).toBeUndefined();
    expect(toDecimal('12,50')).toBeUndefined();
    expect(toDecimal(Number.NaN)).toBeUndefined();
    expect(toDecimal({})).toBeUndefined();
  });

  it('adds many two-decimal amounts without a binary rounding residue', () => {
    expect(sumDecimals(Array.from({ length: 1000 }, () => '0.10'))).toBe('100');
    expect(sumDecimals(['82561.53', '682235.03', 0.1])).toBe('764796.66');
    expect(sumDecimals([])).toBe('0');
    expect(isZeroDecimal('0.00')).toBe(true);
    expect(isZeroDecimal('0.01')).toBe(false);
  });

  it('is null when the amount or the currency is unknown, never 0', () => {
    expect(money(null, 'EUR')).toBeNull();
    expect(money('12.5', null)).toBeNull();
    expect(money('0', 'EUR')).toEqual({ amount: '0', currency: 'EUR' });
    expect(money(4000000.5, 'EUR')).toEqual({ amount: '4000000.5', currency: 'EUR' });
  });

  it('serialises the Decimal scalar as a string and refuses anything but a decimal string', () => {
    expect(DecimalScalar.serialize('4000000.50')).toBe('4000000.50');
    expect(DecimalScalar.serialize(0.1)).toBe('0.1');
    expect(() => DecimalScalar.parseValue(12.5)).toThrow(/Invalid Decimal/);
    expect(() => DecimalScalar.parseValue('1e5')).toThrow(/Invalid Decimal/);
    expect(DecimalScalar.parseValue('-3.25')).toBe('-3.25');
  });
});
