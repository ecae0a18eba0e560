import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RunningUi } from '../../src/ui/ui-server.js';

/** A session of `ccbulk ui` driven over its HTTP API, as the page drives it (its cookie, its origin, its content types). */
export interface UiSession {
  get(route: string): Promise<Response>;
  post(route: string, body: unknown): Promise<Response>;
  upload(file: string): Promise<Response>;
  /** Any request with the session's cookie and the page's origin, its own headers over them. */
  request(route: string, init: RequestInit & { headers?: Record<string, string> }): Promise<Response>;
}

/** Opens the one-time link and keeps the session cookie it sets. */
export async function openUiSession(ui: RunningUi): Promise<UiSession> {
  const first = await fetch(ui.url, { redirect: 'manual' });
  const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0]!;
  const headers = { cookie, origin: ui.origin };
  return {
    request: (route, init) => fetch(`${ui.origin}${route}`, { ...init, headers: { ...headers, ...init.headers } }),
    get: (route) => fetch(`${ui.origin}${route}`, { headers }),
    post: (route, body) => fetch(`${ui.origin}${route}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    upload: (file) =>
      fetch(`${ui.origin}/api/upload`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/octet-stream', 'x-ccbulk-upload': '1', 'x-file-name': encodeURIComponent(path.basename(file)) },
        body: readFileSync(file),
      }),
  };
}

/** Waits for a run started from the page to end (its view no longer says running); its view. */
export async function settledRun(session: UiSession, id: string, timeoutMs = 120_000): Promise<{ status: string; summary?: Record<string, unknown>; error?: string }> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const view = (await (await session.get(`/api/runs/${id}`)).json()) as { status: string; summary?: Record<string, unknown>; error?: string };
    if (view.status !== 'running') return view;
    if (Date.now() > until) throw new Error(`the run ${id} did not end in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
