// A process that takes a lock for the lock tests, from the modules the test global setup built in
// dist/. Usage:
//   node hold-lock.mjs file <lock-path>
//   node hold-lock.mjs run-folder <out-dir>
//   node hold-lock.mjs target <target-json> <out-dir> [redis-url]
// It prints `ready` once loaded, and then obeys lines on stdin: `go` takes the lock and prints
// one JSON line ({"won": true, "pid": …} or {"won": false, "message": …, "owner": …}); `release`
// lets it go and prints `released`; `exit` exits at once without releasing (the 'exit' hook's
// case). The end of stdin releases and exits.
import { createInterface } from 'node:readline';

const [kind, ...args] = process.argv.slice(2);
// Only the module this kind needs: twenty of these start at once on a small machine.
const modules = { file: 'writers/lock-file.js', 'run-folder': 'writers/run-folder-lock.js', target: 'pipelines/target-lock.js' };
if (!(kind in modules)) throw new Error(`unknown kind ${kind}`);
const built = await import(new URL(`../../dist/${modules[kind]}`, import.meta.url).href);

function take() {
  if (kind === 'file') {
    return built.LockFile.acquire(args[0], { command: 'hold-lock file' }, (owner) => Object.assign(new Error('refused'), { owner }));
  }
  if (kind === 'run-folder') return built.lockRunFolder(args[0], 'ccbulk import contacts.csv --out ' + args[0]);
  return built.lockTarget(JSON.parse(args[0]), { command: 'ccbulk import contacts.csv', outDir: args[1] }, args[2]);
}

const say = (line) => process.stdout.write(`${typeof line === 'string' ? line : JSON.stringify(line)}\n`);
let lock;
const lines = createInterface({ input: process.stdin });
lines.on('line', async (line) => {
  if (line === 'go') {
    try {
      lock = await take();
      lock.lost?.addEventListener('abort', () => say({ lost: lock.lost.reason.message }));
      say({ won: true, pid: process.pid });
    } catch (error) {
      say({ won: false, message: error.message, code: error.code, owner: error.owner });
    }
  } else if (line === 'release') {
    await lock?.release();
    say('released');
  } else if (line === 'exit') {
    process.exit(0);
  }
});
lines.on('close', async () => {
  await lock?.release();
  process.exit(0);
});
say('ready');
