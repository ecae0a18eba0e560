import { afterEach, describe, expect, it } from 'vitest';
import { CcbulkError } from '../../src/errors.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import type { ZoomConfig } from '../../src/zoom/config.js';
import { scrubSecrets } from '../../src/zoom/scrub-secrets.js';
import { hostileHttp, json, type HostileHttp } from '../support/hostile-http.js';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXRva2Vu.SIGNATURE-abcdefghijklmnop';
const SECRET = 'client-secret-value-42';
const BASIC = Buffer.from(`cid:${SECRET}`).toString('base64');

function configFor(server: HostileHttp): ZoomConfig {
  return { accountId: 'acc', clientId: 'cid', clientSecret: SECRET, apiUrl: `${server.url}/v2`, oauthUrl: `${server.url}/oauth/token` };
}

async function thrown(promise: Promise<unknown>): Promise<CcbulkError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CcbulkError) return error;
    throw error;
  }
  throw new Error('expected a CcbulkError');
}

function expectClean(text: string): void {
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain(BASIC);
  expect(text).not.toContain(SECRET);
}

describe('secrets echoed by a server', () => {
  let server: HostileHttp | undefined;
  let client: ContactCenterClient | undefined;
  afterEach(async () => {
    await client?.close();
    await server?.close();
  });

  /** A server that issues TOKEN and answers every API request with what `api` says, echoing headers. */
  async function echoing(api: (authorization: string) => { status: number; body: unknown }): Promise<ContactCenterClient> {
    server = await hostileHttp((req, res) => {
      if (req.url?.startsWith('/oauth/token')) return json(res, 200, { access_token: TOKEN, expires_in: 3600 });
      const answer = api(req.headers.authorization ?? '');
      json(res, answer.status, answer.body);
    });
    client = new ContactCenterClient(configFor(server), { maxRetries: 0, backoffBaseMs: 1 });
    return client;
  }

  it('never puts the bearer token of an API error that echoes the Authorization header into the error', async () => {
    const c = await echoing((authorization) => ({
      status: 400,
      body: {
        code: 300,
        message: `Bad request. Headers: {"authorization":"${authorization}"}`,
        errors: [{ field: authorization, message: `you sent ${authorization}` }],
      },
    }));
    const error = await thrown(c.createUnit({ unit_name: 'U' }));
    expect(error.code).toBe('API_ERROR');
    expect(error.message).toContain('Bearer ***');
    expectClean(error.message);
    expectClean(JSON.stringify(error));
    expectClean(JSON.stringify((error as unknown as { body: unknown }).body));
  });

  it('takes the token out of the refused items of a batch answer, whose messages become reasons', async () => {
    const c = await echoing((authorization) => ({
      status: 200,
      body: { contacts: [], invalid_contacts: [{ display_name: 'A', phone_numbers: [], emails: [], error_messages: [`rejected ${authorization}`] }] },
    }));
    const result = await c.batchCreateAddressBookContacts('book', [{ display_name: 'A', phone_numbers: ['+12127364410'] } as never]);
    expectClean(JSON.stringify(result));
  });

  it('cuts a long server message', async () => {
    const c = await echoing(() => ({ status: 404, body: { code: 1, message: 'x'.repeat(100_000) } }));
    const error = await thrown(c.createUnit({ unit_name: 'U' }));
    expect(error.message.length).toBeLessThan(1000);
  });

  it('never puts the Basic client credentials an OAuth error echoes into the error', async () => {
    server = await hostileHttp((req, res) =>
      json(res, 401, { reason: `invalid client ${req.headers.authorization} (secret ${SECRET})`, error: 'invalid_client' }),
    );
    client = new ContactCenterClient(configFor(server), { maxRetries: 0, backoffBaseMs: 1 });
    const error = await thrown(client.createUnit({ unit_name: 'U' }));
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.message).toContain('invalid client');
    expectClean(error.message);
  });
});

describe('scrubSecrets', () => {
  it('replaces Bearer and Basic values whatever their case, and the secrets given', () => {
    expect(scrubSecrets(`a bearer ${TOKEN} b BASIC ${BASIC} c ${SECRET}`, [SECRET])).toBe('a bearer *** b BASIC *** c ***');
  });

  it('leaves an ordinary phrase that starts with Basic as it is', () => {
    expect(scrubSecrets('Basic Industries already exists')).toBe('Basic Industries already exists');
  });
});
