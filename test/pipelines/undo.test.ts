import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { JOB_NAMES, JOBS, parseJobRequest, resumeJob, runJob, type ImportJobName } from '../../src/pipelines/jobs.js';
import { rosterUndo } from '../../src/pipelines/roster-undo.js';
import { planUndo, undoRun } from '../../src/pipelines/undo-run.js';
import { fieldsOfBookContact } from '../../src/transforms/contact-digest.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { configFor } from '../support/emulator-client.js';
import { envFor, readCsv, tempDir, writeFile } from '../support/import-env.js';
import { hostileHttp, json } from '../support/hostile-http.js';
import { runCli } from '../support/run-cli.js';
import { createRosterAccount, type RosterAccount } from '../support/roster-account.js';

let emulator: RunningEmulator;
let client: ContactCenterClient;
let dir: string;
let bookId: string;
let campaignId: string;
let dncId: string;
/** The seeded contacts' ids, by name. */
let book: Record<string, string>;
let campaign: Record<string, string>;
let roster: RosterAccount;

beforeEach(async () => {
  emulator = await startEmulator({ seed: 30 });
  client = new ContactCenterClient(configFor(emulator));
  const unit = await client.createUnit({ unit_name: 'Undo' });
  bookId = (await client.createAddressBook({ unit_id: unit.unit_id!, address_book_name: 'Book' })).address_book_id!;
  campaignId = (await client.createCampaignContactList({ contact_list_name: 'Campaign', contact_list_type: 'contact' })).contact_list_id!;
  dncId = (await client.createCampaignContactList({ contact_list_name: 'DNC', contact_list_type: 'do_not_contact' })).contact_list_id!;
  const made = await client.batchCreateAddressBookContacts(bookId, [
    { display_name: 'Ann', phones: [{ phone_number: '+12127360001', phone_type: 'main' }], emails: ['ann@example.com'], company: 'Acme' },
    { display_name: 'Bob', phones: [{ phone_number: '+12127360002', phone_type: 'main' }, { phone_number: '+12127369002', phone_type: 'work' }], company: 'Acme' },
    { display_name: 'Cy', phones: [{ phone_number: '+12127360003', phone_type: 'main' }], company: 'Acme' },
    { display_name: 'Dee', phones: [{ phone_number: '+12127360004', phone_type: 'main' }], emails: ['dee@example.com'], role: 'Buyer' },
  ]);
  book = Object.fromEntries((made.contacts ?? []).map((c) => [c.display_name!, c.contact_id!]));
  await client.batchInsertCampaignContacts(campaignId, [
    { contact_display_name: 'Ann', contact_phones: [{ contact_phone_number: '+12127360001', contact_phone_type: 'Main' }], contact_company: 'Acme' },
    { contact_display_name: 'Bob', contact_phones: [{ contact_phone_number: '+12127360002', contact_phone_type: 'Main' }], contact_emails: ['bob@example.com'] },
    { contact_display_name: 'Cy', contact_phones: [{ contact_phone_number: '+12127360003', contact_phone_type: 'Main' }], contact_company: 'Acme' },
  ]);
  campaign = Object.fromEntries(emulator.store.campaignContacts(campaignId).map((c) => [c.contact_display_name, c.contact_id]));
  await client.batchAddDncPhones(dncId, ['+12127360001', '+12127360002', '+12127360003']);
  roster = await createRosterAccount(client, { queues: ['Sales', 'Support'], teams: ['Tier 1', 'Tier 2'], roles: ['Team lead'], skills: ['Spanish', 'French'], regions: ['EMEA'] });
  await client.batchCreateUsers([
    { user_email: 'ann@example.com', role_id: roster.roles['Team lead'], country_iso_code: 'GB' },
    { user_email: 'bob@example.com' },
    { user_email: 'cy@example.com' },
  ]);
  await client.assignQueueAgents(roster.queues.Sales!, ['ann@example.com', 'bob@example.com']);
  await client.assignQueueAgents(roster.queues.Support!, ['ann@example.com']);
  await client.assignTeamAgents(roster.teams['Tier 1']!, ['ann@example.com', 'bob@example.com']);
  await client.assignRegionUsers(roster.regions.EMEA!, ['bob@example.com']);
  await client.assignUserSkills('ann@example.com', [{ skill_id: roster.skills.Spanish!, max_proficiency_level: 2 }, { skill_id: roster.skills.French!, max_proficiency_level: 3 }]);
  await client.assignUserSkills('bob@example.com', [{ skill_id: roster.skills.French!, max_proficiency_level: 4 }]);
  dir = tempDir();
});

afterEach(async () => {
  await client.close();
  await emulator.close();
});

/**
 * An item of a listing as text: without its id, its keys in order, and a field with no value left
 * out, however Zoom spells "none" (absent, '' or an empty list: an update cannot remove a key).
 */
function canonical(item: Record<string, unknown>): string {
  const kept = Object.entries(item)
    .filter(([key, value]) => key !== 'contact_id' && value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0))
    .sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify(Object.fromEntries(kept));
}

/** What the target holds, through the API: each item as {@link canonical} text, sorted. */
async function target(job: ImportJobName): Promise<string[]> {
  const items: string[] = [];
  if (job === 'address-book') for await (const c of client.listAddressBookContacts(bookId)) items.push(canonical(c));
  else if (job === 'campaign-contacts') for await (const c of client.listCampaignContacts(campaignId)) items.push(canonical(c));
  else if (job === 'dnc') for await (const p of client.listDncPhones(dncId)) items.push(p.phone_number ?? '');
  else return agents();
  return items.sort();
}

/**
 * The account's Contact Center users through the API, each with its queues, teams and skills (with
 * their proficiency), as {@link canonical} text without its Contact Center id (a re-created user's is new).
 */
async function agents(): Promise<string[]> {
  const users = new Map<string, Record<string, unknown>>();
  for await (const u of client.listCcUsers()) users.set(u.cc_user_id!, { ...u, queues: [], teams: [], skills: [] });
  const add = (ccId: string | undefined, list: string, value: string) => (users.get(ccId ?? '')?.[list] as string[] | undefined)?.push(value);
  for await (const q of client.listQueues()) for await (const a of client.listQueueAgents(q.queue_id!)) add(a.cc_user_id, 'queues', q.queue_name!);
  for await (const t of client.listTeams()) for await (const a of client.listTeamAgents(t.team_id!)) add(a.cc_user_id, 'teams', t.team_name!);
  for (const [ccId, user] of users) {
    for await (const skill of client.listUserSkills(ccId)) add(ccId, 'skills', `${skill.skill_id}:${skill.user_proficiency_level}`);
    for (const list of ['queues', 'teams', 'skills']) (user[list] as string[]).sort();
  }
  return [...users.values()].map(({ cc_user_id: _, ...user }) => canonical(user)).sort();
}

/** A DNC file of `n` numbers (more than a page of the list: the add reads the list first), the list's first number among them. */
const manyNumbers = (n: number) => ['phone', '+12127360001', ...Array.from({ length: n - 1 }, (_, i) => `+1212555${String(1000 + i)}`)].join('\n');

/** Runs a job (a fresh out folder), to its end. */
async function run(job: ImportJobName, file: string, options: Record<string, unknown>) {
  const outDir = path.join(dir, `out-${Math.random().toString(36).slice(2)}`);
  const where = job === 'roster' ? {} : job === 'address-book' ? { book: 'Book' } : { list: job === 'dnc' ? 'DNC' : 'Campaign' };
  const request = parseJobRequest(job, { file: writeFile(dir, `${Math.random().toString(36).slice(2)}.csv`, file), ...where, ...options }, 'code');
  const summary = await runJob(client, request, { outDir });
  return { outDir, summary };
}

/** Each job in each mode, with a file that creates, changes and deletes what the mode can. */
const CASES: { job: ImportJobName; mode: string; file: () => string; options?: Record<string, unknown> }[] = [
  { job: 'address-book', mode: 'create', file: () => 'name,phone,email,company\nEve,+12127360005,eve@example.com,Initech\nFay,+12127360006,,Initech' },
  { job: 'address-book', mode: 'update', file: () => `contact_id,company,email\n${book.Ann},Globex,ann@globex.com\n${book.Dee},Globex,` },
  { job: 'address-book', mode: 'upsert', file: () => 'name,phone,company\nAnn,+12127360001,Globex\nEve,+12127360005,Initech' },
  { job: 'address-book', mode: 'delete', file: () => `contact_id,phone\n${book.Cy},\n,+12127360004` },
  {
    job: 'address-book',
    mode: 'sync',
    file: () => 'name,phone,email,company\nAnn,+12127360001,ann@example.com,Globex\nBob,+12127360002,,Acme\nEve,+12127360005,,Initech',
    options: { deleteMissing: true, maxDelete: '100%' },
  },
  { job: 'campaign-contacts', mode: 'insert', file: () => 'name,phone,company\nEve,+12127360005,Initech\nFay,+12127360006,Initech' },
  { job: 'campaign-contacts', mode: 'update', file: () => `contact_id,company,email\n${campaign.Ann},Globex,ann@globex.com\n${campaign.Bob},Globex,` },
  {
    job: 'campaign-contacts',
    mode: 'sync',
    file: () => 'name,phone,email,company\nAnn,+12127360001,,Globex\nEve,+12127360005,eve@example.com,Initech',
    options: { deleteMissing: true, maxDelete: '100%' },
  },
  { job: 'dnc', mode: 'add', file: () => manyNumbers(150) },
  { job: 'dnc', mode: 'remove', file: () => 'phone\n+12127360001\n+12127360003' },
  { job: 'dnc', mode: 'sync', file: () => 'phone\n+12127360001\n+12127360007', options: { deleteMissing: true, maxDelete: '100%' } },
  // New users (one with a role, one given the default), and an agent given more.
  {
    job: 'roster',
    mode: 'create',
    file: () => 'Email,Role,Queues,Teams,Skills,Region\nnew.one@example.com,Team lead,Sales,Tier 1,Spanish:3,EMEA\nnew.two@example.com,,Support,,French,\nann@example.com,,Sales,Tier 2,,',
  },
  // A role replaced, a skill at another proficiency, a profile field, a region moved, a queue added.
  { job: 'roster', mode: 'update', file: () => 'Email,Role,Queues,Skills,Country,Region\nann@example.com,Agent,Sales,Spanish:5,US,\nbob@example.com,,Support,,,EMEA\ncy@example.com,,,,,EMEA' },
  // Queues, teams and skills unassigned, a role replaced, a user created, and the users not in the file removed.
  {
    job: 'roster',
    mode: 'sync',
    file: () => 'Email,Role,Queues,Teams,Skills\nann@example.com,Agent,Sales,,Spanish:2\nnew.one@example.com,,Support,Tier 1,',
    options: { maxUnassign: '100%', removeMissing: true, maxRemove: '100%' },
  },
];

describe('ccbulk undo', () => {
  it('knows how to undo every job of the registry, and is tested on every mode of each', () => {
    for (const job of JOB_NAMES) expect((JOBS[job] as { undo?: unknown }).undo, job).toBeDefined();
    const tested = new Set(CASES.map((c) => `${c.job} ${c.mode}`));
    expect(JOB_NAMES.flatMap((job) => JOBS[job].modes.map((mode) => `${job} ${mode}`)).filter((m) => !tested.has(m))).toEqual([]);
  });

  for (const { job, mode, file, options } of CASES) {
    it(`puts the target of ${job} --mode ${mode} back as it was, ids of re-created items aside`, async () => {
      const before = await target(job);
      const { outDir } = await run(job, file(), { mode, ...options });
      expect(await target(job), 'the run changed nothing').not.toEqual(before);
      const summary = await undoRun(client, outDir);
      expect(summary.planned.rejected, JSON.stringify(readCsv(path.join(outDir, 'undo', 'rejects.csv')))).toBe(0);
      expect(summary.failed).toBe(0);
      expect(await target(job)).toEqual(before);
    }, 30_000);
  }

  it('says the old and the new id of each contact it re-creates', async () => {
    const { outDir } = await run('address-book', `contact_id\n${book.Cy}`, { mode: 'delete' });
    await undoRun(client, outDir);
    const results = readCsv(path.join(outDir, 'undo', 'results.csv'));
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ action: 're-create', id: book.Cy, status: 're-created' });
    const cy = emulator.store.addressBookContacts(bookId).find((c) => c.display_name === 'Cy')!;
    expect(results[0]!.new_id).toBe(cy.contact_id);
    expect(cy.contact_id).not.toBe(book.Cy);
  });

  it('leaves a contact edited after the run alone, naming the field that differs, and undoes it with force', async () => {
    const before = await target('address-book');
    const { outDir } = await run('address-book', `contact_id,company\n${book.Ann},Globex\n${book.Bob},Globex`, { mode: 'update' });
    await client.batchUpdateAddressBookContacts(bookId, [{ contact_id: book.Bob!, company: 'Hooli' }]);
    const first = await undoRun(client, outDir);
    expect(first.planned).toMatchObject({ restore: 1, rejected: 1 });
    expect(readCsv(path.join(outDir, 'undo', 'rejects.csv'))).toEqual([
      { action: 'restore', id: book.Bob, field: 'company', now: 'Hooli', run_left: 'Globex', reason: 'changed since the run updated it (company): left alone; --force restores it' },
    ]);
    expect(emulator.store.addressBookContacts(bookId).find((c) => c.contact_id === book.Bob)!.company).toBe('Hooli');
    const forced = await undoRun(client, outDir, { force: true });
    // Ann is as before already: the first undo restored her.
    expect(forced.planned).toMatchObject({ restore: 1, done: 1, rejected: 0 });
    expect(await target('address-book')).toEqual(before);
  });

  it('leaves an agent whose assignments changed after the run alone, naming the assignment, and undoes it with force', async () => {
    const before = await target('roster');
    const spanish = roster.skills.Spanish!;
    const { outDir } = await run('roster', 'Email,Queues,Skills\nann@example.com,,Spanish:5\nbob@example.com,Support,\nnew.one@example.com,Sales,', { mode: 'create' });
    // Someone sets Ann's Spanish to 4, and puts the new user in a queue too.
    await client.unassignUserSkill('ann@example.com', spanish);
    await client.assignUserSkills('ann@example.com', [{ skill_id: spanish, max_proficiency_level: 4 }]);
    await client.assignQueueAgents(roster.queues.Support!, ['new.one@example.com']);
    const first = await undoRun(client, outDir);
    expect(first.planned).toMatchObject({ restore: 1, delete: 0, rejected: 2 });
    const newOne = emulator.store.roster.findUser('new.one@example.com')!.cc_user_id;
    expect(readCsv(path.join(outDir, 'undo', 'rejects.csv'))).toEqual([
      { action: 'delete', id: newOne, field: `custom:queue:${roster.queues.Support}`, now: '1', run_left: '', reason: `changed since the run created it (custom:queue:${roster.queues.Support}): left alone; --force deletes it` },
      { action: 'restore', id: emulator.store.roster.findUser('ann@example.com')!.cc_user_id, field: `custom:skill:${spanish}`, now: '4', run_left: '5', reason: `changed since the run updated it (custom:skill:${spanish}): left alone; --force restores it` },
    ]);
    expect(emulator.store.roster.userSkills.get(emulator.store.roster.findUser('ann@example.com')!.cc_user_id)?.get(spanish)).toBe(4);
    const forced = await undoRun(client, outDir, { force: true });
    // Bob is as before already: the first undo took him out of Support.
    expect(forced.planned).toMatchObject({ restore: 1, delete: 1, done: 1, rejected: 0 });
    expect(await target('roster')).toEqual(before);
  });

  it('removes a user the run created though Zoom refused one of its assignments (its row is in rejects.csv)', async () => {
    // In front of the emulator, a Zoom that refuses every assignment to Support.
    const refusedPath = `/queues/${roster.queues.Support}/agents`;
    const front = await hostileHttp((req, res, body) => {
      if (req.method === 'POST' && req.url!.split('?')[0]!.endsWith(refusedPath)) return json(res, 400, { code: 300, message: 'Queue is full.' });
      void fetch(new URL(req.url!, emulator.apiUrl.replace(/\/v2$/, '')), { method: req.method, headers: req.headers as Record<string, string>, body: body === '' ? undefined : body }).then(async (answer) => {
        res.writeHead(answer.status, Object.fromEntries(answer.headers));
        res.end(await answer.text());
      });
    });
    const refusing = new ContactCenterClient({ ...configFor(emulator), apiUrl: `${front.url}${new URL(emulator.apiUrl).pathname}` });
    try {
      const before = await target('roster');
      const outDir = path.join(dir, 'out-refused');
      const request = parseJobRequest('roster', { file: writeFile(dir, 'refused.csv', 'Email,Queues\nnew.one@example.com,Sales;Support'), mode: 'create' }, 'code');
      const summary = await runJob(refusing, request, { outDir });
      expect(summary).toMatchObject({ succeeded: 0, rejected: 1 });
      expect(emulator.store.roster.findUser('new.one@example.com')).toBeDefined();
      const undone = await undoRun(client, outDir);
      expect(undone.planned).toMatchObject({ delete: 1, rejected: 0 });
      expect(await target('roster')).toEqual(before);
    } finally {
      await refusing.close();
      await front.close();
    }
  });

  it('plans without writing on a dry run: plan.csv says what it would do, and the target is untouched', async () => {
    const { outDir } = await run('address-book', 'name,phone,company\nAnn,+12127360001,Globex\nEve,+12127360005,Initech', { mode: 'upsert' });
    const after = await target('address-book');
    const summary = await undoRun(client, outDir, { dryRun: true });
    expect(summary.planned).toEqual({ delete: 1, restore: 1, recreate: 0, done: 0, rejected: 0 });
    expect(await target('address-book')).toEqual(after);
    const plan = readCsv(path.join(outDir, 'undo', 'plan.csv'));
    expect(plan.map((p) => [p.action, p.field, p.before, p.after])).toEqual([
      ['delete', '', 'Eve +12127360005', ''],
      ['update', 'company', 'Globex', 'Acme'],
    ]);
  });

  it('leaves alone a number an add sent without reading the list, which may have been on it before', async () => {
    const { outDir } = await run('dnc', 'phone\n+12127360001\n+12127360009', { mode: 'add' });
    const summary = await undoRun(client, outDir);
    expect(summary.planned).toMatchObject({ delete: 0, rejected: 2 });
    expect(readCsv(path.join(outDir, 'undo', 'rejects.csv')).map((r) => r.reason)).toEqual(Array(2).fill("the run did not read the list before adding this number, so it may have been on it before (Zoom's answer does not say): left alone; --force removes it"));
    expect(emulator.store.dncPhones(dncId).map((p) => p.phone_number).sort()).toEqual(['+12127360001', '+12127360002', '+12127360003', '+12127360009']);
  });

  it('says on the command line what it undid and what it left alone, exit 2, and refuses an undo of the undo, exit 1', async () => {
    const { outDir } = await run('address-book', `contact_id,company\n${book.Ann},Globex\n${book.Bob},Globex`, { mode: 'update' });
    await client.batchUpdateAddressBookContacts(bookId, [{ contact_id: book.Bob!, company: 'Hooli' }]);
    const undo = await runCli(['undo', outDir], { env: envFor(emulator) });
    expect([undo.code, undo.stderr]).toEqual([2, '']);
    expect(undo.stdout).toBe(`Undone: 1 restored. 1 left alone: see ${path.join(outDir, 'undo', 'rejects.csv')}\n`);
    const again = await runCli(['undo', path.join(outDir, 'undo')], { env: envFor(emulator) });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("is an undo's folder: an undo cannot be undone");
  });

  it('has one writer: a second undo of the run started at once is refused, naming the first', async () => {
    const { outDir } = await run('address-book', 'name,phone\nEve,+12127360005', { mode: 'create' });
    const both = await Promise.allSettled([undoRun(client, outDir), undoRun(client, outDir)]);
    expect(both.map((b) => b.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = both.find((b): b is PromiseRejectedResult => b.status === 'rejected')!.reason as Error;
    expect(refused.message).toMatch(/^Another ccbulk run is writing to the out folder .*: ccbulk undo\)/);
    expect(emulator.store.addressBookContacts(bookId).map((c) => c.display_name).sort()).toEqual(['Ann', 'Bob', 'Cy', 'Dee']);
  });

  it('looks for nothing a refused create would have made: a contact with its fields now is someone else\'s', () => {
    const fields = fieldsOfBookContact({ display_name: 'Ann', phones: [{ phone_number: '+12127360001', phone_type: 'main' }] });
    const listed = [{ id: 'ann-before-the-run', fields }];
    const image = { t: 'create', fields } as const;
    const shown = { shown: (f: typeof fields) => f };
    expect(planUndo({ images: [{ k: 0, image }], ids: new Map(), refused: new Set([0]) }, listed, shown, new Set(), false)).toEqual([]);
    // Its answer never reached the disk (a kill): found by its fields, it is deleted.
    expect(planUndo({ images: [{ k: 0, image }], ids: new Map(), refused: new Set() }, listed, shown, new Set(), false)).toEqual([{ kind: 'delete', id: 'ann-before-the-run', fields }]);
  });

  it('undoes the part of an agent a roster run stopped half-way did, and calls only a third value a change since', () => {
    const agent = (custom: Record<string, string>) => ({ scalars: {}, phones: [], emails: ['ann@example.com'], custom: { role: 'agent-role', ...custom } });
    const before = agent({ 'queue:q1': '1', 'skill:s1': '2' });
    const after = agent({ 'queue:q1': '1', 'queue:q2': '1', 'skill:s1': '5', 'team:t1': '1' });
    const image = { t: 'update', id: 'ann', before, after } as const;
    const created = agent({ 'queue:q2': '1', 'skill:s1': '3' });
    const images = { images: [{ k: 0, image }, { k: 1, image: { t: 'create', fields: { ...created, emails: ['new@example.com'] } } as const }], ids: new Map([[1, 'new']]), refused: new Set<number>() };
    // Stopped after q2 and before the skill and the team: q2 goes, the skill needs nothing; the new user got its queue only.
    const halfDone = [
      { id: 'ann', fields: agent({ 'queue:q1': '1', 'queue:q2': '1', 'skill:s1': '2' }) },
      { id: 'new', fields: { ...agent({ 'queue:q2': '1' }), emails: ['new@example.com'] } },
    ];
    expect(planUndo(images, halfDone, rosterUndo, new Set(), false).map((s) => [s.kind, 'fields' in s && Array.isArray(s.fields) ? s.fields : []])).toEqual([
      ['delete', []],
      ['restore', ['custom:queue:q2']],
    ]);
    // Someone set the skill to 4: that is neither what it was nor what the run left.
    const edited = [{ id: 'ann', fields: agent({ 'queue:q1': '1', 'skill:s1': '4' }) }, halfDone[1]!];
    expect(planUndo(images, edited, rosterUndo, new Set(), false)).toContainEqual(expect.objectContaining({ kind: 'reject', reject: expect.objectContaining({ action: 'restore', field: 'custom:skill:s1', now: '4', runLeft: '5' }) }));
    // An undo stopped after re-creating a removed user, before its skill: the user is not created twice, and gets the skill.
    const removed = { images: [{ image: { t: 'delete', id: 'old', before } } as const], ids: new Map(), refused: new Set<number>() };
    const recreatedHalf = [{ id: 'new-id', fields: agent({ 'queue:q1': '1' }) }];
    expect(planUndo(removed, recreatedHalf, rosterUndo, new Set(['old']), false)).toEqual([
      { kind: 'restore', id: 'new-id', fields: ['custom:skill:s1'], before, now: recreatedHalf[0]!.fields },
    ]);
  });

  it('refuses to undo an undo, and to resume a run that was undone', async () => {
    const { outDir } = await run('dnc', 'phone\n+12127360009', { mode: 'add' });
    await undoRun(client, outDir);
    await expect(undoRun(client, path.join(outDir, 'undo'))).rejects.toThrow("is an undo's folder: an undo cannot be undone");
    await expect(resumeJob(client, outDir)).rejects.toThrow('it was undone');
  });

  it('writes the before-images before the write they describe, readable by the owner only', async () => {
    const { outDir } = await run('address-book', `contact_id,company\n${book.Ann},Globex`, { mode: 'update' });
    const file = path.join(outDir, 'before-images.jsonl');
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ k: 0, t: 'update', id: book.Ann, before: { scalars: { company: 'Acme' } }, after: { scalars: { company: 'Globex' } } });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await undoRun(client, outDir);
    const undoDir = path.join(outDir, 'undo');
    expect(statSync(undoDir).mode & 0o777).toBe(0o700);
    for (const name of readdirSync(undoDir)) expect(statSync(path.join(undoDir, name)).mode & 0o777, name).toBe(0o600);
  });
});
