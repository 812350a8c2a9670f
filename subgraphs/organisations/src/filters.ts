/** SQL filters shared by the name searches of places and organisations (aliases the row as `t`). */
export function kindAndCountry(kind?: string, countryCode?: string): { where?: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (kind) {
    where.push('t.kind = ?');
    params.push(kind);
  }
  if (countryCode) {
    where.push('t.country_code = ?');
    params.push(countryCode.toUpperCase());
  }
  return { where: where.join(' and ') || undefined, params };
}
