/**
 * Undo's promise as a property (bounded: a fixed seed and count): over every target, a target
 * filled by a first import, then any mode of the job on any file (the run killed and resumed, or
 * not), then `ccbulk undo` — the target, listed through the API, is what it was before the run,
 * ids of re-created items aside. The one exception is the promise's own: a DNC number an add sent
 * without reading the list first may have been on it, and is left there, named in the undo's rejects.
 */
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { undoRun } from '../../src/pipelines/undo-run.js';
import { addressBookAdapter } from './address-book-model.js';
import { Bed, readOutcomes, type Interrupt } from './bed.js';
import { campaignAdapter } from './campaign-model.js';
import { dncAdapter } from './dnc-model.js';
import { renderCsv, rowsArb, type Layout, type RowSpec } from './files.js';

const seed = Number(process.env.PROPERTY_SEED ?? 3001);
const numRuns = Number(process.env.PROPERTY_RUNS ?? 12);

const ADAPTERS = [addressBookAdapter, campaignAdapter, dncAdapter] as const;

/**
 * An item of a listing as text: without its id, its keys in order, and a field with no value left
 * out, however the API spells "none" (absent, '' or an empty list).
 */
function canonical(item: object): string {
  const kept = Object.entries(item)
    .filter(([key, value]) => key !== 'contact_id' && value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0))
    .sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify(Object.fromEntries(kept));
}

/** The target through the API, each item as canonical text, sorted. */
async function listed(bed: Bed): Promise<string[]> {
  const items: string[] = [];
  if (bed.job === 'address-book') for await (const c of bed.client.listAddressBookContacts(bed.targetId)) items.push(canonical(c));
  else if (bed.job === 'campaign-contacts') for await (const c of bed.client.listCampaignContacts(bed.targetId)) items.push(canonical(c));
  else for await (const p of bed.client.listDncPhones(bed.targetId)) items.push(p.phone_number ?? '');
  return items.sort();
}

/** One case: a job, its file layout, what fills the target first, and the run to undo. */
const caseArb = fc.constantFrom(...ADAPTERS).chain((adapter) =>
  adapter.layout.chain((layout: Layout) =>
    fc.record({
      adapter: fc.constant(adapter),
      layout: fc.constant(layout),
      first: rowsArb(layout, 10),
      // Modes that need contact ids take them from the first run's contacts: left to the example tests.
      mode: fc.constantFrom(...adapter.modes.filter((m) => !(adapter.idModes ?? []).includes(m))),
      rows: rowsArb(layout, 10),
      deleteMissing: fc.boolean(),
      interrupt: fc.oneof(fc.constant<Interrupt>({ kind: 'none' }), fc.integer({ min: 400, max: 2500 }).map((afterMs): Interrupt => ({ kind: 'kill', afterMs }))),
    }),
  ),
);

describe('undo against every target', () => {
  it(`puts the target back as it was before any run, killed or not (seed ${seed}, ${numRuns} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ adapter, layout, first, mode, rows, deleteMissing, interrupt }) => {
        const bed = await Bed.start(adapter.job, seed);
        try {
          await bed.run(adapter.modes[0]!, renderCsv(layout, first as RowSpec[]).text, { deleteMissing: false }, { kind: 'none' });
          const before = await listed(bed);
          const step = await bed.run(mode, renderCsv(layout, rows as RowSpec[]).text, { deleteMissing: mode === 'sync' && deleteMissing }, interrupt);
          const summary = await undoRun(bed.client, step.outDir);
          const rejects = readOutcomes(path.join(step.outDir, 'undo', 'rejects.csv'));
          // Only numbers an add could not tell were there before are left alone: nobody else touched the target.
          const unknown = rejects.filter((r) => r.reason?.startsWith('the run did not read the list before adding this number'));
          expect(rejects.length - unknown.length, `${bed.log.join('\n')}\n${JSON.stringify(rejects)}`).toBe(0);
          expect(summary.failed).toBe(0);
          const after = await listed(bed);
          const context = `${bed.log.join('\n')}\n--- file ---\n${step.text}`;
          if (unknown.length === 0) expect(after, context).toEqual(before);
          else {
            // At most those numbers are left on the list, and nothing of before is missing.
            const extra = after.filter((n) => !before.includes(n));
            expect(extra.length, context).toBeLessThanOrEqual(unknown.length);
            expect(after.filter((n) => !extra.includes(n)), context).toEqual(before);
          }
        } finally {
          await bed.close();
        }
      }),
      { seed, numRuns },
    );
  }, 300_000);
});
