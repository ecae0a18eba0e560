import { randomBytes } from 'node:crypto';
import type { Prng } from './prng.js';

/** What a bearer token turned out to be. */
export type TokenState = 'valid' | 'expired' | 'unknown';

/**
 * The access tokens the emulator has issued. Expired tokens are remembered so they can be told
 * apart from tokens never issued, as Zoom's two 124 messages do.
 */
export class IssuedTokens {
  private readonly expiries = new Map<string, number>();
  /** Every token ever issued, also those forgotten by `invalidateOthers`. */
  private readonly everIssued: string[] = [];

  constructor(
    private readonly prng: Prng,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * A new token valid for `ttlSeconds`. With `invalidateOthers`, every earlier token stops
   * working, as Zoom has been seen to do when one account's tokens are fetched concurrently.
   */
  issue(ttlSeconds: number, invalidateOthers: boolean): string {
    if (invalidateOthers) this.expiries.clear();
    // From the CSPRNG, not the seeded one: a seed is printed and shared, and tokens must not be
    // guessable from it. (The seeded generator is kept for everything a test replays.)
    void this.prng;
    const token = `emu.${randomBytes(32).toString('base64url')}`;
    this.expiries.set(token, this.now() + ttlSeconds * 1000);
    this.everIssued.push(token);
    return token;
  }

  /** Whether a presented token is usable. */
  check(token: string): TokenState {
    const expiresAt = this.expiries.get(token);
    if (expiresAt === undefined) return 'unknown';
    return this.now() < expiresAt ? 'valid' : 'expired';
  }

  /** Every token issued so far, expired and invalidated ones included, oldest first. */
  issued(): string[] {
    return [...this.everIssued];
  }

  /** Makes every issued token expired, as if the clock had passed their TTL. */
  expireAll(): void {
    const now = this.now();
    for (const token of this.expiries.keys()) this.expiries.set(token, now);
  }
}
