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

  it('stops with an error when the API hands back a token it already gave', async () => {
    const items = paginate(async () => ({ items: [1], next_page_token: 'same' }), (page) => page.items);
    await expect(async () => {
      for await (const _ of items) void _;
    }).rejects.toThrow(/same next_page_token twice/);
  });
});
