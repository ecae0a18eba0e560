import type { Command } from 'commander';
import { z } from 'zod';
import { DEMO_CREDENTIALS, type EmulatorOptions } from '../emulator/options.js';
import { startEmulator } from '../emulator/server.js';
import type { EmulatorStore } from '../emulator/store.js';
import { isLoopbackInterface } from '../emulator/request-guards.js';
import { RATE_LABELS, type RateLabel } from '../zoom/rate-plans.js';
import { clientForEmulator, createDemoData, DEMO_NAMES } from './demo-run.js';
import { intOption, optionalIntOption, parseOptions, shareOption } from './options.js';

/** The port `ccbulk emulator` listens on unless told otherwise (Prism's 4010 stays free). */
export const DEFAULT_EMULATOR_PORT = 4020;

/** The raw option texts commander hands over. */
interface RawOptions {
  port?: string;
  host?: string;
  accountId?: string;
  clientId?: string;
  clientSecret?: string;
  secretFromEnv?: boolean;
  tokenTtl?: string;
  plan?: string;
  rate?: string[];
  rateHeaders?: boolean;
  concurrencyLimit?: string;
  latency?: string;
  jitter?: string;
  errorRate?: string;
  resetBeforeRate?: string;
  resetAfterRate?: string;
  rateLimitRate?: string;
  backgroundLoad?: string[];
  dailyLimit?: string[];
  forceDailyLimit?: boolean;
  seed?: string;
  demoData?: boolean;
  scopes?: string;
  listLimit?: string;
}

function perLabel(flag: string, parse: (value: string) => number | undefined, what: string) {
  return z.array(z.string()).transform((entries, ctx) => {
    const out: Partial<Record<RateLabel, number>> = {};
    for (const entry of entries) {
      const [label, value = ''] = entry.split('=');
      const upper = (label ?? '').toUpperCase() as RateLabel;
      const parsed = parse(value);
      if (!RATE_LABELS.includes(upper) || parsed === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `Expected \`${flag}\` to be LABEL=${what} with LABEL one of ${RATE_LABELS.join(', ')}, got \`${entry}\``,
        });
        return z.NEVER;
      }
      out[upper] = parsed;
    }
    return out;
  });
}

/** The options of `ccbulk emulator`, checked once here and read-only after. */
const emulatorCommandSchema = z.object({
  /** Port to listen on. Default 4020. */
  port: intOption('--port', 0, 65535, DEFAULT_EMULATOR_PORT),
  /** Interface to listen on. Default 127.0.0.1. */
  host: z.string().min(1, 'Expected `--host` to be a host name or address, got ``').prefault('127.0.0.1'),
  /** Credentials the emulator accepts. Default ZOOM_ACCOUNT_ID/ZOOM_CLIENT_ID, else the demo ones; the secret is the demo one unless --client-secret or --secret-from-env. */
  accountId: z.string().min(1, 'Expected `--account-id` to be an account id, got ``'),
  clientId: z.string().min(1, 'Expected `--client-id` to be a client id, got ``'),
  clientSecret: z.string().min(1, 'Expected `--client-secret` to be a client secret, got ``'),
  /** Access token lifetime in seconds. Default 3600. */
  tokenTtl: intOption('--token-ttl', 1, 86_400, 3600),
  /** Rate plan. Default business. */
  plan: z
    .string()
    .transform((plan, ctx) => {
      if (plan === 'pro' || plan === 'business') return plan;
      ctx.addIssue({ code: 'custom', message: `Expected \`--plan\` to be pro or business, got \`${plan}\`` });
      return z.NEVER;
    })
    .prefault('business'),
  /** Per-second limits per label replacing the plan's (`--rate MEDIUM=35`, repeatable). Default the plan's. */
  rate: perLabel(
    '--rate',
    (v) => (v.trim() !== '' && Number.isFinite(Number(v)) && Number(v) > 0 && Number(v) <= 10_000 ? Number(v) : undefined),
    'requests per second above 0',
  ).prefault([]),
  /** X-RateLimit-* headers on successful answers too. Default false. */
  rateHeaders: z.boolean().default(false),
  /** Requests at once one resource takes before answering 429 "Too many concurrent requests"; 0 for no limit. Default 0. */
  concurrencyLimit: intOption('--concurrency-limit', 0, 1000, 0),
  /** Added latency in ms. Default 0. */
  latency: intOption('--latency', 0, 600_000, 0),
  /** Uniform jitter in ms on top of the latency. Default 0. */
  jitter: intOption('--jitter', 0, 600_000, 0),
  /** Share of requests answered 5xx. Default 0. */
  errorRate: shareOption('--error-rate', 0),
  /** Share of connections reset before the request is applied. Default 0. */
  resetBeforeRate: shareOption('--reset-before-rate', 0),
  /** Share of connections reset after the request is applied. Default 0. */
  resetAfterRate: shareOption('--reset-after-rate', 0),
  /** Share of requests answered with an injected 429. Default 0. */
  rateLimitRate: shareOption('--rate-limit-rate', 0),
  /** Share of a label's quota used by another app, per label. Default none. */
  backgroundLoad: perLabel(
    '--background-load',
    (v) => (v.trim() !== '' && Number(v) >= 0 && Number(v) <= 1 ? Number(v) : undefined),
    'share from 0 to 1',
  ).prefault([]),
  /** Requests per UTC day per label. Default none. */
  dailyLimit: perLabel('--daily-limit', (v) => (/^\d+$/.test(v) ? Number(v) : undefined), 'a whole number').prefault([]),
  /** Answer every request with the daily-limit 429. Default false. */
  forceDailyLimit: z.boolean().default(false),
  /** Seed of all randomness. Default random. */
  seed: optionalIntOption('--seed', 0, 2 ** 31 - 1),
  /** Start with the demo's unit and address book. Default false. */
  demoData: z.boolean().default(false),
  /** The scopes tokens carry, comma- or space-separated. Default every scope the spec names. */
  scopes: z
    .string()
    .transform((text, ctx) => {
      const scopes = text.split(/[\s,]+/).filter((s) => s !== '');
      if (scopes.length > 0) return scopes;
      ctx.addIssue({ code: 'custom', message: `Expected \`--scopes\` to be a list of scopes separated by commas or spaces, got \`${text}\`` });
      return z.NEVER;
    })
    .optional(),
  /** Most contacts per campaign contact list (past it: 5004). Default no limit. */
  listLimit: optionalIntOption('--list-limit', 0, 10_000_000),
});

/** The checked options of `ccbulk emulator`. */
export type EmulatorCommandOptions = Readonly<z.infer<typeof emulatorCommandSchema>>;

/**
 * Checks the raw options of `ccbulk emulator`, filling credentials from ZOOM_ACCOUNT_ID,
 * ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET, else the demo ones. Throws an OPTION_INVALID error naming the option.
 */
export function parseEmulatorCommandOptions(raw: RawOptions, env: NodeJS.ProcessEnv = process.env): EmulatorCommandOptions {
  const options = parseOptions(emulatorCommandSchema, {
    ...raw,
    // An empty variable counts as unset, as shells make it easy to export one by accident.
    accountId: raw.accountId ?? (env['ZOOM_ACCOUNT_ID'] || DEMO_CREDENTIALS.accountId),
    clientId: raw.clientId ?? (env['ZOOM_CLIENT_ID'] || DEMO_CREDENTIALS.clientId),
    // The environment's secret may be a real app's: taken only when asked (`--secret-from-env`).
    clientSecret: raw.clientSecret ?? ((raw.secretFromEnv === true && env['ZOOM_CLIENT_SECRET']) || DEMO_CREDENTIALS.clientSecret),
  });
  return Object.freeze(options);
}

/** The emulator options the command's options stand for. */
export function emulatorOptionsOf(options: EmulatorCommandOptions): EmulatorOptions {
  return {
    host: options.host,
    port: options.port,
    accountId: options.accountId,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    tokenTtlSeconds: options.tokenTtl,
    plan: options.plan,
    limits: options.rate,
    rateHeaders: options.rateHeaders,
    dailyLimits: options.dailyLimit,
    seed: options.seed,
    ...(options.scopes === undefined ? {} : { scopes: options.scopes }),
    ...(options.listLimit === undefined ? {} : { listContactLimit: options.listLimit }),
    faults: {
      latencyMs: options.latency,
      jitterMs: options.jitter,
      errorRate: options.errorRate,
      resetBeforeRate: options.resetBeforeRate,
      resetAfterRate: options.resetAfterRate,
      rateLimitRate: options.rateLimitRate,
      concurrencyLimit: options.concurrencyLimit,
      backgroundLoad: options.backgroundLoad,
      forceDailyLimit: options.forceDailyLimit,
    },
  };
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Adds `ccbulk emulator`: runs the local Zoom emulator until SIGINT or SIGTERM. */
export function registerEmulatorCommand(program: Command): void {
  program
    .command('emulator')
    .description('Run a local Zoom Contact Center emulator (OAuth, contacts, rate limits, faults)')
    .option('--port <n>', `port to listen on (default ${DEFAULT_EMULATOR_PORT}; 0 picks a free one)`)
    .option('--host <host>', 'interface to listen on (default 127.0.0.1)')
    .option('--account-id <id>', 'account id to accept (default $ZOOM_ACCOUNT_ID, else demo-account)')
    .option('--client-id <id>', 'client id to accept (default $ZOOM_CLIENT_ID, else demo-client)')
    .option('--client-secret <secret>', 'client secret to accept (default demo-secret)')
    .option('--secret-from-env', 'accept $ZOOM_CLIENT_SECRET as the client secret')
    .option('--token-ttl <seconds>', 'access token lifetime (default 3600)')
    .option('--plan <plan>', 'rate plan: pro or business (default business)')
    .option('--rate <LABEL=n>', "per-second limit of a label replacing the plan's, e.g. MEDIUM=35 (repeatable)", collect)
    .option('--rate-headers', 'send X-RateLimit-Limit/-Remaining on successful answers too (429s always carry them)')
    .option('--concurrency-limit <n>', 'requests at once one resource takes; more are answered 429 "Too many concurrent requests" (default 0: no limit)')
    .option('--latency <ms>', 'added latency per request (default 0)')
    .option('--jitter <ms>', 'uniform random latency on top (default 0)')
    .option('--error-rate <share>', 'share of requests answered 500/502/503 (default 0)')
    .option('--reset-before-rate <share>', 'share of connections reset before applying (default 0)')
    .option('--reset-after-rate <share>', 'share of connections reset after applying (default 0)')
    .option('--rate-limit-rate <share>', 'share of requests answered with an injected 429 (default 0)')
    .option('--background-load <LABEL=share>', 'quota share used by another app, e.g. MEDIUM=0.5 (repeatable)', collect)
    .option('--daily-limit <LABEL=n>', 'requests per UTC day for a label, e.g. HEAVY=1000 (repeatable)', collect)
    .option('--force-daily-limit', 'answer every request with the daily-limit 429')
    .option('--seed <n>', 'seed of all randomness (ids, tokens, faults)')
    .option('--scopes <list>', "scopes the tokens carry, comma-separated; other operations answer 401 code 4711 (default every scope of the spec)")
    .option('--list-limit <n>', 'most contacts a campaign contact list holds; an insert past it answers 400 code 5004 (default no limit)')
    .option('--demo-data', `start with the demo's unit '${DEMO_NAMES.unit}' and empty address book '${DEMO_NAMES.addressBook}'`)
    .action(async (raw: RawOptions) => {
      const options = parseEmulatorCommandOptions(raw);
      if (!isLoopbackInterface(options.host)) {
        process.stderr.write(`ccbulk: warning: --host ${options.host} makes the emulator (and its admin endpoints) reachable from other machines\n`);
      }
      // Listen for the stop signals before anything is printed: a supervisor that reads the
      // banner and stops us at once must find the handlers in place.
      const stopped = new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      const store = options.demoData ? await demoStore(options) : undefined;
      const emulator = await startEmulator({ ...emulatorOptionsOf(options), ...(store ? { store } : {}), log: (line) => process.stderr.write(`${line}\n`) });
      const demoSecret = options.clientSecret === DEMO_CREDENTIALS.clientSecret;
      const lines = [
        `Zoom Contact Center emulator listening on ${emulator.baseUrl}`,
        `Admin (faults, stats, reset): ${emulator.adminUrl}/faults | /stats | /reset | /tokens/expire | /state`,
        '',
        'Point ccbulk at it with:',
        `  export ZOOM_API_URL=${emulator.apiUrl}`,
        `  export ZOOM_OAUTH_URL=${emulator.oauthUrl}`,
        `  export ZOOM_ACCOUNT_ID=${options.accountId}`,
        `  export ZOOM_CLIENT_ID=${options.clientId}`,
        // Only the demo secret is printed: a real one must not end up in a terminal log.
        demoSecret ? `  export ZOOM_CLIENT_SECRET=${options.clientSecret}` : '  (ZOOM_CLIENT_SECRET: the one you gave)',
        '',
        'Press Ctrl+C to stop.',
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
      await stopped;
      await emulator.close();
    });
}

/**
 * The demo's unit, address book and lists, made through the API of a set-up emulator of their own
 * (loopback, any free port, no faults, no quotas) and handed over as the account the real one
 * serves. Made through the real one, the set-up ran into the faults it was started with
 * (`--error-rate 1` retried for ever, `--force-daily-limit` refused it), and its requests used up
 * the user's daily quota and counted in the stats.
 */
async function demoStore(options: EmulatorCommandOptions): Promise<EmulatorStore> {
  const setUp = await startEmulator({
    host: '127.0.0.1',
    port: 0,
    accountId: options.accountId,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    seed: options.seed,
  });
  const client = clientForEmulator(setUp);
  try {
    await createDemoData(client);
  } finally {
    await client.close();
    await setUp.close();
  }
  return setUp.store;
}

