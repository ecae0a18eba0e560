// Phone normalisation on one core (moved from test/transforms/phone.bench.ts): ccbulk's
// normaliser, or libphonenumber-js alone as the baseline, over 200 000 distinct realistic numbers
// (each a cache miss) or 200 001 where each number appears three times. Best of three runs after
// one warm-up. Args: {tool: 'ccbulk' | 'libphonenumber', numbers: 'distinct' | 'repeated', count}.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { createPhoneNormaliser } from '../../dist/transforms/phone.js';
import { finish, taskArgs } from '../lib/child.mjs';
import { realisticNumbers } from '../lib/phone-numbers.mjs';

const { tool, numbers: kind, count = 200_000 } = taskArgs();
const distinct = realisticNumbers(count);
const numbers = kind === 'repeated' ? distinct.slice(0, Math.ceil(count / 3)).flatMap((n) => [n, n, n]) : distinct;

const once = () => {
  const started = performance.now();
  if (tool === 'ccbulk') {
    // A fresh normaliser each run: its cache must not carry over from the warm-up.
    const phones = createPhoneNormaliser({ defaultCountry: 'US' });
    for (const n of numbers) phones.normalise(n.text, n.country);
  } else {
    for (const n of numbers) parsePhoneNumberFromString(n.text, n.country ?? 'US')?.isValid();
  }
  return performance.now() - started;
};
once();
const elapsedMs = Math.min(once(), once(), once());
finish({ tool, numbers: kind, count: numbers.length, elapsedMs, numbersPerSecond: numbers.length / (elapsedMs / 1000) });
