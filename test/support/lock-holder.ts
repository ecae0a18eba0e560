import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { LockOwner } from '../../src/writers/lock-file.js';

const script = fileURLToPath(new URL('./hold-lock.mjs', import.meta.url));

/** What a child's attempt to take its lock came to. */
export type TakeResult =
  | { readonly won: true; readonly pid: number }
  | { readonly won: false; readonly message: string; readonly code?: string; readonly owner?: LockOwner };

/**
 * Another process that takes a lock (test/support/hold-lock.mjs, running the built modules in
 * dist/): a real pid, which a real SIGKILL really ends.
 */
export class LockHolder {
  private readonly lines: string[] = [];
  private readonly waiters: (() => void)[] = [];
  private readonly exited: Promise<unknown>;

  private constructor(private readonly child: ChildProcessByStdio<Writable, Readable, null>) {
    this.exited = once(child, 'exit');
    createInterface({ input: child.stdout }).on('line', (line) => {
      this.lines.push(line);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** Starts `node hold-lock.mjs <args>` and resolves once it has loaded. */
  static async start(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<LockHolder> {
    const child = spawn(process.execPath, [script, ...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
    const holder = new LockHolder(child);
    await holder.line((line) => line === 'ready');
    return holder;
  }

  /** The child's pid. */
  get pid(): number {
    return this.child.pid!;
  }

  /** Tells it to take its lock; resolves with what came of it. */
  async take(): Promise<TakeResult> {
    this.child.stdin.write('go\n');
    return JSON.parse(await this.line((line) => line.startsWith('{"won"'))) as TakeResult;
  }

  /** Resolves with the message once the child says its lock was lost. */
  async lost(): Promise<string> {
    return (JSON.parse(await this.line((line) => line.startsWith('{"lost"'))) as { lost: string }).lost;
  }

  /** Tells it to release its lock, and waits until it has. */
  async release(): Promise<void> {
    this.child.stdin.write('release\n');
    await this.line((line) => line === 'released');
  }

  /** Tells it to exit at once, without releasing, and waits until it has. */
  async exitWithoutRelease(): Promise<void> {
    this.child.stdin.write('exit\n');
    await this.exited;
  }

  /** Kills it with SIGKILL (no exit handler runs) and waits until it is gone. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** Closes its stdin (it releases and exits) and waits until it is gone. */
  async end(): Promise<void> {
    this.child.stdin.end();
    await this.exited;
  }

  /** The first line (taken off the queue) that `matches`, waiting for it if need be. */
  private async line(matches: (line: string) => boolean): Promise<string> {
    for (;;) {
      const index = this.lines.findIndex(matches);
      if (index >= 0) return this.lines.splice(index, 1)[0]!;
      if (this.child.exitCode !== null || this.child.signalCode !== null) throw new Error(`the lock holder exited; it said: ${this.lines.join('\n')}`);
      await Promise.race([new Promise<void>((resolve) => this.waiters.push(resolve)), this.exited]);
    }
  }
}
