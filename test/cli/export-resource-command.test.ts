import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { configFor } from '../support/emulator-client.js';
import { envFor, tempDir } from '../support/import-env.js';
import { cliPath, projectRoot, runCli, runCommand } from '../support/run-cli.js';

/** The catalogue section's examples: the ```bash blocks of the README. */
function resourceExamples(): string[] {
  const readme = readFileSync(`${projectRoot}README.md`, 'utf8');
  return [...readme.matchAll(/```bash\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n')).map((l) => l.trim()).filter((l) => l.startsWith('npx ccbulk export '));
}

describe('ccbulk export <resource>', () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({ seed: 3 });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it('lists the whole catalogue as JSON with --list --json', async () => {
    const run = await runCli(['export', '--list', '--json']);
    expect(run.code).toBe(0);
    const list = JSON.parse(run.stdout) as { name: string; label: string }[];
    expect(list).toHaveLength(94);
    expect(list.map((e) => e.name)).toEqual(expect.arrayContaining(['queues', 'engagements', 'users', 'reports-v2-agent-performance']));
  });

  it('runs the README examples, and a second nightly run on the same day finds nothing new', async () => {
    const cwd = tempDir();
    const env = envFor(emulator);
    const examples = resourceExamples();
    expect(examples).toHaveLength(2);
    for (const line of examples) {
      const run = await runCommand('bash', ['-c', `${line.replace('npx ccbulk', `node ${cliPath}`)} --json`], { env, cwd, timeoutMs: 60_000 });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const summary = JSON.parse(run.stdout) as { rows: number; file: string };
      expect(summary.rows).toBeGreaterThan(0);
      expect(existsSync(path.join(cwd, summary.file))).toBe(true);
    }
    const again = await runCommand('bash', ['-c', examples[0]!.replace('npx ccbulk', `node ${cliPath}`)], { env, cwd });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Nothing new to export/);
    expect(readdirSync(path.join(cwd, 'exports')).sort()).toEqual(
      expect.arrayContaining(['.ccbulk-state.json', expect.stringMatching(/^engagements-\d{4}-\d\d-\d\d\.csv$/), expect.stringMatching(/^queue-agents-/)]),
    );
  }, 120_000);

  it('continues one --since last export whether --out is written relative, absolute or from another folder', async () => {
    const env = envFor(emulator);
    const home = tempDir();
    const elsewhere = tempDir();
    mkdirSync(path.join(home, 'rel'));
    const from = new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10);
    const exportTo = (out: string, cwd: string) =>
      runCommand(process.execPath, [cliPath, 'export', 'engagements', '--since', 'last', '--from', from, '--out', out, '--json'], { env, cwd });

    const first = await exportTo('rel/x-{date}.csv', home);
    expect(first.stderr).toBe('');
    expect((JSON.parse(first.stdout) as { rows: number }).rows).toBeGreaterThan(0);

    // The same file, named three other ways: nothing new, and nothing written again.
    for (const [out, cwd] of [
      [path.join(home, 'rel/x-{date}.csv'), elsewhere],
      ['x-{date}.csv', path.join(home, 'rel')],
      ['../rel/./x-{date}.csv', path.join(home, 'rel')],
    ] as const) {
      const again = await exportTo(out, cwd);
      expect(again.stderr).toBe('');
      expect(JSON.parse(again.stdout)).toMatchObject({ upToDate: true, rows: 0 });
    }
    const state = JSON.parse(readFileSync(path.join(home, 'rel/.ccbulk-state.json'), 'utf8')) as { windows: Record<string, unknown> };
    expect(Object.keys(state.windows)).toHaveLength(1);
  }, 60_000);

  it('reads the state an older version kept under the literal --out, and moves it to the file\'s own path', async () => {
    const env = envFor(emulator);
    const home = tempDir();
    mkdirSync(path.join(home, 'rel'));
    const from = new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10);
    const exportTo = (out: string, cwd: string) =>
      runCommand(process.execPath, [cliPath, 'export', 'engagements', '--since', 'last', '--from', from, '--out', out, '--json'], { env, cwd });
    expect((await exportTo('rel/y-{date}.csv', home)).code).toBe(0);

    // As a nightly job run by an older ccbulk left it: keyed by the text of `--out`.
    const stateFile = path.join(home, 'rel/.ccbulk-state.json');
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { version: 1; windows: Record<string, unknown> };
    const [[key, window]] = Object.entries(state.windows) as [[string, unknown]];
    const [resource, , ids, query] = JSON.parse(key) as unknown[];
    const legacyKey = JSON.stringify([resource, 'rel/y-{date}.csv', ids, query]);
    writeFileSync(stateFile, `${JSON.stringify({ version: 1, windows: { [legacyKey]: window } }, null, 2)}\n`);

    const again = await exportTo(path.join(home, 'rel/y-{date}.csv'), tempDir());
    expect(again.stderr).toBe('');
    expect(JSON.parse(again.stdout)).toMatchObject({ upToDate: true, rows: 0 });

    // The next window that is exported moves the entry to the file's own path.
    const older = new Date(Date.parse((window as { end: string }).end) - 2 * 86_400_000).toISOString();
    writeFileSync(stateFile, `${JSON.stringify({ version: 1, windows: { [legacyKey]: { end: older, updatedAt: older } } }, null, 2)}\n`);
    const next = await exportTo('rel/y-{date}.csv', home);
    expect(JSON.parse(next.stdout)).toMatchObject({ window: { from: older.slice(0, 10) } });
    const moved = JSON.parse(readFileSync(stateFile, 'utf8')) as { windows: Record<string, unknown> };
    expect(Object.keys(moved.windows)).toEqual([JSON.stringify([resource, path.join(home, 'rel/y-{date}.csv'), ids, query])]);
  }, 60_000);

  it('refuses an option the spec does not allow before sending any request', async () => {
    emulator.resetStats();
    const cwd = tempDir();
    const run = await runCli(['export', 'flows-entry-points', '--out', path.join(cwd, 'e.csv'), '--channel', 'fax'], { env: envFor(emulator) });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe('ccbulk: Expected `--channel` to be one of voice, video, messaging, email, got `fax`');
    const missing = await runCli(['export', 'flows-entry-points', '--out', path.join(cwd, 'e.csv')], { env: envFor(emulator) });
    expect(missing.stderr).toMatch(/Expected `--channel` \(required by flows-entry-points\) to be one of voice, video, messaging, email, got nothing/);
    expect(emulator.stats().total).toBe(0);
  });

  it('names the nearest resources for a mistyped one, not an option it does not know', async () => {
    const run = await runCli(['export', 'quues', '--out', 'x.csv']);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe("ccbulk: unknown resource 'quues' — did you mean queues?");
    const book = await runCli(['export', 'adress-book', '--book', 'Demo contacts', '--out', 'x.csv']);
    expect(book.stderr.trim()).toBe("ccbulk: unknown resource 'adress-book' — did you mean address-book?");
    const far = await runCli(['export', 'zzzzzzzz']);
    expect(far.code).toBe(1);
    expect(far.stderr.trim()).toBe("ccbulk: unknown resource 'zzzzzzzz'; `ccbulk export --list` shows them all");
    // An unknown option of `export` itself is still one.
    const option = await runCli(['export', '--lsit']);
    expect(option.code).toBe(1);
    expect(option.stderr).toMatch(/^ccbulk: unknown option '--lsit'\n\(Did you mean --list\?\)/);
  });

  it('says --since applies only to resources with a time window, naming some, before any request', async () => {
    emulator.resetStats();
    const run = await runCli(['export', 'queues', '--since', 'last', '--out', path.join(tempDir(), 'q.csv')], { env: envFor(emulator) });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toMatch(
      /^ccbulk: queues has no time window: `--since` applies only to the resources that have one, such as engagements, [a-z0-9-]+(, [a-z0-9-]+)* \(`ccbulk export --list` marks them \[window …\]\)$/,
    );
    expect(emulator.stats().total).toBe(0);
  });

  it('takes an address book or DNC list path parameter by name, as the contact exports take --book and --list', async () => {
    const client = new ContactCenterClient(configFor(emulator));
    try {
      const unit = await client.createUnit({ unit_name: 'Names unit' });
      const book = await client.createAddressBook({ unit_id: unit.unit_id!, address_book_name: 'Demo contacts' });
      await client.batchCreateAddressBookContacts(book.address_book_id!, [{ display_name: 'Ada', phones: [{ phone_number: '+12127361000', phone_type: 'main' }] }]);
      const dnc = await client.createCampaignContactList({ contact_list_name: 'Demo DNC', contact_list_type: 'do_not_contact' });
      await client.batchAddDncPhones(dnc.contact_list_id!, ['+12127361001', '+12127361002']);
    } finally {
      await client.close();
    }
    const cwd = tempDir();
    const env = envFor(emulator);
    const contacts = await runCli(['export', 'address-books-contacts', '--address-book-id', 'Demo contacts', '--out', path.join(cwd, 'c.csv'), '--json'], { env });
    expect(contacts.stderr).toBe('');
    expect(JSON.parse(contacts.stdout)).toMatchObject({ rows: 1 });
    const phones = await runCli(['export', 'outbound-campaign-dnc-lists-phones', '--dnc-list-id', 'Demo DNC', '--out', path.join(cwd, 'd.csv'), '--json'], { env });
    expect(phones.stderr).toBe('');
    expect(JSON.parse(phones.stdout)).toMatchObject({ rows: 2 });

    const missing = await runCli(['export', 'address-books-contacts', '--address-book-id', 'No such book', '--out', path.join(cwd, 'x.csv')], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe("ccbulk: No address book has the id or name 'No such book'");
    const help = await runCli(['export', 'address-books-contacts', '--help']);
    expect(help.stdout).toMatch(/--address-book-id <id>\s+the addressBookId, by id or name \(required\)/);
  });

  it('stops with exit code 75 and writes nothing when the daily limit is reached', async () => {
    const cwd = tempDir();
    emulator.setFaults({ forceDailyLimit: true });
    try {
      const run = await runCli(['export', 'queues', '--out', path.join(cwd, 'queues.csv')], { env: envFor(emulator) });
      expect(run.code).toBe(75);
      expect(run.stderr).toMatch(/^ccbulk: The account's daily \w+ API quota is used up .*No file was written/);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(readdirSync(cwd)).toEqual([]);
    } finally {
      emulator.setFaults({ forceDailyLimit: false });
    }
  });

  it('keeps the existing contact exports, whose options are not taken by `export --list`', async () => {
    const run = await runCli(['export', 'dnc', '--list', 'No such DNC', '--out', path.join(tempDir(), 'd.csv')], { env: envFor(emulator) });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/No such DNC/);
  });
});
