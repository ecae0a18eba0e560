/**
 * One kill-and-resume trial: an import through the CLI as it ships, against an emulator with a
 * fault profile, SIGKILLed at seeded random points (the run, then its resumes), then resumed to
 * the end; afterwards every row must be in exactly one of results.csv and rejects.csv, and the
 * target must hold exactly what results.csv says, nothing twice. Used by the soak
 * (`npm run soak`) and, one small trial per cell, by the crash suite in `npm test`.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/server.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { unguardFormula } from '../../src/transforms/formula-guard.js';
import { configFor } from '../support/emulator-client.js';
import { envFor, readCsv, tempDir, writeFile } from '../support/import-env.js';
import { cliPath, runCli } from '../support/run-cli.js';
import { createRosterAccount } from '../support/roster-account.js';

/** Every import job and mode. */
export const TARGETS = [
  'address-book create',
  'address-book update',
  'address-book upsert',
  'address-book delete',
  'address-book sync',
  'campaign-contacts insert',
  'campaign-contacts update',
  'dnc add',
  'dnc remove',
  'roster create',
  'roster sync',
] as const;
export type Target = (typeof TARGETS)[number];

/** The targets `ccbulk undo` can take back: every one. */
export const UNDO_TARGETS = TARGETS;

/** The fault profiles, as emulator options. Latency keeps a run long enough to be killed in. */
export const PROFILES = {
  clean: {},
  'resets after apply 10 %': { faults: { resetAfterRate: 0.1 } },
  'applied-then-5xx 10 % + resets before 5 %': { faults: { appliedErrorRate: 0.1, resetBeforeRate: 0.05 } },
  '429 storms, ISO Retry-After, missing headers': {
    faults: { rateLimitRate: 0.25, retryAfterFormat: 'iso', rateLimitHeadersMissingRate: 0.5, rateLimitHeadersForeignRate: 0.2 },
  },
  'single-token, 3 s tokens': { tokenTtlSeconds: 3, faults: { tokenMode: 'single' } },
} as const satisfies Record<string, EmulatorOptions>;
export type Profile = keyof typeof PROFILES;

/** What one trial found. */
export interface TrialOutcome {
  readonly kills: number;
  /** Rows in neither file, or changes results.csv records that the target does not hold. */
  readonly lost: number;
  /** Rows in both files or twice, contacts stored twice, or changes the target holds that results.csv does not record. */
  readonly duplicated: number;
  /** Why the trial could not finish (a resume that failed), if it did not. */
  readonly failure?: string;
  /** An undo trial's last undo, as it said what it did (none when the run was killed before its journal). */
  readonly undone?: string;
  readonly details: string[];
}

/** A small PRNG (mulberry32), so that trial n always kills at the same moments. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const number = (i: number) => `+1212736${String(1000 + i)}`;

interface Bed {
  readonly args: string[];
  readonly file: string;
  readonly rows: number;
  /** Checks the account against results.csv; pushes what is wrong. */
  readonly check: (results: Record<string, string>[], tally: Tally) => void;
  /** What the target holds: each item as canonical text without its id, sorted (for undo trials). */
  readonly snapshot: () => string[];
}

/**
 * An item of the target as text: without its id, its keys in order, a field with no value left
 * out however it is spelled (absent, '' or an empty list: an update cannot remove a key).
 */
function canonical(item: object): string {
  const kept = Object.entries(item)
    .filter(([key, value]) => !['contact_id', 'phone_id', 'created_at', 'updated_at'].includes(key) && value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0))
    .sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify(Object.fromEntries(kept));
}

interface Tally {
  lost: number;
  duplicated: number;
  details: string[];
}

/** Creates the target (and, for updates and deletes, what they change), and writes the input file. */
async function prepare(emulator: RunningEmulator, target: Target, rows: number, dir: string): Promise<Bed> {
  const client = new ContactCenterClient(configFor(emulator));
  const [job, mode] = target.split(' ') as [string, string];
  const lost = (tally: Tally, what: string) => (tally.lost++, tally.details.push(`lost: ${what}`));
  const extra = (tally: Tally, what: string) => (tally.duplicated++, tally.details.push(`duplicated: ${what}`));
  try {
    if (job === 'address-book') {
      const unit = await client.createUnit({ unit_name: 'Soak' });
      const bookId = (await client.createAddressBook({ unit_id: unit.unit_id!, address_book_name: 'Soak book' })).address_book_id!;
      const seeded = new Map<string, string>();
      // Update and delete work on contacts already there; upsert finds half of its rows there;
      // sync's file leaves out the first quarter of the book and goes on past its end.
      const seedCount = mode === 'create' ? 0 : mode === 'upsert' ? Math.floor(rows / 2) : rows;
      const skipped = mode === 'sync' ? Math.floor(rows / 4) : 0;
      for (let start = 0; start < seedCount; start += 10) {
        const batch = Array.from({ length: Math.min(10, seedCount - start) }, (_, k) => start + k);
        const made = await client.batchCreateAddressBookContacts(
          bookId,
          batch.map((i) => ({ display_name: `Person ${i}`, phones: [{ phone_number: number(i), phone_type: 'main' as const }] })),
        );
        for (const c of made.contacts ?? []) seeded.set(c.phones?.[0]?.phone_number ?? '', c.contact_id!);
      }
      // Sync: row j is contact j + skipped, renamed on every third row, new past the book's end
      // (one in 25 of those broken); the contacts the file leaves out are deleted.
      const syncName = (j: number) => (j % 3 === 0 ? `Renamed ${j + skipped}` : `Person ${j + skipped}`);
      const syncBroken = (j: number) => j + skipped >= seedCount && j % 25 === 7;
      const lines =
        mode === 'sync'
          ? ['name,phone', ...Array.from({ length: rows }, (_, j) => (syncBroken(j) ? `Broken ${j},555-12` : `${syncName(j)},${number(j + skipped)}`))]
          : mode === 'update'
          ? ['contact_id,name,phone', ...Array.from({ length: rows }, (_, i) => `${seeded.get(number(i))},Renamed ${i},${number(i)}`)]
          : mode === 'delete'
            ? ['phone', ...Array.from({ length: rows }, (_, i) => number(i))]
            : ['name,phone,email', ...Array.from({ length: rows }, (_, i) => (i % 25 === 7 ? `Broken ${i},555-12,` : `Person ${i},${number(i)},p${i}@example.com`))];
      const stored = () => emulator.store.addressBookContacts(bookId);
      return {
        snapshot: () => stored().map(canonical).sort(),
        args: ['import', 'address-book', '--book', bookId, '--mode', mode, ...(mode === 'sync' ? ['--delete-missing', '--max-delete', '100%'] : [])],
        file: writeFile(dir, 'input.csv', `${lines.join('\n')}\n`),
        rows,
        check: (results, tally) => {
          const contacts = stored();
          if (mode === 'sync') {
            // The book must be the file: each row's number on one contact with the row's name,
            // the contacts the file left out gone, and nothing else.
            const byPhone = new Map(contacts.map((c) => [c.phones?.[0]?.phone_number ?? '', c]));
            const phones = contacts.map((c) => c.phones?.[0]?.phone_number ?? '');
            for (const p of new Set(phones.filter((p, i) => phones.indexOf(p) !== i))) extra(tally, `number ${p} on two contacts`);
            for (const r of results) {
              const c = byPhone.get(r.phone ?? '');
              if (!c) lost(tally, `line ${r._line} (${r._status}) not in the book`);
              else if (c.display_name !== r.name) lost(tally, `line ${r._line} (${r._status}) is '${c.display_name}' in the book, '${r.name}' in the file`);
            }
            for (let i = 0; i < skipped; i++) if (byPhone.has(number(i))) lost(tally, `contact ${i}, not in the file, still in the book`);
            const recorded = new Set(results.map((r) => r.phone));
            for (const p of phones) if (!recorded.has(p)) extra(tally, `number ${p} in the book, not in results.csv`);
            return;
          }
          const phones = contacts.flatMap((c) => (c.phones ?? []).map((p) => p.phone_number ?? ''));
          for (const p of new Set(phones.filter((p, i) => phones.indexOf(p) !== i))) extra(tally, `number ${p} on two contacts`);
          const ids = new Set(contacts.map((c) => c.contact_id));
          if (mode === 'delete') {
            for (const r of results) if (ids.has(r._id ?? '')) lost(tally, `line ${r._line} deleted in results.csv, still in the book`);
            if (contacts.length !== seedCount - results.length) extra(tally, `${seedCount - results.length - contacts.length} contacts deleted that results.csv does not name`);
            return;
          }
          const byId = new Map(contacts.map((c) => [c.contact_id, c]));
          for (const r of results) {
            const c = byId.get(r._id ?? '');
            if (!c) lost(tally, `line ${r._line} (${r._status}) not in the book`);
            else if (mode === 'update' && c.display_name !== r.name) lost(tally, `line ${r._line} updated in results.csv, not in the book`);
          }
          const recorded = new Set([...results.map((r) => r._id), ...seeded.values()]);
          for (const c of contacts) if (!recorded.has(c.contact_id)) extra(tally, `contact ${c.display_name} in the book, not in results.csv`);
        },
      };
    }
    if (job === 'roster') {
      // Create: new agents into two queues, a team and a skill (one row in 25 names a queue that
      // does not exist). Sync: half the agents exist already, in a queue, a team and a skill the
      // file takes away, and get the file's instead; the rest are new.
      const account = await createRosterAccount(client, { queues: ['Q0', 'Q1', 'Q2'], teams: ['T0', 'T1'], skills: ['S0', 'S1'] });
      const email = (i: number) => `agent${i}@example.com`;
      const broken = (i: number) => i % 25 === 7;
      const seeded = mode === 'sync' ? Math.floor(rows / 2) : 0;
      for (let start = 0; start < seeded; start += 20) {
        const batch = Array.from({ length: Math.min(20, seeded - start) }, (_, k) => email(start + k));
        await client.batchCreateUsers(batch.map((user_email) => ({ user_email })));
        await client.assignQueueAgents(account.queues['Q2']!, batch);
        await client.assignTeamAgents(account.teams['T1']!, batch);
        for (const e of batch) await client.assignUserSkills(e, [{ skill_id: account.skills['S1']!, max_proficiency_level: 2 }]);
      }
      const lines = ['Email,Queues,Teams,Skills', ...Array.from({ length: rows }, (_, i) => `${email(i)},${broken(i) ? 'Nope' : 'Q0;Q1'},T0,S0:3`)];
      const roster = emulator.store.roster;
      return {
        args: ['import', 'roster', '--mode', mode, ...(mode === 'sync' ? ['--max-unassign', '100%'] : [])],
        // Each Contact Center user with its role, queues, teams and skills (levels included).
        snapshot: () =>
          [...roster.usersById.values()]
            .map((user) =>
              [
                user.user_email,
                `r:${user.role_id}`,
                ...[...roster.queueAgents.entries()].filter(([, set]) => set.has(user.cc_user_id)).map(([id]) => `q:${id}`).sort(),
                ...[...roster.teamAgents.entries()].filter(([, set]) => set.has(user.cc_user_id)).map(([id]) => `t:${id}`).sort(),
                ...[...(roster.userSkills.get(user.cc_user_id) ?? [])].map(([id, level]) => `s:${id}:${level}`).sort(),
              ].join(' '),
            )
            .sort(),
        file: writeFile(dir, 'input.csv', `${lines.join('\n')}\n`),
        rows,
        check: (results, tally) => {
          const members = (map: Map<string, Set<string>>, ccId: string, names: (id: string) => string | undefined) =>
            [...map.entries()].filter(([, set]) => set.has(ccId)).map(([id]) => names(id) ?? id).sort().join(';');
          const recorded = new Set(results.map((r) => r.Email));
          for (const r of results) {
            const user = roster.findUser(r.Email ?? '');
            if (user === undefined) {
              lost(tally, `line ${r._line} (${r._status}) is no Contact Center user`);
              continue;
            }
            const held = [
              members(roster.queueAgents, user.cc_user_id, (id) => roster.queuesById.get(id)?.queue_name),
              members(roster.teamAgents, user.cc_user_id, (id) => roster.teamsById.get(id)?.team_name),
              [...(roster.userSkills.get(user.cc_user_id) ?? [])].map(([id, level]) => `${roster.skillsById.get(id)?.skill_name}:${level}`).sort().join(';'),
            ].join(' ');
            if (held !== 'Q0;Q1 T0 S0:3') (held.length > 'Q0;Q1 T0 S0:3'.length ? extra : lost)(tally, `line ${r._line}: ${r.Email} holds '${held}', the file says 'Q0;Q1 T0 S0:3'`);
          }
          for (const user of roster.usersById.values()) {
            const seededUser = Number(user.user_email.replace(/^agent(\d+)@.*$/, '$1')) < seeded;
            if (!recorded.has(user.user_email) && !seededUser) extra(tally, `${user.user_email} is a Contact Center user, not in results.csv`);
          }
        },
      };
    }
    if (job === 'campaign-contacts') {
      const listId = (await client.createCampaignContactList({ contact_list_name: 'Soak campaign', contact_list_type: 'contact' })).contact_list_id!;
      const ids = new Map<string, string>();
      if (mode === 'update') {
        for (let start = 0; start < rows; start += 100) {
          const batch = Array.from({ length: Math.min(100, rows - start) }, (_, k) => start + k);
          await client.batchInsertCampaignContacts(
            listId,
            batch.map((i) => ({ contact_display_name: `Person ${i}`, contact_phones: [{ contact_phone_number: number(i), contact_phone_type: 'Main' as const }] })),
          );
        }
        for await (const c of client.listCampaignContacts(listId)) ids.set(c.contact_phones?.[0]?.contact_phone_number ?? '', c.contact_id!);
      }
      const lines =
        mode === 'update'
          ? ['contact_id,name,phone', ...Array.from({ length: rows }, (_, i) => `${ids.get(number(i))},Renamed ${i},${number(i)}`)]
          : ['name,phone', ...Array.from({ length: rows }, (_, i) => (i % 25 === 7 ? `Broken ${i},555-12` : `Person ${i},${number(i)}`))];
      return {
        snapshot: () => emulator.store.campaignContacts(listId).map(canonical).sort(),
        args: ['import', 'campaign-contacts', '--list', listId, '--mode', mode],
        file: writeFile(dir, 'input.csv', `${lines.join('\n')}\n`),
        rows,
        check: (results, tally) => {
          const contacts = emulator.store.campaignContacts(listId);
          const phones = contacts.flatMap((c) => (c.contact_phones ?? []).map((p) => p.contact_phone_number ?? ''));
          for (const p of new Set(phones.filter((p, i) => phones.indexOf(p) !== i))) extra(tally, `number ${p} on two contacts`);
          const byPhone = new Map(contacts.map((c) => [c.contact_phones?.[0]?.contact_phone_number, c]));
          for (const r of results) {
            const c = byPhone.get(r._phones);
            if (!c) lost(tally, `line ${r._line} not on the list`);
            else if (mode === 'update' && c.contact_display_name !== r.name) lost(tally, `line ${r._line} updated in results.csv, not on the list`);
          }
          if (mode === 'insert') {
            const recorded = new Set(results.map((r) => r._phones));
            for (const p of phones) if (!recorded.has(p)) extra(tally, `number ${p} on the list, not in results.csv`);
          } else if (contacts.length !== rows) extra(tally, `${contacts.length} contacts on a list of ${rows}`);
        },
      };
    }
    const dncId = (await client.createCampaignContactList({ contact_list_name: 'Soak DNC', contact_list_type: 'do_not_contact' })).contact_list_id!;
    if (mode === 'remove') {
      for (let start = 0; start < rows; start += 100) {
        await client.batchAddDncPhones(dncId, Array.from({ length: Math.min(100, rows - start) }, (_, k) => number(start + k)));
      }
    }
    return {
      snapshot: () => emulator.store.dncPhones(dncId).map((p) => p.phone_number).sort(),
      args: ['import', 'dnc', '--list', dncId, '--mode', mode],
      file: writeFile(dir, 'input.csv', `${['phone', ...Array.from({ length: rows }, (_, i) => number(i))].join('\n')}\n`),
      rows,
      check: (results, tally) => {
        const stored = emulator.store.dncPhones(dncId).map((p) => p.phone_number);
        for (const p of new Set(stored.filter((p, i) => stored.indexOf(p) !== i))) extra(tally, `DNC number ${p} twice`);
        const onList = new Set(stored);
        const recorded = new Set(results.map((r) => r._phones));
        if (mode === 'add') {
          for (const r of results) if (!onList.has(r._phones ?? '')) lost(tally, `line ${r._line} added in results.csv, not on the list`);
          for (const p of stored) if (!recorded.has(p)) extra(tally, `DNC number ${p} on the list, not in results.csv`);
        } else {
          for (const r of results) if (onList.has(r._phones ?? '')) lost(tally, `line ${r._line} removed in results.csv, still on the list`);
          if (stored.length !== rows - results.length) extra(tally, `${rows - results.length - stored.length} numbers removed that results.csv does not name`);
        }
      },
    };
  } finally {
    await client.close();
  }
}

/** Starts a ccbulk command and SIGKILLs it after `killAfterMs`; resolves with whether the kill landed. */
function runAndKill(args: string[], env: NodeJS.ProcessEnv, killAfterMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env: { ...process.env, ...env }, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      resolve(signal === 'SIGKILL');
    });
  });
}

/** Options of one trial. */
export interface TrialOptions {
  readonly target: Target;
  readonly profile: Profile;
  readonly seed: number;
  /** Input rows. Default 120. */
  readonly rows?: number;
  /** Most kills before the last, unkilled resume (each trial draws 1 to this many). Default 3. */
  readonly maxKills?: number;
  /** Latency the emulator adds to each answer, ms. Default 60. */
  readonly latencyMs?: number;
  /** The earliest a kill of the run lands, ms after its start. Default 300 (start-up: often before the journal). */
  readonly killFloorMs?: number;
}

/** Runs one trial and says what it found; never throws for what it finds. */
export async function runTrial(options: TrialOptions): Promise<TrialOutcome> {
  const random = prng(options.seed);
  const rows = options.rows ?? 120;
  const profile: EmulatorOptions = PROFILES[options.profile];
  const emulator = await startEmulator({ seed: options.seed, ...profile, faults: {} });
  const tally: Tally = { lost: 0, duplicated: 0, details: [] };
  let kills = 0;
  try {
    const dir = tempDir('ccbulk-soak-');
    // The target is set up without faults; the faults start with the import.
    const bed = await prepare(emulator, options.target, rows, dir);
    emulator.setFaults({ latencyMs: options.latencyMs ?? 60, ...profile.faults });
    const env = envFor(emulator);
    const out = path.join(dir, 'out');
    const first = [...bed.args.slice(0, 2), bed.file, ...bed.args.slice(2), '--out', out, '--quiet', '--concurrency', '4'];
    const planned = 1 + Math.floor(random() * (options.maxKills ?? 3));
    for (let k = 0; k < planned; k++) {
      const started = existsSync(path.join(out, 'journal.jsonl'));
      // Kills land from process start-up to well into the run.
      if (await runAndKill(started ? ['resume', out, '--quiet'] : first, env, 300 + Math.floor(random() * 2500))) kills++;
    }
    let last = await runCli(existsSync(path.join(out, 'journal.jsonl')) ? ['resume', out, '--quiet'] : first, { env, timeoutMs: 300_000 });
    if (last.code === 1 && /holds no ccbulk run journal/.test(last.stderr)) last = await runCli(first, { env, timeoutMs: 300_000 });
    // 0: all rows succeeded (or the run was complete already); 2: some rows rejected.
    const finished = last.code === 0 || last.code === 2;
    if (!finished) return { kills, lost: 0, duplicated: 0, failure: `last run exited ${last.code}: ${last.stderr.trim().slice(0, 300)}`, details: [] };
    // `_id` comes formula-guarded when an id starts with '-' (as Zoom's can): compare the id itself.
    const results = readCsv(path.join(out, 'results.csv')).map((r): Record<string, string> => ({ ...r, _id: unguardFormula(r._id ?? '') }));
    const rejects = readCsv(path.join(out, 'rejects.csv'));
    const seen = new Map<number, number>();
    for (const r of [...results, ...rejects]) seen.set(Number(r._line), (seen.get(Number(r._line)) ?? 0) + 1);
    for (let line = 2; line < rows + 2; line++) {
      const n = seen.get(line) ?? 0;
      if (n === 0) (tally.lost++, tally.details.push(`lost: line ${line} in neither file`));
      if (n > 1) (tally.duplicated++, tally.details.push(`duplicated: line ${line} ${n} times in the files`));
    }
    bed.check(results, tally);
    return { kills, ...tally };
  } finally {
    await emulator.close();
  }
}

/**
 * One undo trial: the run SIGKILLed at seeded random points and resumed (or, on odd seeds, left
 * half-done), then `ccbulk undo` SIGKILLed at seeded random points and run again to its end:
 * the target must end as it began (ids of re-created items aside), with nothing in the undo's
 * rejects (nobody else touched the target).
 */
export async function runUndoTrial(options: TrialOptions): Promise<TrialOutcome> {
  const random = prng(options.seed);
  const rows = options.rows ?? 120;
  const profile: EmulatorOptions = PROFILES[options.profile];
  const emulator = await startEmulator({ seed: options.seed, ...profile, faults: {} });
  const details: string[] = [];
  let kills = 0;
  try {
    const dir = tempDir('ccbulk-soak-undo-');
    const bed = await prepare(emulator, options.target, rows, dir);
    const before = bed.snapshot();
    emulator.setFaults({ latencyMs: options.latencyMs ?? 60, ...profile.faults });
    const env = envFor(emulator);
    const out = path.join(dir, 'out');
    const first = [...bed.args.slice(0, 2), bed.file, ...bed.args.slice(2), '--out', out, '--quiet', '--concurrency', '4'];
    const planned = 1 + Math.floor(random() * (options.maxKills ?? 3));
    for (let k = 0; k < planned; k++) {
      const started = existsSync(path.join(out, 'journal.jsonl'));
      if (await runAndKill(started ? ['resume', out, '--quiet'] : first, env, (options.killFloorMs ?? 300) + Math.floor(random() * 2500))) kills++;
    }
    // Killed before its journal, the run sent nothing: the target must be as it was, and the run starts again.
    const journalled = existsSync(path.join(out, 'journal.jsonl'));
    if (!journalled && JSON.stringify(bed.snapshot()) !== JSON.stringify(before)) details.push('lost: the target changed, and the run left no journal');
    // Odd seeds undo the run where the kills left it: the half it did.
    if (options.seed % 2 === 0 || !journalled) {
      const finished = await runCli(journalled ? ['resume', out, '--quiet'] : first, { env, timeoutMs: 300_000 });
      if (finished.code !== 0 && finished.code !== 2) return { kills, lost: 0, duplicated: 0, failure: `the run's last leg exited ${finished.code}: ${finished.stderr.trim().slice(0, 300)}`, details };
    }
    const undoKills = Math.floor(random() * 3);
    for (let k = 0; k < undoKills; k++) if (await runAndKill(['undo', out], env, 200 + Math.floor(random() * 1500))) kills++;
    const last = await runCli(["undo", out], { env, timeoutMs: 300_000 });
    if (last.code !== 0) return { kills, lost: 0, duplicated: 0, failure: `undo exited ${last.code}: ${(last.stderr + last.stdout).trim().slice(0, 600)}`, details };
    const after = bed.snapshot();
    const was = new Map<string, number>();
    for (const item of before) was.set(item, (was.get(item) ?? 0) + 1);
    for (const item of after) {
      const n = was.get(item) ?? 0;
      if (n === 0) details.push(`duplicated: ${item} after the undo, not before the run`);
      else was.set(item, n - 1);
    }
    for (const [item, n] of was) for (let i = 0; i < n; i++) details.push(`lost: ${item} before the run, not after the undo`);
    return { kills, lost: details.filter((d) => d.startsWith('lost')).length, duplicated: details.filter((d) => d.startsWith('duplicated')).length, details, undone: last.stdout.trim() };
  } finally {
    await emulator.close();
  }
}
