// Realistic phone number texts for the phone benchmarks (moved from test/transforms/phone.bench.ts):
// the mix of formats and countries a CRM export has, the same on every run.

/** A small deterministic PRNG (mulberry32), so every run measures the same numbers. */
function prng(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const US_AREAS = ['201', '202', '212', '213', '305', '312', '404', '415', '503', '512', '617', '646', '702', '718', '773', '805', '917', '972'];

/** `count` distinct number texts in the mix of formats and countries a CRM export has. */
export function realisticNumbers(count, seed = 1) {
  const random = prng(seed);
  const digits = (n) => {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(random() * 10);
    return s;
  };
  const pick = (xs) => xs[Math.floor(random() * xs.length)];
  const seen = new Set();
  const out = [];
  while (out.length < count) {
    const kind = random();
    let text;
    let country;
    if (kind < 0.7) {
      const a = pick(US_AREAS);
      const e = `${2 + Math.floor(random() * 8)}${digits(2)}`;
      const l = digits(4);
      text = pick([`(${a}) ${e}-${l}`, `${a}-${e}-${l}`, `${a}.${e}.${l}`, `+1 ${a} ${e} ${l}`, `1${a}${e}${l}`, `${a}${e}${l}`]);
    } else if (kind < 0.85) {
      const mobile = `7${pick(['4', '5', '7', '8', '9'])}${digits(2)} ${digits(6)}`;
      const london = `20 7${digits(3)} ${digits(4)}`;
      const n = pick([mobile, london]);
      [text, country] = pick([[`0${n}`, 'GB'], [`+44 ${n}`, undefined], [`0044 ${n}`, undefined]]);
    } else {
      const n = pick([`30 ${digits(7)}`, `151 ${digits(8)}`, `89 ${digits(7)}`]);
      [text, country] = pick([[`0${n}`, 'DE'], [`+49 ${n}`, undefined], [`011 49 ${n}`, undefined]]);
    }
    if (seen.has(`${country}|${text}`)) continue;
    seen.add(`${country}|${text}`);
    out.push({ text, country });
  }
  return out;
}
