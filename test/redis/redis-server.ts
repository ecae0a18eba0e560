import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

/**
 * Whether the Redis tests can run, and why not. They need `redis-server` (Debian's package of that
 * name). Locally they are skipped, with this reason, when it is not installed; in CI (CI=true) a
 * missing server is a failure, so the suite can never pass there without having run them.
 */
export function redisAvailability(): { readonly available: boolean; readonly reason: string } {
  const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (found.status === 0) return { available: true, reason: '' };
  const reason = 'redis-server is not installed (apt-get install redis-server); skipping the --redis tests';
  if (process.env.CI === 'true') throw new Error(`${reason.split(';')[0]}, and CI=true requires these tests to run`);
  return { available: false, reason };
}

/** A free loopback TCP port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A redis-server of the test's own on loopback, without persistence: a restart loses every key. */
export class RedisServer {
  private child: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  /** `redis://127.0.0.1:PORT`. */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts a server on a free port (or `port`) and resolves once it answers. */
  static async start(port?: number): Promise<RedisServer> {
    const server = new RedisServer(port ?? (await freePort()));
    await server.start();
    return server;
  }

  /** (Re)starts the server on its port. */
  async start(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    const until = Date.now() + 10_000;
    for (;;) {
      const client = new Redis(this.url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.ping();
        client.disconnect();
        return;
      } catch (error) {
        client.disconnect();
        if (Date.now() > until) throw error;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  /** Kills the server at once (SIGKILL: no goodbye to its clients) and waits for it to exit. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}
