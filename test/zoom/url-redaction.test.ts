import { describe, expect, it } from 'vitest';
import { redisOption } from '../../src/cli/import-options.js';
import { CcbulkError } from '../../src/errors.js';
import { redactUrl, zoomConfigFromEnv } from '../../src/zoom/config.js';
import { describeRedisUrl } from '../../src/zoom/redis-connection.js';

const base = { ZOOM_ACCOUNT_ID: 'acc', ZOOM_CLIENT_ID: 'cid', ZOOM_CLIENT_SECRET: 's3cret-value' };

function configError(env: Record<string, string>): CcbulkError {
  try {
    zoomConfigFromEnv({ ...base, ...env });
  } catch (error) {
    if (error instanceof CcbulkError) return error;
    throw error;
  }
  throw new Error('expected a CcbulkError');
}

describe('URLs in messages', () => {
  it.each([
    ['redis://:pa/ss@redis.example:6379/0', 'pa/ss'],
    ['redis://user:p@ss/w@rd@redis.example:6379', 'ss/w'],
    ['rediss://admin:x/y@10.0.0.5', 'x/y'],
    ['redis://:hunter2@host', 'hunter2'],
  ])('never show the password of %s', (url, password) => {
    expect(redactUrl(url)).not.toContain(password);
    expect(describeRedisUrl(url)).not.toContain(password);
  });

  it('keep scheme, host and path of an ordinary URL', () => {
    expect(redactUrl('https://user:pw@api.example.com/v2?token=abc')).toBe('https://api.example.com/v2');
  });

  it('never echo a Redis password holding / in an option error', () => {
    const parsed = redisOption.safeParse('redis://:se/cret pass@host:6379');
    expect(parsed.success).toBe(false);
    const message = parsed.error!.issues.map((i) => i.message).join(' ');
    expect(message).toContain('Expected `--redis`');
    expect(message).not.toContain('se/cret');
    expect(message).not.toContain('pass');
  });

  it('refuse a user or password in ZOOM_API_URL and ZOOM_OAUTH_URL, without echoing it', () => {
    for (const variable of ['ZOOM_API_URL', 'ZOOM_OAUTH_URL']) {
      const error = configError({ [variable]: 'https://bob:pa/ss@api.example.com/v2' });
      expect(error.code).toBe('CONFIG_INVALID');
      expect(error.message).toContain(`Expected \`${variable}\` to be a URL without a user or password, got \`https://api.example.com/v2\``);
      expect(error.message).not.toContain('bob');
      expect(error.message).not.toContain('pa/ss');
    }
  });
});
