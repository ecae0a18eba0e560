/**
 * The soak (`npm run soak`, not part of `npm test`): SOAK_TRIALS seeded kill-and-resume trials
 * (default 135: three per cell) over every import target and mode × every fault profile, then a
 * table of cell, trials, kills, lost, duplicated. Fails if any row was lost or duplicated.
 * SOAK_SEED shifts the seeds, to explore other kill points. Then SOAK_UNDO_TRIALS (default 45: one
 * per cell) undo cells: run, kill, resume (or not: half the trials undo the half a run did), undo,
 * kill, undo again — the target must end as it began.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { PROFILES, runTrial, runUndoTrial, TARGETS, UNDO_TARGETS, type Profile, type Target, type TrialOutcome } from './kill-resume-trial.js';

const trials = Number(process.env.SOAK_TRIALS ?? 135);
const seedBase = Number(process.env.SOAK_SEED ?? 1000);
const cells = TARGETS.flatMap((target) => (Object.keys(PROFILES) as Profile[]).map((profile) => ({ target, profile })));
const plan = Array.from({ length: trials }, (_, n) => ({ n, ...cells[n % cells.length]! }));
const undoCells = UNDO_TARGETS.flatMap((target) => (Object.keys(PROFILES) as Profile[]).map((profile) => ({ target, profile })));
const undoTrials = Number(process.env.SOAK_UNDO_TRIALS ?? undoCells.length);
const undoPlan = Array.from({ length: undoTrials }, (_, n) => ({ n, ...undoCells[n % undoCells.length]! }));

const rowsOf = new Map<string, { target: Target; profile: Profile; outcomes: TrialOutcome[] }>();

afterAll(() => {
  const lines = [['cell', 'trials', 'kills', 'lost', 'duplicated', 'failed']];
  for (const [cell, { outcomes }] of rowsOf) {
    const sum = (f: (o: TrialOutcome) => number) => String(outcomes.reduce((a, o) => a + f(o), 0));
    lines.push([cell, String(outcomes.length), sum((o) => o.kills), sum((o) => o.lost), sum((o) => o.duplicated), sum((o) => (o.failure ? 1 : 0))]);
  }
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  const table = lines.map((l) => l.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')).join('\n');
  console.log(`\nsoak: ${trials} trials\n${table}\n`);
});

describe(`soak: ${trials} seeded SIGKILL-and-resume trials over every target × fault profile`, () => {
  it.concurrent.each(plan)('trial $n: $target under $profile', async ({ n, target, profile }) => {
    const outcome = await runTrial({ target, profile, seed: seedBase + n });
    const cell = `${target} / ${profile}`;
    const row = rowsOf.get(cell) ?? { target, profile, outcomes: [] };
    row.outcomes.push(outcome);
    rowsOf.set(cell, row);
    expect(outcome.failure).toBeUndefined();
    expect(outcome.details).toEqual([]);
  });
});

describe(`soak: ${undoTrials} seeded undo trials (run, kill, resume, undo, kill, undo again) over every target × fault profile`, () => {
  it.concurrent.each(undoPlan)('undo trial $n: $target under $profile', async ({ n, target, profile }) => {
    const outcome = await runUndoTrial({ target, profile, seed: seedBase + 5000 + n, killFloorMs: 1200 });
    const cell = `undo ${target} / ${profile}`;
    const row = rowsOf.get(cell) ?? { target, profile, outcomes: [] };
    row.outcomes.push(outcome);
    rowsOf.set(cell, row);
    expect(outcome.failure).toBeUndefined();
    expect(outcome.details).toEqual([]);
  });
});
