import { CcbulkError } from '../errors.js';
import { redactUrl, zoomConfigFromEnv, type ZoomConfig } from '../zoom/config.js';
import { operationTable, type OperationId } from '../zoom/generated/operations.js';
import { queryString } from '../zoom/http.js';
import { RATE_PLANS, type RateLabel } from '../zoom/rate-plans.js';
import { grants, scopesOf } from '../zoom/scopes.js';
import { TokenProvider } from '../zoom/token-provider.js';
import { everyOperationOf, JOB_NAMES } from './jobs.js';

/** One check's verdict. */
export type DoctorStatus = 'ok' | 'warn' | 'fail' | 'skipped';

/** Where a setting came from; never its value when it is a secret. */
export interface SettingSource {
  readonly name: string;
  /** `environment variable ZOOM_CLIENT_ID`, `default`, `ZOOM_CLOUD=gov`. */
  readonly from: string;
  /** The value, for settings that are not secret; undefined for secrets and unset ones. */
  readonly value?: string | undefined;
}

/** One scope row: a job's operation, the scopes that grant it, and whether the token has one. */
export interface ScopeRow {
  readonly job: string;
  readonly operation: OperationId;
  readonly granular: readonly string[];
  readonly classic: readonly string[];
  /** `present`, `missing`, or `unknown` when the token response said nothing of scopes. */
  readonly state: 'present' | 'missing' | 'unknown';
}

/** One read of a kind of target, and what its answer said. */
export interface ReadCheck {
  readonly target: 'address books' | 'campaign contact lists' | 'DNC lists';
  readonly operation: OperationId;
  readonly status: DoctorStatus;
  readonly detail: string;
  /** The X-RateLimit-* headers of the answer, as sent. */
  readonly rateLimit: Readonly<Record<string, string>>;
}

/** What `ccbulk doctor` found: what a person pastes into a support ticket. No secret is in it. */
export interface DoctorReport {
  readonly ok: boolean;
  readonly settings: readonly SettingSource[];
  readonly node: { readonly version: string; readonly status: DoctorStatus; readonly detail: string };
  readonly oauth: { readonly url: string; readonly status: DoctorStatus; readonly detail: string };
  readonly scopes: readonly ScopeRow[];
  readonly reads: readonly ReadCheck[];
  readonly plan: { readonly status: DoctorStatus; readonly detail: string };
  readonly clock: { readonly status: DoctorStatus; readonly detail: string; readonly skewSeconds?: number | undefined };
  readonly proxy: { readonly status: DoctorStatus; readonly detail: string };
}

/** Node's release lines and their end of life (nodejs.org/en/about/previous-releases). */
const NODE_END_OF_LIFE: Readonly<Record<number, string>> = { 18: '2025-04-30', 20: '2026-04-30', 22: '2027-04-30', 24: '2028-04-30' };

/** Clock skew past which tokens and `Retry-After` times are misread, seconds. */
const MAX_SKEW_SECONDS = 30;

/** Where each setting came from: a variable's name, or the default; secrets without their values. */
export function settingSources(env: NodeJS.ProcessEnv): SettingSource[] {
  const set = (name: string) => (env[name] ?? '').trim() !== '';
  const from = (name: string) => (set(name) ? `environment variable ${name}` : 'not set');
  const cloud = (env.ZOOM_CLOUD ?? '').trim().toLowerCase() || 'commercial';
  const url = (name: string) => (set(name) ? { from: `environment variable ${name}`, value: redactUrl(env[name]!.trim()) } : { from: cloud === 'gov' ? 'ZOOM_CLOUD=gov' : 'default' });
  return [
    { name: 'ZOOM_ACCOUNT_ID', from: from('ZOOM_ACCOUNT_ID'), value: set('ZOOM_ACCOUNT_ID') ? env.ZOOM_ACCOUNT_ID!.trim() : undefined },
    { name: 'ZOOM_CLIENT_ID', from: from('ZOOM_CLIENT_ID'), value: set('ZOOM_CLIENT_ID') ? env.ZOOM_CLIENT_ID!.trim() : undefined },
    // Never its value: only that it is set.
    { name: 'ZOOM_CLIENT_SECRET', from: from('ZOOM_CLIENT_SECRET') },
    { name: 'ZOOM_CLOUD', from: set('ZOOM_CLOUD') ? 'environment variable ZOOM_CLOUD' : 'default', value: cloud },
    { name: 'ZOOM_API_URL', ...url('ZOOM_API_URL') },
    { name: 'ZOOM_OAUTH_URL', ...url('ZOOM_OAUTH_URL') },
  ];
}

/** Whether the running Node is past its end of life on `now`. */
export function nodeCheck(version: string, now: Date): DoctorReport['node'] {
  const major = Number(/^v?(\d+)/.exec(version)?.[1]);
  const eol = NODE_END_OF_LIFE[major];
  if (eol === undefined) return { version, status: 'ok', detail: `Node ${version}` };
  if (now.getTime() > Date.parse(`${eol}T23:59:59Z`)) {
    return { version, status: 'warn', detail: `Node ${version}: Node ${major} reached its end of life on ${eol} and gets no security fixes; use Node 22 or 24` };
  }
  return { version, status: 'ok', detail: `Node ${version}, supported until ${eol}` };
}

/** The proxy the environment names, host only (never a user or password). */
export function proxyCheck(env: NodeJS.ProcessEnv): DoctorReport['proxy'] {
  for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']) {
    const value = env[name]?.trim();
    if (!value) continue;
    let host: string;
    try {
      host = new URL(value).host;
    } catch {
      host = redactUrl(value);
    }
    return { status: 'ok', detail: `${name} names a proxy at ${host}` };
  }
  return { status: 'ok', detail: 'no HTTPS_PROXY or HTTP_PROXY: direct connections' };
}

/** What an answer's X-RateLimit-Limit says of the plan, for its label. */
function planOf(label: RateLabel, limit: string | undefined): string | undefined {
  if (limit === undefined || !/^\d+$/.test(limit)) return undefined;
  const n = Number(limit);
  const plans = Object.entries(RATE_PLANS).filter(([, limits]) => limits[label] === n).map(([plan]) => plan);
  return plans.length > 0
    ? `X-RateLimit-Limit ${n} for ${label} is the ${plans.join(' or ')} plan's per-second limit (\`--plan ${plans[0]}\`)`
    : `X-RateLimit-Limit ${n} for ${label} matches no plan ccbulk knows (pro ${RATE_PLANS.pro[label]}, business ${RATE_PLANS.business[label]}): Zoom's limits may have changed, or it describes another bucket`;
}

/**
 * Runs every check of `ccbulk doctor`: settings, Node, OAuth, scopes per job, one read of each
 * kind of target with the rate-limit headers and clock skew it shows, and the proxy. Its own
 * requests go to Zoom directly (not through the client's limiter): it wants each answer's headers
 * as sent, and makes four requests at most.
 */
export async function runDoctor(env: NodeJS.ProcessEnv = process.env, now: () => Date = () => new Date()): Promise<DoctorReport> {
  const settings = settingSources(env);
  const node = nodeCheck(process.version, now());
  const proxy = proxyCheck(env);
  let config: ZoomConfig;
  try {
    config = zoomConfigFromEnv(env);
  } catch (error) {
    const detail = error instanceof CcbulkError ? error.message : String(error);
    return skippedAfter(settings, node, proxy, { url: '', status: 'fail', detail });
  }
  const tokens = new TokenProvider(config, { maxAttempts: 1, timeoutMs: 15_000 });
  let token: string;
  let granted: ReadonlySet<string> | undefined;
  const oauthUrl = redactUrl(config.oauthUrl);
  try {
    token = await tokens.token();
    granted = await tokens.grantedScopes();
  } catch (error) {
    return skippedAfter(settings, node, proxy, { url: oauthUrl, status: 'fail', detail: error instanceof Error ? error.message : String(error) });
  }
  const oauth = { url: oauthUrl, status: 'ok' as const, detail: granted === undefined ? 'token obtained; its answer lists no scopes' : `token obtained with ${granted.size} scopes` };

  const scopes: ScopeRow[] = [];
  for (const job of JOB_NAMES) {
    for (const operation of everyOperationOf(job)) {
      const { granular, classic } = scopesOf(operation);
      scopes.push({ job, operation, granular, classic, state: granted === undefined ? 'unknown' : grants(granted, scopesOf(operation)) ? 'present' : 'missing' });
    }
  }

  const reads: ReadCheck[] = [];
  let skew: number | undefined;
  const read = async (target: ReadCheck['target'], operation: OperationId, query: Record<string, unknown>, count: (body: Record<string, unknown>) => string) => {
    const url = config.apiUrl + operationTable[operation].path + queryString(query);
    try {
      const answer = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, redirect: 'manual', signal: AbortSignal.timeout(15_000) });
      const body = (await answer.json().catch(() => ({}))) as Record<string, unknown>;
      const rateLimit = Object.fromEntries([...answer.headers].filter(([name]) => name.toLowerCase().startsWith('x-ratelimit-')));
      const date = answer.headers.get('date');
      if (date !== null && skew === undefined) skew = Math.round((now().getTime() - Date.parse(date)) / 1000);
      const said = typeof body.message === 'string' ? ` (${typeof body.code === 'number' ? `code ${body.code}: ` : ''}${body.message})` : '';
      reads.push(
        answer.ok
          ? { target, operation, status: 'ok', detail: count(body), rateLimit }
          : { target, operation, status: 'fail', detail: `answered ${answer.status}${said}`, rateLimit },
      );
      return answer.ok ? body : undefined;
    } catch (error) {
      reads.push({ target, operation, status: 'fail', detail: `no answer: ${error instanceof Error ? error.message : String(error)}`, rateLimit: {} });
      return undefined;
    }
  };
  const total = (what: string) => (body: Record<string, unknown>) => (typeof body.total_records === 'number' ? `${body.total_records} ${what}` : `read`);
  const units = await read('address books', 'listUnits', { page_size: 1 }, total('address book units'));
  const unitId = ((units?.units as { unit_id?: string }[] | undefined) ?? [])[0]?.unit_id;
  if (unitId !== undefined) {
    reads.pop();
    await read('address books', 'listAddressBooks', { unit_id: unitId, page_size: 1 }, total('address books in the first unit'));
  }
  await read('campaign contact lists', 'listCampaignContactLists', { contact_list_type: 'contact', page_size: 1 }, total('campaign contact lists'));
  await read('DNC lists', 'listCampaignContactLists', { contact_list_type: 'do_not_contact', page_size: 1 }, total('DNC lists'));

  const plans = reads.flatMap((r) => {
    const label = operationTable[r.operation].label as RateLabel;
    const limit = Object.entries(r.rateLimit).find(([name]) => name.toLowerCase() === 'x-ratelimit-limit')?.[1];
    const said = planOf(label, limit);
    return said === undefined ? [] : [said];
  });
  const plan = plans.length === 0
    ? { status: 'warn' as const, detail: 'no X-RateLimit-Limit on the answers: give the plan with `--plan` (pro or business)' }
    : { status: 'ok' as const, detail: [...new Set(plans)].join('; ') };
  const clock =
    skew === undefined
      ? { status: 'warn' as const, detail: 'no Date header on the answers: clock not compared' }
      : Math.abs(skew) > MAX_SKEW_SECONDS
        ? { status: 'warn' as const, detail: `this machine's clock is ${Math.abs(skew)} s ${skew > 0 ? 'ahead of' : 'behind'} Zoom's: token expiry and Retry-After times will be misread; sync the clock (NTP)`, skewSeconds: skew }
        : { status: 'ok' as const, detail: `within ${Math.max(1, Math.abs(skew))} s of Zoom's`, skewSeconds: skew };

  const ok = node.status !== 'fail' && scopes.every((s) => s.state !== 'missing') && reads.every((r) => r.status === 'ok');
  return { ok, settings, node, oauth, scopes, reads, plan, clock, proxy };
}

function skippedAfter(settings: SettingSource[], node: DoctorReport['node'], proxy: DoctorReport['proxy'], oauth: DoctorReport['oauth']): DoctorReport {
  const skipped = { status: 'skipped' as const, detail: 'no token' };
  return { ok: false, settings, node, oauth, scopes: [], reads: [], plan: skipped, clock: skipped, proxy };
}
