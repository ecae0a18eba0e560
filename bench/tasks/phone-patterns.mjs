// ccbulk's libphonenumber-js with its patterns remembered (dist/libphonenumber.js) against the
// unpatched library (its ES build, a separate copy the patch does not touch) on 20 000 US
// numbers, in one process, best of three each, interleaved: the machines are noisy. The goal
// the patch was made for is 1.3× (moved from test/transforms/libphonenumber.test.ts). Args: {}.
import { parsePhoneNumberFromString as unpatched } from 'libphonenumber-js/max';
import { PATTERNS_REMEMBERED, parsePhoneNumberFromString as ours } from '../../dist/libphonenumber.js';
import { finish } from '../lib/child.mjs';

const texts = Array.from({ length: 20_000 }, (_, i) => `(212) ${201 + (i % 700)}-${String(i % 10_000).padStart(4, '0')}`);
const time = (parse) => {
  const started = performance.now();
  for (const text of texts) parse(text, 'US')?.isValid();
  return performance.now() - started;
};
time(ours);
time(unpatched);
const best = { ours: Infinity, theirs: Infinity };
for (let i = 0; i < 3; i++) {
  best.ours = Math.min(best.ours, time(ours));
  best.theirs = Math.min(best.theirs, time(unpatched));
}
finish({ numbers: texts.length, patched: PATTERNS_REMEMBERED, oursMs: best.ours, unpatchedMs: best.theirs, speedup: best.theirs / best.ours });
