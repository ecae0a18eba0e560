import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { writePrivateFile } from './private-file.js';
import type { LatencySummary, RunSeries } from './run-series-data.js';

/** What summary.json holds: the numbers of a run. Invariant: (items ?? rows) = succeeded + rejected. */
/** What a roster import did (`summary.json`'s `roster`). */
export interface RosterSummary {
  /** Agents (rows) made Contact Center users, found to be ones already, and left as they were. */
  readonly agents: { readonly created: number; readonly existing: number; readonly unchanged: number };
  /** Assignments (queue, team, role, skill, profile field) added, removed, and refused. */
  readonly assignments: { readonly added: number; readonly removed: number; readonly failed: number };
  /** Write requests sent (a dry run: that the run would send), by operation. */
  readonly requests: Readonly<Record<string, number>>;
  /** The fewest write requests the endpoints' batch sizes allow for this plan. */
  readonly minimumRequests: number;
  /** `--remove-missing`: Contact Center users not in the file that were (or would be) removed. */
  readonly removedUsers?: number;
}

export interface ImportSummary {
  readonly job: string;
  readonly mode: string;
  readonly dryRun: boolean;
  readonly input: string;
  readonly target: Readonly<Record<string, string>>;
  readonly rows: number;
  /**
   * DNC imports: the numbers the rows held, each reported on its own; then
   * items = succeeded + rejected. Absent where every row is one item (rows = succeeded + rejected).
   */
  readonly items?: number;
  readonly succeeded: number;
  readonly rejected: number;
  /** Set when the run stopped early: items read but not sent yet (`ccbulk resume` sends them). */
  readonly pending?: number;
  /**
   * Set when the run stopped early: the rows the input holds (a sync's plan counted them, or a
   * pass over the file when the run stopped), so that what waits for the resume can be said.
   * Absent when the file could not be read again.
   */
  readonly fileRows?: number;
  /**
   * Set when a guard (`--max-delete`, `--max-rejects`) refused the run after its plan, before
   * anything was sent: its files are a plan, and a run into the same folder may replace them.
   */
  readonly refused?: boolean;
  /** Set on a resumed run: the counts include the interrupted run's. */
  readonly resumed?: boolean;
  /**
   * HTTP requests sent to the API (retries included, token requests not). A resumed run's
   * requests, retries, 429s and time are every leg's together, as the legs' summaries said (a leg
   * killed before it wrote one is not counted).
   */
  readonly requests: number;
  readonly retries: number;
  /** 429 answers received. */
  readonly rateLimited: number;
  /**
   * Labels whose limit this run found other than the plan (or `--rate`) said: reported by Zoom's
   * answers, found by `--rate auto`, or shown by per-second 429s at the assumed rate. Absent when
   * the plan was right.
   */
  readonly limitsFound?: readonly {
    readonly label: string;
    /** Requests per second the plan (or `--rate`) assumed. */
    readonly assumed: number;
    /** What Zoom's answers reported, or where probing settled; absent when only 429s tell. */
    readonly found?: number;
    /** `answers` (X-RateLimit-Limit), `probed` (`--rate auto`), or `refused` (429s at the assumed rate). */
    readonly how: 'answers' | 'probed' | 'refused';
    /** Per-second 429s the label met. */
    readonly rateLimited: number;
  }[];
  /** Time spent running (a resumed run: every leg's, not the time between them). */
  readonly elapsedMs: number;
  /** A resumed run: how many legs the counts add up (the first run and each resume that wrote a summary). */
  readonly legs?: number;
  readonly rejectedByStage: Readonly<Record<string, number>>;
  readonly rejectedByReason: Readonly<Record<string, number>>;
  /** For each reason kind rejected in this run, the first row's reason text and line: an example to look at. */
  readonly reasonExamples?: Readonly<Record<string, { readonly text: string; readonly line: number }>>;
  readonly unmappedColumns: readonly string[];
  /** XLSX: empty cells of merged ranges that took the range's value, one per row the range spans (absent when none). */
  readonly mergedCellsFilled?: number;
  readonly lookups?: { readonly requests: number; readonly fullListing: boolean };
  /** Campaign imports: the DNC lists rows were scrubbed against, and how many numbers they hold. */
  readonly dncScrub?: { readonly lists: readonly string[]; readonly numbers: number };
  /** Dry run: write requests the real run would send. */
  readonly plannedWrites?: number;
  /** Address book creates on two lanes: requests and contacts sent by the batch and the single endpoint. */
  readonly createLanes?: {
    readonly batch: { readonly requests: number; readonly contacts: number };
    readonly single: { readonly requests: number; readonly contacts: number };
  };
  /** Phone numbers normalised on worker threads (large files only). */
  readonly phonesOnThreads?: number;
  /** A sync (`--mode sync`): what its plan said and what became of the target's contacts not in the file. */
  readonly sync?: SyncSummary;
  /** The roster import: agents, assignments, and the write requests against the fewest the batch sizes allow. */
  readonly roster?: RosterSummary;
  readonly files: Readonly<Record<string, string>>;
  /** Set when the run stopped early, with the reason. */
  readonly stoppedBy?: string;
  /** This run's time line (a resumed run's own), for plotting: see run-series-data.ts. */
  readonly series?: RunSeries;
  /** How long the API took to answer this run's requests. */
  readonly latency?: LatencySummary;
}

/** What a sync planned and did, in summary.json. */
export interface SyncSummary {
  /** What rows were matched to contacts by (`--key`, or the default the file's columns chose). */
  readonly key: string;
  /** The plan, made before anything was sent: rows to create, to update, left as they are, refused. */
  readonly create: number;
  readonly update: number;
  readonly unchanged: number;
  readonly rejected: number;
  /** Contacts (DNC: numbers) the target holds that no row matched. */
  readonly notInFile: number;
  /** Of those, deleted by `--delete-missing` (a dry run: would be). */
  readonly deleted: number;
  /** Contacts the target held when the sync read it. */
  readonly targetSize: number;
  readonly files: { readonly plan: string; readonly notInFile?: string };
}

/** Writes summary.json (mode 0600) into `outDir`. */
/** The summary.json an earlier leg of a run wrote in `outDir`, if it wrote one that reads. */
export async function readSummary(outDir: string): Promise<ImportSummary | undefined> {
  try {
    const summary = JSON.parse(await readFile(path.join(outDir, 'summary.json'), 'utf8')) as unknown;
    return typeof summary === 'object' && summary !== null && typeof (summary as ImportSummary).requests === 'number' ? (summary as ImportSummary) : undefined;
  } catch {
    return undefined;
  }
}

export async function writeSummary(outDir: string, summary: ImportSummary): Promise<void> {
  await writePrivateFile(path.join(outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
}
