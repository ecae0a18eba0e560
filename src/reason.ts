/**
 * Why a row (or one of its numbers) was rejected, as data: `kind` says what is wrong, without
 * the row's values, and is what the summary counts; `text` is the sentence `_reason` shows, with
 * the row's own value in it. Both are made once, where the problem is found, and never split or
 * parsed again, so either may hold any character (an e-mail cell `a@x.com; b@y.com` is one
 * value of one reason).
 */
export interface Reason {
  /** What is wrong: "phone: not a valid number for US". */
  readonly kind: string;
  /** What `_reason` shows: "phone: not a valid number for US: '555-12'". */
  readonly text: string;
}

/**
 * A reason of `kind`; with a `value`, the text names it after a colon, in quotes when `quote`
 * (the default) says so: `reason('email: invalid format', 'bob@')` →
 * "email: invalid format: 'bob@'".
 */
export function reason(kind: string, value?: string, options: { readonly quote?: boolean } = {}): Reason {
  if (value === undefined) return { kind, text: kind };
  return { kind, text: `${kind}: ${options.quote === false ? value : `'${value}'`}` };
}

/** Every reason of a row, as `_reason` shows them. */
export function formatReasons(reasons: readonly Reason[]): string {
  return reasons.map((r) => r.text).join('; ');
}
