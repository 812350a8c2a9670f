/** Which folders of shared/data/sources each source reads, in an order that needs no other: the bench and tests load them so. */
export const SOURCE_FOLDERS: Array<{ source: string; folders: string[] }> = [
  { source: 'countries', folders: ['country-codes'] },
  { source: 'nuts', folders: ['nuts-2021-2024', 'kohesio-nuts-wikidata'] },
  { source: 'teryt', folders: ['pl-teryt-terc-2024'] },
  { source: 'siruta', folders: ['ro-siruta-lau'] },
  { source: 'eea-grants', folders: ['eea-grants-2009-2014'] },
  { source: 'keep-eu', folders: ['keep-eu-api-samples', 'keep-eu-nuts3-aggregates-2014-2020'] },
  { source: 'kohesio-beneficiaries', folders: ['kohesio-beneficiaries-2023'] },
];
