/**
 * A limit given as a count or a share (`--max-delete 500`, `--max-delete 10%`), as the option
 * schemas parse it.
 */
export type Threshold = { readonly count: number } | { readonly percent: number };

/** The most of `total` a threshold allows, rounded down (10 % of 25 allows 2). */
export function allowedBy(threshold: Threshold, total: number): number {
  return 'count' in threshold ? threshold.count : Math.floor((threshold.percent / 100) * total);
}

/** A threshold as a person wrote it: `500`, `10%`. */
export function thresholdText(threshold: Threshold): string {
  return 'count' in threshold ? String(threshold.count) : `${threshold.percent}%`;
}

/** `500` or `10%` (or `2.5%`) as a threshold; undefined for anything else. */
export function parseThreshold(text: string): Threshold | undefined {
  const t = text.trim();
  if (/^\d+$/.test(t)) return { count: Number(t) };
  const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(t);
  if (percent && Number(percent[1]) <= 100) return { percent: Number(percent[1]) };
  return undefined;
}

/** The `n` most frequent reject reasons, with their counts: `12 × phone: not a valid number for US, …`. */
export function topReasons(byReason: ReadonlyMap<string, number> | Readonly<Record<string, number>>, n = 3): string {
  const entries = byReason instanceof Map ? [...(byReason as ReadonlyMap<string, number>)] : Object.entries(byReason);
  return entries
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([kind, count]) => `${count} × ${kind}`)
    .join(', ');
}
