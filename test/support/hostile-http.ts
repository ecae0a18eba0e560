import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/** A loopback HTTP server whose every answer a test writes: one that echoes, redirects or lies. */
export interface HostileHttp {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** Every request received, method and URL. */
  readonly requests: { readonly method: string; readonly url: string; readonly authorization: string | undefined }[];
  close(): Promise<void>;
}

/** Starts a {@link HostileHttp} that answers every request with `handle`. */
export async function hostileHttp(handle: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<HostileHttp> {
  const requests: HostileHttp['requests'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
      handle(req, res, Buffer.concat(chunks).toString('utf8'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes a JSON answer. */
export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
