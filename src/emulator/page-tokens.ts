import type { Prng } from './prng.js';

interface PageCursor {
  readonly scope: string;
  readonly offset: number;
  readonly expiresAt: number;
}

/** Where a listing resumes, or why it cannot. */
export type CursorLookup = { ok: true; offset: number } | { ok: false };

/**
 * Opaque next_page_token values. Each is bound to one listing (operation, path ids and filters)
 * and expires after the spec's 15 minutes, so a client that sits on a token or reuses it for
 * another listing gets the same 400 it would from Zoom.
 */
export class PageTokens {
  private readonly cursors = new Map<string, PageCursor>();

  constructor(
    private readonly prng: Prng,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** A token that resumes `scope` at `offset`. */
  issue(scope: string, offset: number): string {
    const token = this.prng.id(32);
    this.cursors.set(token, { scope, offset, expiresAt: this.now() + this.ttlMs });
    return token;
  }

  /** Makes every token issued so far expired, as if the client had sat on each for 15 minutes. */
  expireAll(): void {
    this.cursors.clear();
  }

  /** The offset a token resumes at, if it is known, unexpired and for this listing. */
  resume(scope: string, token: string): CursorLookup {
    const cursor = this.cursors.get(token);
    if (!cursor || cursor.scope !== scope) return { ok: false };
    if (this.now() >= cursor.expiresAt) {
      this.cursors.delete(token);
      return { ok: false };
    }
    return { ok: true, offset: cursor.offset };
  }
}
