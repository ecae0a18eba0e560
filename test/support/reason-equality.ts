import { expect } from 'vitest';

/**
 * Reasons are data (`{kind, text}`, src/reason.ts); tests written against what `_reason` shows
 * compare them with that text. This tester makes a reason equal to a string when the string is
 * its text, so `toEqual({ ok: false, reasons: ["email: invalid format: 'bob@'"] })` still says
 * exactly what a person reads — and a reason whose text differs still fails.
 */
function isReason(value: unknown): value is { kind: string; text: string } {
  if (typeof value !== 'object' || value === null) return false;
  const keys = Object.keys(value);
  return keys.length === 2 && typeof (value as { kind?: unknown }).kind === 'string' && typeof (value as { text?: unknown }).text === 'string';
}

expect.addEqualityTesters([
  (a: unknown, b: unknown) => {
    if (isReason(a) && typeof b === 'string') return a.text === b;
    if (typeof a === 'string' && isReason(b)) return b.text === a;
    return undefined;
  },
]);
