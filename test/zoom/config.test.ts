import { describe, expect, it } from 'vitest';
import { CcbulkError } from '../../src/errors.js';
import { DEFAULT_API_URL, DEFAULT_OAUTH_URL, zoomConfigFromEnv } from '../../src/zoom/config.js';

const base = { ZOOM_ACCOUNT_ID: 'acc', ZOOM_CLIENT_ID: 'cid', ZOOM_CLIENT_SECRET: 's3cret-value' };

function errorOf(fn: () => unknown): CcbulkError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CcbulkError) return error;
    throw error;
  }
  throw new Error('expected a CcbulkError');
}

describe('zoomConfigFromEnv', () => {
  it('reads credentials and defaults the URLs to Zoom', () => {
    expect(zoomConfigFromEnv(base)).toEqual({
      accountId: 'acc',
      clientId: 'cid',
      clientSecret: 's3cret-value',
      apiUrl: DEFAULT_API_URL,
      oauthUrl: DEFAULT_OAUTH_URL,
    });
  });

  it('accepts plain http on loopback and drops a trailing slash', () => {
    const config = zoomConfigFromEnv({ ...base, ZOOM_API_URL: 'http://127.0.0.1:4010/v2/', ZOOM_OAUTH_URL: 'http://localhost:4010/oauth/token' });
    expect(config.apiUrl).toBe('http://127.0.0.1:4010/v2');
    expect(config.oauthUrl).toBe('http://localhost:4010/oauth/token');
  });

  it('refuses plain http to a host that is not loopback', () => {
    const error = errorOf(() => zoomConfigFromEnv({ ...base, ZOOM_API_URL: 'http://api.example.com/v2' }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('Expected `ZOOM_API_URL` to be an https URL');
  });

  it('names every missing variable at once and never echoes the secret', () => {
    const error = errorOf(() => zoomConfigFromEnv({ ZOOM_CLIENT_SECRET: 's3cret-value' }));
    expect(error.message).toContain('`ZOOM_ACCOUNT_ID` is not set');
    expect(error.message).toContain('`ZOOM_CLIENT_ID` is not set');
    expect(error.message).not.toContain('s3cret-value');
  });

  it('resolves Zoom for Government hosts from ZOOM_CLOUD=gov, in any case', () => {
    for (const cloud of ['gov', 'GOV', ' gov ']) {
      const config = zoomConfigFromEnv({ ...base, ZOOM_CLOUD: cloud });
      expect(config.apiUrl).toBe('https://api.zoomgov.com/v2');
      expect(config.oauthUrl).toBe('https://zoomgov.com/oauth/token');
    }
    expect(zoomConfigFromEnv({ ...base, ZOOM_CLOUD: 'commercial' }).apiUrl).toBe(DEFAULT_API_URL);
  });

  it('lets an explicit ZOOM_API_URL or ZOOM_OAUTH_URL win over the cloud', () => {
    const config = zoomConfigFromEnv({ ...base, ZOOM_CLOUD: 'gov', ZOOM_API_URL: 'http://127.0.0.1:4020/v2' });
    expect(config.apiUrl).toBe('http://127.0.0.1:4020/v2');
    expect(config.oauthUrl).toBe('https://zoomgov.com/oauth/token');
  });

  it('refuses a ZOOM_CLOUD it does not know, naming the ones it does', () => {
    const error = errorOf(() => zoomConfigFromEnv({ ...base, ZOOM_CLOUD: 'govcloud' }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('Expected `ZOOM_CLOUD` to be one of commercial, gov, got `govcloud`');
  });
});
