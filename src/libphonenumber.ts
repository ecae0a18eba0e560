import { createRequire } from 'node:module';
import path from 'node:path';
import type * as Max from 'libphonenumber-js/max';

/**
 * libphonenumber-js (full metadata), with one internal helper made to remember its work.
 * `matchesEntirely(text, pattern)` builds `new RegExp('^(?:' + pattern + ')$')` on every call,
 * and `isValid()` calls it for each number type of a country with patterns of up to a few
 * kilobytes (the US fixed-line one is 1.5 KB): concatenating and hashing that text to find the
 * compiled expression took 40 % of the time a worker spent normalising numbers. The replacement
 * keeps one RegExp per pattern (patterns are the metadata's own strings, a few thousand at most)
 * and answers the same: a test checks it against the unpatched library on the same numbers.
 *
 * The library's CommonJS build looks the helper up on its exports object at every call, so
 * replacing `default` there reaches every caller. If a future version moves the helper, the
 * library is used as it is (only slower): a test fails on the missing cache, and
 * `BENCH_ONLY=micro npm run bench` shows the speed.
 *
 * Every module of ccbulk that uses libphonenumber-js imports it from here.
 */
const require = createRequire(import.meta.url);
const build = path.join(path.dirname(require.resolve('libphonenumber-js/max')), '..', 'build');

function rememberPatterns(): boolean {
  let helper: { default?: unknown };
  try {
    helper = require(path.join(build, 'helpers', 'matchesEntirely.js')) as { default?: unknown };
  } catch {
    return false;
  }
  if (typeof helper.default !== 'function') return false;
  const compiled = new Map<string, RegExp>();
  helper.default = function matchesEntirely(text: string | undefined, pattern: string): boolean {
    let regex = compiled.get(pattern);
    if (regex === undefined) {
      regex = new RegExp(`^(?:${pattern})$`);
      compiled.set(pattern, regex);
    }
    return regex.test(text || '');
  };
  return true;
}

/** Whether the pattern cache is in place (false: the library's own, slower helper runs). */
export const PATTERNS_REMEMBERED = rememberPatterns();

const lib = require('libphonenumber-js/max') as typeof Max;

export const parsePhoneNumberFromString: typeof Max.parsePhoneNumberFromString = lib.parsePhoneNumberFromString;
export const getCountries: typeof Max.getCountries = lib.getCountries;
export type { CountryCode } from 'libphonenumber-js/max';
