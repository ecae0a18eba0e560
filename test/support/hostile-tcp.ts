import { createServer, connect, type Server, type Socket } from 'node:net';

/** A loopback TCP server under a test's control. */
export interface HostileTcp {
  readonly port: number;
  close(): Promise<void>;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (typeof address === 'object' && address) resolve(address.port);
      else reject(new Error('no port'));
    });
  });
}

function closer(server: Server, sockets: Set<Socket>): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
}

/** Accepts every connection, reads what is sent, and never answers: a partitioned or hung peer. */
export async function silentServer(): Promise<HostileTcp> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('data', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listen(server);
  return { port, close: closer(server, sockets) };
}

/** A TCP proxy to `targetPort` that can be frozen: connections stay open and nothing more passes. */
export interface FreezableProxy extends HostileTcp {
  /** From now on, bytes in either direction are swallowed and new connections are never forwarded. */
  freeze(): void;
}

/** Starts a {@link FreezableProxy} on loopback in front of `targetPort`. */
export async function freezableProxy(targetPort: number): Promise<FreezableProxy> {
  let frozen = false;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    client.on('error', () => undefined);
    client.on('close', () => sockets.delete(client));
    if (frozen) return;
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => sockets.delete(upstream));
    client.on('data', (chunk) => {
      if (!frozen) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (!frozen) client.write(chunk);
    });
    client.on('close', () => upstream.destroy());
  });
  const port = await listen(server);
  return { port, close: closer(server, sockets), freeze: () => void (frozen = true) };
}
