import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { RunningEmulator } from '../../src/emulator/server.js';

/** The environment that points the CLI at an emulator. */
export function envFor(emulator: RunningEmulator): NodeJS.ProcessEnv {
  return {
    ZOOM_ACCOUNT_ID: emulator.credentials.accountId,
    ZOOM_CLIENT_ID: emulator.credentials.clientId,
    ZOOM_CLIENT_SECRET: emulator.credentials.clientSecret,
    ZOOM_API_URL: emulator.apiUrl,
    ZOOM_OAUTH_URL: emulator.oauthUrl,
  };
}

/** A fresh temporary folder. */
export function tempDir(prefix = 'ccbulk-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Writes a small file into a folder and returns its path. */
export function writeFile(dir: string, name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** A CSV file's records as objects keyed by header (BOM stripped). */
export function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(file), { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
}

/** summary.json of an out folder. */
export function readSummary(outDir: string): Record<string, unknown> & { rows: number; succeeded: number; rejected: number } {
  return JSON.parse(readFileSync(path.join(outDir, 'summary.json'), 'utf8')) as never;
}
