import type { RunningEmulator } from '../../src/emulator/server.js';

/** An answer read whole: status, headers and the JSON body (undefined when empty). */
export interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

/** Fetches an access token the way a Server-to-Server OAuth app does. */
export async function fetchToken(
  emulator: RunningEmulator,
  credentials: { accountId?: string; clientId?: string; clientSecret?: string } = {},
): Promise<Answer> {
  const { accountId, clientId, clientSecret } = { ...emulator.credentials, ...credentials };
  const url = `${emulator.oauthUrl}?grant_type=account_credentials&account_id=${encodeURIComponent(accountId)}`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
  });
  return read(response);
}

/** A valid access token, or a thrown error. */
export async function token(emulator: RunningEmulator): Promise<string> {
  const answer = await fetchToken(emulator);
  if (answer.status !== 200) throw new Error(`token fetch failed: ${answer.status}`);
  return answer.body.access_token as string;
}

/** Calls `/v2` + path with a bearer token and an optional JSON body. */
export async function call(
  emulator: RunningEmulator,
  accessToken: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer> {
  const response = await fetch(`${emulator.apiUrl}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${accessToken}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return read(response);
}

async function read(response: Response): Promise<Answer> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
}

/** A unit and an address book in it, created through the API. */
export async function createBook(emulator: RunningEmulator, accessToken: string, name = 'Book'): Promise<string> {
  const unit = await call(emulator, accessToken, 'POST', '/contact_center/address_books/units', { unit_name: `${name} unit` });
  const book = await call(emulator, accessToken, 'POST', '/contact_center/address_books', {
    unit_id: unit.body.unit_id,
    address_book_name: name,
  });
  if (book.status !== 201) throw new Error(`address book creation failed: ${JSON.stringify(book.body)}`);
  return book.body.address_book_id as string;
}
