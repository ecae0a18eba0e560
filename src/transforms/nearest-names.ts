/**
 * The names nearest to a mistyped one, for "did you mean …?": by edit distance (insertions,
 * deletions, substitutions and swaps of two neighbouring letters each count one), the closest
 * first, alphabetical among equals. Only names within a third of the typed word's length (at
 * least 1, at most 3) are offered: beyond that a suggestion is a guess that misleads more than it
 * helps.
 */
export function nearestNames(typed: string, names: Iterable<string>, most = 3): string[] {
  const reach = Math.min(3, Math.max(1, Math.floor(typed.length / 3)));
  const scored: { name: string; distance: number }[] = [];
  for (const name of names) {
    const distance = editDistance(typed.toLowerCase(), name.toLowerCase());
    if (distance <= reach) scored.push({ name, distance });
  }
  scored.sort((a, b) => a.distance - b.distance || (a.name < b.name ? -1 : 1));
  const best = scored[0]?.distance;
  return scored.filter((s) => s.distance === best).slice(0, most).map((s) => s.name);
}

/** Optimal string alignment distance: Levenshtein's, with a swap of neighbours as one edit. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}

/** "a", "a or b", "a, b or c". */
export function orList(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}
