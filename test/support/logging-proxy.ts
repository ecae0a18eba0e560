import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** What passed through the proxy: one line per tunnel or forwarded request. */
export interface ProxyLogEntry {
  readonly method: string;
  /** `host:port` of a CONNECT, or the absolute URL of a forwarded request. */
  readonly target: string;
  /** The Proxy-Authorization header it came with, if any. */
  readonly authorization: string | undefined;
}

/** A running proxy on loopback. */
export interface LoggingProxy {
  readonly url: string;
  readonly log: ProxyLogEntry[];
  close(): Promise<void>;
}

/**
 * A tiny HTTP proxy on loopback for tests: CONNECT tunnels (what undici's ProxyAgent uses, for
 * http targets too) and absolute-URL forwarding, each logged. It goes only where it is asked,
 * and the tests ask it only for loopback addresses.
 */
export async function startLoggingProxy(): Promise<LoggingProxy> {
  const log: ProxyLogEntry[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    log.push({ method: req.method ?? '', target: req.url ?? '', authorization: req.headers['proxy-authorization'] });
    const target = new URL(req.url ?? '');
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const upstream = httpRequest({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('connect', (req, client: Socket, head) => {
    log.push({ method: 'CONNECT', target: req.url ?? '', authorization: req.headers['proxy-authorization'] });
    const [host = '', port = '0'] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
