/**
 * Proves the Prism harness the contract suite relies on, against a tiny node:http upstream that
 * stands in for the emulator here only. The upstream answers whatever the test asks for, so each
 * test can put one kind of contract break on the wire and check that the harness reports it.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startPrismProxy, type PrismProxy } from '../support/prism.js';

interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

const token = 'Bearer test-token-123';

/** A body that matches GET /contact_center/address_books's 200 schema. */
const addressBooks = {
  page_size: 30,
  total_records: 1,
  address_books: [{ address_book_id: 'ab1', address_book_name: 'Customers', unit_id: 'u1', total_contacts: 0 }],
};

let reply: Reply = { status: 200, body: addressBooks };
const received: Received[] = [];

const upstream = http.createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => (body += chunk));
  req.on('end', () => {
    received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      ...(text ? { 'content-type': 'application/json' } : {}),
      ...reply.headers,
    });
    res.end(text);
  });
});

let prism: PrismProxy;

beforeAll(async () => {
  upstream.listen(0, '127.0.0.1');
  await once(upstream, 'listening');
  const { port } = upstream.address() as AddressInfo;
  prism = await startPrismProxy({ upstreamUrl: `http://127.0.0.1:${port}/v2` });
});

afterAll(async () => {
  await prism?.stop();
  upstream.close();
});

beforeEach(() => {
  prism.clearViolations();
  received.length = 0;
  reply = { status: 200, body: addressBooks };
});

function call(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${prism.url}${path}`, {
    method,
    headers: { authorization: token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

function contacts(count: number): { contacts: { display_name: string; emails: string[] }[] } {
  return {
    contacts: Array.from({ length: count }, (_, i) => ({ display_name: `Contact ${i}`, emails: [`c${i}@example.com`] })),
  };
}

describe('the Prism harness', () => {
  it('reports zero violations for a conforming exchange', async () => {
    const response = await call('GET', '/contact_center/address_books?unit_id=u1&page_size=300');

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(addressBooks);
    expect(prism.violations()).toEqual([]);
  });

  it('forwards to the upstream under its /v2 base path, with the Authorization header and body unchanged', async () => {
    reply = { status: 200, body: { contacts: [{ contact_id: 'c1', display_name: 'Contact 0' }] } };
    const response = await call('POST', '/contact_center/address_books/ab1/contacts/batch', contacts(1));

    expect(response.status).toBe(200);
    expect(received).toHaveLength(1);
    expect(received[0]?.url).toBe('/v2/contact_center/address_books/ab1/contacts/batch');
    expect(received[0]?.headers.authorization).toBe(token);
    expect(JSON.parse(received[0]?.body ?? '')).toEqual(contacts(1));
    expect(prism.violations()).toEqual([]);
  });

  it('reports a response body that violates the schema, with its method, path and location', async () => {
    reply = { status: 200, body: { ...addressBooks, address_books: [{ address_book_id: 42 }] } };
    const response = await call('GET', '/contact_center/address_books?unit_id=u1');

    expect(response.status).toBe(500);
    expect(prism.violations()).toEqual([
      expect.objectContaining({
        direction: 'response',
        severity: 'Error',
        method: 'GET',
        path: '/contact_center/address_books?unit_id=u1',
        location: ['response', 'body', 'address_books', '0', 'address_book_id'],
        code: 'type',
      }),
    ]);
  });

  it('reports a query parameter above its maximum without forwarding the request', async () => {
    const response = await call('GET', '/contact_center/address_books?unit_id=u1&page_size=301');

    expect(response.status).toBe(422);
    expect(received).toEqual([]);
    expect(prism.violations()).toEqual([
      expect.objectContaining({
        direction: 'request',
        severity: 'Error',
        location: ['request', 'query', 'page_size'],
        code: 'maximum',
        status: 422,
      }),
    ]);
  });

  it('reports a batch create with 11 contacts', async () => {
    const response = await call('POST', '/contact_center/address_books/ab1/contacts/batch', contacts(11));

    expect(response.status).toBe(422);
    expect(prism.violations()).toEqual([
      expect.objectContaining({
        direction: 'request',
        method: 'POST',
        path: '/contact_center/address_books/ab1/contacts/batch',
        location: ['request', 'body', 'contacts'],
        code: 'maxItems',
      }),
    ]);
  });

  it('reports a request without a Bearer token as a security violation', async () => {
    const response = await fetch(`${prism.url}/contact_center/address_books?unit_id=u1`);

    expect(response.status).toBe(401);
    expect(prism.violations()).toEqual([
      expect.objectContaining({ direction: 'request', code: 401, message: 'Invalid security scheme used' }),
    ]);
  });

  it('reports a path the spec does not have, such as one that repeats /v2', async () => {
    const response = await call('GET', '/v2/contact_center/address_books?unit_id=u1');

    expect(response.status).toBe(404);
    expect(prism.violations()).toEqual([
      expect.objectContaining({ direction: 'request', code: 'NO_PATH_MATCHED_ERROR' }),
    ]);
  });

  it('passes an undocumented 401 through and reports it only as a warning', async () => {
    // GET /contact_center/address_books documents 200, 400, 404 and 429 only.
    reply = { status: 401, body: { code: 124, message: 'Invalid access token.' } };
    const response = await call('GET', '/contact_center/address_books?unit_id=u1');

    expect(response.status).toBe(401);
    expect(prism.violations()).toEqual([
      expect.objectContaining({
        direction: 'response',
        severity: 'Warning',
        location: ['response'],
        message: expect.stringContaining('Unable to match the returned status code'),
      }),
    ]);
  });

  it('reports an undocumented 2xx status as an error', async () => {
    // DELETE /contact_center/address_books/{addressBookId} documents 204, not 200.
    reply = { status: 200, body: {} };
    const response = await call('DELETE', '/contact_center/address_books/ab1');

    expect(response.status).toBe(500);
    expect(prism.violations()).toEqual([
      expect.objectContaining({ direction: 'response', severity: 'Error', location: ['response'] }),
    ]);
  });

  it('passes a 429 with its rate-limit headers through untouched', async () => {
    reply = {
      status: 429,
      body: { code: 429, message: 'You have reached the maximum per-second rate limit.' },
      headers: { 'retry-after': '2', 'x-ratelimit-limit': '20', 'x-ratelimit-remaining': '0', 'x-ratelimit-type': 'QPS' },
    };
    const response = await call('GET', '/contact_center/address_books?unit_id=u1');

    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(response.headers.get('x-ratelimit-limit')).toBe('20');
    expect(response.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(response.headers.get('x-ratelimit-type')).toBe('QPS');
    expect(prism.violations()).toEqual([]);
  });

  it('does not validate the body of a documented status that has no schema', async () => {
    reply = { status: 400, body: 'not the usual {code, message} object' };
    const response = await call('GET', '/contact_center/address_books?unit_id=u1');

    expect(response.status).toBe(400);
    expect(prism.violations()).toEqual([]);
  });

  it('stops Prism and leaves no process behind', async () => {
    const pid = prism.pid;
    if (pid === undefined) throw new Error('prism was started without a process id');

    await prism.stop();

    // Signal 0 only checks that the process exists.
    expect(() => process.kill(pid, 0)).toThrow();
    await expect(fetch(`${prism.url}/contact_center/address_books?unit_id=u1`)).rejects.toThrow();
  });
});
