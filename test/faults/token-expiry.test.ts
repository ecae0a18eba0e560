import { afterEach, describe, expect, it } from 'vitest';
import {
  addressBookBed,
  apiRejects,
  expectBookMatchesResults,
  expectEveryRowOnce,
  figures,
  generatedContacts,
  runAddressBookImport,
  type AddressBookBed,
} from './fault-bed.js';

let bed: AddressBookBed | undefined;

afterEach(async () => {
  await bed?.emulator.close();
  bed = undefined;
});

describe.each(['code', 'status'] as const)('an address book import whose token expires (401 shape %s)', (shape) => {
  it('fetches a new token whenever the 1-second tokens run out, and loses no row', async () => {
    bed = await addressBookBed({ seed: 61, tokenTtlSeconds: 1, faults: { expiredTokenShape: shape } });
    const run = await runAddressBookImport(bed, { file: generatedContacts(bed.dir, 1000), client: { backoffBaseMs: 10 } });
    figures(`token TTL 1 s, 401 shape ${shape}, 1000 rows`, run, bed.emulator);
    expectEveryRowOnce(run);
    expectBookMatchesResults(bed, run);
    expect(apiRejects(run)).toEqual([]);
    expect(bed.emulator.stats().tokenFetches).toBeGreaterThan(3);
  });

  it('fetches a new token when every token is revoked mid-run, and loses no row', async () => {
    const current = await addressBookBed({ seed: 62, faults: { expiredTokenShape: shape } });
    bed = current;
    let expired = false;
    const run = await runAddressBookImport(current, {
      file: generatedContacts(current.dir, 1000),
      client: { backoffBaseMs: 10 },
      onProgress: ({ sent }) => {
        if (!expired && sent >= 300) {
          expired = true;
          current.emulator.expireAllTokens();
        }
      },
    });
    figures(`expireAllTokens() after 300 rows, 401 shape ${shape}, 1000 rows`, run, current.emulator);
    expect(expired).toBe(true);
    expectEveryRowOnce(run);
    expectBookMatchesResults(current, run);
    expect(apiRejects(run)).toEqual([]);
    expect(current.emulator.stats().unauthorized).toBeGreaterThan(0);
  });
});
