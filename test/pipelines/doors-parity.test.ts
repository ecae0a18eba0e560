import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clientForEmulator, createDemoData, DEMO_NAMES, type DemoData } from '../../src/cli/demo-run.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { importAddressBook, importCampaignContacts, importDnc, importRoster } from '../../src/library.js';
import { importAddressBook as seedBook } from '../../src/pipelines/address-book.js';
import { importCampaignContacts as seedCampaign } from '../../src/pipelines/campaign-contacts.js';
import { importDnc as seedDnc } from '../../src/pipelines/dnc.js';
import { JOB_MODES, JOB_NAMES, type ImportJobName } from '../../src/pipelines/jobs.js';
import { startUiServer } from '../../src/ui/ui-server.js';
import { Journal } from '../../src/writers/journal.js';
import type { ContactCenterClient } from '../../src/zoom/client.js';
import { envFor, readCsv, tempDir, writeFile } from '../support/import-env.js';
import { runCli } from '../support/run-cli.js';
import { openUiSession, settledRun } from '../support/ui-session.js';

/**
 * Every door runs every job in every mode the same way: the command line, the library and the
 * page's HTTP API, on the same file against emulators set up alike (same seed, same contacts),
 * give the same outcome files, journal the same options (lanes, quota share, scrub lists…),
 * send the same number of requests and leave the target the same.
 */

type Door = 'cli' | 'library' | 'ui';
const DOORS: readonly Door[] = ['cli', 'library', 'ui'];

/** The options beyond the mode each job × mode is run with, as the library names them. */
const EXTRA: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  'campaign-contacts:insert': { scrubDnc: ['Scrub'] },
  'campaign-contacts:sync': { scrubDnc: ['Scrub'], deleteMissing: true, maxDelete: '100%' },
  'address-book:sync': { deleteMissing: true, maxDelete: '100%' },
  'dnc:sync': { deleteMissing: true, maxDelete: '100%' },
  'roster:sync': { maxUnassign: '100%' },
};

/** The same options as command-line flags. */
function flagsOf(extra: Readonly<Record<string, unknown>>): string[] {
  const flags: string[] = [];
  for (const list of (extra['scrubDnc'] as string[] | undefined) ?? []) flags.push('--scrub-dnc', list);
  if (extra['deleteMissing'] === true) flags.push('--delete-missing');
  if (extra['maxDelete'] !== undefined) flags.push('--max-delete', String(extra['maxDelete']));
  if (extra['maxUnassign'] !== undefined) flags.push('--max-unassign', String(extra['maxUnassign']));
  return flags;
}

const person = (i: number) => ({ name: `Person ${i}`, phone: `+1212736${1000 + i}`, email: `p${i}@example.com` });

/** A world: an emulator with the demo's book and lists, each holding the same first contacts. */
interface World {
  readonly emulator: RunningEmulator;
  readonly client: ContactCenterClient;
  readonly data: DemoData;
  /** Ids of the seeded contacts, by person number. */
  readonly bookIds: ReadonlyMap<number, string>;
  readonly campaignIds: ReadonlyMap<number, string>;
  close(): Promise<void>;
}

async function world(): Promise<World> {
  const emulator = await startEmulator({ seed: 41 });
  const client = clientForEmulator(emulator);
  const data = await createDemoData(client);
  await client.createCampaignContactList({ contact_list_name: 'Scrub', contact_list_type: 'do_not_contact' });
  const dir = tempDir();
  const seed = writeFile(dir, 'seed.csv', ['name,phone,email', ...Array.from({ length: 12 }, (_, i) => Object.values(person(i)).join(','))].join('\n') + '\n');
  const quiet = { concurrency: 1, dryRun: false, country: 'US' } as const;
  await seedBook(client, { ...quiet, file: seed, outDir: path.join(dir, 'book'), book: DEMO_NAMES.addressBook, mode: 'create', lanes: 'batch' });
  await seedCampaign(client, { ...quiet, file: seed, outDir: path.join(dir, 'campaign'), list: DEMO_NAMES.campaignList, mode: 'insert', scrubDnc: [] });
  const dnc = writeFile(dir, 'dnc.csv', ['phone', ...Array.from({ length: 6 }, (_, i) => person(i).phone)].join('\n') + '\n');
  await seedDnc(client, { ...quiet, file: dnc, outDir: path.join(dir, 'dnc'), list: DEMO_NAMES.dncList, mode: 'add' });
  await seedDnc(client, { ...quiet, file: writeFile(dir, 's.csv', `phone\n${person(20).phone}\n`), outDir: path.join(dir, 'scrub'), list: 'Scrub', mode: 'add' });
  // The roster (the demo's queues, teams and skills), with four agents already in Contact Center.
  await client.batchCreateUsers(Array.from({ length: 4 }, (_, i) => ({ user_email: `agent${i}@example.com` })));
  for (let i = 0; i < 4; i++) await client.assignQueueAgents((await first(client.listQueues())).queue_id!, [`agent${i}@example.com`]);
  const ids = (file: string) => new Map(readCsv(file).map((r) => [Number(r['name']!.replace('Person ', '')), r['_id']!.replace(/^'/, '')]));
  return {
    emulator,
    client,
    data,
    bookIds: ids(path.join(dir, 'book', 'results.csv')),
    // A campaign insert's answer has no ids: they are the list's, by number.
    campaignIds: new Map(
      emulator.store
        .campaignContacts(data.campaignListId)
        .map((c) => [Number(c.contact_display_name!.replace('Person ', '')), c.contact_id!] as const),
    ),
    close: async () => {
      await client.close();
      await emulator.close();
    },
  };
}

/** The first item of a listing. */
async function first<T>(items: AsyncIterable<T>): Promise<T> {
  for await (const item of items) return item;
  throw new Error('empty listing');
}

/** The file a job is run on: seeded contacts (by id where a contact job has ids), edited ones, new ones, broken ones. */
function inputFor(job: ImportJobName, w: World, dir: string): string {
  if (job === 'roster') {
    const lines = ['Email,Queues,Teams,Skills'];
    for (let i = 2; i < 7; i++) lines.push(`agent${i}@example.com,${i % 2 === 0 ? 'Support' : 'Sales;Support'},Tier ${1 + (i % 2)},Spanish:${1 + (i % 5)}`);
    lines.push('agent9@example.com,Sales EU,,', 'someone@elsewhere.org,Support,,');
    return writeFile(dir, 'roster-input.csv', `${lines.join('\n')}\n`);
  }
  if (job === 'dnc') {
    const lines = ['name,phone,mobile'];
    for (let i = 3; i < 10; i++) lines.push(`Person ${i},${person(i).phone},${i % 3 === 0 ? person(i + 30).phone : ''}`);
    lines.push('Broken,555-12,', `Again,${person(4).phone},`);
    return writeFile(dir, 'dnc-input.csv', `${lines.join('\n')}\n`);
  }
  const ids = job === 'address-book' ? w.bookIds : w.campaignIds;
  const lines = ['contact_id,name,phone,email,company'];
  for (let i = 6; i < 12; i++) lines.push(`${ids.get(i)},Person ${i},${person(i).phone},${i % 2 === 0 ? `new${i}@example.com` : person(i).email},Acme`);
  for (let i = 20; i < 26; i++) lines.push(`,Person ${i},${person(i).phone},${person(i).email},Acme`);
  lines.push(',Broken,555-12,,', `,Twin,${person(21).phone},twin@example.com,`);
  return writeFile(dir, `${job}-input.csv`, `${lines.join('\n')}\n`);
}

/** A run's outcome as the doors must agree on it. */
interface Outcome {
  readonly results: Record<string, string>[];
  readonly rejects: Record<string, string>[];
  readonly counts: Record<string, unknown>;
  readonly journalled: Record<string, unknown> | undefined;
  readonly target: unknown[];
}

/** Drops what differs between two worlds by nature: ids the emulator gave created contacts, and paths. */
const withoutIds = (rows: Record<string, string>[]) => rows.map(({ _id: _ignored, ...rest }) => rest);

async function outcomeOf(w: World, job: ImportJobName, mode: string, outDir: string): Promise<Outcome> {
  const summary = JSON.parse(readFileSync(path.join(outDir, 'summary.json'), 'utf8')) as Record<string, unknown>;
  let journalled: Record<string, unknown> | undefined;
  try {
    const { file: _f, outDir: _o, ...options } = (await Journal.read(outDir)).start.options as Record<string, unknown>;
    journalled = options;
  } catch {
    journalled = undefined;
  }
  const store = w.emulator.store;
  const target =
    job === 'address-book'
      ? store.addressBookContacts(w.data.addressBookId).map((c) => JSON.stringify([c.display_name, c.phones, c.emails, c.company])).sort()
      : job === 'roster'
      ? JSON.parse(JSON.stringify(store.roster.snapshot()['users'])).map((u: Record<string, unknown>) => JSON.stringify([u['user_email'], u['role_id'], u['skills']])).sort()
      : job === 'campaign-contacts'
      ? store.campaignContacts(w.data.campaignListId).map((c) => JSON.stringify([c.contact_display_name, c.contact_phones, c.contact_emails])).sort()
      : store.dncPhones(w.data.dncListId).map((p) => p.phone_number).sort();
  const lanes = summary['createLanes'] as Record<string, { contacts: number }> | undefined;
  return {
    results: withoutIds(readCsv(path.join(outDir, 'results.csv'))),
    rejects: readCsv(path.join(outDir, 'rejects.csv')),
    counts: {
      rows: summary['rows'],
      succeeded: summary['succeeded'],
      rejected: summary['rejected'],
      rejectedByReason: summary['rejectedByReason'],
      // Two create lanes share the rows by timing: the contacts they created together are what is fixed.
      requests: lanes === undefined ? summary['requests'] : 'two lanes',
      created: lanes === undefined ? undefined : lanes['batch']!.contacts + lanes['single']!.contacts,
      sync: summary['sync'] === undefined ? undefined : { ...(summary['sync'] as object), files: undefined },
      mode,
    },
    journalled,
    target,
  };
}

async function runThrough(door: Door, w: World, job: ImportJobName, mode: string, file: string, outDir: string): Promise<string> {
  const extra = EXTRA[`${job}:${mode}`] ?? {};
  // By id at every door, as the page's picker gives it (a name costs a look-up more).
  const targetName = job === 'address-book' ? w.data.addressBookId : job === 'campaign-contacts' ? w.data.campaignListId : w.data.dncListId;
  if (door === 'cli') {
    const flag = job === 'address-book' ? ['--book', targetName] : job === 'roster' ? [] : ['--list', targetName];
    const run = await runCli(['import', job, file, ...flag, '--mode', mode, '--out', outDir, '--quiet', ...flagsOf(extra)], { env: envFor(w.emulator) });
    expect(run.stderr).toBe('');
    return outDir;
  }
  if (door === 'library') {
    const common = { client: w.client, file, outDir, mode, ...extra };
    if (job === 'address-book') await importAddressBook({ ...common, book: targetName } as Parameters<typeof importAddressBook>[0]);
    else if (job === 'campaign-contacts') await importCampaignContacts({ ...common, list: targetName } as Parameters<typeof importCampaignContacts>[0]);
    else if (job === 'roster') await importRoster(common as Parameters<typeof importRoster>[0]);
    else await importDnc({ ...common, list: targetName } as Parameters<typeof importDnc>[0]);
    return outDir;
  }
  const workDir = tempDir('ccbulk-ui-');
  const ui = await startUiServer({ client: w.client, workDir });
  try {
    const session = await openUiSession(ui);
    const target = job === 'address-book' ? w.data.addressBookId : job === 'campaign-contacts' ? w.data.campaignListId : job === 'roster' ? 'account' : w.data.dncListId;
    expect((await session.post('/api/job', { job, mode, target })).status).toBe(200);
    const options = await session.post('/api/options', { options: extra });
    expect(options.status, await options.clone().text()).toBe(200);
    expect((await session.upload(file)).status).toBe(200);
    // As a person on the page does: check first, and confirm the count of what the run deletes (if it deletes).
    const check = await session.post('/api/check', {});
    expect(check.status).toBe(202);
    await settledRun(session, ((await check.json()) as { id: string }).id);
    const { deletes } = (await (await session.get('/api/plan')).json()) as { deletes: { count: number } | null };
    const started = await session.post('/api/run', deletes === null ? {} : { confirmDeletes: deletes.count });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as { id: string };
    const view = await settledRun(session, id);
    expect(view.error).toBeUndefined();
    return path.join(workDir, 'runs', id);
  } finally {
    await ui.close();
  }
}

const combos = JOB_NAMES.flatMap((job) => JOB_MODES[job].map((mode) => ({ job, mode: mode as string })));

describe('every door runs every job × mode alike', () => {
  const opened: World[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((w) => w.close()));
  });

  it('covers every job and mode of the registry', () => {
    expect(combos.map((c) => `${c.job}:${c.mode}`)).toEqual([
      'address-book:create',
      'address-book:update',
      'address-book:upsert',
      'address-book:delete',
      'address-book:sync',
      'campaign-contacts:insert',
      'campaign-contacts:update',
      'campaign-contacts:sync',
      'dnc:add',
      'dnc:remove',
      'dnc:sync',
      'roster:create',
      'roster:update',
      'roster:sync',
    ]);
  });

  it.each(combos)('$job --mode $mode gives the same outcome through the command line, the library and the page', async ({ job, mode }) => {
    const outcomes: Partial<Record<Door, Outcome>> = {};
    let seededIds: string | undefined;
    for (const door of DOORS) {
      const w = await world();
      opened.push(w);
      // The same seed and set-up give the same seeded ids, so the file is the same file in every world.
      const ids = JSON.stringify([...w.bookIds, ...w.campaignIds]);
      expect((seededIds ??= ids)).toBe(ids);
      const dir = tempDir();
      const file = inputFor(job, w, dir);
      const outDir = await runThrough(door, w, job, mode, file, path.join(dir, 'out'));
      outcomes[door] = await outcomeOf(w, job, mode, outDir);
      await w.close();
      opened.pop();
    }
    // Every job × mode does something: some rows succeed, and the broken ones are rejected.
    expect(outcomes.cli!.results.length).toBeGreaterThan(0);
    expect(outcomes.cli!.rejects.length).toBeGreaterThan(0);
    expect(outcomes.library).toEqual(outcomes.cli);
    expect(outcomes.ui).toEqual(outcomes.cli);
  });
});
