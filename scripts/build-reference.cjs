#!/usr/bin/env node
// Regenerates ingest/reference/{countries,nuts}.json from the source files in data/sources (or the folder given)
// (ISO country list, NUTS 2024 list and NUTS 2021->2024 correspondence). Connectors use these small,
// committed tables to resolve the country names and NUTS codes other sources mention, so a keep.eu or
// EEA Grants file resolves the same way whatever was loaded before it.
// Usage: node scripts/build-reference.cjs [sources-dir]
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { requireTs } = require('./require-ts.cjs');

const dir = process.argv[2] || process.env.SOURCES_DIR || join(__dirname, '..', 'data', 'sources');

function csv(path) {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  const header = rows.shift();
  return rows.filter((r) => r.length > 1).map((r) => Object.fromEntries(header.map((h, k) => [h, r[k] ?? ''])));
}

const countries = csv(join(dir, 'country-codes', 'country-codes-compact.csv'))
  .filter((r) => r.iso2)
  .map((r) => ({
    iso2: r.iso2,
    iso3: r.iso3,
    numeric: r.iso_numeric,
    name: r.name,
    officialName: r.official_name_en,
    eu: r.eu_protocol_code || r.iso2,
  }));
writeFileSync(
  join(__dirname, '..', 'ingest', 'reference', 'countries.json'),
  `${JSON.stringify(countries, null, 0).replace(/\},\{/g, '},\n{')}\n`,
);

const nuts2024 = csv(join(dir, 'nuts-2021-2024', 'nuts2024.csv')).map((r) => [r.nuts_code, Number(r.nuts_level)]);
// The statistical regions of EFTA and candidate countries (NO, IS, LI, CH, ME, MK, AL, RS, TR, XK) are only in
// the workbook: Eurostat codes them like NUTS regions, and sources use them as NUTS codes (EEA Grants: NO...).
const { readXlsx } = requireTs(join(__dirname, '..', 'ingest', 'src', 'xlsx.ts'));
const [srHead, ...srRows] = readXlsx(readFileSync(join(dir, 'nuts-2021-2024', 'NUTS2021-NUTS2024.xlsx'))).sheet('Statistical Regions');
const srCode = srHead.cells.indexOf('SR Code');
const srLevel = srHead.cells.indexOf('SR level');
if (srCode < 0 || srLevel < 0) throw new Error('Statistical Regions sheet: no "SR Code" or "SR level" column');
const statistical = srRows.filter((r) => r.cells[srCode]).map((r) => [r.cells[srCode], Number(r.cells[srLevel])]);
nuts2024.push(...statistical);
const corr = csv(join(dir, 'nuts-2021-2024', 'nuts2021-nuts2024-correspondence.csv'));
const renamed = {};
for (const r of corr) {
  if (r.code_2021 && r.code_2024 && r.code_2021 !== r.code_2024) renamed[r.code_2021] = r.code_2024;
}
writeFileSync(
  join(__dirname, '..', 'ingest', 'reference', 'nuts.json'),
  `${JSON.stringify({ nuts2024: Object.fromEntries(nuts2024), renamed2021: renamed }, null, 1)}\n`,
);
console.log(
  `countries: ${countries.length}; NUTS 2024 codes: ${nuts2024.length - statistical.length} + ${statistical.length} statistical regions; 2021 codes renamed in 2024: ${Object.keys(renamed).length}`,
);
