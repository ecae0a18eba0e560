// The client's rate limiter with requests in flight beyond one (moved from
// test/zoom/rate-limiter.test.ts): 20 tasks of 300 ms at 40/s, timed with `maxInFlight` 16, and
// with 1 as the baseline (one at a time: about 6 s, latency capping the rate). The goal is the
// test's old bound, 1.5 s. Args: {maxInFlight}.
import { RateLimiter } from '../../dist/zoom/rate-limiter.js';
import { finish, taskArgs } from '../lib/child.mjs';

const { maxInFlight, tasks = 20, taskMs = 300 } = taskArgs();
const limiter = new RateLimiter({ limits: { LIGHT: 40, MEDIUM: 20, HEAVY: 10 }, maxInFlight });
const started = performance.now();
await Promise.all(
  Array.from({ length: tasks }, () => limiter.schedule('LIGHT', () => new Promise((resolve) => setTimeout(resolve, taskMs)))),
);
const elapsedMs = performance.now() - started;
await limiter.stop();
finish({ maxInFlight, tasks, taskMs, elapsedMs });
