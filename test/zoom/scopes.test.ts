import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { ZoomApiError } from '../../src/zoom/api-error.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { operationTable } from '../../src/zoom/generated/operations.js';
import { everySpecScope, scopesOf } from '../../src/zoom/scopes.js';
import { operationsOf, parseJobRequest } from '../../src/pipelines/jobs.js';
import { catalogue } from '../../src/zoom/resource-catalogue.js';
import type { OperationId } from '../../src/zoom/generated/operations.js';
import { configFor } from '../support/emulator-client.js';
import { hostileHttp, json } from '../support/hostile-http.js';
import { envFor, readCsv, tempDir, writeFile } from '../support/import-env.js';
import { runCli } from '../support/run-cli.js';

let emulator: RunningEmulator | undefined;
let client: ContactCenterClient | undefined;
afterEach(async () => {
  await client?.close();
  await emulator?.close();
  client = undefined;
  emulator = undefined;
});

/** The scopes of every operation a request calls, granular or classic only. */
function scopesFor(job: string, raw: Record<string, unknown>, kind: 'granular' | 'classic'): string[] {
  return operationsOf(parseJobRequest(job, raw, 'code')).flatMap((id) => [...scopesOf(id)[kind]]);
}

/** An address book 'Customers', made in the store: a token without write scopes cannot make it. */
function bookWith(emu: RunningEmulator): void {
  const unitId = emu.store.newId();
  emu.store.unitsById.set(unitId, { unit_id: unitId, unit_name: 'Unit' } as never);
  const bookId = emu.store.newId();
  emu.store.booksById.set(bookId, { address_book_id: bookId, address_book_name: 'Customers', unit_id: unitId } as never);
}

const csv = 'name,phone\nAda Lovelace,+14155550100\nAlan Turing,+14155550101\n';

describe('scopes', () => {
  it('the emulator grants by default every scope the spec names, campaign contacts too', async () => {
    emulator = await startEmulator({ seed: 1 });
    const answer = await fetch(`${emulator.oauthUrl}?grant_type=account_credentials&account_id=${emulator.credentials.accountId}`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${emulator.credentials.clientId}:${emulator.credentials.clientSecret}`).toString('base64')}` },
    });
    const scope = new Set(((await answer.json()) as { scope: string }).scope.split(' '));
    // One scope of the spec holds a space ('contact_center:write:queue disposition:admin'): in a
    // space-separated `scope` it reads as two, as it would from Zoom.
    expect(scope).toEqual(new Set(everySpecScope().join(' ').split(' ')));
    expect(scope.has('contact_center_outbound_campaign_contacts:write:admin')).toBe(true);
    expect(scope.has('contact_center:write:outbound_campaign_contacts:admin')).toBe(true);
  });

  it('refuses an import before any API request when the token lacks a write scope, naming each missing scope, its operation and where to add it', async () => {
    const readsOnly = scopesFor('address-book', { book: 'x', file: 'f.csv' }, 'classic').filter((s) => !s.includes(':write:'));
    emulator = await startEmulator({ seed: 2, scopes: readsOnly });
    const dir = tempDir();
    const run = await runCli(['import', 'address-book', writeFile(dir, 'in.csv', csv), '--book', 'Customers', '--out', `${dir}/out`, '--quiet'], { env: envFor(emulator) });
    expect(run.code).toBe(1);
    const message = run.stderr.trim();
    expect(message.split('\n')).toHaveLength(1);
    for (const operation of ['batchCreateContact', 'createContact'] as const) {
      const { classic, granular } = scopesOf(operation);
      expect(message).toContain(`${operation} (${operationTable[operation].method} ${operationTable[operation].path}) needs ${granular[0]} (granular) or ${classic[0]} (classic)`);
    }
    expect(message).toContain('Manage → your app → Scopes');
    expect(message).toContain('Nothing was sent');
    // One token, no API request at all.
    expect(emulator.stats().tokenFetches).toBe(1);
    expect(emulator.stats().total).toBe(0);
  });

  it('knows the scopes of every catalogue resource an export can read', () => {
    for (const entry of catalogue) expect(scopesOf(entry.operationId as OperationId).classic.length + scopesOf(entry.operationId as OperationId).granular.length, entry.name).toBeGreaterThan(0);
  });

  it('refuses an export before any API request when the token lacks the resource\'s read scope, naming it', async () => {
    const queues = catalogue.find((e) => e.name === 'queues')!;
    const needed = scopesOf(queues.operationId as OperationId);
    emulator = await startEmulator({ seed: 4, scopes: everySpecScope().filter((s) => !needed.classic.includes(s) && !needed.granular.includes(s)) });
    const dir = tempDir();
    const run = await runCli(['export', 'queues', '--out', `${dir}/queues.csv`], { env: envFor(emulator) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${queues.operationId} (`);
    expect(run.stderr).toContain('`ccbulk export queues`');
    expect(run.stderr).toContain('Nothing was sent');
    expect(emulator.stats().total).toBe(0);
    expect(existsSync(`${dir}/queues.csv`)).toBe(false);
  });

  it('runs when the token has the granular scopes alone, or the classic ones alone: either kind grants an operation', async () => {
    for (const kind of ['granular', 'classic'] as const) {
      emulator = await startEmulator({ seed: 3, scopes: scopesFor('address-book', { book: 'x', file: 'f.csv', mode: 'create' }, kind) });
      bookWith(emulator);
      const dir = tempDir();
      const run = await runCli(['import', 'address-book', writeFile(dir, 'in.csv', csv), '--book', 'Customers', '--out', `${dir}/out`, '--quiet'], { env: envFor(emulator) });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(emulator.store.bookContactsById.size).toBe(2);
      await emulator.close();
      emulator = undefined;
    }
  });

  it('answers 401 code 4711 for an operation the token has no scope for, and the client says so at once: no retry, no new token', async () => {
    emulator = await startEmulator({ seed: 4, scopes: ['contact_center_contact:read:admin'] });
    client = new ContactCenterClient(configFor(emulator));
    const error = await client.getCampaignContactList('anything').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomApiError);
    const apiError = error as ZoomApiError;
    expect(apiError.status).toBe(401);
    expect(apiError.zoomCode).toBe(4711);
    expect(apiError.code).toBe('SCOPES_MISSING');
    expect(apiError.disposition).toBe('fatal');
    expect(apiError.zoomMessage).toBe(
      'Invalid access token, does not contain scopes:[contact_center:read:outbound_campaign_contactlist:admin, contact_center_outbound_campaign_contactlist:read:admin].',
    );
    expect(apiError.message).toContain('Manage → your app → Scopes');
    expect(emulator.stats().total).toBe(1);
    expect(emulator.stats().tokenFetches).toBe(1);
  });

  it('stops a run that meets a 4711 with exit 1, one message, no row rejected, one token', async () => {
    emulator = await startEmulator({ seed: 5, scopes: scopesFor('address-book', { book: 'x', file: 'f.csv' }, 'classic').filter((s) => !s.includes(':write:')) });
    bookWith(emulator);
    // A token endpoint that claims every scope (the check before the run passes) for the emulator's
    // own token: Zoom's answer to the write is what refuses it.
    const target = emulator;
    const claiming = await hostileHttp((req, res) => {
      void fetch(`${target.oauthUrl}${req.url?.replace(/^[^?]*/, '') ?? ''}`, { method: 'POST', headers: { authorization: req.headers.authorization ?? '' } })
        .then((answer) => answer.json() as Promise<Record<string, unknown>>)
        .then((token) => json(res, 200, { ...token, scope: everySpecScope().join(' ') }));
    });
    try {
      const dir = tempDir();
      const env = { ...envFor(emulator), ZOOM_OAUTH_URL: `${claiming.url}/oauth/token` };
      const run = await runCli(['import', 'address-book', writeFile(dir, 'in.csv', csv), '--book', 'Customers', '--out', `${dir}/out`, '--quiet', '--lanes', 'batch'], { env });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('code 4711');
      expect(run.stderr).toContain('Manage → your app → Scopes');
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(claiming.requests).toHaveLength(1);
      expect(emulator.stats().byStatus[401]).toBe(1);
      expect(existsSync(`${dir}/out/rejects.csv`) ? readCsv(`${dir}/out/rejects.csv`) : []).toEqual([]);
    } finally {
      await claiming.close();
    }
  });

  it('skips the check when the token response lists no scope: the run goes ahead, and Zoom\'s 4711 is what stops a missing one', async () => {
    const readsOnly = scopesFor('address-book', { book: 'x', file: 'f.csv' }, 'classic').filter((s) => !s.includes(':write:'));
    for (const [scopes, expected] of [[undefined, 0], [readsOnly, 1]] as const) {
      emulator = await startEmulator({ seed: 6, ...(scopes === undefined ? {} : { scopes }) });
      bookWith(emulator);
      // A token endpoint that answers with the emulator's token, its `scope` left out.
      const target = emulator;
      const silent = await hostileHttp((req, res) => {
        void fetch(`${target.oauthUrl}${req.url?.replace(/^[^?]*/, '') ?? ''}`, { method: 'POST', headers: { authorization: req.headers.authorization ?? '' } })
          .then((answer) => answer.json() as Promise<Record<string, unknown>>)
          .then(({ scope: _scope, ...token }) => json(res, 200, token));
      });
      try {
        const dir = tempDir();
        const env = { ...envFor(emulator), ZOOM_OAUTH_URL: `${silent.url}/oauth/token` };
        const run = await runCli(['import', 'address-book', writeFile(dir, 'in.csv', csv), '--book', 'Customers', '--out', `${dir}/out`, '--quiet', '--lanes', 'batch'], { env });
        expect(run.code).toBe(expected);
        // Not refused before the first request: the book was looked up either way.
        expect(emulator.stats().total).toBeGreaterThan(0);
        if (expected === 0) {
          expect(run.stderr).toBe('');
          expect(emulator.store.bookContactsById.size).toBe(2);
        } else {
          expect(run.stderr).toContain('code 4711');
          expect(run.stderr).not.toContain('Nothing was sent');
          expect(emulator.stats().byStatus[401]).toBe(1);
          expect(emulator.store.bookContactsById.size).toBe(0);
        }
      } finally {
        await silent.close();
        await emulator.close();
        emulator = undefined;
      }
    }
  });
});
