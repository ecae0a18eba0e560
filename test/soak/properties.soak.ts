/**
 * The property suite at scale (`npm run soak`, not part of `npm test`): PROPERTY_RUNS sequences
 * per target (default 500) from a random seed, or PROPERTY_SEED (with PROPERTY_PATH and PROPERTY_COMMANDS) to replay a
 * failure; steps are also SIGKILLed as CLI processes. The seed is printed at the start and, with
 * the path and the shrunk sequence, on failure. See test/properties/driver.ts.
 */
import { describe, it } from 'vitest';
import { addressBookAdapter } from '../properties/address-book-model.js';
import { campaignAdapter } from '../properties/campaign-model.js';
import { dncAdapter } from '../properties/dnc-model.js';
import { checkTarget, type Adapter } from '../properties/driver.js';

const numRuns = Number(process.env.PROPERTY_RUNS ?? 500);
const given = process.env.PROPERTY_SEED === undefined ? undefined : Number(process.env.PROPERTY_SEED);
const path = process.env.PROPERTY_PATH;
const commandsPath = process.env.PROPERTY_COMMANDS;
const killWeight = Number(process.env.PROPERTY_KILL_WEIGHT ?? 1);

const targets: [string, Adapter<never>][] = [
  ['address-book', addressBookAdapter as Adapter<never>],
  ['campaign-contacts', campaignAdapter as Adapter<never>],
  ['dnc', dncAdapter as Adapter<never>],
];

describe(`property soak: ${numRuns} sequences per target`, () => {
  it.concurrent.each(targets)('%s holds what its model says', async (name, adapter) => {
    const seed = given ?? Math.floor(Math.random() * 2 ** 31);
    console.log(`property soak ${name}: PROPERTY_SEED=${seed} PROPERTY_RUNS=${numRuns}${path ? ` PROPERTY_PATH=${path}` : ''}`);
    await checkTarget(adapter, { seed, numRuns, killWeight, ...(path ? { path } : {}), ...(commandsPath ? { commandsPath } : {}) });
    console.log(`property soak ${name}: ${numRuns} sequences passed (seed ${seed})`);
  }, 3_600_000);
});
