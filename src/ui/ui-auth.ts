import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The session cookie's name. */
export const SESSION_COOKIE = 'ccbulk_session';

/** A random secret for URLs and cookies: 32 bytes, base64url. */
export function secret(): string {
  return randomBytes(32).toString('base64url');
}

/** Whether two secrets are equal, in constant time. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Who may use the UI: whoever opened the one-time URL printed at start. The URL's token is
 * spent on first use and exchanged for a session cookie (HttpOnly, SameSite=Strict), so the
 * token in a shell's history or a browser's address bar opens nothing later.
 */
export class UiAuth {
  private token: string | undefined = secret();
  private readonly sessions = new Set<string>();

  /** The one-time token for the start URL (undefined once spent). */
  get startToken(): string | undefined {
    return this.token;
  }

  /** Spends the start token: a new session id, or undefined if the token is wrong or spent. */
  redeem(token: string): string | undefined {
    if (this.token === undefined || !sameSecret(token, this.token)) return undefined;
    this.token = undefined;
    const session = secret();
    this.sessions.add(session);
    return session;
  }

  /** The request's session id, if its cookie names a live session. */
  sessionOf(request: IncomingMessage): string | undefined {
    const cookie = request.headers.cookie ?? '';
    for (const part of cookie.split(';')) {
      const [name, ...value] = part.trim().split('=');
      if (name !== SESSION_COOKIE) continue;
      const id = value.join('=');
      for (const session of this.sessions) if (sameSecret(id, session)) return session;
    }
    return undefined;
  }
}

/** The Set-Cookie header of a session. */
export function sessionCookie(session: string): string {
  return `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/`;
}

/**
 * Whether a request comes from the UI's own page: its Host is the server's own address (a
 * DNS-rebinding page has another), and a state-changing request carries the UI's JSON or upload
 * content type and, when the browser sends one, the server's own Origin. A cross-site form can
 * send neither the content type nor the header without a CORS preflight, which this server never
 * answers.
 */
export function sameOrigin(request: IncomingMessage, host: string): boolean {
  if (request.headers.host !== host) return false;
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) return false;
  if (request.method === 'GET' || request.method === 'HEAD') return true;
  if (request.method !== 'POST') return false;
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') return true;
  return type === 'application/octet-stream' && request.headers['x-ccbulk-upload'] === '1';
}
