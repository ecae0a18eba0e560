import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ExportColumn } from '../../src/writers/export-sink.js';
import { openExportSink } from '../../src/writers/open-export-sink.js';
import { tempDir } from '../support/import-env.js';

const columns: readonly ExportColumn[] = [
  { name: 'name', kind: 'text' },
  { name: 'phone', kind: 'phone' },
];

/** The compiled sink, built from src/ by the test global setup. */
const builtSink = pathToFileURL(fileURLToPath(new URL('../../dist/writers/open-export-sink.js', import.meta.url))).href;

/**
 * A loader-free script that exports rows slowly and forever: it says `writing` once the temporary
 * file holds rows, and waits to be killed.
 */
const SLOW_EXPORT = `
import { openExportSink } from ${JSON.stringify(builtSink)};
const sink = await openExportSink(process.argv[2]);
await sink.startSheet('Contacts', [{ name: 'name', kind: 'text' }, { name: 'phone', kind: 'phone' }]);
for (let i = 0; ; i++) {
  await sink.writeRow(['Contact ' + i, '+1415555' + String(i % 10000).padStart(4, '0')]);
  if (i === 2000) process.stdout.write('writing\\n');
  if (i % 100 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
}
`;

describe.each(['csv', 'xlsx'])('a %s export', (extension) => {
  it('leaves an existing target byte-identical and no temporary file when aborted mid-way', async () => {
    const dir = tempDir();
    const target = path.join(dir, `contacts.${extension}`);
    writeFileSync(target, 'the previous export');
    const sink = await openExportSink(target);
    await sink.startSheet('Contacts', columns);
    for (let i = 0; i < 1000; i++) await sink.writeRow([`Contact ${i}`, '+14155550123']);
    await sink.abort();
    await sink.abort(); // twice is fine
    expect(readFileSync(target, 'utf8')).toBe('the previous export');
    expect(readdirSync(dir)).toEqual([`contacts.${extension}`]);
    await expect(sink.writeRow(['late', ''])).rejects.toThrow(/after abort/);
  });

  it('makes abort after commit a no-op that keeps the new file', async () => {
    const dir = tempDir();
    const target = path.join(dir, `contacts.${extension}`);
    const sink = await openExportSink(target);
    await sink.startSheet('Contacts', columns);
    await sink.writeRow(['Ana', '+14155550123']);
    await sink.commit();
    const written = readFileSync(target);
    await sink.abort();
    expect(readFileSync(target)).toEqual(written);
  });

  it('leaves the target untouched, and only a temporary file beside it, when the writer is SIGKILLed mid-export', async () => {
    const dir = tempDir();
    const target = path.join(dir, `contacts.${extension}`);
    writeFileSync(target, 'the previous export');
    const script = path.join(dir, 'slow-export.mjs');
    writeFileSync(script, SLOW_EXPORT);

    const child = spawn(process.execPath, [script, target], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = once(child, 'exit');
    let output = '';
    for await (const chunk of child.stdout) {
      output += String(chunk);
      if (output.includes('writing')) break;
    }
    expect(output).toContain('writing');
    child.kill('SIGKILL');
    const [, signal] = await exited;

    expect(signal).toBe('SIGKILL');
    expect(readFileSync(target, 'utf8')).toBe('the previous export');
    const names = readdirSync(dir).sort();
    expect(names.filter((name) => name !== `contacts.${extension}` && name !== 'slow-export.mjs')).toEqual([
      expect.stringMatching(new RegExp(`^\\.contacts\\.${extension}\\.[0-9a-f]{12}\\.tmp$`)),
    ]);
    expect(names).toContain(`contacts.${extension}`);
  });
});
