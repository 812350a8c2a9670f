#!/usr/bin/env node
// Regenerates ingest/reference/lau.json from the source files in ../shared/data/sources (or the folder given):
// the LAU places the graph has (Polish gminas from TERYT TERC, Romanian UATs and counties from SIRUTA) and the
// NUTS 2024 level-3 names, with the region each lies in. Connectors use it to place an organisation record at
// its municipality when the record's name or town names one ("GMINA PNIEWY", "Orașul Turnu Măgurele"), the
// same way whatever was loaded before. IDs are those the teryt and siruta connectors give the places.
// Usage: node scripts/build-lau-reference.cjs [sources-dir]
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { requireTs } = require('./require-ts.cjs');
const { parse } = require('csv-parse/sync');

const dir = process.argv[2] || process.env.SOURCES_DIR || join(__dirname, '..', '..', 'shared', 'data', 'sources');
const csv = (path, delimiter = ',') =>
  parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''), { columns: true, delimiter, skip_empty_lines: true, relax_column_count: true });

// The same tables as ingest/src/connectors/teryt.ts and siruta.ts (the connectors' tests check them).
const VOIVODESHIP_NUTS = {
  '02': 'PL51',
  '04': 'PL61',
  '06': 'PL81',
  '08': 'PL43',
  10: 'PL71',
  12: 'PL21',
  14: 'PL9',
  16: 'PL52',
  18: 'PL82',
  20: 'PL84',
  22: 'PL63',
  24: 'PL22',
  26: 'PL72',
  28: 'PL62',
  30: 'PL41',
  32: 'PL42',
};
const COUNTY_NUTS = {
  1: 'RO121',
  2: 'RO421',
  3: 'RO311',
  4: 'RO211',
  5: 'RO111',
  6: 'RO112',
  7: 'RO212',
  8: 'RO122',
  9: 'RO221',
  10: 'RO222',
  11: 'RO422',
  12: 'RO113',
  13: 'RO223',
  14: 'RO123',
  15: 'RO313',
  16: 'RO411',
  17: 'RO224',
  18: 'RO412',
  19: 'RO124',
  20: 'RO423',
  21: 'RO315',
  22: 'RO213',
  23: 'RO322',
  24: 'RO114',
  25: 'RO413',
  26: 'RO125',
  27: 'RO214',
  28: 'RO414',
  29: 'RO316',
  30: 'RO115',
  31: 'RO116',
  32: 'RO126',
  33: 'RO215',
  34: 'RO317',
  35: 'RO424',
  36: 'RO225',
  37: 'RO216',
  38: 'RO415',
  39: 'RO226',
  40: 'RO321',
  51: 'RO312',
  52: 'RO314',
};

// PL: [TERYT code, name, RODZ, NUTS of the voivodeship]; town parts of urban-rural gminas (RODZ 4) point at their gmina.
const terc = csv(join(dir, 'pl-teryt-terc-2024', 'terc-2024-01-01.csv'));
const pl = [];
for (const r of terc) {
  if (!r.GMI || !['1', '2', '3', '4'].includes(r.RODZ)) continue;
  const code = r.WOJ + r.POW + r.GMI + (r.RODZ === '4' ? '3' : r.RODZ);
  pl.push([code, r.NAZWA, r.RODZ, VOIVODESHIP_NUTS[r.WOJ]]);
}

// RO: [SIRUTA, name without the type word, TIP, NUTS 3 of the county]; counties: [name without JUDEȚUL, NUTS 3].
const siruta = csv(join(dir, 'ro-siruta-lau', 'siruta.csv'), ';');
const ro = [];
const roCounties = [];
for (const r of siruta) {
  const nuts = COUNTY_NUTS[Number(r.JUD)];
  if (!nuts) continue;
  if (r.NIV === '1') roCounties.push([r.DENLOC.replace(/^JUDE[ȚŢ]UL\s+/, '').trim(), nuts]);
  if (r.NIV === '2') ro.push([r.SIRUTA, r.DENLOC.replace(/^(MUNICIPIUL|ORA[ȘŞ])\s+/, '').trim(), r.TIP, nuts]);
}

// NUTS 2024 level 3 and the statistical regions of EFTA and candidate countries (TR212 Edirne): [code, label],
// for towns that name their region, as Bulgarian, Romanian and Turkish seats do.
const nuts3 = csv(join(dir, 'nuts-2021-2024', 'nuts2024.csv'))
  .filter((r) => r.nuts_level === '3')
  .map((r) => [r.nuts_code, r.nuts_label]);
const { readXlsx } = requireTs(join(__dirname, '..', 'ingest', 'src', 'xlsx.ts'));
const [srHead, ...srRows] = readXlsx(readFileSync(join(dir, 'nuts-2021-2024', 'NUTS2021-NUTS2024.xlsx'))).sheet('Statistical Regions');
const [srCode, srName, srLevel] = ['SR Code', 'Territorial level', 'SR level'].map((c) => srHead.cells.indexOf(c));
if (srCode < 0 || srName < 0 || srLevel < 0)
  throw new Error('Statistical Regions sheet: no "SR Code", "Territorial level" or "SR level" column');
for (const r of srRows) if (r.cells[srLevel] === '3' && r.cells[srCode]) nuts3.push([r.cells[srCode], r.cells[srName]]);

const lines = (rows) => rows.map((r) => JSON.stringify(r)).join(',\n');
writeFileSync(
  join(__dirname, '..', 'ingest', 'reference', 'lau.json'),
  `{"PL":[\n${lines(pl)}],\n"RO":[\n${lines(ro)}],\n"RO-counties":[\n${lines(roCounties)}],\n"NUTS3":[\n${lines(nuts3)}]}\n`,
);
console.log(`PL gminas and towns: ${pl.length}; RO UATs: ${ro.length}, counties: ${roCounties.length}; NUTS 3 regions: ${nuts3.length}`);
