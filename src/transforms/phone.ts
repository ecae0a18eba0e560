import { availableParallelism } from 'node:os';
import type { CountryCode } from '../libphonenumber.js';
import type { SourceItem } from '../readers/source-row.js';
import { parseCountryOption, resolveCountry } from './country.js';
import { unguardFormula } from './formula-guard.js';
import { parsePhoneText, type PhoneResult } from './phone-parse.js';
import { PhoneWorkerPool } from './phone-pool.js';

/** Options of a phone normaliser. */
export interface PhoneNormaliserOptions {
  /** The country of numbers written in national format, from `--country`. Default `US`. */
  readonly defaultCountry?: string;
  /** How many distinct (text, country) inputs to remember. Default 100 000; 0 turns caching off. */
  readonly cacheSize?: number;
  /**
   * Worker threads {@link PhoneNormaliser.prefetch} may use. Default: one per core but one (the
   * calling thread's); 0 keeps every number on the calling thread.
   */
  readonly workers?: number;
  /**
   * Numbers normalised before the worker threads start, so that a small file never pays for
   * starting them (tens of milliseconds each). Default 20 000.
   */
  readonly workersAfter?: number;
}

/** A number text and the country it is read in (the normaliser's default when absent). */
export interface PhoneInput {
  readonly text: string;
  readonly country?: CountryCode | undefined;
}

/** Turns phone number texts into E.164, remembering recent answers for the run. */
export interface PhoneNormaliser {
  /** The country numbers in national format belong to when the row does not say. */
  readonly defaultCountry: CountryCode;
  /**
   * Normalises one number text (one number: split a cell with {@link splitPhoneCell} first).
   * `country` is the row's own country, when it has one.
   */
  normalise(text: string, country?: CountryCode): PhoneResult;
  /**
   * Normalises ahead, on worker threads, the numbers rows about to be prepared will ask for, so
   * that their `normalise` calls are cache hits. Only an optimisation: it never rejects, and a
   * number it did not see (or saw before the threads started) is simply normalised when asked.
   */
  prefetch(inputs: readonly PhoneInput[]): Promise<void>;
  /**
   * Whether {@link prefetch} would send numbers to worker threads now (it does nothing without
   * threads, before `workersAfter` numbers, or once a thread failed): a caller need not gather
   * the inputs when it would not.
   */
  readonly prefetching: boolean;
  /** Stops the worker threads, if any started. */
  close(): Promise<void>;
  /**
   * Cache lookups that were answered from the cache, and those that were not; `threaded`: how
   * many of the misses were normalised on worker threads.
   */
  readonly stats: { readonly hits: number; readonly misses: number; readonly threaded: number };
}

/**
 * Makes a normaliser for one run. Numbers are checked with libphonenumber's full (`max`)
 * metadata and `isValid()`, so a number of the right length in an unassigned range (US area
 * code 555, UK drama numbers 07700 900xxx) is refused rather than sent.
 *
 * Parsing is the slowest step of a load, and files repeat numbers (a company's switchboard on
 * every row), so answers are cached per (text, country). The cache keeps two generations of up
 * to half of `cacheSize` each and drops the older one when the newer fills: bounded memory,
 * no per-lookup bookkeeping, and numbers still in use survive by being copied forward.
 *
 * @throws CcbulkError `OPTION_INVALID` when `defaultCountry` names no country libphonenumber knows (a code
 *   or a name, as {@link parseCountryOption} reads it).
 */
export function createPhoneNormaliser(options: PhoneNormaliserOptions = {}): PhoneNormaliser {
  const defaultCountry = parseCountryOption(options.defaultCountry ?? 'US');
  const generation = Math.max(0, Math.floor((options.cacheSize ?? 100_000) / 2));
  const cores = availableParallelism();
  // One core is the main thread's (reading, checking, writing): two threads on two cores
  // measured slower than one, as the three took turns.
  const workers = generation === 0 ? 0 : (options.workers ?? Math.max(0, cores - 1));
  const workersAfter = options.workersAfter ?? 20_000;
  let young = new Map<string, PhoneResult>();
  let old = new Map<string, PhoneResult>();
  const stats = { hits: 0, misses: 0, threaded: 0 };
  let pool: PhoneWorkerPool | undefined;
  let poolFailed = false;

  // The default country is by far the most common, so its keys are the text itself: no
  // concatenated string to build and hash for most lookups.
  const keyOf = (text: string, country: CountryCode): string => (country === defaultCountry ? text : `${country}\u0000${text}`);
  const remember = (key: string, result: PhoneResult): void => {
    if (young.size >= generation) {
      old = young;
      young = new Map();
    }
    young.set(key, result);
  };

  const normalise = (text: string, country: CountryCode = defaultCountry): PhoneResult => {
    if (generation === 0) return parsePhoneText(text, country);
    const key = keyOf(text, country);
    let result = young.get(key);
    if (result !== undefined) {
      stats.hits++;
      return result;
    }
    result = old.get(key);
    if (result === undefined) {
      stats.misses++;
      result = parsePhoneText(text, country);
    } else {
      stats.hits++;
    }
    remember(key, result);
    return result;
  };

  const prefetching = (): boolean => workers > 0 && !poolFailed && stats.misses >= workersAfter;

  const prefetch = async (inputs: readonly PhoneInput[]): Promise<void> => {
    if (!prefetching()) return;
    const keys: string[] = [];
    const texts: string[] = [];
    const countries: CountryCode[] = [];
    const asked = new Set<string>();
    for (const { text, country = defaultCountry } of inputs) {
      const key = keyOf(text, country);
      if (asked.has(key) || young.has(key) || old.has(key)) continue;
      asked.add(key);
      keys.push(key);
      texts.push(text);
      countries.push(country);
    }
    if (texts.length === 0) return;
    try {
      pool ??= new PhoneWorkerPool(workers);
      const results = await pool.normalise(texts, countries);
      for (let i = 0; i < keys.length; i++) {
        // Counted as the misses they are; the rows' own lookups then count as hits.
        stats.misses++;
        stats.threaded++;
        remember(keys[i]!, Object.freeze(results[i]!));
      }
    } catch {
      // A thread that cannot start or dies costs speed, not correctness: carry on without.
      poolFailed = true;
      await pool?.close().catch(() => undefined);
      pool = undefined;
    }
  };

  const close = async (): Promise<void> => {
    const closing = pool;
    pool = undefined;
    await closing?.close();
  };
  return {
    defaultCountry,
    normalise,
    prefetch,
    get prefetching() {
      return prefetching();
    },
    close,
    stats,
  };
}

// Separators between several numbers in one cell. Not `;` when it starts a tel: URI parameter
// (`;ext=`), not `,` (a dialling pause in `555-0100,,123`), and not `/`, which many European
// numbers use between area code and number (`030/901820`).
const SEPARATORS = /\s*(?:[|\n\r]|;(?!\s*(?:ext|phone-context|isub)=))\s*/i;

/** Whether a trimmed cell may hold several numbers ({@link splitPhoneCell} splits it); a cell without is one number. */
export const SEVERAL_NUMBERS = /[|\n\r;]/;

/**
 * The number texts in one cell: a cell may hold several, separated by `;`, `|` or line breaks.
 * Texts are trimmed; empty ones dropped.
 */
export function splitPhoneCell(cell: string): string[] {
  const trimmed = cell.trim();
  if (trimmed === '') return [];
  // Most cells hold one number: skip the regex split and its array for them.
  if (!SEVERAL_NUMBERS.test(trimmed)) return [trimmed];
  return trimmed.split(SEPARATORS).filter((t) => t !== '');
}

/**
 * The number texts rows will ask a normaliser for, for {@link PhoneNormaliser.prefetch}: every
 * part of the cells at `indexes`, in the row's country (the cell at `countryIndex`) when it
 * names one. Rows whose country names none are left out: their numbers are not checked.
 */
export function phoneInputsOf(rows: readonly SourceItem[], indexes: readonly number[], countryIndex: number | undefined): PhoneInput[] {
  const inputs: PhoneInput[] = [];
  for (const row of rows) {
    if (row.kind !== 'row') continue;
    let country: CountryCode | undefined;
    const countryText = countryIndex === undefined ? '' : (row.cells[countryIndex]?.trim() ?? '');
    if (countryText !== '') {
      country = resolveCountry(unguardFormula(countryText));
      if (country === undefined) continue;
    }
    for (const index of indexes) {
      const cell = row.cells[index];
      if (cell === undefined || cell === '') continue;
      for (const text of splitPhoneCell(cell)) inputs.push({ text, country });
    }
  }
  return inputs;
}
