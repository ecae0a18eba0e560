import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/** Who a shared token belongs to: every field that decides which host it may be sent to and whose it is. */
export interface TokenOwner {
  readonly accountId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly apiUrl: string;
  readonly oauthUrl: string;
}

/**
 * The id under which a token is shared: a digest of account id, client id, OAuth URL and API URL.
 * Two workers share a token only when all four agree, so a worker pointed at another host (or
 * with another app's credentials) never picks up a token fetched for a different one. The secret
 * is not in the digest: the key derived from it protects the value instead (see `sealToken`).
 */
export function tokenKeyId(owner: TokenOwner): string {
  const identity = JSON.stringify(['ccbulk-token-v1', owner.accountId, owner.clientId, owner.oauthUrl, owner.apiUrl]);
  return createHash('sha256').update(identity).digest('hex').slice(0, 32);
}

/** AES-256 key derived from the client secret with HKDF-SHA256, salted with the key id. */
function keyFor(owner: TokenOwner, keyId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', owner.clientSecret, keyId, 'ccbulk shared oauth token', 32));
}

/**
 * `plaintext` encrypted with AES-256-GCM under a key only holders of the client secret can
 * derive, the key id bound in as associated data (a value copied under another id fails to
 * open). Result: `v1.<iv>.<tag>.<ciphertext>`, base64url.
 */
export function sealToken(owner: TokenOwner, keyId: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(owner, keyId), iv);
  cipher.setAAD(Buffer.from(keyId, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), data].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

/** The plaintext of a `sealToken` value, or undefined when it does not open with this owner's key. */
export function openToken(owner: TokenOwner, keyId: string, sealed: string): string | undefined {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== 'v1' || iv === undefined || tag === undefined || data === undefined) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(owner, keyId), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(keyId, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    // Another secret, a tampered value, or a truncated one: not a token this worker may use.
    return undefined;
  }
}
