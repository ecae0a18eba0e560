// ccbulk's address book dry run of a file: rows/s and peak RSS. The book is looked up on the
// emulator child, as a real dry run looks it up on Zoom. Args: {emu, file, outDir}.
import { importAddressBook } from '../../dist/pipelines/address-book.js';
import { finish, taskArgs } from '../lib/child.mjs';
import { clientFor, freshAccount } from '../lib/emulator-session.mjs';

const { emu, file, outDir } = taskArgs();
await freshAccount(emu);
const client = clientFor(emu, { plan: 'business' });
const started = performance.now();
const summary = await importAddressBook(client, { file, outDir, book: 'Demo contacts', mode: 'create', country: 'US', dryRun: true, concurrency: 8 });
const elapsedMs = performance.now() - started;
await client.close();
finish({ rows: summary.rows, succeeded: summary.succeeded, rejected: summary.rejected, elapsedMs, rowsPerSecond: summary.rows / (elapsedMs / 1000) });
