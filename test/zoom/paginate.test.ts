import { describe, expect, it } from 'vitest';
import { paginate } from '../../src/zoom/paginate.js';

describe('paginate', () => {
  it('follows next_page_token until it is empty, fetching lazily', async () => {
    const pages: Record<string, { items: number[]; next_page_token: string }> = {
      start: { items: [1, 2], next_page_token: 'b' },
      b: { items: [3], next_page_token: 'c' },
      c: { items: [4, 5], next_page_token: '' },
    };
    const asked: (string | undefined)[] = [];
    const items = paginate(
      async (token) => {
        asked.push(token);
        return pages[token ?? 'start']!;
      },
      (page) => page.items,
    );
    const first = await items.next();
    expect(first.value).toBe(1);
    expect(asked).toEqual([undefined]);
    const rest: number[] = [];
    for await (const item of items) rest.push(item);
    expect(rest).toEqual([2, 3, 4, 5]);
    expect(asked).toEqual([undefined, 'b', 'c']);
  });

  it('with readAhead, asks for the next page while the consumer is still on this one', async () => {
    const pages: Record<string, { items: number[]; next_page_token: string }> = {
      start: { items: [1, 2], next_page_token: 'b' },
      b: { items: [3], next_page_token: '' },
    };
    const asked: (string | undefined)[] = [];
    const items = paginate(
      async (token) => {
        asked.push(token);
        return pages[token ?? 'start']!;
      },
      (page) => page.items,
      { readAhead: true },
    );
    expect((await items.next()).value).toBe(1);
    // Page b is already on its way before item 2 is taken.
    expect(asked).toEqual([undefined, 'b']);
    const rest: number[] = [];
    for await (const item of items) rest.push(item);
    expect(rest).toEqual([2, 3]);
    expect(asked).toEqual([undefined, 'b']);
  });

  it('with readAhead, a failing page surfaces where the consumer reaches it, not before', async () => {
    const items = paginate(
      async (token) => {
        if (token === 'b') throw new Error('page b failed');
        return { items: [1, 2], next_page_token: 'b' };
      },
      (page) => page.items,
      { readAhead: true },
    );
    expect((await items.next()).value).toBe(1);
    expect((await items.next()).value).toBe(2);
    await expect(items.next()).rejects.toThrow('page b failed');
  });

  it('stops with an error when the API hands back a token it already gave', async () => {
    const items = paginate(async () => ({ items: [1], next_page_token: 'same' }), (page) => page.items);
    await expect(async () => {
      for await (const _ of items) void _;
    }).rejects.toThrow(/same next_page_token twice/);
  });
});
