/**
 * The model-based property, the same for every target: fc.commands over imports in each mode,
 * the same run again, edits of the night's file, stops and resumes, kills, outages; after every
 * completed step the target must equal the model, the outcome files agree with each other and
 * with the journal, every row's outcome be the one the model predicts, no contact exist twice,
 * no contact a row identifies be deleted by --delete-missing, and a repeated identical step
 * send no write. Each target supplies its model (an {@link Adapter}).
 */
import fc from 'fast-check';
import { Bed, checkOutcomeFiles, outcomesByLine, type Interrupt, type Job, type StepRun } from './bed.js';
import { applyEdits, editsArb, layoutArb, renderCsv, rowsArb, type Edit, type Layout, type RowSpec } from './files.js';
import { KNOWN_DEFECTS } from './known-defects.js';

export type DefectFlag = keyof typeof KNOWN_DEFECTS;

/** The contact id each person's contact_id cell was rendered with (a repeat keeps its file's). */
export type Ids = ReadonlyMap<number, string>;

/** What the model expects of one item (a row; DNC: a number of a row). */
export interface Expected {
  readonly line: number;
  /** A status of results.csv, or `rejected`. `'not added'` and the like: any outcome but that status; `'added|on list'`: either. */
  readonly outcome: string;
  /** For DNC items: the number, to find the item among its row's. */
  readonly number?: string;
  /** The check is skipped while this known defect's flag is set. */
  readonly knownDefect?: DefectFlag;
  /** When the step was interrupted and resumed, this outcome is accepted too while the defect's flag is set. */
  readonly orIfResumed?: { readonly outcome: string; readonly knownDefect: DefectFlag };
}

/** What the model predicts a step does. */
export interface Prediction<M> {
  readonly next: M;
  readonly items: readonly Expected[];
  /** DNC: items per line, for the outcome files' check. */
  readonly itemsPerLine?: ReadonlyMap<number, number>;
  /**
   * Whether the same step run again must send no write (false for modes that write by design
   * without reading first, such as update), or the known defect that makes it send some today.
   */
  readonly repeatWritesNothing: boolean | DefectFlag;
}

/** A target's model and how to read the real target for comparison. */
export interface Adapter<M> {
  readonly job: Job;
  readonly modes: readonly string[];
  /** Modes that need a contact id column. */
  readonly idModes?: readonly string[];
  readonly layout: fc.Arbitrary<Layout>;
  initial(): M;
  /** The model's state after `mode` on `rows` (rendered with `layout`), and every item's outcome. */
  /** `skip`: lines whose rows the API never took (rejected for an outage, while its flag is set). */
  predict(model: M, mode: string, rows: readonly RowSpec[], layout: Layout, deleteMissing: boolean, ids: Ids, skip: ReadonlySet<number>): Prediction<M>;
  /** The model's target, one canonical text per contact (number), sorted. */
  project(model: M): string[];
  /** The real target, the same way. */
  projectReal(bed: Bed): string[];
  /** The real target's contacts that share a number or e-mail with another: nothing, unless a known defect made them. */
  duplicatesReal(bed: Bed, model: M, mode: string): string[];
  /** After a step: learn the ids the target gave (the model keeps them for rendering contact_id cells). */
  learnIds(model: M, bed: Bed): void;
  /** A person's contact id in the model, for a contact_id cell. */
  idOf(model: M, person: number): string | undefined;
  /** Ids of contacts the model says the row identifies, that must survive --delete-missing. */
  identified?(model: M, rows: readonly RowSpec[], layout: Layout, ids: Ids): readonly { id: string; knownDefect?: DefectFlag }[];
  /** Ids of every contact in the real target, for the --delete-missing check. */
  projectIds?(bed: Bed): string[];
}

/** The real side: the bed, the layout, the night's file, the last step. */
export interface Real {
  readonly bed: Bed;
  readonly layout: Layout;
  night: RowSpec[];
  last?: { readonly mode: string; readonly text: string; readonly deleteMissing: boolean; readonly repeatWritesNothing: boolean | DefectFlag };
}

/** The model side: the target's model and the night's file. */
export interface ModelState<M> {
  target: M;
  night: RowSpec[];
  /** The model before the last step, and what it predicted (for the same step run again). */
  lastPrediction?: Prediction<M>;
  /** The rows of the last step, and the ids its file was rendered with. */
  lastRows?: readonly RowSpec[];
  lastIds?: Ids;
}

const describeRows = (rows: readonly RowSpec[]) =>
  rows.map((r) => `p${r.person}/n${r.name}/c${r.company ?? '-'}/${r.phones.join('+')}/f${r.form}/e:${r.email}/id:${r.id}`).join(' ');

const describeInterrupt = (i: Interrupt) =>
  i.kind === 'none' ? '' : i.kind === 'outage' ? ` outage@${i.afterMs}ms+${i.forMs}ms` : ` ${i.kind}@${i.afterMs}ms`;

/** Fails with the step, its file and the sequence so far. */
function fail(real: Real, step: StepRun | undefined, problems: readonly string[]): never {
  const file = step === undefined ? '' : `\n--- file of step ${step.n} ---\n${step.text}`;
  throw new Error(`${problems.join('\n')}\n--- sequence ---\n${real.bed.log.join('\n')}${file}`);
}

/** An import of the night's file (or a file of its own) in `mode`. */
class ImportCommand<M> implements fc.AsyncCommand<ModelState<M>, Real> {
  constructor(
    private readonly adapter: Adapter<M>,
    readonly mode: string,
    readonly rows: RowSpec[] | 'night',
    readonly deleteMissing: boolean,
    readonly interrupt: Interrupt,
  ) {}

  check(): boolean {
    return true;
  }

  async run(model: ModelState<M>, real: Real): Promise<void> {
    const rows = this.rows === 'night' ? model.night : this.rows;
    const ids = new Map<number, string>();
    for (const row of rows) {
      const id = this.adapter.idOf(model.target, row.person);
      if (id !== undefined) ids.set(row.person, id);
    }
    const text = renderCsv(real.layout, rows, (p) => ids.get(p)).text;
    const deleteMissing = this.mode === 'sync' && this.deleteMissing;
    await runAndCheck(this.adapter, model, real, this.mode, rows, ids, text, deleteMissing, this.interrupt, false);
  }

  toString(): string {
    const rows = this.rows === 'night' ? 'night' : `[${describeRows(this.rows)}]`;
    return `import ${this.mode}${this.mode === 'sync' && this.deleteMissing ? ' --delete-missing' : ''}${describeInterrupt(this.interrupt)} ${rows}`;
  }
}

/** The last step again, with the same file: it must send nothing (but for update modes). */
class RepeatCommand<M> implements fc.AsyncCommand<ModelState<M>, Real> {
  constructor(
    private readonly adapter: Adapter<M>,
    readonly interrupt: Interrupt,
  ) {}

  check(model: Readonly<ModelState<M>>): boolean {
    return model.lastPrediction !== undefined;
  }

  async run(model: ModelState<M>, real: Real): Promise<void> {
    const last = real.last;
    if (last === undefined || model.lastRows === undefined) return;
    await runAndCheck(this.adapter, model, real, last.mode, model.lastRows, model.lastIds ?? new Map(), last.text, last.deleteMissing, this.interrupt, true);
  }

  toString(): string {
    return `again${describeInterrupt(this.interrupt)}`;
  }
}

/** The night's file edited: rows changed, removed, added (the next night's export). */
class EditCommand<M> implements fc.AsyncCommand<ModelState<M>, Real> {
  constructor(readonly edits: Edit[]) {}

  check(): boolean {
    return true;
  }

  async run(model: ModelState<M>, real: Real): Promise<void> {
    model.night = applyEdits(model.night, this.edits);
    real.night = model.night;
    real.bed.log.push(`edit: ${this.edits.map((e) => (e.kind === 'remove' ? `remove@${e.at}` : e.kind === 'add' ? `add ${describeRows([e.row])}` : `change@${e.at} ${describeRows([e.row])}`)).join(', ')}`);
  }

  toString(): string {
    return `edit ${JSON.stringify(this.edits)}`;
  }
}

/** Runs a step on the real target and checks everything the model says about it. */
async function runAndCheck<M>(
  adapter: Adapter<M>,
  model: ModelState<M>,
  real: Real,
  mode: string,
  rows: readonly RowSpec[],
  ids: Ids,
  text: string,
  deleteMissing: boolean,
  interrupt: Interrupt,
  repeat: boolean,
): Promise<void> {
  const identified = deleteMissing && adapter.identified ? adapter.identified(model.target, rows, real.layout, ids) : [];
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`step hung: ${mode} (${interrupt.kind}) did not complete in ${STEP_TIMEOUT_MS} ms\n${real.bed.log.join('\n')}\n--- file ---\n${text}`)), STEP_TIMEOUT_MS);
  });
  const step = await Promise.race([real.bed.run(mode, text, { deleteMissing }, interrupt), hung]).finally(() => clearTimeout(timer));
  const problems: string[] = [];
  const { results, rejects } = outcomesByLine(step);
  // Issue 25 (outage): today rows whose requests met only 5xx answers are rejected instead of
  // the run stopping resumably. While the flag is set, such rows are taken as never sent.
  const skip = new Set<number>();
  if (interrupt.kind === 'outage' && KNOWN_DEFECTS.outageFailsInsteadOfStopping) {
    for (const r of rejects) if (/answered 5\d\d/.test(r._reason ?? '')) skip.add(Number(r._line));
  }
  const prediction = adapter.predict(model.target, mode, rows, real.layout, deleteMissing, ids, skip);

  problems.push(...checkOutcomeFiles(step, renderLines(rows), prediction.itemsPerLine));

  // Every item's outcome is the model's.
  const rejectedOn = (line: number) => rejects.filter((r) => Number(r._line) === line);
  const wantRejected = new Map<number, number>();
  for (const item of prediction.items) {
    if (item.knownDefect !== undefined && KNOWN_DEFECTS[item.knownDefect]) continue;
    const resumedAlt = item.orIfResumed !== undefined && step.interrupted && KNOWN_DEFECTS[item.orIfResumed.knownDefect] ? item.orIfResumed.outcome : undefined;
    if (resumedAlt !== undefined && results.some((r) => Number(r._line) === item.line && r._status === resumedAlt)) continue;
    if (item.outcome === 'rejected') {
      wantRejected.set(item.line, (wantRejected.get(item.line) ?? 0) + 1);
      continue;
    }
    const result = results.find((r) => Number(r._line) === item.line && (item.number === undefined || r._phones === item.number));
    const status = result?._status ?? (rejectedOn(item.line).length > 0 ? 'rejected' : 'missing');
    // `not x`: any outcome but x; `x|y`: either.
    const ok = item.outcome.startsWith('not ') ? status !== item.outcome.slice(4) && status !== 'missing' : item.outcome.split('|').includes(status);
    if (!ok) {
      const reason = rejectedOn(item.line).map((r) => `${r._stage}: ${r._reason}`).join(' | ');
      problems.push(`line ${item.line}${item.number ? ` (${item.number})` : ''}: expected ${item.outcome}, got ${status}${reason ? ` (${reason})` : ''}`);
    }
  }
  for (const [line, n] of wantRejected) {
    const got = rejectedOn(line).length;
    if (got < n) {
      const statuses = results.filter((r) => Number(r._line) === line).map((r) => `${r._status} ${r._phones ?? ''}`.trim());
      problems.push(`line ${line}: expected ${n} rejected, got ${got} (results: ${statuses.join(', ') || 'none'})`);
    }
  }

  // The target is the model's.
  const want = adapter.project(prediction.next);
  const got = adapter.projectReal(real.bed);
  const missing = want.filter((w, i) => want.indexOf(w) === i && countOf(got, w) < countOf(want, w));
  const extra = got.filter((g, i) => got.indexOf(g) === i && countOf(want, g) < countOf(got, g));
  if (missing.length > 0 || extra.length > 0) problems.push(`the target differs from the model:\n  missing ${JSON.stringify(missing)}\n  extra   ${JSON.stringify(extra)}`);

  for (const d of adapter.duplicatesReal(real.bed, prediction.next, mode)) problems.push(`contact twice: ${d}`);

  // A contact a row names (even a rejected row) survives --delete-missing.
  if (identified.length > 0) {
    const ids = new Set(adapter.projectIds?.(real.bed) ?? []);
    for (const { id, knownDefect } of identified) {
      if (knownDefect !== undefined && KNOWN_DEFECTS[knownDefect]) continue;
      if (!ids.has(id)) problems.push(`--delete-missing deleted contact ${id}, which a row of the file identifies`);
    }
  }

  if (repeat) {
    // The rule of this step's own prediction: a known defect shows in what the repeat itself does.
    const rule = prediction.repeatWritesNothing;
    const expectNone = rule === true || (typeof rule === 'string' && !KNOWN_DEFECTS[rule]);
    if (expectNone && step.writes !== 0) problems.push(`the same ${mode} again sent ${step.writes} writes`);
  }

  if (problems.length > 0) fail(real, step, problems);
  model.target = prediction.next;
  adapter.learnIds(model.target, real.bed);
  model.lastPrediction = prediction;
  model.lastRows = rows;
  model.lastIds = ids;
  real.last = { mode, text, deleteMissing, repeatWritesNothing: prediction.repeatWritesNothing };
}

/** A step of 5 to 40 rows takes well under a second; one that takes this long is stuck. */
const STEP_TIMEOUT_MS = 20_000;

const countOf = (list: readonly string[], item: string) => list.filter((x) => x === item).length;
const renderLines = (rows: readonly RowSpec[]) => rows.map((_, k) => k + 2);

/** How steps are interrupted; `kill` costs a CLI process (about half a second). */
export function interruptArb(killWeight: number): fc.Arbitrary<Interrupt> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.constant<Interrupt>({ kind: 'none' }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant<'abort'>('abort'), afterMs: fc.integer({ min: 0, max: 80 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant<'outage'>('outage'), afterMs: fc.integer({ min: 0, max: 40 }), forMs: fc.integer({ min: 20, max: 250 }) }) },
    ...(killWeight > 0 ? [{ weight: killWeight, arbitrary: fc.record({ kind: fc.constant<'kill'>('kill'), afterMs: fc.integer({ min: 150, max: 900 }) }) }] : []),
  );
}

/** One sequence: a layout, the first night's file, and 3 to 6 commands. */
export function sequenceArb<M>(adapter: Adapter<M>, options: { killWeight: number; commandsPath?: string | undefined }) {
  return adapter.layout.chain((layout) =>
    fc.record({
      layout: fc.constant(layout),
      night: rowsArb(layout),
      commands: fc.commands(
        [
          fc
            .record({ mode: fc.constantFrom(...adapter.modes.filter((m) => layout.idColumn || !(adapter.idModes ?? []).includes(m))), night: fc.boolean(), rows: rowsArb(layout), deleteMissing: fc.boolean(), interrupt: interruptArb(options.killWeight) })
            .map(({ mode, night, rows, deleteMissing, interrupt }) => new ImportCommand(adapter, mode, night || mode === 'sync' ? 'night' : rows, deleteMissing, interrupt)),
          fc.record({ interrupt: interruptArb(options.killWeight) }).map(({ interrupt }) => new RepeatCommand(adapter, interrupt)),
          editsArb(layout).map((edits) => new EditCommand<M>(edits)),
        ],
        // A model run's shrinks depend on which commands ran: fast-check replays them from the
        // commands' own replay path (PROPERTY_COMMANDS), besides the seed and PROPERTY_PATH.
        { maxCommands: 6, ...(options.commandsPath === undefined ? {} : { replayPath: options.commandsPath }) },
      ).filter((commands) => [...commands].length >= 3),
    }),
  );
}

/** Runs the property for `adapter`: `numRuns` sequences from `seed` (and `path`, to replay one). */
export async function checkTarget<M>(adapter: Adapter<M>, params: { seed: number; numRuns: number; path?: string; commandsPath?: string; killWeight: number }): Promise<void> {
  let reported = false;
  const details = await fc.check(
    fc.asyncProperty(sequenceArb(adapter, params), async ({ layout, night, commands }) => {
      // The emulator's seed follows from the sequence itself, so that a replay meets the same one.
      const bed = await Bed.start(adapter.job, (params.seed + hashText(JSON.stringify({ layout, night }))) % 2 ** 31);
      try {
        const setup = () => ({ model: { target: adapter.initial(), night } as ModelState<M>, real: { bed, layout, night } as Real });
        await fc.asyncModelRun(setup, commands);
      } catch (error) {
        // The first failure as found, before shrinking (which can take a while): PROPERTY_DEBUG=1.
        if (process.env.PROPERTY_DEBUG === '1' && !reported) {
          reported = true;
          process.stderr.write(`\n=== first failure (unshrunk) ===\ncommands: ${String(commands)}\n${(error as Error).message}\n===\n`);
        }
        throw error;
      } finally {
        await bed.close();
      }
    }),
    { seed: params.seed, numRuns: params.numRuns, ...(params.path === undefined ? {} : { path: params.path }) },
  );
  if (!details.failed) return;
  const [example] = details.counterexample ?? [];
  const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  const commandsPath = /replayPath="([^"]*)"/.exec(String(example?.commands))?.[1];
  throw new Error(
    `${adapter.job}: the property failed after ${details.numRuns} sequences (shrunk ${details.numShrinks} times)\n` +
      `replay: PROPERTY_SEED=${details.seed} PROPERTY_PATH=${details.counterexamplePath ?? ''}${commandsPath === undefined ? '' : ` PROPERTY_COMMANDS=${commandsPath}`}\n` +
      `layout: ${JSON.stringify(example?.layout)}\nnight: ${describeRows(example?.night ?? [])}\ncommands: ${String(example?.commands)}\n\n${cause}`,
  );
}

/** A 31-bit hash of a text (FNV-1a). */
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % 2 ** 31;
}
