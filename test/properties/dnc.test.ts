/**
 * The DNC list's promises as a property (bounded: a fixed seed and count; `npm run soak` runs
 * many more with random seeds). See driver.ts for what is checked after every step.
 */
import { describe, it } from 'vitest';
import { dncAdapter } from './dnc-model.js';
import { checkTarget } from './driver.js';

const seed = Number(process.env.PROPERTY_SEED ?? 2501);
const numRuns = Number(process.env.PROPERTY_RUNS ?? 40);

describe('a DNC list against its model', () => {
  it(`holds what the model says after every add, remove, sync, repeat, stop, kill and outage (seed ${seed}, ${numRuns} sequences)`, async () => {
    await checkTarget(dncAdapter, { seed, numRuns, killWeight: 1, path: process.env.PROPERTY_PATH, commandsPath: process.env.PROPERTY_COMMANDS });
  }, 120_000);
});
