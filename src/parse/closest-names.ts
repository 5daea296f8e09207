/** Edit distance between two short names (Levenshtein), bounded for speed. */
function distance(a: string, b: string): number {
  if (a === b) return 0;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diagonal = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j]!;
      prev[j] = Math.min(above + 1, prev[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return prev[b.length]!;
}

/** Up to `limit` names from `candidates` that look like `name` (for "did you mean" hints). */
export function closestNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const lowered = name.toLowerCase();
  const scored: [string, number][] = [];
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    const d = c.includes(lowered) || lowered.includes(c) ? Math.abs(c.length - lowered.length) * 0.5 : distance(lowered, c);
    if (d <= Math.max(2, Math.floor(name.length / 3))) scored.push([candidate, d]);
  }
  return scored
    .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([candidate]) => candidate);
}
