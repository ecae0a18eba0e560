import { afterEach, describe, expect, it } from 'vitest';
import { CcbulkError, dispositionOf } from '../../src/errors.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { hostileHttp, json, type HostileHttp } from '../support/hostile-http.js';

async function thrown(promise: Promise<unknown>): Promise<CcbulkError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CcbulkError) return error;
    throw error;
  }
  throw new Error('expected a CcbulkError');
}

describe('redirects', () => {
  const servers: HostileHttp[] = [];
  let client: ContactCenterClient | undefined;
  afterEach(async () => {
    await client?.close();
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  async function elsewhere(): Promise<HostileHttp> {
    const server = await hostileHttp((_req, res) => json(res, 200, { access_token: 'stolen', expires_in: 3600, unit_id: 'u' }));
    servers.push(server);
    return server;
  }

  it('are not followed on API requests, and the error names only the Location origin', async () => {
    const other = await elsewhere();
    const api = await hostileHttp((req, res) => {
      if (req.url?.startsWith('/oauth/token')) return json(res, 200, { access_token: 'tok-1234567890', expires_in: 3600 });
      res.writeHead(307, { location: `${other.url}/v2/contact_center/address_books/units?secret=q-value` });
      res.end();
    });
    servers.push(api);
    client = new ContactCenterClient(
      { accountId: 'a', clientId: 'c', clientSecret: 's', apiUrl: `${api.url}/v2`, oauthUrl: `${api.url}/oauth/token` },
      { maxRetries: 0 },
    );
    const error = await thrown(client.createUnit({ unit_name: 'Contact data' }));
    expect(error.message).toContain(`redirected (307) to ${other.url}`);
    expect(error.message).toContain('ZOOM_API_URL');
    expect(error.message).not.toContain('q-value');
    expect(dispositionOf(error)).toBe('fatal');
    expect(other.requests).toEqual([]);
  });

  it('are not followed on OAuth token requests', async () => {
    const other = await elsewhere();
    const oauth = await hostileHttp((_req, res) => {
      res.writeHead(302, { location: `${other.url}/collect?x=1` });
      res.end();
    });
    servers.push(oauth);
    client = new ContactCenterClient(
      { accountId: 'a', clientId: 'c', clientSecret: 's', apiUrl: `${oauth.url}/v2`, oauthUrl: `${oauth.url}/oauth/token` },
      { maxRetries: 0 },
    );
    const error = await thrown(client.createUnit({ unit_name: 'U' }));
    expect(error.message).toMatch(new RegExp(`OAuth token request .* redirected \\(302\\) to ${other.url}.*ZOOM_OAUTH_URL`));
    expect(other.requests).toEqual([]);
  });
});
