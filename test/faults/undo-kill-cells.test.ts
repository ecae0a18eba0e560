/**
 * One small undo trial per import target and mode (see `runUndoTrial`): the run killed and
 * resumed (or left half-done), the undo killed and run again, and the target ends as it began.
 * `npm run soak` runs many more, under every fault profile.
 */
import { describe, expect, it } from 'vitest';
import { runUndoTrial, UNDO_TARGETS } from '../soak/kill-resume-trial.js';

const cells = UNDO_TARGETS.flatMap((target, t) => [
  { target, half: 'resumed to its end', seed: 700 + 2 * t },
  { target, half: 'left half-done', seed: 701 + 2 * t },
]);

describe('crash suite: run, kill, resume, undo, kill, undo again: the target ends as it began', () => {
  it.concurrent.each(cells)('$target, $half', async ({ target, seed }) => {
    // Killed once the run is under way (it then has a journal), at 60 ms an answer it is still going.
    const outcome = await runUndoTrial({ target, profile: 'clean', seed, rows: 60, maxKills: 1, latencyMs: 60, killFloorMs: 1200 });
    expect(outcome.failure).toBeUndefined();
    expect(outcome.undone).toMatch(/^Undone: .*\d+ (deleted|restored|re-created|removed|found as before already)/);
    expect(outcome.details).toEqual([]);
  }, 120_000);
});
