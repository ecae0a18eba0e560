import { EnvHttpProxyAgent, fetch as undiciFetch } from 'undici';
import { CcbulkError } from '../errors.js';
import { redactUrl } from './config.js';

/** The fetch the client sends with: the platform's, or one that goes through a proxy. */
export type Fetch = typeof globalThis.fetch;

/** The proxy variables, each in the spelling undici reads first (lower case wins, as in curl). */
const VARIABLES = [
  ['http_proxy', 'HTTP_PROXY'],
  ['https_proxy', 'HTTPS_PROXY'],
  ['no_proxy', 'NO_PROXY'],
] as const;

/** One proxy variable's value, lower case first; blank counts as unset. */
function read(env: NodeJS.ProcessEnv, [lower, upper]: readonly [string, string]): { name: string; value: string } | undefined {
  for (const name of [lower, upper]) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return undefined;
}

/**
 * The fetch for Zoom's API and OAuth endpoint under `env`'s proxy settings: `HTTPS_PROXY`,
 * `HTTP_PROXY` and `NO_PROXY`, in either case, as undici's `EnvHttpProxyAgent` reads them (an
 * https request goes through HTTPS_PROXY, else HTTP_PROXY; NO_PROXY lists hosts, `host:port`s,
 * `.domain`s or `*` sent direct). Without any of them, the platform's fetch, untouched. A proxy
 * URL may hold a user and password (sent as Proxy-Authorization by undici); it is never shown:
 * a malformed one is named by its variable and shown without them.
 */
export function fetchFromEnv(env: NodeJS.ProcessEnv = process.env): Fetch {
  const [http, https, noProxy] = VARIABLES.map((pair) => read(env, pair));
  if (http === undefined && https === undefined) return globalThis.fetch;
  for (const proxy of [http, https]) {
    if (proxy === undefined) continue;
    let url: URL | undefined;
    try {
      url = new URL(proxy.value);
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
      throw new CcbulkError(
        'CONFIG_INVALID',
        `Expected \`${proxy.name}\` to be a proxy URL such as http://proxy.example.com:3128, got \`${redactUrl(proxy.value)}\``,
      );
    }
  }
  // The values read above are passed on, so that undici and the check agree on what was read.
  const dispatcher = new EnvHttpProxyAgent({
    ...(http === undefined ? {} : { httpProxy: http.value }),
    ...(https === undefined ? {} : { httpsProxy: https.value }),
    noProxy: noProxy?.value ?? '',
  });
  // undici's own fetch with its own dispatcher: Node's built-in fetch bundles another undici,
  // whose dispatcher interface need not match this one's.
  const proxied = (input: Parameters<Fetch>[0], init?: Parameters<Fetch>[1]) =>
    undiciFetch(input as Parameters<typeof undiciFetch>[0], { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher });
  return proxied as unknown as Fetch;
}
