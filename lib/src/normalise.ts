/**
 * Search keys: what a user types ("Tarnow", "TIMISOARA", "zwiazek miast") must find what the
 * sources spell with diacritics ("Tarnów", "Timişoara", "Związek Miast Polskich").
 * Done in JS rather than with Postgres `unaccent` so the embedded PGlite behaves the same.
 */
const EXTRA: Record<string, string> = {
  ł: 'l', Ł: 'l', ø: 'o', Ø: 'o', đ: 'd', Đ: 'd', ß: 'ss', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe',
  ı: 'i', þ: 'th', ð: 'd',
};

export function searchKey(text: string | null | undefined): string {
  if (!text) return '';
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[łŁøØđĐßæÆœŒıþð]/g, (c) => EXTRA[c] ?? c)
    .toLowerCase()
    .replace(/[„“”"'’‘`«»]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A URL- and log-friendly slug for stable IDs built from natural keys. */
export function slug(text: string): string {
  return searchKey(text).replace(/ /g, '-');
}
