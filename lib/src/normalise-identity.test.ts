import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sourcesDir } from './paths.js';
import { describe, expect, it } from 'vitest';
import { nameKey, searchKey, transliterate } from './normalise.js';

const SOURCES = sourcesDir();

describe('transliterate', () => {
  it('writes Bulgarian in the streamlined system, keeping case', () => {
    expect(transliterate('Община Петрич')).toBe('Obshtina Petrich');
    expect(transliterate('ОБЩИНА ПЕТРИЧ')).toBe('OBSHTINA PETRICH');
    expect(transliterate('Община Малко Търново')).toBe('Obshtina Malko Tarnovo');
    expect(transliterate('София (столица)')).toBe('Sofia (stolitsa)');
    expect(transliterate('Югозападен')).toBe('Yugozapaden');
  });

  it('writes Greek as ELOT 743 does for the NUTS labels', () => {
    expect(transliterate('Βόρειος Τομέας Αθηνών')).toBe('Voreios Tomeas Athinon');
    expect(transliterate('Νησιά Αιγαίου, Κρήτη')).toBe('Nisia Aigaiou, Kriti');
    expect(transliterate('Χίος')).toBe('Chios');
  });

  it('agrees with the Latin labels of the NUTS transliteration file for Bulgarian and Greek regions', () => {
    const lines = readFileSync(join(SOURCES, 'nuts-2021-2024/transliteration-cyrillic-greek.csv'), 'utf8').trim().split('\n').slice(1);
    const parse = (line: string) => (line.match(/("([^"]*)"|[^,]*)(,|$)/g) ?? []).map((c) => c.replace(/,$/, '').replace(/^"|"$/g, ''));
    // The file lists only the first of several Greek names ("Θάσος, Καβάλα" -> "Thasos"): compare first names.
    const first = (s: string) => searchKey(s.split(',')[0]);
    const rows = lines.map(parse).filter((r) => /^(BG|EL)/.test(r[0] ?? '') && r.length >= 3);
    expect(rows.length).toBeGreaterThan(60);
    const differ = rows.filter(([, label, latin]) => first(transliterate(label)) !== first(latin ?? '')).map((r) => r[1]);
    // Official exceptions to the letter rules: България is Bulgaria, Ρέθυμνο is Rethymni in this file.
    expect(differ).toEqual(['Северна и Югоизточна България', 'Югозападна и Южна централна България', 'Ρέθυμνο']);
  });

  it('leaves Latin text alone', () => {
    expect(transliterate('Związek Miast Polskich')).toBe('Związek Miast Polskich');
    expect(transliterate(null)).toBe('');
  });
});

describe('nameKey', () => {
  it('matches Kohesio spellings of one beneficiary across case and script', () => {
    const keys = ['ОБЩИНА ПЕТРИЧ', 'община Петрич', 'Община Петрич', 'OBShtINA PETRICh', 'obshtina Petrich'].map((n) => nameKey(n));
    expect(new Set(keys)).toEqual(new Set(['obshtina petrich']));
  });

  it('drops legal-form words, spelled out or abbreviated', () => {
    expect(nameKey('APPLICA SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ')).toBe(nameKey('APPLICA SP. Z O.O.'));
    expect(nameKey('TORUŃSKA AGENCJA ROZWOJU REGIONALNEGO S.A.')).toBe(nameKey('TORUŃSKA AGENCJA ROZWOJU REGIONALNEGO SPÓŁKA AKCYJNA'));
    expect(nameKey('MAŁOPOLSKA AGENCJA ROZWOJU REGIONALNEGO SA')).toBe(nameKey('MAŁOPOLSKA AGENCJA ROZWOJU REGIONALNEGO S.A.'));
    expect(nameKey('HRUBIESZOWSKA TELEWIZJA KABLOWA SP. Z O. O.')).toBe('hrubieszowska kablowa telewizja');
    expect(nameKey('"Zora-ES" ЕООД')).toBe('es zora');
    expect(nameKey('Kaufland Magyarország Kft.')).toBe(nameKey('KAUFLAND MAGYARORSZÁG KORLÁTOLT FELELŐSSÉGŰ TÁRSASÁG'));
  });

  it('ignores word order and the article', () => {
    expect(nameKey('THE ASSOCIATION OF POLISH CITIES')).toBe(nameKey('Association of Polish Cities'));
    expect(nameKey('Nikopol Municipality')).toBe(nameKey('Municipality of Nikopol'));
  });

  it('keeps the municipal words that tell bodies apart', () => {
    expect(nameKey('Gmina Chełm', 'PL')).not.toBe(nameKey('Miasto Chełm', 'PL'));
    expect(nameKey('Gmina Miasto Chełm', 'PL')).toBe(nameKey('MIASTO CHEŁM', 'PL'));
    expect(nameKey('Gmina Miejska Hrubieszów', 'PL')).toBe(nameKey('MIASTO HRUBIESZÓW', 'PL'));
    expect(nameKey('Miasto i Gmina Piaseczno', 'PL')).toBe(nameKey('Gmina Piaseczno', 'PL'));
    expect(nameKey('POWIAT TOMASZOWSKI', 'PL')).not.toBe(nameKey('GMINA TOMASZÓW LUBELSKI', 'PL'));
  });

  it('spells municipal words one way per country', () => {
    expect(nameKey('Nikopol Municipality', 'BG')).toBe(nameKey('ОБЩИНА НИКОПОЛ', 'BG'));
    expect(nameKey('Turnu Magurele Town', 'RO')).toBe(nameKey('MUNICIPIUL TURNU MĂGURELE', 'RO'));
    expect(nameKey('Orașul Turnu Măgurele', 'RO')).toBe(nameKey('MUNICIPIUL TURNU MĂGURELE', 'RO'));
    expect(nameKey('UNITATEA ADMINISTRATIV TERITORIALA MUNICIPIUL BRAILA', 'RO')).toBe(nameKey('Municipiul Brăila', 'RO'));
    // Without a country nothing is assumed.
    expect(nameKey('Nikopol Municipality')).not.toBe(nameKey('ОБЩИНА НИКОПОЛ'));
  });

  it('does not reduce a name that is only a legal form to nothing', () => {
    expect(nameKey('S.A.')).toBe('a s');
    expect(nameKey('')).toBe('');
  });
});
