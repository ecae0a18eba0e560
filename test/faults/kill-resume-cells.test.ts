/**
 * One small kill-and-resume trial per soak cell (every import target and mode × every fault
 * profile), so that `npm test` walks every path the soak does; `npm run soak` runs many more.
 */
import { describe, expect, it } from 'vitest';
import { PROFILES, runTrial, TARGETS, type Profile } from '../soak/kill-resume-trial.js';

const cells = TARGETS.flatMap((target) => (Object.keys(PROFILES) as Profile[]).map((profile, p) => ({ target, profile, seed: 500 + p })));

describe('crash suite: one SIGKILL-and-resume trial per target × fault profile', () => {
  it.concurrent.each(cells)('$target under $profile: every row once, the target holds exactly results.csv', async ({ target, profile, seed }) => {
    const outcome = await runTrial({ target, profile, seed, rows: 40, maxKills: 1, latencyMs: 40 });
    expect(outcome.failure).toBeUndefined();
    expect(outcome.details).toEqual([]);
  }, 120_000);
});
