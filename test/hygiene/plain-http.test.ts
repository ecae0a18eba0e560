import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/import-env.js';
import { projectRoot, runCli } from '../support/run-cli.js';

const fixture = path.join(projectRoot, 'fixtures', 'contacts.csv');
const SECRET = 'S3cr3t-Do-Not-Log-42';

const credentials = { ZOOM_ACCOUNT_ID: 'acct', ZOOM_CLIENT_ID: 'client', ZOOM_CLIENT_SECRET: SECRET };

describe('a plain http URL that is not loopback', () => {
  it.each([
    ['ZOOM_API_URL', 'http://example.com/v2'],
    ['ZOOM_OAUTH_URL', 'http://example.com/oauth/token'],
  ])('is refused with one clear message and exit 1 (%s=%s)', async (variable, url) => {
    const out = path.join(tempDir('ccbulk-http-'), 'out');
    const env = { ...credentials, ZOOM_API_URL: 'https://api.zoom.us/v2', ZOOM_OAUTH_URL: 'https://zoom.us/oauth/token', [variable]: url };
    const run = await runCli(['import', 'address-book', fixture, '--book', 'Customers', '--out', out, '--quiet'], { env });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(variable);
    expect(lines[0]).toContain(url);
    expect(lines[0]).toMatch(/https/);
    expect(run.stderr).not.toContain(SECRET);
    expect(run.stderr).not.toMatch(/\bat .+:\d+:\d+/); // no stack trace
  });

  it('is refused for an export too', async () => {
    const file = path.join(tempDir('ccbulk-http-'), 'book.csv');
    const run = await runCli(['export', 'address-book', '--book', 'Customers', '--out', file], { env: { ...credentials, ZOOM_API_URL: 'http://example.com/v2' } });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('ZOOM_API_URL');
  });
});
