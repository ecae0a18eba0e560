// `npm run bench`: ccbulk's performance against baselines measured in the same run, printed as a
// markdown table and written to bench/results.json. Runs the BUILT code in dist/ (the npm script
// builds first), each measurement in a child process of its own, the emulator in another.
//
// BENCH_SCALE=0.1 shrinks every size (rows, contacts, baseline slices) for a quick run.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchPath, runTask, startEmulatorChild } from './lib/child.mjs';
import { writeChangedContactsCsv, writeContactsCsv, writeDncCsv } from './lib/data.mjs';
import { writeOperationOf } from '../dist/pipelines/jobs.js';
import { emulatorEnv, runCli } from './lib/cli-child.mjs';
import { freshAccount } from './lib/emulator-session.mjs';
import { HOSTILE_WORKBOOKS } from './lib/hostile-workbooks.mjs';
import { catalogue } from '../dist/zoom/generated/catalogue.js';
import { mkdir } from 'node:fs/promises';

const scale = Number(process.env.BENCH_SCALE ?? '1');
if (!(scale > 0 && scale <= 1)) throw new Error(`Expected BENCH_SCALE to be a number above 0 and at most 1, got \`${process.env.BENCH_SCALE}\``);
// BENCH_ONLY=quota,lanes,local,xlsx,export,sync,micro runs only those parts (all by default); the table lists
// what ran. `micro` holds the timing goals of single components that used to be test assertions.
const PARTS = ['quota', 'limits', 'lanes', 'local', 'xlsx', 'export', 'export-all', 'sync', 'export-memory', 'hostile-xlsx', 'roster', 'micro'];
const only = (process.env.BENCH_ONLY ?? PARTS.join(',')).split(',').map((p) => p.trim());
for (const part of only) if (!PARTS.includes(part)) throw new Error(`Expected BENCH_ONLY to list parts of ${PARTS.join(', ')}, got \`${part}\``);
const runs = (part) => only.includes(part);
const n = (full) => Math.max(100, Math.round(full * scale));
const slice = (fullSeconds, min) => Math.max(min, Math.round(fullSeconds * scale));

// The emulator as Zoom looks from far away: business plan, 100 ms ± 50 ms per request, quota
// headers on successful answers (as Zoom sends them at times; the background-load cases read them).
const EMULATOR = { plan: 'business', seed: 1, rateHeaders: true, faults: { latencyMs: 100, jitterMs: 50 } };
const BACKGROUND = 0.5;

const sizes = {
  addressBook: n(20_000),
  campaign: n(100_000),
  dnc: n(100_000),
  dryRun: n(1_000_000),
  xlsx: n(200_000),
  export: n(100_000),
  sync: n(20_000),
  syncRss: n(200_000),
  // The issue's intake: 1,000 agents, each into 10 queues and 5 teams with 3 skills.
  roster: Math.max(100, Math.round(1_000 * scale)),
};
const log = (line) => process.stderr.write(`[bench] ${line}\n`);
// BENCH_TABLE_FROM=bench/results.json prints the table of a run already made, measuring nothing
// (after the table's wording or goals change).
if (process.env.BENCH_TABLE_FROM) {
  const { readFile } = await import('node:fs/promises');
  process.stdout.write(`${table(JSON.parse(await readFile(process.env.BENCH_TABLE_FROM, 'utf8')))}\n`);
  process.exit(0);
}
const dir = await mkdtemp(join(tmpdir(), 'ccbulk-bench-'));
const started = Date.now();
const results = { scale, sizes, startedAt: new Date().toISOString(), node: process.version, quota: [], limits: {}, lanes: {}, local: {}, xlsx: {}, export: {}, sync: {}, roster: {}, micro: {} };

try {
  log(`scale ${scale}; generating data in ${dir}`);
  const files = {
    addressBook: join(dir, 'address-book.csv'),
    campaign: join(dir, 'campaign.csv'),
    dnc: join(dir, 'dnc.csv'),
    dryRun: join(dir, 'dry-run.csv'),
  };
  if (runs('quota')) {
    await writeContactsCsv(files.addressBook, sizes.addressBook);
    await writeContactsCsv(files.campaign, sizes.campaign);
    await writeDncCsv(files.dnc, sizes.dnc);
  }
  if (runs('local')) await writeContactsCsv(files.dryRun, sizes.dryRun, { invalid: true });
  results.local.nodeFloor = await runTask('tasks/floor.mjs', {});

  // 1. Quota utilisation, then 2. the dry run, which needs the emulator for its book look-up.
  if (runs('lanes')) await writeContactsCsv(files.addressBook, sizes.addressBook);
  if (runs('quota') || runs('lanes') || runs('local')) {
    const emu = await startEmulatorChild(EMULATOR);
    try {
      if (runs('quota')) await quotaPart(emu, files);
      if (runs('lanes')) await lanesPart(emu, files);
      if (runs('local')) {
        // Through the command line as it ships, then with V8's heap left as Node sets it up
        // (CCBULK_HEAP=default): the same run without the entry's heap tuning, as its baseline.
        // The phone ceiling is measured just before and just after the dry run, which is judged
        // against the mean of the two: this machine's speed drifts over minutes (the ceiling
        // measured 57,946 and 78,525 rows/s in two runs 20 minutes apart).
        log('local: phone ceiling (2 worker threads), before the dry run');
        results.local.phonesBefore = await runTask('tasks/phone-ceiling.mjs', { rows: sizes.dryRun });
        for (const [name, env] of [
          ['dryRun', {}],
          ['dryRunDefaultHeap', { CCBULK_HEAP: 'default' }],
        ]) {
          log(`local: \`ccbulk import address-book --dry-run\` of ${sizes.dryRun} rows${env.CCBULK_HEAP ? ', CCBULK_HEAP=default' : ''}`);
          results.local[name] = await dryRunCli(emu, files.dryRun, join(dir, `out-${name}`), env);
          if (name === 'dryRun') {
            log('local: phone ceiling (2 worker threads), after the dry run');
            results.local.phones = await runTask('tasks/phone-ceiling.mjs', { rows: sizes.dryRun });
          }
        }
      }
    } finally {
      await emu.stop();
    }
  }
  if (runs('local')) {
    log('local: csv-parse ceiling');
    results.local.csvParse = await runTask('tasks/csv-parse.mjs', { file: files.dryRun });
  }
  if (runs('limits')) await limitsPart();
  if (runs('xlsx')) await xlsxPart();
  if (runs('export')) await exportPart();
  if (runs('export-all')) await exportAllPart();
  if (runs('sync')) await syncPart();
  if (runs('export-memory')) await exportMemoryPart();
  if (runs('hostile-xlsx')) await hostileXlsxPart();
  if (runs('roster')) await rosterPart();
  if (runs('micro')) await microPart();
} finally {
  await rm(dir, { recursive: true, force: true });
}

results.elapsedMs = Date.now() - started;
results.table = table(results);
await writeFile(benchPath('results.json'), `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${results.table}\n`);
log(`done in ${Math.round(results.elapsedMs / 1000)} s; bench/results.json written`);

/** `ccbulk import address-book FILE --dry-run` as a person runs it: rows/s and peak RSS. */
async function dryRunCli(emu, file, outDir, env) {
  await freshAccount(emu);
  const run = await runCli(['import', 'address-book', file, '--book', 'Demo contacts', '--mode', 'create', '--country', 'US', '--dry-run', '--out', outDir, '--json'], { env: { ...emulatorEnv(emu), ...env } });
  // Exit 2: rows were rejected (5 % of this file are broken on purpose).
  if (run.exitCode !== 0 && run.exitCode !== 2) throw new Error(`the dry run exited with ${run.exitCode ?? run.signal}: ${run.stderr.slice(-500)}`);
  const summary = JSON.parse(run.stdout);
  await rm(outDir, { recursive: true, force: true });
  return { via: 'cli', rows: summary.rows, succeeded: summary.succeeded, rejected: summary.rejected, elapsedMs: run.elapsedMs, rowsPerSecond: summary.rows / (run.elapsedMs / 1000), peakRssMb: run.peakRssMb, peakRssFrom: run.peakRssFrom };
}

/**
 * Limits that follow the account: an emulator whose MEDIUM limit (35/s) is no preset, with and
 * without quota headers, paced by a client started on the business preset (20/s); and one
 * address book whose batch endpoint takes 2 requests at once, answered in 80 ms.
 */
async function limitsPart() {
  const seconds = slice(60, 20);
  const cases = [
    ['headers', { rateHeaders: true }, {}],
    ['presetNoHeaders', { faults: { rateLimitHeadersMissingRate: 1 } }, {}],
    ['autoNoHeaders', { faults: { rateLimitHeadersMissingRate: 1 } }, { probe: ['MEDIUM'] }],
  ];
  for (const [name, emulator, client] of cases) {
    log(`limits: MEDIUM 35/s, ${name}, ${seconds} s`);
    const emu = await startEmulatorChild({ plan: 'business', seed: 1, limits: { MEDIUM: 35 }, ...emulator, faults: { latencyMs: 100, jitterMs: 50, ...emulator.faults } });
    try {
      results.limits[name] = await runTask('tasks/account-limits.mjs', { emu, mode: 'rate', seconds, limit: 35, client: { plan: 'business', ...client } });
    } finally {
      await emu.stop();
    }
  }
  log(`limits: concurrency limit 2 on one book, 80 ms, ${seconds} s`);
  const emu = await startEmulatorChild({ plan: 'business', seed: 1, limits: { MEDIUM: 200 }, faults: { latencyMs: 80, concurrencyLimit: 2 } });
  try {
    results.limits.concurrency = await runTask('tasks/account-limits.mjs', { emu, mode: 'concurrency', seconds, inFlightLimit: 2, latencyMs: 80, workers: 8, client: { plan: 'business', limits: { MEDIUM: 200 } } });
  } finally {
    await emu.stop();
  }
}

/** A roster intake: write requests against the fewest the batch sizes allow, and MEDIUM's quota used. */
async function rosterPart() {
  const emu = await startEmulatorChild(EMULATOR);
  try {
    log(`roster: intake of ${sizes.roster} agents into 10 queues and 5 teams with 3 skills each`);
    results.roster.intake = await runTask('tasks/roster-intake.mjs', {
      emu,
      outDir: join(dir, 'out-roster'),
      file: join(dir, 'roster.csv'),
      agents: sizes.roster,
      queues: 10,
      teams: 5,
      skills: 3,
    });
  } finally {
    await emu.stop();
  }
}

/** 1. Each import job at full quota, then on a quarter of its rows with background load. */
async function quotaPart(emu, files) {
  // BENCH_QUOTA_JOBS=dnc runs only those jobs (all three by default).
  const only = process.env.BENCH_QUOTA_JOBS?.split(',');
  const jobs = [
    ['address-book', files.addressBook, sizes.addressBook],
    ['campaign', files.campaign, sizes.campaign],
    ['dnc', files.dnc, sizes.dnc],
  ].filter(([job]) => only === undefined || only.includes(job));
  for (const [job, file, rows] of jobs) {
    log(`quota: ${job} import of ${rows} rows`);
    const ccbulk = await runTask('tasks/quota-import.mjs', { emu, job, file, outDir: join(dir, `out-${job}`) });
    log(`quota: ${job} baseline`);
    const baseline = await runTask('tasks/quota-baseline.mjs', { emu, job, seconds: slice(30, 5) });
    results.quota.push({ job, background: 0, ccbulk, baseline });
  }
  for (const [job, , rows] of jobs) {
    // A quarter of the rows: the quota is halved, so this still takes half the full run's time.
    const quarter = join(dir, `${job}-quarter.csv`);
    const size = Math.max(100, Math.round(rows / 4));
    if (job === 'dnc') await writeDncCsv(quarter, size);
    else await writeContactsCsv(quarter, size);
    log(`quota: ${job} import of ${size} rows with ${BACKGROUND * 100} % background load`);
    const ccbulk = await runTask('tasks/quota-import.mjs', { emu, job, file: quarter, outDir: join(dir, `out-${job}-bg`), background: BACKGROUND });
    log(`quota: ${job} baseline with background load`);
    const baseline = await runTask('tasks/quota-baseline.mjs', { emu, job, seconds: slice(15, 5), background: BACKGROUND });
    results.quota.push({ job, background: BACKGROUND, ccbulk, baseline });
  }
}

/**
 * 1b. Address book creates on both lanes against the batch lane alone, same emulator plan and
 * latency; then both lanes at a quota share of 0.5 against half the plan's rates.
 */
async function lanesPart(emu, files) {
  for (const [name, args] of [
    ['batch', { lanes: 'batch' }],
    ['both', { lanes: 'both' }],
    ['share', { lanes: 'both', quotaShare: 0.5 }],
  ]) {
    log(`lanes: address-book create of ${sizes.addressBook} rows, ${JSON.stringify(args)}`);
    results.lanes[name] = await runTask('tasks/lanes-import.mjs', { emu, file: files.addressBook, outDir: join(dir, `out-lanes-${name}`), ...args });
  }
  // Another app on the account using half of either label, on a quarter of the rows.
  const quarter = join(dir, 'address-book-lanes-quarter.csv');
  await writeContactsCsv(quarter, Math.max(100, Math.round(sizes.addressBook / 4)));
  for (const label of ['MEDIUM', 'LIGHT']) {
    const name = `both${label === 'MEDIUM' ? 'Medium' : 'Light'}Background`;
    log(`lanes: both lanes with ${BACKGROUND * 100} % background load on ${label}`);
    results.lanes[name] = await runTask('tasks/lanes-import.mjs', { emu, file: quarter, outDir: join(dir, `out-lanes-${name}`), lanes: 'both', background: { [label]: BACKGROUND } });
  }
}

/** 3. XLSX: both writers write the same rows; both readers read the workbook exceljs wrote. */
async function xlsxPart() {
  for (const op of ['write', 'read']) {
    for (const tool of ['exceljs', 'ccbulk']) {
      log(`xlsx: ${tool} ${op} of ${sizes.xlsx} rows`);
      const file = join(dir, op === 'write' ? `${tool}.xlsx` : 'exceljs.xlsx');
      results.xlsx[`${tool}-${op}`] = await runTask('tasks/xlsx.mjs', { tool, op, file, rows: sizes.xlsx });
    }
  }
}

/**
 * 4. Export from an emulator seeded through the API at high limits, then restarted on the same
 * account with the business plan's limits and the latency above.
 */
async function exportPart() {
  log(`export: seeding ${sizes.export} contacts`);
  const seeded = await startEmulatorChild({ ...EMULATOR, seedBook: sizes.export });
  results.export.seedMs = seeded.seedMs;
  try {
    for (const format of ['csv', 'xlsx']) {
      log(`export: to ${format}`);
      results.export[format] = await runTask('tasks/export.mjs', { emu: seeded, out: join(dir, `export.${format}`) });
    }
    log('export: baseline');
    results.export.baseline = await runTask('tasks/export-baseline.mjs', { emu: seeded, seconds: slice(10, 3) });
  } finally {
    await seeded.stop();
  }
}

/**
 * 4b. `export address-book --all` of 4 books against 4 × one cursor's pages/s (one book alone,
 * same emulator) and the quota: several cursors at once should fill min(quota, books × cursor).
 */
async function exportAllPart() {
  const perBook = n(25_000);
  log(`export-all: seeding 4 books of ${perBook} contacts`);
  const seeded = await startEmulatorChild({ ...EMULATOR, seedBook: perBook, seedBooks: 4 });
  try {
    log('export-all: one book');
    results.exportAll = { books: 4, one: await runTask('tasks/export.mjs', { emu: seeded, out: join(dir, 'one.csv') }) };
    log('export-all: --all');
    results.exportAll.all = await runTask('tasks/export.mjs', { emu: seeded, out: join(dir, 'all.csv'), all: true });
  } finally {
    await seeded.stop();
  }
}

/**
 * 4c. `--mode sync` of an address book loaded from the same file, against `--mode upsert` of the
 * same file on the same book: the re-sync of the unchanged file, then a file with 1 % of rows
 * changed, 1 % new and 1 % removed (`--delete-missing --max-delete 2%`), after which the book is
 * listed and compared with the file field by field; then the sync's peak RSS on a bigger book.
 * Each write measurement gets an emulator of its own, seeded from the file at high limits.
 */
async function syncPart() {
  const rows = sizes.sync;
  const unchanged = join(dir, 'sync-unchanged.csv');
  const changed = join(dir, 'sync-changed.csv');
  await writeContactsCsv(unchanged, rows);
  const changedRows = await writeChangedContactsCsv(changed, rows);
  const withBook = async (file, size, run) => {
    log(`sync: seeding a book from ${size} rows`);
    const emu = await startEmulatorChild({ ...EMULATOR, seedFile: file });
    try {
      return await run(emu);
    } finally {
      await emu.stop();
    }
  };
  const task = (emu, name, file, args) => runTask('tasks/sync.mjs', { emu, file, outDir: join(dir, `out-sync-${name}`), ...args });
  const deleting = { deleteMissing: true, maxDelete: { percent: 2 } };
  results.sync = { rows, changedRows, batch: { create: writeOperationOf('address-book', 'create').batchSize, update: writeOperationOf('address-book', 'update').batchSize, delete: writeOperationOf('address-book', 'delete').batchSize } };
  await withBook(unchanged, rows, async (emu) => {
    log(`sync: re-sync of the unchanged ${rows}-row file`);
    results.sync.unchanged = await task(emu, 'unchanged', unchanged, { mode: 'sync' });
    log('sync: upsert of the unchanged file');
    results.sync.unchangedUpsert = await task(emu, 'unchanged-upsert', unchanged, { mode: 'upsert' });
  });
  await withBook(unchanged, rows, async (emu) => {
    log(`sync: upsert of the changed file (${changedRows} rows)`);
    results.sync.changedUpsert = await task(emu, 'changed-upsert', changed, { mode: 'upsert' });
  });
  await withBook(unchanged, rows, async (emu) => {
    log('sync: sync of the changed file, --delete-missing --max-delete 2%');
    results.sync.changed = await task(emu, 'changed', changed, { mode: 'sync', ...deleting });
    log('sync: the book against the file, field by field');
    results.sync.verify = await runTask('tasks/sync-verify.mjs', { emu, bookId: emu.seededBookId, rows });
  });
  const big = sizes.syncRss;
  const bigUnchanged = join(dir, 'sync-rss.csv');
  const bigChanged = join(dir, 'sync-rss-changed.csv');
  await writeContactsCsv(bigUnchanged, big);
  await writeChangedContactsCsv(bigChanged, big);
  await withBook(bigUnchanged, big, async (emu) => {
    // Through the command line as it ships (dist/cli.js, with the heap tuning of its entry).
    log(`sync: \`ccbulk import address-book --mode sync\` of the changed file on a ${big}-contact book, for peak RSS`);
    const args = ['import', 'address-book', bigChanged, '--book', 'Demo contacts', '--mode', 'sync', '--delete-missing', '--max-delete', '2%', '--country', 'US', '--out', join(dir, 'out-sync-rss'), '--json'];
    const run = await runCli(args, { env: emulatorEnv(emu) });
    if (run.exitCode !== 0) throw new Error(`the sync exited with ${run.exitCode ?? run.signal}: ${run.stderr.slice(-500)}`);
    const summary = JSON.parse(run.stdout);
    results.sync.rss = { contacts: big, via: 'cli', rows: summary.rows, succeeded: summary.succeeded, rejected: summary.rejected, sync: summary.sync, elapsedMs: run.elapsedMs, peakRssMb: run.peakRssMb, peakRssFrom: run.peakRssFrom };
  });
}

/**
 * 4d. Issue 18: `ccbulk export` of the resource whose items have the most columns, 200k items
 * from an emulator that serves that many per listing (per day for a time-ranged resource: the
 * export asks for one day), to CSV and XLSX, each in a child process of its own. The emulator
 * keeps the business plan's limits: the command paces itself by its --plan, so raising the
 * emulator's would not make it faster, only hide 429s.
 */
async function exportMemoryPart() {
  const entry = [...catalogue].sort((a, b) => b.columns.length - a.columns.length)[0];
  const items = n(200_000);
  const emu = await startEmulatorChild({ plan: 'business', seed: 1, catalogueItems: items });
  const out = join(dir, 'export-memory');
  await mkdir(out, { mode: 0o700 });
  results.exportMemory = { resource: entry.name, columns: entry.columns.length, label: entry.label, pageSize: entry.pageSize.max, items };
  try {
    for (const format of ['csv', 'xlsx']) {
      log(`export-memory: ${entry.name} (${entry.columns.length} columns), ${items} items to ${format}`);
      // The one required query parameter of the widest resource; a one-day window holds `items`.
      const run = await runCli(
        ['export', entry.name, '--channel', 'voice', '--from', '2024-01-01', '--to', '2024-01-01', '--out', join(out, `items.${format}`), '--json'],
        { env: emulatorEnv(emu) },
      );
      if (run.exitCode !== 0) throw new Error(`export to ${format} exited with ${run.exitCode ?? run.signal}: ${run.stderr.slice(-500)}`);
      const summary = JSON.parse(run.stdout);
      results.exportMemory[format] = { exitCode: run.exitCode, rows: summary.rows, requests: summary.requests, rateLimited: summary.rateLimited, elapsedMs: run.elapsedMs, peakRssMb: run.peakRssMb, peakRssFrom: run.peakRssFrom };
      await rm(join(out, `items.${format}`), { force: true });
    }
  } finally {
    await emu.stop();
  }
}

/**
 * 4e. Issue 14 point 7: the hostile workbooks (bench/lib/hostile-workbooks.mjs), each given to
 * `ccbulk import address-book … --dry-run` in a child process of its own (the 400 MB one under a
 * 200 MB heap): its exit, its message and its peak RSS. Each file is deleted once measured.
 */
async function hostileXlsxPart() {
  const emu = await startEmulatorChild({ plan: 'business', seed: 1 });
  results.hostileXlsx = {};
  try {
    await freshAccount(emu);
    for (const [name, workbook] of Object.entries(HOSTILE_WORKBOOKS)) {
      const file = join(dir, `${name}.xlsx`);
      log(`hostile-xlsx: building ${name} (${workbook.what})`);
      const built = await workbook.build(file);
      log(`hostile-xlsx: dry run of ${name} (${(built.bytes / 1e6).toFixed(2)} MB)${workbook.nodeOptions ? ` with NODE_OPTIONS=${workbook.nodeOptions}` : ''}`);
      const run = await runCli(['import', 'address-book', file, '--book', 'Demo contacts', '--dry-run', '--quiet', '--out', join(dir, `out-${name}`)], {
        env: { ...emulatorEnv(emu), ...(workbook.nodeOptions ? { NODE_OPTIONS: workbook.nodeOptions } : {}) },
      });
      const lines = run.stderr.split('\n');
      const message = lines.find((l) => l.startsWith('ccbulk:')) ?? lines.find((l) => /FATAL ERROR/.test(l)) ?? lines.find((l) => l.trim() !== '') ?? '';
      results.hostileXlsx[name] = {
        what: workbook.what,
        bytes: built.bytes,
        inflatedBytes: Object.values(built.inflated).reduce((a, b) => a + b, 0),
        nodeOptions: workbook.nodeOptions,
        exitCode: run.exitCode,
        signal: run.signal,
        message: message.slice(0, 400),
        inputInvalid: run.exitCode === 1 && message.startsWith('ccbulk:') && /is refused: .*limit/.test(message),
        elapsedMs: run.elapsedMs,
        peakRssMb: run.peakRssMb,
        peakRssFrom: run.peakRssFrom,
      };
      await rm(file, { force: true });
    }
  } finally {
    await emu.stop();
  }
}

/**
 * 5. Components on their own: phone normalisation against libphonenumber-js alone, the pattern
 * patch against the unpatched library, the limiter's requests in flight against one at a time,
 * and the client under background load against a plain one-at-a-time loop.
 */
async function microPart() {
  const count = n(200_000);
  for (const numbers of ['distinct', 'repeated']) {
    for (const tool of ['libphonenumber', 'ccbulk']) {
      log(`micro: ${tool} normalising ${count} ${numbers} numbers`);
      results.micro[`phones-${numbers}-${tool}`] = await runTask('tasks/phone-normalise.mjs', { tool, numbers, count });
    }
  }
  log('micro: libphonenumber-js patterns remembered vs unpatched');
  results.micro.patterns = await runTask('tasks/phone-patterns.mjs', {});
  for (const maxInFlight of [1, 16]) {
    log(`micro: rate limiter, ${maxInFlight} in flight`);
    results.micro[`limiter-${maxInFlight}`] = await runTask('tasks/limiter-in-flight.mjs', { maxInFlight });
  }
  // No added latency here: what is measured is the pacing, as the test this came from did.
  const emu = await startEmulatorChild({ plan: 'business', seed: 1 });
  try {
    for (const tool of ['plain', 'ccbulk']) {
      log(`micro: ${tool} client, 100 listings with 50 % background load`);
      results.micro[`background-${tool}`] = await runTask('tasks/client-background-load.mjs', { emu, tool });
    }
  } finally {
    await emu.stop();
  }
}

/** The markdown table: one line per figure, each with its baseline, the ratio and the goal. */
function table(r) {
  const pct = (x) => `${(100 * x).toFixed(1)} %`;
  const num = (x) => Math.round(x).toLocaleString('en-US');
  const mb = (x) => (x === undefined ? "—" : `${x.toFixed(0)} MB`);
  const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
  const yes = (ok) => (ok ? 'yes' : '**no**');
  const lines = [
    `ccbulk benchmark, BENCH_SCALE=${r.scale} (${new Date(r.startedAt).toISOString().slice(0, 10)}, Node ${r.node}); every ratio is against the baseline measured in the same run.`,
    '',
    '| measurement | ccbulk | baseline | ratio | goal | met |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const q of r.quota) {
    const bg = q.background > 0;
    const what = `${q.job} import, ${num(q.ccbulk.rows)} rows${bg ? `, ${pct(q.background)} background load` : ''}: quota used (${num(q.ccbulk.allowedPerSecond)}/s allowed)`;
    const goal = bg ? 0.85 : 0.95;
    lines.push(
      `| ${what} | ${pct(q.ccbulk.utilisation)} (${q.ccbulk.requestsPerSecond.toFixed(1)} req/s)${q.ccbulk.steadyUtilisation === undefined ? '' : `; ${pct(q.ccbulk.steadyUtilisation)} from its first write's answer to its last (first at ${(q.ccbulk.firstWriteMs / 1000).toFixed(2)} s)`} | ${pct(q.baseline.utilisation)} (one at a time) | ${ratio(q.ccbulk.utilisation, q.baseline.utilisation)} | ≥ ${pct(goal)} | ${yes(q.ccbulk.utilisation >= goal)} |`,
      `| ${q.job}${bg ? ' (background load)' : ''}: 429s per 1,000 requests | ${q.ccbulk.per1000.toFixed(1)} | ${q.baseline.per1000.toFixed(1)} | — | ≤ 1 | ${yes(q.ccbulk.per1000 <= 1)} |`,
    );
  }
  if (r.limits?.headers) {
    const l = r.limits;
    for (const [name, words, goal] of [
      ['headers', 'limit learned from X-RateLimit-Limit', true],
      ['presetNoHeaders', 'no quota headers, the preset alone (baseline)', false],
      ['autoNoHeaders', 'no quota headers, `--rate auto`', true],
    ]) {
      const c = l[name];
      if (!c) continue;
      lines.push(
        `| MEDIUM 35/s (no preset), ${words}: share of the real limit used, 429s per 1,000 | ${pct(c.share)} (${c.perSecond.toFixed(1)} req/s), ${c.per1000.toFixed(1)} per 1,000 | ${name === 'presetNoHeaders' ? '—' : pct(l.presetNoHeaders?.share ?? 0)} | — | ${goal ? '≥ 90 %, ≤ 5 per 1,000' : '—'} | ${goal ? yes(c.share >= 0.9 && c.per1000 <= 5) : '—'} |`,
      );
    }
    if (l.concurrency) {
      const c = l.concurrency;
      lines.push(
        `| one book taking 2 requests at once, 80 ms: rate reached vs what 2 in flight allow (${c.ceiling.toFixed(1)}/s) | ${c.perSecond.toFixed(1)} req/s (${c.rateLimitedConcurrent} concurrency 429s) | — | ${ratio(c.perSecond, c.ceiling)} | ≥ 0.80× | ${yes(c.ofCeiling >= 0.8)} |`,
      );
    }
  }
  if (r.lanes?.both) {
    const { batch, both, share } = r.lanes;
    lines.push(
      `| address-book create, ${num(both.rows)} rows: contacts/s on both lanes vs the batch lane alone (ceiling ${num(both.batchCeiling)}/s) | ${num(both.contactsPerSecond)} (${both.batchPerSecond.toFixed(1)} batch + ${both.singlePerSecond.toFixed(1)} single req/s, ${both.rateLimited} 429s) | ${num(batch.contactsPerSecond)} (${batch.rateLimited} 429s) | ${ratio(both.contactsPerSecond, batch.contactsPerSecond)} (${ratio(both.contactsPerSecond, both.batchCeiling)} the ceiling) | ≥ 1.15× the ceiling, 0 429s | ${yes(both.contactsPerSecond >= 1.15 * both.batchCeiling && both.rateLimited === 0)} |`,
    );
    for (const bg of [r.lanes.bothMediumBackground, r.lanes.bothLightBackground].filter(Boolean)) {
      const label = Object.keys(bg.background)[0];
      lines.push(
        `| both lanes, ${num(bg.rows)} rows, another app using ${bg.background[label] * 100} % of ${label}: 429s per 1,000 requests | ${((1000 * bg.rateLimited) / bg.requests).toFixed(1)} (${bg.rateLimited} of ${num(bg.requests)}; ${num(bg.contactsPerSecond)} contacts/s) | — | — | ≤ 1 | ${yes((1000 * bg.rateLimited) / bg.requests <= 1)} |`,
      );
    }
    if (share) {
      const medium = share.batchPerSecond / share.mediumAllowed;
      const light = share.singlePerSecond / share.lightAllowed;
      lines.push(
        `| address-book create at --quota-share 0.5: MEDIUM and LIGHT req/s vs 0.5 × the plan's rate | ${share.batchPerSecond.toFixed(1)} / ${share.singlePerSecond.toFixed(1)} | ${share.mediumAllowed} / ${share.lightAllowed} | ${medium.toFixed(2)}× / ${light.toFixed(2)}× | within 5 % (≤ 1.05×) | ${yes(medium <= 1.05 && medium >= 0.95 && light <= 1.05)} |`,
      );
    }
  }
  if (r.roster?.intake) {
    const i = r.roster.intake;
    lines.push(
      `| roster intake, ${num(i.agents)} agents into ${i.queues} queues and ${i.teams} teams with ${i.skills} skills: write requests vs the fewest the batch sizes allow | ${num(i.writes)} (${Object.entries(i.byOperation).map(([op, k]) => `${op} ${k}`).join(', ')}) | ${num(i.minimumWrites)} | ${ratio(i.writes, i.minimumWrites)} | 1.00× | ${yes(i.writes <= i.minimumWrites)} |`,
      `| roster intake: MEDIUM quota used (${num(i.allowedPerSecond)}/s allowed), 429s | ${pct(i.utilisation)} (${i.mediumPerSecond.toFixed(1)} req/s, ${i.rateLimited} 429s, ${(i.elapsedMs / 1000).toFixed(0)} s) | — | — | ≥ 90 % | ${yes(i.utilisation >= 0.9)} |`,
    );
  }
  const { dryRun, csvParse, phones: phonesAfter, phonesBefore, nodeFloor } = r.local;
  // The mean of the ceilings measured just before and after the dry run, when both were.
  const phones = phonesBefore === undefined ? phonesAfter : { rowsPerSecond: (phonesBefore.rowsPerSecond + phonesAfter.rowsPerSecond) / 2 };
  const ceilingWords = phonesBefore === undefined ? '' : ` (mean of ${num(phonesBefore.rowsPerSecond)} before and ${num(phonesAfter.rowsPerSecond)} after)`;
  if (dryRun) {
    // Issue 31's goal: half of what libphonenumber-js alone does on both cores, since the phone
    // thread is one of them and the main thread (reading, checking, writing) the other.
    const throughputGoal = 0.5 * phones.rowsPerSecond;
    lines.push(
      `| dry run of ${num(dryRun.rows)} rows (8 columns, 5 % invalid): rows/s vs csv-parse alone | ${num(dryRun.rowsPerSecond)} | ${num(csvParse.rowsPerSecond)} | ${ratio(dryRun.rowsPerSecond, csvParse.rowsPerSecond)} | — | — |`,
      `| dry run: rows/s vs libphonenumber-js alone on 2 threads | ${num(dryRun.rowsPerSecond)} | ${num(phones.rowsPerSecond)}${ceilingWords} | ${ratio(dryRun.rowsPerSecond, phones.rowsPerSecond)} | ≥ 0.50× (${num(throughputGoal)}) | ${yes(dryRun.rowsPerSecond >= throughputGoal)} |`,
      `| dry run: peak RSS vs an idle Node process | ${mb(dryRun.peakRssMb)} | ${mb(nodeFloor.peakRssMb)} | ${ratio(dryRun.peakRssMb, nodeFloor.peakRssMb)} | ≤ 200 MB | ${yes(dryRun.peakRssMb <= 200)} |`,
    );
    const untuned = r.local.dryRunDefaultHeap;
    if (untuned) {
      lines.push(
        `| dry run: peak RSS and rows/s vs the same run with V8's heap untuned (CCBULK_HEAP=default) | ${mb(dryRun.peakRssMb)}, ${num(dryRun.rowsPerSecond)}/s | ${mb(untuned.peakRssMb)}, ${num(untuned.rowsPerSecond)}/s | ${ratio(dryRun.peakRssMb, untuned.peakRssMb)} RSS, ${ratio(dryRun.rowsPerSecond, untuned.rowsPerSecond)} rows/s | — | — |`,
      );
    }
  }
  for (const op of r.xlsx['ccbulk-read'] ? ['write', 'read'] : []) {
    const ours = r.xlsx[`ccbulk-${op}`];
    const theirs = r.xlsx[`exceljs-${op}`];
    const time = ours.elapsedMs / theirs.elapsedMs;
    const rss = ours.peakRssMb / theirs.peakRssMb;
    lines.push(
      `| XLSX ${op} ${num(ours.rows)} rows: time (rows/s) vs exceljs streaming alone | ${(ours.elapsedMs / 1000).toFixed(1)} s (${num(ours.rowsPerSecond)}/s) | ${(theirs.elapsedMs / 1000).toFixed(1)} s (${num(theirs.rowsPerSecond)}/s) | ${time.toFixed(2)}× | ≤ 1.20× | ${yes(time <= 1.2)} |`,
      `| XLSX ${op}: peak RSS vs exceljs alone | ${mb(ours.peakRssMb)} | ${mb(theirs.peakRssMb)} | ${rss.toFixed(2)}× | ≤ 1.20× | ${yes(rss <= 1.2)} |`,
    );
  }
  const base = r.export.baseline;
  for (const format of base ? ['csv', 'xlsx'] : []) {
    const e = r.export[format];
    lines.push(
      // One cursor pages one round trip at a time, so its ceiling is a plain loop's pages/s, not
      // the quota (which `--all`'s several cursors fill, below): issue 31's goal is the loop's.
      `| export ${num(e.rows)} contacts (one book) to ${format.toUpperCase()}: pages/s vs a plain paging loop (listing quota used) | ${e.pagesPerSecond.toFixed(2)} (${pct(e.utilisation)} of ${e.allowedPerSecond}/s) | ${base.pagesPerSecond.toFixed(2)} (${pct(base.utilisation)}) | ${ratio(e.pagesPerSecond, base.pagesPerSecond)} | ≥ 1.00× | ${yes(e.pagesPerSecond >= base.pagesPerSecond)} |`,
      `| export to ${format.toUpperCase()}: peak RSS vs an idle Node process | ${mb(e.peakRssMb)} | ${mb(nodeFloor.peakRssMb)} | ${ratio(e.peakRssMb, nodeFloor.peakRssMb)} | ≤ 200 MB | ${yes(e.peakRssMb <= 200)} |`,
    );
  }
  if (r.exportAll) {
    const { books, one, all } = r.exportAll;
    const ceiling = Math.min(all.allowedPerSecond, books * one.pagesPerSecond);
    lines.push(
      `| export address-book --all, ${books} books, ${num(all.rows)} contacts to CSV: pages/s vs min(quota, ${books} × one cursor's pages/s) | ${all.pagesPerSecond.toFixed(1)} (${all.rateLimited} 429s) | ${ceiling.toFixed(1)} (one cursor ${one.pagesPerSecond.toFixed(1)}, quota ${all.allowedPerSecond}) | ${ratio(all.pagesPerSecond, ceiling)} | ≥ 0.90× | ${yes(all.pagesPerSecond >= 0.9 * ceiling)} |`,
      `| export --all: peak RSS | ${mb(all.peakRssMb)} | ${mb(one.peakRssMb)} (one book) | ${ratio(all.peakRssMb, one.peakRssMb)} | ≤ 200 MB | ${yes(all.peakRssMb <= 200)} |`,
    );
  }
  const sy = r.sync ?? {};
  if (sy.unchanged && sy.unchangedUpsert) {
    const [ours, theirs] = [sy.unchanged, sy.unchangedUpsert];
    const bound = ours.pages + 5;
    lines.push(
      `| address-book re-sync of the unchanged ${num(sy.rows)}-contact file it was loaded from: requests vs \`--mode upsert\` (${ours.pages} listing pages) | ${num(ours.requests)} (${ours.sync.unchanged} unchanged, ${ours.rateLimited} 429s) | ${num(theirs.requests)} | ${ratio(theirs.requests, ours.requests)} fewer | ≤ ${num(bound)} (pages + 5) | ${yes(ours.requests <= bound)} |`,
      `| address-book re-sync, unchanged file: time vs \`--mode upsert\` | ${(ours.elapsedMs / 1000).toFixed(1)} s | ${(theirs.elapsedMs / 1000).toFixed(1)} s | ${ratio(ours.elapsedMs, theirs.elapsedMs)} | — | — |`,
    );
  }
  if (sy.changed && sy.changedUpsert) {
    const [ours, theirs] = [sy.changed, sy.changedUpsert];
    const p = ours.sync;
    const bound = ours.pages + Math.ceil(p.create / sy.batch.create) + Math.ceil(p.update / sy.batch.update) + Math.ceil(p.deleted / sy.batch.delete) + 5;
    const fewer = theirs.requests / ours.requests;
    const v = sy.verify;
    lines.push(
      `| address-book sync, 1 % changed + 1 % new + 1 % removed (${num(p.update)} / ${num(p.create)} / ${num(p.deleted)}), \`--delete-missing --max-delete 2%\`: requests vs \`--mode upsert\` | ${num(ours.requests)} (${ours.pages} pages, ${ours.rateLimited} 429s) | ${num(theirs.requests)} | ${fewer.toFixed(1)}× fewer | ≤ ${num(bound)} (pages + changes / batch sizes + 5); ≥ 20× fewer | ${yes(ours.requests <= bound && fewer >= 20)} |`,
      `| address-book sync, changed file: time vs \`--mode upsert\` | ${(ours.elapsedMs / 1000).toFixed(1)} s | ${(theirs.elapsedMs / 1000).toFixed(1)} s | ${ratio(ours.elapsedMs, theirs.elapsedMs)} | — | — |`,
      `| address-book sync, changed file: the book listed through the API equals the file, field by field | ${v ? `${num(v.listed)} listed, ${v.missing} missing, ${v.extra} extra, ${Object.values(v.mismatches).reduce((a, b) => a + b, 0)} fields differ` : '—'} | ${v ? `${num(v.expected)} rows` : '—'} | — | equal | ${yes(v?.equal === true)} |`,
    );
  }
  if (sy.rss) {
    const rs = sy.rss;
    lines.push(
      `| address-book sync of a ${num(rs.contacts)}-contact book (changed file, --delete-missing): peak RSS vs an idle Node process | ${mb(rs.peakRssMb)} (${(rs.elapsedMs / 1000).toFixed(1)} s) | ${mb(nodeFloor.peakRssMb)} | ${ratio(rs.peakRssMb, nodeFloor.peakRssMb)} | ≤ 200 MB at 200,000 contacts | ${rs.contacts >= 200_000 ? yes(rs.peakRssMb <= 200) : `${yes(rs.peakRssMb <= 200)} (at ${num(rs.contacts)})`} |`,
    );
  }
  if (r.exportMemory?.csv) {
    const e = r.exportMemory;
    for (const format of ['csv', 'xlsx']) {
      const x = e[format];
      lines.push(
        `| export ${e.resource} (${e.columns} columns, the widest item schema), ${num(e.items)} items to ${format.toUpperCase()}: peak RSS vs an idle Node process (rows written) | ${mb(x.peakRssMb)} (${num(x.rows)} rows, ${(x.elapsedMs / 1000).toFixed(0)} s) | ${mb(nodeFloor.peakRssMb)} | ${ratio(x.peakRssMb, nodeFloor.peakRssMb)} | ≤ 200 MB, rows = items | ${yes(x.peakRssMb <= 200 && x.rows === e.items)} |`,
      );
    }
  }
  for (const [name, h] of Object.entries(r.hostileXlsx ?? {})) {
    // A merged results file also keeps when the part ran (`run`), beside the workbooks.
    if (h.what === undefined) continue;
    const outcome = h.exitCode === null ? `died (${h.signal})` : `exit ${h.exitCode}`;
    lines.push(
      `| hostile workbook ${name}: ${(h.bytes / 1e6).toFixed(2)} MB, ${h.what}${h.nodeOptions ? `, ${h.nodeOptions}` : ''}: dry run's outcome and peak RSS | ${outcome}, ${mb(h.peakRssMb)}: ${h.message.replace(/\|/g, '\\|')} | ${mb(nodeFloor.peakRssMb)} (idle Node) | ${ratio(h.peakRssMb, nodeFloor.peakRssMb)} | INPUT_INVALID naming the limit, exit 1, ≤ 300 MB | ${yes(h.inputInvalid && h.peakRssMb <= 300)} |`,
    );
  }
  const m = r.micro;
  for (const numbers of m['phones-distinct-ccbulk'] ? ['distinct', 'repeated'] : []) {
    const ours = m[`phones-${numbers}-ccbulk`];
    const theirs = m[`phones-${numbers}-libphonenumber`];
    lines.push(
      `| phone normalisation, ${num(ours.count)} ${numbers} numbers on one core: numbers/s vs libphonenumber-js isValid alone | ${num(ours.numbersPerSecond)} | ${num(theirs.numbersPerSecond)} | ${ratio(ours.numbersPerSecond, theirs.numbersPerSecond)} | — | — |`,
    );
  }
  if (m.patterns) {
    const p = m.patterns;
    lines.push(
      `| libphonenumber-js with patterns remembered, ${num(p.numbers)} US numbers: time vs the unpatched library | ${p.oursMs.toFixed(0)} ms | ${p.unpatchedMs.toFixed(0)} ms | ${p.speedup.toFixed(2)}× as fast | ≥ 1.30× | ${yes(p.speedup >= 1.3)} |`,
    );
  }
  if (m['limiter-16']) {
    const [one, many] = [m['limiter-1'], m['limiter-16']];
    lines.push(
      `| rate limiter, ${many.tasks} tasks of ${many.taskMs} ms at 40/s: time with 16 in flight vs one at a time | ${num(many.elapsedMs)} ms | ${num(one.elapsedMs)} ms | ${ratio(many.elapsedMs, one.elapsedMs)} | ≤ 1,500 ms | ${yes(many.elapsedMs <= 1500)} |`,
    );
  }
  if (m['background-ccbulk']) {
    const [plain, ours] = [m['background-plain'], m['background-ccbulk']];
    const floor = ours.floorMs;
    lines.push(
      `| client, ${ours.listings} listings with ${pct(ours.background)} background load: time (429s) vs a plain loop | ${(ours.elapsedMs / 1000).toFixed(1)} s (${ours.rateLimited}) | ${(plain.elapsedMs / 1000).toFixed(1)} s (${plain.rateLimited}) | ${ratio(ours.elapsedMs, plain.elapsedMs)} | ≤ 16 s (quota floor ${(floor / 1000).toFixed(1)} s) | ${yes(ours.elapsedMs <= 16_000)} |`,
    );
  }
  return lines.join('\n');
}
