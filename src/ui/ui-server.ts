import { constants as fsConstants, createWriteStream } from 'node:fs';
import { lstat, mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { CcbulkError } from '../errors.js';
import type { ImportProgress } from '../pipelines/import-engine.js';
import { ImportStopped, leftForResume } from '../pipelines/import-job.js';
import { exportAddressBooks, exportCampaignContacts, exportDnc } from '../pipelines/export-contacts.js';
import { openTable } from '../readers/open-table.js';
import { estimateRowCount } from '../readers/row-estimate.js';
import { listXlsxSheets, type XlsxSheetInfo } from '../readers/xlsx.js';
import { planColumns } from '../transforms/column-mapping.js';
import { rowLabel } from '../transforms/row-label.js';
import { prepareTrustedDirectory, PRIVATE_MODE } from '../writers/private-file.js';
import type { ImportSummary } from '../writers/summary-file.js';
import type { ContactCenterClient } from '../zoom/client.js';
import { sameOrigin, secret, sessionCookie, UiAuth } from './ui-auth.js';
import { countsItsRows, deletionsOf, isJobName, JOB_NAMES, JOBS, mayDelete, readSavedRun, type JobRequest, type PlannedDeletions } from '../pipelines/jobs.js';
import { modesOf, pastRuns, requestOf, resumeImport, runImport, targetsFor, withRunning } from './ui-jobs.js';
import { UiStateStore, type UiJob, type UiSessionState } from './ui-state.js';
import { undoRun } from '../pipelines/undo-run.js';
import { checkMapping, countRows, lenientPlan, mappingView, sampleFile, sheetOf, type FileSample } from './ui-mapping-view.js';
import { sameHeaders, SavedMappings } from './ui-mappings.js';
import { exportResourceFromPage, resourcesForPage } from './ui-catalogue.js';

/** Settings of the UI server. */
export interface UiServerOptions {
  readonly client: ContactCenterClient;
  /** The UI's working folder: uploads, per-session state and every run's out folder (0700). */
  readonly workDir: string;
  /** Port on 127.0.0.1; 0 picks a free one. Default 0. */
  readonly port?: number | undefined;
  /** Largest upload, bytes. Default 200 MB. */
  readonly maxUploadBytes?: number | undefined;
  /** Batches in flight for runs. Default 8. */
  readonly concurrency?: number | undefined;
  /** The rate plan the client paces by, recorded in each run's journal. Default business. */
  readonly plan?: 'pro' | 'business' | undefined;
}

/** A running UI. */
export interface RunningUi {
  /** The one-time URL to open (its token is spent on first use). */
  readonly url: string;
  /** The server's own address, `http://127.0.0.1:<port>`. */
  readonly origin: string;
  close(): Promise<void>;
}

/** What a live run is, in the words the page shows it with (the banner on every step). */
interface RunLabel {
  readonly job: string;
  readonly mode: string;
  readonly targetName: string;
  /** The input's file name, as the person gave it. */
  readonly input: string;
}

/** A run started from the page, live. */
interface LiveRun {
  readonly id: string;
  readonly dir: string;
  readonly dryRun: boolean;
  readonly label: RunLabel;
  readonly stop: AbortController;
  status: 'running' | 'done' | 'stopped' | 'failed';
  progress: ImportProgress;
  /** The rows the file holds: a count (a sync's plan, an earlier leg's), or an estimate from its size. */
  expectedRows: number | undefined;
  /** Rows (items) finished before this leg began: a resume's earlier legs, not counted in its rate. */
  readonly doneBefore: number;
  rateLimited: number;
  readonly startedAt: number;
  summary?: ImportSummary | undefined;
  error?: string | undefined;
  readonly listeners: Set<() => void>;
}

const STATIC_DIR = fileURLToPath(new URL('../../src/ui/static/', import.meta.url));
const STATIC_FILES: Readonly<Record<string, string>> = {
  'app.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
};
/** Files of a run's out folder the page may download, and how they are served. */
const RUN_FILES: Readonly<Record<string, string>> = {
  'results.csv': 'text/csv; charset=utf-8',
  'rejects.csv': 'text/csv; charset=utf-8',
  'summary.json': 'application/json; charset=utf-8',
  'report.html': 'text/html; charset=utf-8',
  // A sync's plan and the contacts it found that the file does not hold.
  'plan.csv': 'text/csv; charset=utf-8',
  'not-in-file.csv': 'text/csv; charset=utf-8',
};
const ID = /^[\w-]{1,80}$/;
const REJECTS_PAGE = 25;

/** An error the page shows: its status and message (never a stack, never a credential). */
class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * `ccbulk ui`'s server: node:http on 127.0.0.1 only. Every request needs the session cookie the
 * one-time URL sets; state-changing requests are POSTs with the UI's content type from its own
 * origin (see `sameOrigin`). Jobs run through the same pipeline functions the commands call;
 * the page never sees a credential.
 */
export async function startUiServer(options: UiServerOptions): Promise<RunningUi> {
  const { client } = options;
  const workDir = path.resolve(options.workDir);
  const runsDir = path.join(workDir, 'runs');
  const uploadsDir = path.join(workDir, 'uploads');
  // The out-folder rules of the command line, and stricter: another local user who could write
  // here could make the page import, or serve, any file this user can read.
  await prepareTrustedDirectory(workDir, "The UI's working folder");
  for (const dir of [runsDir, uploadsDir, path.join(workDir, 'sessions'), path.join(workDir, 'exports')]) await prepareTrustedDirectory(dir, "The UI's working folder", false);
  const states = new UiStateStore(path.join(workDir, 'sessions'));
  const mappings = await SavedMappings.open(path.join(workDir, 'mappings'));
  // Each upload (and sheet) read once for the mapping step, its rows counted once: an upload's
  // file never changes, and the mapping is checked again at each change on the page.
  const readUploads = new Map<string, { file: FileSample; rows: number }>();
  /** The session's upload read for the mapping step: header, samples, first rows, and its row count. */
  const uploadedFile = async (state: UiSessionState): Promise<{ file: FileSample; rows: number }> => {
    if (state.upload === undefined) throw new HttpError(409, 'Upload a file first.');
    const file = ownUpload(state.upload.file);
    const key = `${file}\u0000${state.upload.sheet ?? ''}`;
    const known = readUploads.get(key);
    if (known !== undefined) return known;
    const read = { file: await sampleFile(file, sheetOf(state)), rows: await countRows(file, sheetOf(state)) };
    readUploads.set(key, read);
    return read;
  };
  /** An upload the session names, only if it is one of this UI's own (a state file edited to name another file is refused). */
  const ownUpload = (file: string): string => {
    const resolved = path.resolve(file);
    if (path.dirname(path.dirname(resolved)) !== uploadsDir) throw new HttpError(409, 'That upload is not one of this page’s: upload the file again.');
    return resolved;
  };
  const auth = new UiAuth();
  const runs = new Map<string, LiveRun>();
  // What is being written from this page, claimed before the request's first await returns to
  // the event loop twice: a double click, or Start in two tabs, finds it taken (409). Runs from
  // other processes are refused by the run's own target lock.
  const writing = new Map<string, string>();
  // Runs being resumed, claimed at once for the same reason.
  const resuming = new Set<string>();
  // Runs being undone: claimed at once, as a resume is.
  const undoing = new Set<string>();
  const maxUpload = options.maxUploadBytes ?? 200 * 1024 * 1024;
  let host = '';

  const newRunDir = (dryRun: boolean) => {
    const id = `${new Date().toISOString().replace(/[:.]/g, '-')}-${dryRun ? 'check' : 'run'}-${secret().slice(0, 6).replace(/[^\w]/g, 'x')}`;
    return { id, dir: path.join(runsDir, id) };
  };

  const startLive = (
    id: string,
    dir: string,
    dryRun: boolean,
    label: RunLabel,
    rows: { readonly expected: number | undefined; readonly doneBefore: number },
    job: (live: { stop: AbortSignal; onProgress: (p: ImportProgress) => void }) => Promise<ImportSummary>,
    release: () => void = () => undefined,
  ): LiveRun => {
    const run: LiveRun = {
      id,
      dir,
      dryRun,
      label,
      stop: new AbortController(),
      status: 'running',
      progress: { read: 0, sent: 0, succeeded: 0, rejected: 0 },
      expectedRows: rows.expected,
      doneBefore: rows.doneBefore,
      rateLimited: 0,
      startedAt: Date.now(),
      listeners: new Set(),
    };
    runs.set(id, run);
    const notify = () => run.listeners.forEach((l) => l());
    const unwatch = client.watch({ event: (e) => e.type === 'rate-limited' && run.rateLimited++ });
    job({
      stop: run.stop.signal,
      onProgress: (p) => {
        run.progress = p;
        // A sync counts the file's rows in its plan: exact, where the estimate is a guess.
        if (p.total !== undefined) run.expectedRows = p.total;
        notify();
      },
    })
      .then((summary) => {
        run.summary = summary;
        run.status = 'done';
      })
      .catch((error: unknown) => {
        if (error instanceof ImportStopped) {
          run.summary = error.summary;
          run.status = 'stopped';
          run.error = error.message;
        } else {
          run.status = 'failed';
          run.error = error instanceof Error ? error.message : String(error);
        }
      })
      .finally(() => {
        unwatch();
        release();
        notify();
      });
    return run;
  };

  /** The request a session's choices make, checked with the job's schema (as the command line and the library check theirs). */
  const sessionRequest = (state: UiSessionState, dryRun: boolean): JobRequest => {
    if (state.job === undefined) throw new HttpError(409, 'Choose the job and its target first.');
    if (state.upload === undefined) throw new HttpError(409, 'Upload a file first.');
    const job = state.job;
    return requestOf(
      { job: job.job, mode: job.mode, target: job.target, country: state.country ?? 'US', options: state.options },
      { file: ownUpload(state.upload.file), sheet: state.upload.sheet, map: state.map, dryRun, concurrency: options.concurrency ?? 8, plan: options.plan ?? 'business' },
    );
  };

  /**
   * What the session's run would delete, as its check counted (see `deletionsOf`): undefined when
   * it deletes nothing. A run that may delete and has no finished check of the same job and mode
   * is refused: only the check can say how many go.
   */
  const plannedDeletions = async (state: UiSessionState): Promise<(PlannedDeletions & { readonly check: string }) | undefined> => {
    const request = sessionRequest(state, false);
    if (!mayDelete(request)) return undefined;
    const check = state.check === undefined || runs.get(state.check)?.status === 'running' ? undefined : await readSummary(path.join(runsDir, state.check)).catch(() => undefined);
    if (state.check === undefined || check === undefined || check.job !== request.job || check.mode !== request.options.mode || check.pending !== undefined) {
      throw new HttpError(409, 'This run deletes: check the file first, so that the page can say how many will be deleted.');
    }
    const deletions = deletionsOf(request, check);
    return deletions === undefined ? undefined : { ...deletions, check: state.check };
  };

  const startImport = async (session: string, dryRun: boolean, confirmed: unknown): Promise<LiveRun> => {
    const state = await states.read(session);
    const request = sessionRequest(state, dryRun);
    const job = state.job!;
    const upload = state.upload!;
    // A run that deletes starts only with the count its check gave, confirmed on the page.
    const deletions = dryRun ? undefined : await plannedDeletions(state);
    if (deletions !== undefined && deletions.count > 0 && confirmed !== deletions.count) {
      throw new HttpError(409, `This run deletes ${deletions.count} ${deletions.items} from '${job.targetName}': confirm that number to start it.`);
    }
    const { id, dir } = newRunDir(dryRun);
    // A dry run writes nothing to the target, and runs beside a real one.
    const key = `${job.job}:${job.target}`;
    if (!dryRun) {
      if (writing.has(key)) throw new HttpError(409, `'${job.targetName}' is being written by the run ${writing.get(key)}: wait for it to end, or stop it.`);
      writing.set(key, id);
    }
    const release = () => {
      if (!dryRun && writing.get(key) === id) writing.delete(key);
    };
    try {
      // A sync reports its rows once planned; a run after its check has the check's exact count
      // (a check is dropped when the file, the sheet or the mapping changes); else the file's
      // lines, an estimate (a quoted cell may span lines).
      const checked = dryRun || state.check === undefined || runs.get(state.check)?.status === 'running' ? undefined : await readSummary(path.join(runsDir, state.check)).catch(() => undefined);
      const expected = countsItsRows(request) ? undefined : checked !== undefined && checked.pending === undefined ? checked.rows : await estimateRowCount(upload.file);
      const label = { job: job.job, mode: job.mode, targetName: job.targetName, input: upload.name };
      const run = startLive(id, dir, dryRun, label, { expected, doneBefore: 0 }, (live) => runImport(client, request, dir, live), release);
      await states.update(session, (s) => (dryRun ? { ...s, check: id } : { ...s, run: id }));
      return run;
    } catch (error) {
      if (!runs.has(id)) release();
      throw error;
    }
  };

  /**
   * The column mapping a run read its file with: a run's journal keeps its options; a check
   * (which has no journal) is the session's, whose mapping cannot change without the check being
   * dropped. Undefined (the automatic mapping) for anything else.
   */
  const mappingOfRun = async (id: string, state: UiSessionState): Promise<unknown> => {
    const saved = await readSavedRun(path.join(runsDir, id)).catch(() => undefined);
    if (saved !== undefined) return (saved.request.options as { readonly map?: unknown }).map;
    return state.check === id ? state.map : undefined;
  };

  /** A live run as the page sees it: its progress against the whole file, this leg's rate and time left. */
  const liveView = (live: LiveRun) => {
    const elapsed = (Date.now() - live.startedAt) / 1000;
    // Rows done in all: a resume skips the rows done before at once (`read` runs ahead to
    // them), so the bar follows what is done, never past what is read.
    const done = Math.max(live.doneBefore, Math.min(live.progress.succeeded + live.progress.rejected, Math.max(live.progress.read, live.doneBefore)));
    // This leg's rows over this leg's time: a resume's earlier rows took no time of it.
    const rate = elapsed > 0 ? Math.max(0, done - live.doneBefore) / elapsed : 0;
    const left = live.expectedRows === undefined ? undefined : Math.max(0, live.expectedRows - done);
    return {
      id: live.id,
      status: live.status,
      dryRun: live.dryRun,
      ...live.label,
      progress: live.progress,
      done,
      expectedRows: live.expectedRows,
      rowsPerSecond: Math.round(rate * 10) / 10,
      etaSeconds: left === undefined || rate === 0 ? undefined : Math.round(left / rate),
      rateLimited: live.rateLimited,
      summary: live.summary,
      left: live.summary === undefined || live.status !== 'stopped' ? undefined : leftForResume(live.summary),
      error: live.error,
    };
  };

  const runView = async (id: string) => {
    const live = runs.get(id);
    if (live !== undefined) return liveView(live);
    const summary = await readSummary(path.join(runsDir, id));
    const stopped = summary.pending !== undefined || summary.stoppedBy !== undefined;
    return { id, status: stopped ? 'stopped' : 'done', dryRun: summary.dryRun, progress: undefined, summary, left: stopped ? leftForResume(summary) : undefined, error: summary.stoppedBy };
  };

  /** The runs going now, started from any tab: what the banner on every step shows. */
  const liveRuns = () => [...runs.values()].filter((run) => run.status === 'running').map(liveView);

  const routes = async (request: IncomingMessage, response: ServerResponse, url: URL, session: string): Promise<void> => {
    const method = request.method ?? 'GET';
    const route = `${method} ${url.pathname}`;
    const runMatch = /^\/api\/runs\/([^/]+)(?:\/(events|stop|resume|undo-plan|undo|rejects|files\/([^/]+)))?$/.exec(url.pathname);
    if (route === 'GET /') return sendFile(response, path.join(STATIC_DIR, 'index.html'), 'text/html; charset=utf-8');
    if (method === 'GET' && url.pathname.startsWith('/static/')) {
      const name = url.pathname.slice('/static/'.length);
      const type = STATIC_FILES[name];
      if (type === undefined) throw new HttpError(404, 'No such file.');
      return sendFile(response, path.join(STATIC_DIR, name), type);
    }
    if (route === 'GET /api/state') return json(response, 200, publicState(await states.read(session)));
    if (route === 'GET /api/targets') {
      const job = jobParam(url.searchParams.get('job'));
      return json(response, 200, { modes: modesOf(job), targets: await targetsFor(client, job) });
    }
    if (route === 'POST /api/job') {
      const body = await readJson(request);
      const job = jobParam(body['job']);
      const mode = String(body['mode'] ?? '');
      if (!modesOf(job).includes(mode)) throw new HttpError(400, `Expected the mode to be one of ${modesOf(job).join(', ')}, got \`${mode}\``);
      const target = String(body['target'] ?? '');
      const found = (await targetsFor(client, job)).find((t) => t.id === target);
      if (found === undefined) throw new HttpError(400, 'Expected a book or list of the account.');
      const state = await states.update(session, (s) => ({ ...s, job: { job, mode, target: found.id, targetName: found.name }, options: s.job?.job === job ? s.options : undefined, check: undefined, run: undefined }));
      return json(response, 200, publicState(state));
    }
    if (route === 'POST /api/options') {
      // The job's other options (`scrubDnc`, `deleteMissing`, `maxDelete`, `maxRejects`, `key`,
      // `lanes`…), named as the library names them and checked with the job's schema now, so a
      // wrong one is refused here and not at Start.
      const body = await readJson(request);
      const chosen = body['options'];
      if (typeof chosen !== 'object' || chosen === null || Array.isArray(chosen)) throw new HttpError(400, 'Expected the options to be a JSON object.');
      const state = await states.read(session);
      if (state.job === undefined) throw new HttpError(409, 'Choose the job and its target first.');
      requestOf(
        { job: state.job.job, mode: state.job.mode, target: state.job.target, country: state.country ?? 'US', options: chosen as Record<string, unknown> },
        { file: 'check.csv', dryRun: true, concurrency: options.concurrency ?? 8, plan: options.plan ?? 'business' },
      );
      // Other options make another run: the check of the ones before no longer says what it does.
      const same = JSON.stringify(state.options ?? {}) === JSON.stringify(chosen);
      return json(response, 200, publicState(await states.update(session, (s) => ({ ...s, options: chosen as Record<string, unknown>, ...(same ? {} : { check: undefined }) }))));
    }
    if (route === 'POST /api/upload') {
      let given: string;
      try {
        given = decodeURIComponent(String(request.headers['x-file-name'] ?? 'upload.csv'));
      } catch {
        throw new HttpError(400, 'Expected the file name (X-File-Name) to be percent-encoded.');
      }
      const name = path.basename(given).slice(0, 200);
      const extension = /\.(csv|txt|tsv|xlsx|xlsm)$/i.exec(name)?.[0]?.toLowerCase();
      if (extension === undefined) throw new HttpError(415, `“${name}” is not a spreadsheet: upload a .csv, .txt, .tsv or .xlsx file.`);
      // In a folder of its own under a random name, the file keeps the name the person gave it: past
      // runs, summaries and reports show `leads.csv`, not a random one.
      const folder = path.join(uploadsDir, secret().replace(/[^\w]/g, 'x'));
      await mkdir(folder, { mode: 0o700 });
      const file = path.join(folder, safeFileName(name, extension));
      let size: number;
      try {
        size = await receiveFile(request, file, maxUpload);
      } catch (error) {
        await rm(folder, { recursive: true, force: true });
        throw error;
      }
      let sheets: readonly XlsxSheetInfo[] | undefined;
      let sheet: string | undefined;
      let header: readonly string[] = [];
      try {
        if (/\.(csv|txt|tsv)$/.test(extension) && (await startsLikeBinaryDocument(file))) {
          throw new HttpError(415, `“${name}” is named ${extension} but is not text (it starts like a PDF or another document): export it as CSV or XLSX.`);
        }
        // A workbook's tabs for the picker, and the one to start from: the first that is visible
        // and has something in it (a hidden or empty first tab is rarely the contacts).
        sheets = /\.xls[xm]$/.test(extension) ? await listXlsxSheets(file) : undefined;
        sheet = sheets === undefined ? undefined : startingSheet(sheets);
        // Opening it now finds a file that cannot be read before the mapping step does.
        header = (await openTable(file, { sheet: sheet === undefined ? undefined : Number(sheet) })).header;
      } catch (error) {
        // A refused upload is not kept.
        await rm(folder, { recursive: true, force: true });
        throw error;
      }
      const previous = (await states.read(session)).upload?.file;
      // A file with the headers of a saved mapping comes back: that mapping is applied, and the page says so.
      const saved = await mappings.matching(header);
      const state = await states.update(session, (s) => ({ ...s, upload: { file, name, size, sheet, sheets }, map: saved?.map, mappingName: saved?.name, check: undefined, run: undefined }));
      // The upload it replaces is not kept either (past runs keep their own copy of nothing: they name the file).
      if (previous !== undefined && previous !== file && path.dirname(path.dirname(path.resolve(previous))) === uploadsDir) {
        await rm(path.dirname(path.resolve(previous)), { recursive: true, force: true });
        for (const key of readUploads.keys()) if (key.startsWith(`${path.resolve(previous)}\u0000`)) readUploads.delete(key);
      }
      return json(response, 200, { upload: { name, size, sheet, sheets }, state: publicState(state) });
    }
    if (route === 'POST /api/sheet') {
      const body = await readJson(request);
      const sheet = String(body['sheet'] ?? '').trim();
      const state = await states.read(session);
      if (state.upload === undefined) throw new HttpError(409, 'Upload a file first.');
      const table = await openTable(ownUpload(state.upload.file), { sheet: sheet === '' ? undefined : /^\d+$/.test(sheet) ? Number(sheet) : sheet });
      const saved = await mappings.matching(table.header);
      return json(response, 200, publicState(await states.update(session, (s) => ({ ...s, upload: { ...state.upload!, sheet: sheet === '' ? undefined : sheet }, map: saved?.map, mappingName: saved?.name }))));
    }
    if (route === 'GET /api/mapping') {
      const state = await states.read(session);
      const { file, rows } = await uploadedFile(state);
      return json(response, 200, await mappingView(client, state, file, rows));
    }
    // ---- Mappings: checking one as it is chosen, and named, saved ones (the `--map` file format) ----
    if (route === 'POST /api/mapping/check') {
      // The mapping as the page has it now, or a `--map` file being loaded: checked, not saved.
      const state = await states.read(session);
      const { file } = await uploadedFile(state);
      return json(response, 200, checkMapping(file, mapParam((await readJson(request))['map']), { job: state.job, key: state.options?.['key'] }));
    }
    if (route === 'GET /api/mappings') {
      const state = await states.read(session);
      const header = state.upload === undefined ? undefined : (await uploadedFile(state)).file.header;
      return json(response, 200, (await mappings.list()).map((m) => ({ name: m.name, matches: header !== undefined && sameHeaders(Object.keys(m.map), header) })));
    }
    if (route === 'POST /api/mappings') {
      const body = await readJson(request);
      const state = await states.read(session);
      const { file } = await uploadedFile(state);
      const saved = await mappings.save(String(body['name'] ?? ''), mapParam(body['map']), file.header);
      return json(response, 200, publicState(await states.update(session, (s) => ({ ...s, map: { ...saved.map }, mappingName: saved.name, check: undefined }))));
    }
    const savedMatch = /^\/api\/mappings\/([^/]+)$/.exec(url.pathname);
    if (method === 'GET' && savedMatch) {
      let name: string;
      try {
        name = decodeURIComponent(savedMatch[1]!);
      } catch {
        throw new HttpError(404, 'No such mapping.');
      }
      if ((await mappings.read(name)) === undefined) throw new HttpError(404, 'No such mapping.');
      return download(response, mappings.file(name), 'application/json; charset=utf-8');
    }
    if (route === 'POST /api/mapping') {
      const body = await readJson(request);
      const map = mapParam(body['map']);
      const state = await states.read(session);
      if (state.upload === undefined) throw new HttpError(409, 'Upload a file first.');
      const table = await openTable(ownUpload(state.upload.file), { sheet: sheetOf(state) });
      planColumns(table.header, map); // a mapping the import would refuse is refused here, with its message
      const country = String(body['country'] ?? state.country ?? 'US').toUpperCase();
      if (!/^[A-Z]{2}$/.test(country)) throw new HttpError(400, `Expected the default country to be a two-letter ISO code, got \`${country}\``);
      // The saved mapping's name stays only while the mapping is still that one.
      return json(response, 200, publicState(await states.update(session, (s) => ({ ...s, map, country, mappingName: sameMapping(s.map, map) ? s.mappingName : undefined, check: undefined }))));
    }
    if (route === 'POST /api/check' || route === 'POST /api/run') {
      const body = await readJson(request);
      const run = await startImport(session, route === 'POST /api/check', body['confirmDeletes']);
      return json(response, 202, { id: run.id });
    }
    if (route === 'GET /api/plan') {
      // What Start would delete, for the run step's confirmation.
      const state = await states.read(session);
      const deletions = state.job === undefined || state.upload === undefined ? undefined : await plannedDeletions(state).catch((error: unknown) => (error instanceof HttpError || error instanceof CcbulkError ? { error: error.message } : Promise.reject(error)));
      return json(response, 200, { deletes: deletions ?? null });
    }
    if (route === 'GET /api/live') return json(response, 200, liveRuns());
    if (route === 'GET /api/runs') return json(response, 200, withRunning(await pastRuns(runsDir), liveRuns()));
    if (route === 'POST /api/export') {
      const body = await readJson(request);
      const job = jobParam(body['job']);
      const format = body['format'] === 'xlsx' ? 'xlsx' : 'csv';
      const target = String(body['target'] ?? '');
      const dir = path.join(workDir, 'exports');
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const name = `${job}-${new Date().toISOString().replace(/[:.]/g, '-')}.${format}`;
      const common = { out: path.join(dir, name), bom: format === 'csv' };
      const summary =
        job === 'address-book'
          ? await exportAddressBooks(client, target === '' ? { ...common, all: true } : { ...common, book: target })
          : job === 'campaign-contacts'
          ? await exportCampaignContacts(client, { ...common, list: target })
          : await exportDnc(client, { ...common, list: target });
      return json(response, 200, { name: path.basename(summary.file), rows: summary.rows });
    }
    // ---- Exports of any catalogue resource, as `ccbulk export <resource>` ----
    if (route === 'GET /api/catalogue') return json(response, 200, resourcesForPage());
    if (route === 'POST /api/export-resource') {
      const body = await readJson(request);
      const params = body['params'] ?? {};
      if (typeof params !== 'object' || params === null || Array.isArray(params) || Object.values(params).some((v) => typeof v !== 'string')) {
        throw new HttpError(400, 'Expected the parameters to be a JSON object of texts {"queueId": "…"}.');
      }
      const summary = await exportResourceFromPage(client, path.join(workDir, 'exports'), {
        resource: String(body['resource'] ?? ''),
        params: params as Record<string, string>,
        format: body['format'] === 'xlsx' ? 'xlsx' : 'csv',
        each: body['each'] === true,
      });
      return json(response, 200, { name: path.basename(summary.file), rows: summary.rows });
    }
    const exportMatch = /^\/api\/exports\/([^/]+)$/.exec(url.pathname);
    if (method === 'GET' && exportMatch) {
      const name = exportMatch[1]!;
      if (!/^[\w.-]+\.(csv|xlsx)$/.test(name) || name.startsWith('.')) throw new HttpError(404, 'No such export.');
      return download(response, path.join(workDir, 'exports', name), name.endsWith('.csv') ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    }
    if (runMatch) {
      const id = runMatch[1]!;
      if (!ID.test(id)) throw new HttpError(404, 'No such run.');
      const action = runMatch[2];
      if (method === 'GET' && action === undefined) return json(response, 200, await runView(id));
      if (method === 'GET' && action === 'events') return events(response, id);
      if (method === 'POST' && action === 'stop') {
        const live = runs.get(id);
        if (live === undefined || live.status !== 'running') throw new HttpError(409, 'That run is not running.');
        live.stop.abort();
        return json(response, 202, { id });
      }
      if (method === 'POST' && action === 'resume') {
        // Claimed before anything is awaited: a double click on Resume finds it taken.
        if (runs.get(id)?.status === 'running' || resuming.has(id)) throw new HttpError(409, 'That run is already running.');
        resuming.add(id);
        let started = false;
        try {
          const dir = path.join(runsDir, id);
          await stat(path.join(dir, 'journal.jsonl')).catch(() => {
            throw new HttpError(409, 'That run has no journal to resume from.');
          });
          const summary = await readSummary(dir);
          // The target the run resolved, as its journal recorded it (keyed as a start keys it).
          const recorded = (await readSavedRun(dir)).state.start.target;
          const target = recorded === undefined ? undefined : `${summary.job}:${recorded.id}`;
          if (target !== undefined && writing.has(target)) throw new HttpError(409, `'${recorded!.name}' is being written by the run ${writing.get(target)}: wait for it to end.`);
          if (target !== undefined) writing.set(target, id);
          const release = () => {
            resuming.delete(id);
            if (target !== undefined && writing.get(target) === id) writing.delete(target);
          };
          const label = { job: summary.job, mode: summary.mode, targetName: recorded?.name ?? Object.values(summary.target)[0] ?? '', input: path.basename(summary.input) };
          startLive(
            id,
            dir,
            false,
            label,
            // The whole file, as the stopped leg counted it: not the rows it had read.
            { expected: summary.fileRows ?? (await estimateRowCount(summary.input)) ?? summary.rows + (summary.pending ?? 0), doneBefore: summary.succeeded + summary.rejected },
            async (live) => {
              const result = await resumeImport(client, dir, live);
              if ('complete' in result) return result.summary ?? summary;
              return result;
            },
            release,
          );
          started = true;
        } finally {
          if (!started) resuming.delete(id);
        }
        await states.update(session, (s) => ({ ...s, run: id }));
        return json(response, 202, { id });
      }
      if (method === 'POST' && (action === 'undo-plan' || action === 'undo')) {
        // The undo of a finished or stopped run: planned first (a dry run of it), then run only
        // with the count of its plan confirmed, as a run that deletes is (see `undoRun`).
        if (runs.get(id)?.status === 'running' || resuming.has(id) || undoing.has(id)) throw new HttpError(409, 'That run is running: wait for it to end, or stop it.');
        const dir = path.join(runsDir, id);
        const recorded = (await readSavedRun(dir).catch(() => {
          throw new HttpError(409, 'That run wrote nothing (a check, or it stopped before it began): there is nothing to undo.');
        })).state.start.target;
        const summary = await readSummary(dir);
        const target = recorded === undefined ? undefined : `${summary.job}:${recorded.id}`;
        if (target !== undefined && writing.has(target)) throw new HttpError(409, `'${recorded!.name}' is being written by the run ${writing.get(target)}: wait for it to end.`);
        undoing.add(id);
        if (target !== undefined) writing.set(target, id);
        try {
          // What the page asks to confirm a count of: the job's items (a roster's are users).
          const items = isJobName(summary.job) ? JOBS[summary.job].deletes.items : 'contacts';
          const plan = await undoRun(client, dir, { dryRun: true, command: 'ccbulk ui' });
          const count = plan.planned.delete + plan.planned.restore + plan.planned.recreate;
          if (action === 'undo-plan') return json(response, 200, { planned: plan.planned, count, items, targetName: recorded?.name ?? '' });
          const body = await readJson(request);
          if (body['confirm'] !== count) throw new HttpError(409, `The undo changes ${count} ${items} of '${recorded?.name ?? ''}' now: confirm that number to run it.`);
          const done = await undoRun(client, dir, { command: 'ccbulk ui' });
          return json(response, 200, { planned: done.planned, undone: done.undone, failed: done.failed, items });
        } catch (error) {
          if (error instanceof CcbulkError && error.code === 'OPTION_INVALID') throw new HttpError(409, error.message);
          throw error;
        } finally {
          undoing.delete(id);
          if (target !== undefined && writing.get(target) === id) writing.delete(target);
        }
      }
      if (method === 'GET' && action === 'rejects') {
        const page = Math.max(0, Number(url.searchParams.get('page') ?? '0') || 0);
        const text = await readFile(path.join(runsDir, id, 'rejects.csv'), 'utf8').catch(() => '');
        const [header = [], ...rows] = text === '' ? [] : (parse(text, { bom: true, relax_column_count: true }) as string[][]);
        const shown = rows.slice(page * REJECTS_PAGE, (page + 1) * REJECTS_PAGE);
        // Each reject's name and number, read with the mapping the run used, so a person knows the row.
        const plan = lenientPlan(header, await mappingOfRun(id, await states.read(session)));
        const labels = shown.map((row) => rowLabel(plan, row));
        return json(response, 200, { header, rows: shown, labels, page, pageSize: REJECTS_PAGE, pages: Math.ceil(rows.length / REJECTS_PAGE), total: rows.length });
      }
      if (method === 'GET' && action?.startsWith('files/')) {
        const name = runMatch[3]!;
        const type = RUN_FILES[name];
        if (type === undefined) throw new HttpError(404, 'No such file.');
        const file = path.join(runsDir, id, name);
        if (name === 'report.html') {
          if (!(await lstat(file).catch(() => undefined))?.isFile()) throw new HttpError(404, 'No such file.');
          return sendFile(response, file, type, REPORT_CSP);
        }
        return download(response, file, type);
      }
    }
    throw new HttpError(404, 'Not found.');
  };

  const events = (response: ServerResponse, id: string) => {
    response.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    const send = async () => response.write(`data: ${JSON.stringify(await runView(id).catch(() => ({ id, status: 'unknown' })))}\n\n`);
    const live = runs.get(id);
    let last = 0;
    let timer: NodeJS.Timeout | undefined;
    // At most four updates a second, whatever the engine reports; always the last one.
    const listener = () => {
      const wait = Math.max(0, last + 250 - Date.now());
      if (timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        last = Date.now();
        void send().then(() => {
          if (live !== undefined && live.status !== 'running') response.end();
        });
      }, wait);
    };
    void send().then(() => {
      if (live === undefined || live.status !== 'running') return response.end();
      live.listeners.add(listener);
    });
    response.on('close', () => {
      live?.listeners.delete(listener);
      clearTimeout(timer);
    });
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    void (async () => {
      if (!sameOrigin(request, host)) throw new HttpError(403, 'Refused: not from this UI’s own page.');
      const token = url.searchParams.get('token');
      if (token !== null && request.method === 'GET' && url.pathname === '/') {
        const session = auth.redeem(token);
        if (session === undefined) {
          // Opened in a browser: a page that says what to do, not an API error's JSON.
          response.writeHead(403, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8' });
          response.end(
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ccbulk: link already used</title></head><body>' +
              '<main><h1>This link was used already</h1><p>Each link <code>ccbulk ui</code> prints opens one session, once. ' +
              'Go back to the tab it opened, or stop <code>ccbulk ui</code> and start it again for a new link.</p></main></body></html>',
          );
          return;
        }
        response.writeHead(303, { ...SECURITY_HEADERS, 'set-cookie': sessionCookie(session), location: '/' });
        response.end();
        return;
      }
      const session = auth.sessionOf(request);
      if (session === undefined) throw new HttpError(401, 'Open the link `ccbulk ui` printed to start a session.');
      await routes(request, response, url, session);
    })().catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : error instanceof CcbulkError ? 400 : 500;
      const message = error instanceof Error ? error.message : 'Something went wrong.';
      if (!response.headersSent) json(response, status, { error: status === 500 ? 'Something went wrong; see the terminal.' : message });
      else response.end();
      if (status === 500) process.stderr.write(`ccbulk ui: ${message}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  host = `127.0.0.1:${port}`;
  const origin = `http://${host}`;
  return {
    url: `${origin}/?token=${auth.startToken}`,
    origin,
    close: async () => {
      for (const run of runs.values()) run.stop.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
  'cache-control': 'no-store',
};
const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

async function sendFile(response: ServerResponse, file: string, type: string, csp?: string): Promise<void> {
  const body = await readFile(file).catch(() => {
    throw new HttpError(404, 'No such file.');
  });
  response.writeHead(200, { ...SECURITY_HEADERS, ...(csp === undefined ? {} : { 'content-security-policy': csp }), 'content-type': type });
  response.end(body);
}

async function download(response: ServerResponse, file: string, type: string): Promise<void> {
  // Never through a symlink: a link planted in a run's folder would serve whatever it points at.
  const info = await lstat(file).catch(() => undefined);
  if (info === undefined || !info.isFile()) throw new HttpError(404, 'No such file.');
  response.writeHead(200, { ...SECURITY_HEADERS, 'content-type': type, 'content-length': info.size, 'content-disposition': `attachment; filename="${path.basename(file)}"` });
  const handle = await open(file, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW).catch(() => {
    throw new HttpError(404, 'No such file.');
  });
  await pipeline(handle.createReadStream(), response);
}

/** The name a person gave an upload, safe as one file name: no folders, no control characters, its extension kept. */
function safeFileName(name: string, extension: string): string {
  const plain = name.replace(/[\u0000-\u001f\u007f/\\]/g, '_').replace(/^\.+/, '_').trim();
  return plain === '' || plain === extension ? `upload${extension}` : plain;
}

/** Whether a file named as text starts like a PDF or another binary document (a zip, an OLE file, NUL bytes). */
async function startsLikeBinaryDocument(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(512);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const start = head.subarray(0, bytesRead);
    return start.subarray(0, 5).toString('latin1') === '%PDF-' || (start[0] === 0x50 && start[1] === 0x4b) || (start[0] === 0xd0 && start[1] === 0xcf);
  } finally {
    await handle.close();
  }
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 1024 * 1024) throw new HttpError(413, 'Request too large.');
    chunks.push(chunk);
  }
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new HttpError(400, 'Expected a JSON object.');
}

/** Streams an upload to `file` (0600), refusing it past `max` bytes; its size. */
async function receiveFile(request: IncomingMessage, file: string, max: number): Promise<number> {
  const declared = Number(request.headers['content-length'] ?? '0');
  if (declared > max) throw new HttpError(413, `The file is larger than the ${Math.round(max / 1024 / 1024)} MB the UI takes.`);
  let size = 0;
  const out = createWriteStream(file, { mode: PRIVATE_MODE });
  try {
    await pipeline(
      request,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          size += chunk.length;
          if (size > max) throw new HttpError(413, `The file is larger than the ${Math.round(max / 1024 / 1024)} MB the UI takes.`);
          yield chunk;
        }
      },
      out,
    );
  } catch (error) {
    await import('node:fs/promises').then((fs) => fs.rm(file, { force: true }));
    throw error;
  }
  if (size === 0) throw new HttpError(400, 'The file is empty.');
  return size;
}

async function readSummary(dir: string): Promise<ImportSummary> {
  try {
    return JSON.parse(await readFile(path.join(dir, 'summary.json'), 'utf8')) as ImportSummary;
  } catch {
    throw new HttpError(404, 'No such run.');
  }
}

/** A mapping as the page sends it: `{"Header": "field" | null}`, the JSON `--map` reads (its fields are checked by the column planner). */
function mapParam(value: unknown): Record<string, string | null> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, 'Expected the mapping to be a JSON object {"Header": "field"}.');
  return value as Record<string, string | null>;
}

/** Whether two mappings map the same headers to the same fields. */
function sameMapping(a: Readonly<Record<string, string | null>> | undefined, b: Readonly<Record<string, string | null>>): boolean {
  if (a === undefined) return false;
  const keys = Object.keys(b);
  return Object.keys(a).length === keys.length && keys.every((k) => Object.hasOwn(a, k) && a[k] === b[k]);
}

function jobParam(value: unknown): UiJob {
  if (isJobName(value)) return value;
  throw new HttpError(400, `Expected the job to be one of ${JOB_NAMES.join(', ')}, got \`${String(value)}\``);
}

/**
 * The sheet a workbook's upload starts on, by position: none (the first) when the first tab is
 * visible and has something in it, else the first that is; none when no tab is (then opening the
 * file says why).
 */
function startingSheet(sheets: readonly XlsxSheetInfo[]): string | undefined {
  const usable = (s: XlsxSheetInfo) => !s.hidden && !s.empty;
  if (sheets[0] === undefined || usable(sheets[0])) return undefined;
  const found = sheets.find(usable);
  return found === undefined ? undefined : String(found.number);
}

/** The state as the page may see it: no paths of this machine. */
function publicState(state: UiSessionState): unknown {
  const upload = state.upload;
  return { ...state, upload: upload === undefined ? undefined : { name: upload.name, size: upload.size, sheet: upload.sheet, sheets: upload.sheets } };
}
