/** A strong entity tag for a post at `version`. */
export function etagFor(version: number): string {
  return `"${version}"`;
}

/**
 * RFC 9110 If-Match: `*` or a list of entity tags compared strongly (a weak
 * tag never matches). An absent header always matches.
 */
export function ifMatchAllows(ifMatch: string | undefined, currentEtag: string): boolean {
  if (ifMatch === undefined) return true;
  const candidates = ifMatch.split(',').map((tag) => tag.trim());
  return candidates.some((tag) => tag === '*' || tag === currentEtag);
}
