import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { call, createBook, token } from './http.js';

describe('the emulator pagination', () => {
  let emulator: RunningEmulator;
  afterEach(() => emulator.close());

  async function bookWith(count: number): Promise<{ accessToken: string; path: string }> {
    const accessToken = await token(emulator);
    const bookId = await createBook(emulator, accessToken);
    for (let start = 0; start < count; start += 10) {
      const batch = Array.from({ length: Math.min(10, count - start) }, (_, i) => ({
        display_name: `Contact ${start + i}`,
        emails: [`c${start + i}@example.com`],
      }));
      await call(emulator, accessToken, 'POST', `/contact_center/address_books/${bookId}/contacts/batch`, { contacts: batch });
    }
    return { accessToken, path: `/contact_center/address_books/${bookId}/contacts` };
  }

  it('walks every contact once, in creation order, and ends with an empty token', async () => {
    emulator = await startEmulator({ seed: 4, checkResponses: true });
    const { accessToken, path } = await bookWith(25);
    const names: string[] = [];
    let next = '';
    let pages = 0;
    do {
      const answer = await call(emulator, accessToken, 'GET', `${path}?page_size=10${next ? `&next_page_token=${next}` : ''}`);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ page_size: 10, total_records: 25 });
      names.push(...answer.body.contacts.map((c: { display_name: string }) => c.display_name));
      next = answer.body.next_page_token;
      pages++;
    } while (next !== '');
    expect(pages).toBe(3);
    expect(names).toEqual(Array.from({ length: 25 }, (_, i) => `Contact ${i}`));
  });

  it('uses the spec’s default page size and refuses one above its maximum', async () => {
    emulator = await startEmulator({ seed: 4 });
    const { accessToken, path } = await bookWith(31);
    const first = await call(emulator, accessToken, 'GET', path);
    expect(first.body.contacts).toHaveLength(30);
    const tooBig = await call(emulator, accessToken, 'GET', `${path}?page_size=301`);
    expect(tooBig.status).toBe(400);
    expect(tooBig.body).toEqual({ code: 300, message: 'Validation Failed.', errors: [{ field: 'page_size', message: 'must be <= 300' }] });
  });

  it('refuses a page token once it has expired', async () => {
    emulator = await startEmulator({ seed: 4, pageTokenTtlMs: 200 });
    const { accessToken, path } = await bookWith(3);
    const first = await call(emulator, accessToken, 'GET', `${path}?page_size=1`);
    await new Promise((resolve) => setTimeout(resolve, 250));
    const answer = await call(emulator, accessToken, 'GET', `${path}?page_size=1&next_page_token=${first.body.next_page_token}`);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ code: 300, message: 'The next page token is invalid or expired.' });
  });

  it('refuses a page token of another listing', async () => {
    emulator = await startEmulator({ seed: 4 });
    const { accessToken, path } = await bookWith(3);
    const first = await call(emulator, accessToken, 'GET', `${path}?page_size=1`);
    const answer = await call(emulator, accessToken, 'GET', `/contact_center/address_books/units?next_page_token=${first.body.next_page_token}`);
    expect(answer.status).toBe(400);
  });
});
